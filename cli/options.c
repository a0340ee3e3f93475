#include "autoconfig.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "options.h"
#include "sanitize.h"
#include "timefmt.h"
#include "xalloc.h"

enum {
	OPT_CONFIG = 256, OPT_DB, OPT_NOW, OPT_WEEK, OPT_OWNER, OPT_STAGE,
	OPT_STATUS, OPT_READ_ONLY, OPT_WALL, OPT_THEME, OPT_FORMAT, OPT_HOURS,
	OPT_EVIDENCE, OPT_REASON, OPT_YES, OPT_IF_UNMODIFIED, OPT_ROLES
};

static const struct option long_options[] = {
	{ "config",	required_argument,	NULL, OPT_CONFIG },
	{ "db",		required_argument,	NULL, OPT_DB },
	{ "now",	required_argument,	NULL, OPT_NOW },
	{ "week",	required_argument,	NULL, OPT_WEEK },
	{ "owner",	required_argument,	NULL, OPT_OWNER },
	{ "stage",	required_argument,	NULL, OPT_STAGE },
	{ "status",	required_argument,	NULL, OPT_STATUS },
	{ "read-only",	no_argument,		NULL, OPT_READ_ONLY },
	{ "wall",	no_argument,		NULL, OPT_WALL },
	{ "theme",	required_argument,	NULL, OPT_THEME },
	{ "format",	required_argument,	NULL, OPT_FORMAT },
	{ "hours",	required_argument,	NULL, OPT_HOURS },
	{ "evidence",	required_argument,	NULL, OPT_EVIDENCE },
	{ "reason",	required_argument,	NULL, OPT_REASON },
	{ "yes",	no_argument,		NULL, OPT_YES },
	{ "if-unmodified", required_argument,	NULL, OPT_IF_UNMODIFIED },
	{ "roles",	no_argument,		NULL, OPT_ROLES },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

void
options_usage(void)
{
	const struct command *c;

	for (c = commands; c->usage != NULL; c++)
		printf("%s %s%s\n", c == commands ? "usage:" : "      ", c->usage,
		    c->name == NULL ? "                       the full-screen cockpit" :
		    "");
	fputs(
"\n"
"options:\n"
"  --config FILE     configuration file (default\n"
"                    $XDG_CONFIG_HOME/opsdeck/opsdeck.conf)\n"
"  --db CONNINFO     libpq connection string or URI (default: the config's\n"
"                    [database] conninfo, then libpq's PG* defaults)\n"
"  --now TIMESTAMP   pretend it is this instant (YYYY-MM-DDTHH:MM:SS)\n"
"  --week DATE       show the plan whose week contains DATE\n"
"  --owner LIST      feed filter: owners (comma-separated; 'unassigned')\n"
"  --stage LIST      feed filter: funnel stages (top, middle, bottom, ...)\n"
"  --status LIST     feed filter: statuses (pending, in_progress, ...)\n"
"  --read-only       refuse every write and command\n"
"  --wall            wall display: read-only, cycling panes\n"
"  --theme NAME      colour theme\n"
"  --format FORMAT   snapshot output: json (default) or text\n"
"  --hours H         action complete: actual hours (0 to 999.99)\n"
"  --evidence PATH   action complete: where the evidence is\n"
"  --reason TEXT     action block: why (required)\n"
"  --if-unmodified TIMESTAMP\n"
"                    action: refuse if the action changed after TIMESTAMP\n"
"  --roles           migrate: also the roles and row-level security\n"
"  -h, --help        this help\n"
"  -V, --version     the version\n"
"\n"
"exit status: 0 ok, 2 usage or configuration error, 3 database\n"
"unreachable, 4 write refused, 5 deploy/rollback failed.\n"
"See opsdeck(1).\n", stdout);
}

static int
options_set(struct options *o, int c, const char *arg, char **cause)
{
	char *why = NULL, *shown;

	switch (c) {
	case OPT_CONFIG:	o->config_path = arg; break;
	case OPT_DB:		o->db = arg; break;
	case OPT_OWNER:		o->owner = arg; break;
	case OPT_STAGE:		o->stage = arg; break;
	case OPT_STATUS:	o->status = arg; break;
	case OPT_READ_ONLY:	o->read_only = true; break;
	case OPT_WALL:		o->wall = true; break;
	case OPT_THEME:		o->theme = arg; break;
	case OPT_FORMAT:	o->format = arg; break;
	case OPT_HOURS:		o->hours = arg; break;
	case OPT_EVIDENCE:	o->evidence = arg; break;
	case OPT_REASON:	o->reason = arg; break;
	case OPT_YES:		o->yes = true; break;
	case OPT_ROLES:		o->roles = true; break;
	case OPT_IF_UNMODIFIED:
		if (ts_parse_iso(arg, o->since, &why) != 0)
			goto bad;
		o->has_since = true;
		break;
	case 'h':		o->help = true; break;
	case 'V':		o->version = true; break;
	case OPT_NOW:
		if (ts_parse_iso(arg, o->now, &why) != 0)
			goto bad;
		o->has_now = true;
		break;
	case OPT_WEEK:
		if (date_parse_iso(arg, o->week, &why) != 0)
			goto bad;
		o->has_week = true;
		break;
	default:
		*cause = xstrdup("unknown option (see opsdeck --help)");
		return -1;
	}
	return 0;
bad:
	shown = text_escape(arg, TEXT_SHOW_MAX);
	*cause = xasprintf("--%s %s: %s", c == OPT_NOW ? "now" :
	    c == OPT_WEEK ? "week" : "if-unmodified", shown, why);
	free(shown);
	free(why);
	return -1;
}

/* Options that only make sense for one command are refused elsewhere,
 * rather than silently ignored. */
static int
options_check(struct options *o, char **cause)
{
	const struct command	*c = command_find(o->command);
	const char		*cmd = o->command ? o->command : "";
	char			*shown, *arg;
	int			 accepts = c != NULL ? c->options : 0;

	if (o->format != NULL && !(accepts & CMD_OPT_FORMAT)) {
		*cause = xstrdup("--format belongs to the snapshot command");
		return -1;
	}
	if (o->format != NULL && strcmp(o->format, "json") != 0 &&
	    strcmp(o->format, "text") != 0) {
		shown = text_escape(o->format, TEXT_SHOW_MAX);
		*cause = xasprintf("--format %s: expected json or text", shown);
		free(shown);
		return -1;
	}
	if ((o->hours || o->evidence || o->reason || o->has_since) &&
	    !(accepts & CMD_OPT_ACTION)) {
		*cause = xstrdup("--hours, --evidence, --reason and "
		    "--if-unmodified belong to the action command");
		return -1;
	}
	if (o->roles && !(accepts & CMD_OPT_ROLES)) {
		*cause = xstrdup("--roles belongs to the migrate command");
		return -1;
	}
	if (o->yes && c != NULL && !(accepts & CMD_OPT_YES)) {
		*cause = xstrdup("--yes belongs to the deploy and rollback "
		    "commands");
		return -1;
	}
	if (c == NULL) {
		shown = text_escape(cmd, TEXT_SHOW_MAX);
		*cause = xasprintf("unknown command '%s' (see opsdeck --help)",
		    shown);
		free(shown);
		return -1;
	}
	if (o->nargs > c->max_args) {
		shown = text_escape(cmd, TEXT_SHOW_MAX);
		arg = text_escape(o->args[0], TEXT_SHOW_MAX);
		*cause = xasprintf("%s: unexpected argument '%s'", shown, arg);
		free(arg);
		free(shown);
		return -1;
	}
	if (o->format == NULL)
		o->format = "json";
	return 0;
}

/* getopt's refusal, quoting what was typed: a long option and its word,
 * or the letter of a short one. */
static char *
options_unknown(const char *word, int opt)
{
	char	 letter[3] = { '-', (char)opt, '\0' }, *shown, *cause;

	if (opt >= 256 || opt == 0) {
		shown = text_escape(word, TEXT_SHOW_MAX);
		cause = xasprintf("%s: unknown option or missing value", shown);
	} else {
		shown = text_escape(letter, TEXT_SHOW_MAX);
		cause = xasprintf("%s: unknown option", shown);
	}
	free(shown);
	return cause;
}

int
options_parse(struct options *o, int argc, char **argv, char **cause)
{
	int c;

	memset(o, 0, sizeof *o);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		if (c == '?' || c == ':') {
			*cause = options_unknown(argv[optind - 1], optopt);
			return -1;
		}
		if (options_set(o, c, optarg, cause) != 0)
			return -1;
	}
	if (optind < argc) {
		o->command = argv[optind];
		o->args = argv + optind + 1;
		o->nargs = argc - optind - 1;
	}
	if (o->help || o->version)
		return 0;
	return options_check(o, cause);
}

void
options_model_params(const struct options *o, const struct config *cfg,
    struct model_params *p)
{
	memset(p, 0, sizeof *p);
	p->now = o->has_now ? o->now : NULL;
	p->week = o->has_week ? o->week : NULL;
	p->owner = o->owner;
	p->stage = o->stage;
	p->status = o->status;
	p->stale_after_s = cfg->db.agent_stale_after_s;
}
