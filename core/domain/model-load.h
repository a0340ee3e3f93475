/*
 * A model refresh as one database batch: the statements to send
 * (model_build_stmts) and the conversion of their results into a struct
 * model (model_load).
 */
#ifndef OPSDECK_MODEL_LOAD_H
#define OPSDECK_MODEL_LOAD_H

#include <libpq-fe.h>

#include "model.h"
#include "model-sql.h"
#include "pg.h"

/* Fills stmts[MQ_COUNT]; the statements borrow from p and from buf, which
 * must outlive them (pg_client_submit copies, so a stack buffer will do). */
void	model_build_stmts(const struct model_params *p,
	    struct pg_stmt stmts[MQ_COUNT], char buf[32]);
/* One refresh: the statements of p sent as one REPEATABLE READ, READ
 * ONLY batch (one round trip); cb gets the results for model_load.  0, or
 * -1 when the client is not connected (cb is then not called). */
int	model_submit(struct pg_client *, const struct model_params *p,
	    pg_batch_cb cb, void *arg);
/* Fills *m (zeroed first) from the batch's results; 0, or -1 with *cause
 * (caller frees) when a result does not have the expected shape. */
int	model_load(struct model *m, PGresult *const *res, int n, char **cause)
	    __attribute__((warn_unused_result));

#endif
