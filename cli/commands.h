/*
 * The commands of spec §1, as one table: each names what it accepts and
 * needs, and one cmd-*.c runs it.  A command returns the process exit
 * status and prints its own output; core/ never prints.
 */
#ifndef OPSDECK_COMMANDS_H
#define OPSDECK_COMMANDS_H

#include <stdio.h>

#include "config.h"
#include "options.h"

/* Options beyond the common ones (--config, --db, --now, --week, the
 * filters, --read-only, --wall, --theme) that a command accepts. */
#define CMD_OPT_FORMAT		0x01	/* --format */
#define CMD_OPT_ACTION		0x02	/* --hours, --evidence, --reason,
					   --if-unmodified */
#define CMD_OPT_YES		0x04	/* --yes */
#define CMD_OPT_ROLES		0x08	/* --roles */

/* What a command is. */
#define CMD_NEEDS_DB		0x100	/* talks to the database */
#define CMD_WRITES		0x200	/* refused by --read-only, --wall */
#define CMD_TERMINAL		0x400	/* takes over the terminal */

struct command {
	const char	*name;		/* NULL: no command word (the cockpit) */
	const char	*usage;		/* the synopsis line for --help */
	int		 options;	/* CMD_OPT_* */
	int		 flags;		/* CMD_NEEDS_DB, ... */
	int		 max_args;	/* words after the name */
	int		(*run)(const struct options *, const struct config *);
};

/* The command named name (NULL: the cockpit), or NULL when there is none. */
const struct command	*command_find(const char *name);
/* Every command, for --help; ends with a zeroed entry. */
extern const struct command commands[];

/* say.c: one line on f, "opsdeck: ...", sanitized; a server notice on
 * stderr (a notice callback: arg unused). */
void	cli_say(FILE *f, const char *raw);
void	cli_notice(void *arg, const char *notice);

/* One file each. */
int	cmd_cockpit(const struct options *, const struct config *);
int	cmd_snapshot(const struct options *, const struct config *);
int	cmd_action(const struct options *, const struct config *);
int	cmd_migrate(const struct options *, const struct config *);
int	cmd_deploy(const struct options *, const struct config *);	/* and rollback */

#endif
