/*
 * The action write as a statement and its answer (see action.h): kept
 * apart so that whoever only builds requests or shows outcomes does not
 * see the database client.
 */
#ifndef OPSDECK_ACTION_SQL_H
#define OPSDECK_ACTION_SQL_H

#include <libpq-fe.h>

#include "action.h"
#include "pg.h"

/* The one statement of the write; it borrows from r. */
void	action_stmt(const struct action_req *r, struct pg_stmt *st);
/* The write's row from opsdeck.action_write; -1 with *cause for a result
 * that does not have that shape. */
int	action_outcome_load(struct action_outcome *, const PGresult *,
	    char **cause) __attribute__((warn_unused_result));

#endif
