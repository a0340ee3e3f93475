/*
 * The command table (see commands.h).  Adding a command is a row here and
 * a cmd-*.c file; options, dispatch and --help follow from the row.
 */
#include "autoconfig.h"

#include <stddef.h>
#include <string.h>

#include "commands.h"

const struct command commands[] = {
	{ NULL, "opsdeck [options]", 0,
	    CMD_NEEDS_DB | CMD_TERMINAL, 0, cmd_cockpit },
	{ "snapshot", "opsdeck snapshot [--format json|text] [options]",
	    CMD_OPT_FORMAT, CMD_NEEDS_DB, 0, cmd_snapshot },
	{ "migrate", "opsdeck migrate [--roles] [options]",
	    CMD_OPT_ROLES, CMD_NEEDS_DB | CMD_WRITES, 0, cmd_migrate },
	{ "action", "opsdeck action complete CODE [--hours H] [--evidence PATH] "
	    "[--if-unmodified TS]\n"
	    "       opsdeck action block CODE --reason TEXT [--if-unmodified TS]\n"
	    "       opsdeck action start CODE [--if-unmodified TS]",
	    CMD_OPT_ACTION, CMD_NEEDS_DB | CMD_WRITES, 2, cmd_action },
	{ "deploy", "opsdeck deploy SERVICE [--yes] [options]",
	    CMD_OPT_YES, CMD_NEEDS_DB | CMD_WRITES, 1, cmd_deploy },
	{ "rollback", "opsdeck rollback SERVICE [--yes] [options]",
	    CMD_OPT_YES, CMD_NEEDS_DB | CMD_WRITES, 1, cmd_deploy },
	{ NULL, NULL, 0, 0, 0, NULL }
};

const struct command *
command_find(const char *name)
{
	const struct command *c;

	if (name == NULL)
		return &commands[0];
	for (c = &commands[1]; c->usage != NULL; c++) {
		if (strcmp(c->name, name) == 0)
			return c;
	}
	return NULL;
}
