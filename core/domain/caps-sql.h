/*
 * Reading struct db_caps (caps.h) from the database: two statements in two
 * batches, because the second names objects that exist only after
 * `opsdeck migrate`: caps_probe_stmt, then, when it says installed,
 * caps_stmt.
 */
#ifndef OPSDECK_CAPS_SQL_H
#define OPSDECK_CAPS_SQL_H

#include <stdbool.h>

#include <libpq-fe.h>

#include "caps.h"
#include "pg.h"

void	caps_probe_stmt(struct pg_stmt *);
/* 0 with *installed, or -1 with *cause. */
int	caps_probe_load(const PGresult *, bool *installed, char **cause)
	    __attribute__((warn_unused_result));
void	caps_stmt(struct pg_stmt *);
int	caps_load(struct db_caps *, const PGresult *, char **cause)
	    __attribute__((warn_unused_result));

#endif
