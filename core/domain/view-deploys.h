/*
 * Past deploys and rollbacks, per service, as the screen lists them.
 * Ownership: struct deploy_history owns its rows and their strings;
 * deploy_history_free releases them.
 */
#ifndef OPSDECK_VIEW_DEPLOYS_H
#define OPSDECK_VIEW_DEPLOYS_H

#include <stdbool.h>
#include <stddef.h>

struct deploy_row {
	char	*service;
	char	*kind;		/* deploy, rollback, auto_rollback */
	char	*operator;
	char	*started_at;	/* "YYYY-MM-DD HH:MM:SS", session time zone */
	char	*outcome;	/* "exit 0", "timed out after 600 s", ... or NULL */
	char	*verification;	/* "verified", "failed verification", NULL */
	bool	 running;	/* not finished, its lock held */
	bool	 interrupted;	/* not finished, nobody holds its lock */
};

struct deploy_history {
	struct deploy_row	*v;
	size_t			 n;
};

void	deploy_history_free(struct deploy_history *);

#endif
