/*
 * opsdeck migrate [--roles]: installs opsdeck's own objects (spec §6.2) in
 * one transaction; running it again changes nothing.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "once.h"
#include "sanitize.h"

int
cmd_migrate(const struct options *o, const struct config *cfg)
{
	struct once_opts oo = { .cfg = cfg, .on_notice = cli_notice };
	char *target = NULL, *cause = NULL, *safe;
	enum once_status s;
	int rc = 0;

	s = once_migrate(&oo, o->roles, &target, &cause);
	safe = sanitize_text(cause != NULL ? cause : "", 0);
	switch (s) {
	case ONCE_OK:
		printf("opsdeck: migrated %s: schema opsdeck, version 1%s\n",
		    target, o->roles ? ", roles and row-level security" : "");
		break;
	case ONCE_BAD_CONNINFO:
		fprintf(stderr, "opsdeck: %s\n", safe);
		rc = EXIT_USAGE;
		break;
	case ONCE_UNREACHABLE:
		fprintf(stderr, "opsdeck: database unreachable (%s): %s\n",
		    target, safe);
		rc = EXIT_DB;
		break;
	default:
		/* Refused by the database (privilege, a conflicting object):
		 * the transaction rolled back, nothing is half-installed. */
		fprintf(stderr, "opsdeck: migrate refused by %s, nothing "
		    "changed: %s\n", target, safe);
		rc = EXIT_REFUSED;
		break;
	}
	free(safe);
	free(cause);
	free(target);
	return rc;
}
