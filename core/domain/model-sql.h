/*
 * The SQL behind every figure of spec §3, sent as one pipelined,
 * REPEATABLE READ batch, so that the figures agree with each other.
 *
 * MQ_WEEK computes every figure of the current plan in one statement: it
 * finds the week's actions and deliverables once (docs/architecture.md,
 * "How a refresh finds the week's rows") and returns its figures as
 * sections of one result.  The agents and the revenue trend do not depend
 * on the plan and have statements of their own.
 *
 * Parameters shared by all: $1 now ("YYYY-MM-DDTHH:MM:SS" or NULL for the
 * server's LOCALTIMESTAMP), $2 the --week date or NULL.  Query-specific
 * parameters follow from $3 (see each query).
 */
#ifndef OPSDECK_MODEL_SQL_H
#define OPSDECK_MODEL_SQL_H

enum model_query {
	MQ_WEEK,		/* $3 owners, $4 stages, $5 statuses (CSV or
				 * NULL), for the feed */
	MQ_AGENTS,		/* $3 stale-after seconds */
	MQ_REVENUE_TREND,
	MQ_COUNT
};

/*
 * MQ_WEEK's rows: (section, c1 .. c13), all text; the sections come in
 * this order, each row's within its section in the contract's order.  The
 * columns of a section are those the figure's own query would have had
 * (model-sql.c), the rest NULL.  Macros, not an enum, so that model-sql.c
 * spells the same numbers in the SQL.
 */
#define WS_PLAN			0	/* one row, always: now + plan
					 * (NULLs without) */
#define WS_OWNERS		1
#define WS_TREND		2
#define WS_RESULTS		3
#define WS_FEED			4
#define WS_REVENUE		5	/* one row */
#define WS_TOP_DELIVERABLES	6
#define WS_FUNNEL		7
#define WS_COUNT		8
#define WS_NCOLUMNS		15	/* section + c1 .. c14 (c14: the feed's row version) */

struct model_query_def {
	const char	*name;
	const char	*stmt_name;	/* prepared once per connection as */
	const char	*sql;
	int		 nparams;
};

extern const struct model_query_def model_queries[MQ_COUNT];

#endif
