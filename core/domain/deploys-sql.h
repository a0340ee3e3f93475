/*
 * The deploy history the SERVICES pane's zoom shows (spec §6.3): the last
 * few runs of each service from opsdeck.deployments, a row a crash left
 * unfinished told apart as interrupted (its lock is gone with its session).
 *
 * Ownership: struct deploy_history owns its rows; deploy_history_free.
 */
#ifndef OPSDECK_DEPLOYS_SQL_H
#define OPSDECK_DEPLOYS_SQL_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>

#include "pg.h"
#include "view-deploys.h"

void	deploys_stmt(struct pg_stmt *);
int	deploys_load(struct deploy_history *, const PGresult *, char **cause)
	    __attribute__((warn_unused_result));

#endif
