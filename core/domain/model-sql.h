/*
 * The SQL behind every figure of spec §3.  Each query opens with the same
 * context CTE (now, today, the current plan and its actions), so they can all
 * be sent in one pipelined, REPEATABLE READ batch and agree with each other.
 *
 * Parameters shared by all: $1 now ("YYYY-MM-DDTHH:MM:SS" or NULL for the
 * server's LOCALTIMESTAMP), $2 the --week date or NULL.  Query-specific
 * parameters follow from $3 (see each query).
 */
#ifndef OPSDECK_MODEL_SQL_H
#define OPSDECK_MODEL_SQL_H

enum model_query {
	MQ_PLAN,		/* one row, always: now + plan (NULLs without) */
	MQ_OWNERS,
	MQ_TREND,
	MQ_RESULTS,
	MQ_FEED,		/* $3 owners, $4 stages, $5 statuses (CSV or NULL) */
	MQ_AGENTS,		/* $3 stale-after seconds */
	MQ_REVENUE,		/* one row */
	MQ_TOP_DELIVERABLES,
	MQ_REVENUE_TREND,
	MQ_FUNNEL,
	MQ_COUNT
};

struct model_query_def {
	const char	*name;
	const char	*stmt_name;	/* prepared once per connection as */
	const char	*sql;
	int		 nparams;
};

extern const struct model_query_def model_queries[MQ_COUNT];

#endif
