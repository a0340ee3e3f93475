/*
 * opsdeck action complete|block|start CODE: the cockpit's write, once, from
 * the command line (spec §1, §6.1).  Nothing is journaled here: a database
 * that cannot be reached is exit 3 and one line, and the caller retries.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "commands.h"
#include "once.h"
#include "operator.h"
#include "sanitize.h"
#include "xalloc.h"

/* The request from the words and options; -1 with *cause for usage. */
static int
action_request(const struct options *o, const struct config *cfg,
    struct action_req *r, char **cause)
{
	int kind = o->nargs >= 1 ? action_kind_parse(o->args[0]) : -1;

	memset(r, 0, sizeof *r);
	if (kind < 0 || kind == ACTION_UNDO || o->nargs != 2) {
		*cause = xstrdup("usage: opsdeck action complete|block|start CODE");
		return -1;
	}
	if (kind != ACTION_COMPLETE && (o->hours != NULL || o->evidence != NULL)) {
		*cause = xstrdup("--hours and --evidence belong to action complete");
		return -1;
	}
	if (kind != ACTION_BLOCK && o->reason != NULL) {
		*cause = xstrdup("--reason belongs to action block");
		return -1;
	}
	if (kind == ACTION_BLOCK && action_reason_check(o->reason, cause) != 0)
		return -1;
	if (o->hours != NULL && action_hours_check(o->hours, cause) != 0)
		return -1;
	r->kind = kind;
	r->code = xstrdup(o->args[1]);
	r->operator = operator_resolve(cfg->ui.operator);
	r->now = o->has_now ? xstrdup(o->now) : NULL;
	r->since = o->has_since ? xstrdup(o->since) : NULL;
	r->hours = o->hours ? xstrdup(o->hours) : NULL;
	r->evidence = o->evidence ? xstrdup(o->evidence) : NULL;
	r->reason = o->reason ? xstrdup(o->reason) : NULL;
	if (action_new_id(r->id) != 0) {
		action_req_free(r);
		*cause = xstrdup("no random bytes for the write's id");
		return -1;
	}
	return 0;
}

/* Exit status of an answer (spec §1): 0 written, 4 refused. */
static int
action_exit(const struct action_outcome *out)
{
	return out->result == ACTION_APPLIED ? 0 : EXIT_REFUSED;
}

int
cmd_action(const struct options *o, const struct config *cfg)
{
	struct once_opts oo = { .cfg = cfg, .on_notice = cli_notice };
	struct action_req r;
	struct action_outcome out;
	char *cause = NULL, *msg;
	int rc;

	if (action_request(o, cfg, &r, &cause) != 0) {
		cli_say(stderr, cause);
		free(cause);
		return EXIT_USAGE;
	}
	switch (once_action(&oo, &r, &out, &cause)) {
	case ONCE_OK:
		msg = action_outcome_message(&r, &out);
		cli_say(out.result == ACTION_APPLIED ? stdout : stderr, msg);
		free(msg);
		rc = action_exit(&out);
		break;
	case ONCE_BAD_CONNINFO:
		cli_say(stderr, cause);
		rc = EXIT_USAGE;
		break;
	case ONCE_NOT_INSTALLED:
		msg = xasprintf("%s %s refused: opsdeck's objects are not in this "
		    "database (run `opsdeck migrate`)", o->args[0], r.code);
		cli_say(stderr, msg);
		free(msg);
		rc = EXIT_REFUSED;
		break;
	case ONCE_DB_ERROR:
		msg = xasprintf("%s %s not written: the database failed it: %s",
		    o->args[0], r.code, cause ? cause : "no answer");
		cli_say(stderr, msg);
		free(msg);
		rc = EXIT_DB;
		break;
	default:
		msg = xasprintf("%s %s not written: database unreachable: %s",
		    o->args[0], r.code, cause ? cause : "no answer");
		cli_say(stderr, msg);
		free(msg);
		rc = EXIT_DB;
		break;
	}
	free(cause);
	action_outcome_free(&out);
	action_req_free(&r);
	return rc;
}
