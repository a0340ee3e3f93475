/*
 * The dashboard model: every figure of the contract (spec §3), as plain data.
 *
 * core/model-*.c fill it from PostgreSQL; the snapshot writers and the TUI
 * only read it.  Ownership: a struct model owns every string and array
 * reachable from it; model_free() releases them all.  A NULL char pointer and
 * an opt_num with has == false both mean SQL NULL / JSON null.  An opt_num
 * that has a value has a finite one: a NaN amount from the database is a
 * missing value (docs/architecture.md, "Figures at the edges").
 *
 * Strings are the database's text, valid UTF-8 (invalid bytes were replaced
 * by U+FFFD on the way in) but otherwise untouched: control characters and
 * escape sequences are still there.  Whoever puts text on a terminal passes it
 * through sanitize.h first.
 */
#ifndef OPSDECK_MODEL_H
#define OPSDECK_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "timefmt.h"

#define MODEL_DATE_LEN DATE_LEN
#define MODEL_TS_LEN TS_LEN

struct opt_num {
	bool	has;
	double	v;
};

struct model_owner {
	char	*owner;		/* "unassigned" for NULL owners */
	long	 total;
	long	 completed;
	double	 rate;		/* percent, 0 when total is 0 */
};

struct model_trend_point {
	char	 week_start[MODEL_DATE_LEN];
	double	 completion_rate;
};

struct model_plan {
	char	*id;
	char	 week_start[MODEL_DATE_LEN];
	char	 week_end[MODEL_DATE_LEN];
	char	*status;
	char	*owner;
	long	 total_actions;
	long	 completed_actions;
	double	 completion_rate;
	/* elapsed_days is at least 1, or 0 when there is no count: the week
	 * starts at -infinity.  velocity_per_day is then NaN. */
	long	 elapsed_days;
	double	 velocity_per_day;
	struct model_owner	*owners;
	size_t			 n_owners;
	struct model_trend_point *trend;	/* oldest first */
	size_t			 n_trend;
};

struct model_result {
	char	*code;
	char	*text;
	char	*purpose;
	struct opt_num priority;
	char	*category;
	char	*status;
	long	 total;
	long	 completed;
	double	 progress;
	struct opt_num revenue_target;
	struct opt_num revenue_actual;
};

/* Timestamps are "YYYY-MM-DDTHH:MM:SS" strings or NULL (NULL also for an
 * infinity or a year outside 1-9999: no such string can hold it). */
struct model_action {
	char	*id;
	char	*code;
	char	*text;
	char	*owner;
	char	*funnel_stage;
	char	*status;
	char	*due_date;
	char	*completion_date;
	char	*updated_at;
	char	*blocker;
	char	*evidence_path;
	char	*result_code;
	/* updated_at exactly, as opsdeck.row_version() gives it: what a write
	 * is guarded by (spec §6.1).  Not part of the snapshot. */
	char	*version;
};

enum feed_group {
	FEED_COMPLETED_24H,
	FEED_IN_PROGRESS,
	FEED_BLOCKED,
	FEED_DUE_7D,
	FEED_OVERDUE,
	FEED_NGROUPS
};

struct model_action_list {
	struct model_action	*v;
	size_t			 n;
};

struct model_agent {
	char	*name;
	char	*status;
	struct opt_num health_score;
	/* excellent|good|fair|critical; NULL without a score or with one
	 * outside 0-100 */
	char	*band;
	bool	 stale;
	/* At least 0; none for a heartbeat that is NULL, infinite or further
	 * ahead of now than stale_after.  last_heartbeat is "" when NULL or
	 * when no YYYY-MM-DDTHH:MM:SS holds it. */
	struct opt_num last_heartbeat_age_s;
	char	 last_heartbeat[MODEL_TS_LEN];
	char	*current_action;
};

struct model_deliverable {
	char	*title;
	char	*type;
	char	*status;
	struct opt_num revenue_target;
	struct opt_num revenue_actual;
};

struct model_revenue_point {
	char	 week_start[MODEL_DATE_LEN];
	struct opt_num target;
	struct opt_num actual;
};

struct model_revenue {
	struct opt_num target;
	struct opt_num actual;
	struct opt_num achievement_rate;
	char	*source;	/* "dna_period" or "deliverables" */
	struct model_deliverable	*top;
	size_t				 n_top;
	struct model_revenue_point	*trend;	/* oldest first */
	size_t				 n_trend;
};

struct model_stage {
	char	*stage;
	long	 actions;
	long	 completed;
	long	 open;
	struct opt_num avg_days;
};

struct model_funnel {
	struct model_stage	*stages;	/* top, middle, bottom, others */
	size_t			 n_stages;
	long			 bottleneck;	/* index into stages, -1 for none */
	char			*recommendation;	/* NULL when no bottleneck */
};

struct model {
	char	 now[MODEL_TS_LEN];
	bool	 has_plan;
	struct model_plan	 plan;
	struct model_result	*results;
	size_t			 n_results;
	struct model_action_list feed[FEED_NGROUPS];
	struct model_agent	*agents;
	size_t			 n_agents;
	struct model_revenue	 revenue;
	struct model_funnel	 funnel;
};

/* What a refresh is asked for; strings are borrowed. */
struct model_params {
	const char	*now;		/* "YYYY-MM-DDTHH:MM:SS" or NULL */
	const char	*week;		/* "YYYY-MM-DD" or NULL */
	const char	*owner;		/* feed filters: CSV or NULL */
	const char	*stage;
	const char	*status;
	double		 stale_after_s;
};

/* model.c */
void		 model_free(struct model *);
const char	*feed_group_name(enum feed_group);
/* The value, or NaN when there is none: what the figure formatters
 * (figures.h) print as "-". */
double		 opt_num_value(struct opt_num);

/* funnel-advice.c: the recommendation sentence for the bottleneck stage.
 * Caller frees. */
char		*funnel_advice(const struct model_stage *);

#endif
