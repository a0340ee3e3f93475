/*
 * The command line (spec §1): one table of options shared by every command,
 * then per-command checks.  struct options borrows its strings from argv.
 */
#ifndef OPSDECK_OPTIONS_H
#define OPSDECK_OPTIONS_H

#include <stdbool.h>

#include "config.h"
#include "model.h"

#define EXIT_USAGE	2
#define EXIT_DB		3
#define EXIT_REFUSED	4
#define EXIT_COMMAND	5

struct options {
	const char	*command;	/* NULL: the cockpit */
	char		**args;		/* the command's words */
	int		 nargs;
	const char	*config_path;
	const char	*db;		/* NULL: from the config */
	bool		 has_now;
	char		 now[MODEL_TS_LEN];
	bool		 has_week;
	char		 week[MODEL_DATE_LEN];
	const char	*owner;
	const char	*stage;
	const char	*status;
	bool		 read_only;
	bool		 wall;
	const char	*theme;
	const char	*format;	/* snapshot: "json" (default) or "text" */
	const char	*hours;
	const char	*evidence;
	const char	*reason;
	bool		 yes;
	bool		 roles;		/* migrate --roles */
	bool		 has_since;	/* action --if-unmodified */
	char		 since[MODEL_TS_LEN];
	bool		 help;
	bool		 version;
};

/* 0, or -1 with *cause (caller frees) for a usage error. */
int	options_parse(struct options *, int argc, char **argv, char **cause)
	    __attribute__((warn_unused_result));
void	options_usage(void);
/* What the options ask of a model refresh; borrows from o. */
void	options_model_params(const struct options *, const struct config *,
	    struct model_params *);

#endif
