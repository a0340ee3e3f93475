/*
 * Every figure is computed by PostgreSQL from the rows themselves; the stored
 * completion_rate columns are never read (spec §3).  Timestamps leave the
 * server already formatted as the contract's strings.
 *
 * Every value the schema allows must come through (docs/architecture.md,
 * "Figures at the edges"): a date or timestamp may be 'infinity',
 * '-infinity', 4713 BC or year 294276, and a DECIMAL may be 'NaN'.  So no
 * query subtracts one timestamp from another (that fails on an infinity and
 * can overflow without an error between the far ends of the range),
 * amounts go through MONEY(), and dates through TS() and DATE().
 */
#include "autoconfig.h"

#include "model-sql.h"

/*
 * now and today; the current plan: among the plans whose week contains
 * today the active one first, then the latest start; with none, the latest
 * plan that started on or before today; and that plan's actions.
 */
#define CTX \
	"WITH ctx AS (" \
	"  SELECT n AS now, COALESCE($2::date, n::date) AS today" \
	"  FROM (SELECT COALESCE($1::timestamp, LOCALTIMESTAMP) AS n) t" \
	"), cur AS (" \
	"  SELECT p.* FROM rpm_weekly_plans p, ctx" \
	"  WHERE p.week_start_date <= ctx.today" \
	"  ORDER BY (p.week_end_date >= ctx.today) DESC," \
	"           (p.week_end_date >= ctx.today AND" \
	"            COALESCE(p.status = 'active', false)) DESC," \
	"           p.week_start_date DESC" \
	"  LIMIT 1" \
	"), acts AS (" \
	"  SELECT a.*, r.result_code FROM rpm_action_items a" \
	"  JOIN rpm_results r ON r.id = a.result_id" \
	"  JOIN cur ON r.weekly_plan_id = cur.id" \
	")"

/*
 * The contract's formats have four-digit years: an infinity, a date BC or
 * one after 9999 has no such string and is null (to_char would print 4713
 * BC as "4713" and year 294276 as six digits).
 */
#define YEARS_1_9999(x) x " >= '0001-01-01' AND " x " < '10000-01-01'"
#define TS(x) \
	"CASE WHEN " YEARS_1_9999(x) \
	" THEN to_char(" x ", 'YYYY-MM-DD\"T\"HH24:MI:SS') END"
#define DATE(x) \
	"CASE WHEN " YEARS_1_9999(x) " THEN to_char(" x ", 'YYYY-MM-DD') END"

/*
 * Seconds from b to a, as the difference of their epochs; NULL when either
 * is infinite (or NULL), so that avg() leaves the row out.
 */
#define SECONDS(a, b) \
	"CASE WHEN isfinite(" a ") AND isfinite(" b ")" \
	" THEN EXTRACT(EPOCH FROM " a ") - EXTRACT(EPOCH FROM " b ") END"

/* NaN is legal in DECIMAL; it is a missing amount, like NULL, so that sums,
 * rates and orderings stay finite. */
#define MONEY(x) "NULLIF(" x ", 'NaN')"

#define RATE(done, total) \
	"CASE WHEN " total " = 0 THEN 0" \
	" ELSE 100.0 * " done " / " total " END"

/*
 * Days from the week's start to the date of now inclusive, clamped to
 * [1, week length]: the clamped date less the start, so that an infinite
 * end is only compared, never subtracted.  An infinite start has no count
 * of days: NULL.
 */
#define ELAPSED_DAYS \
	"CASE WHEN isfinite(cur.week_start_date) THEN" \
	"   GREATEST(LEAST(ctx.now::date, cur.week_end_date)," \
	"            cur.week_start_date) - cur.week_start_date + 1 END"

static const char plan_sql[] = CTX
	" SELECT " TS("ctx.now") ", cur.id, " DATE("cur.week_start_date") ","
	"   " DATE("cur.week_end_date") ", cur.status, cur.owner,"
	"   s.total, s.completed, " RATE("s.completed", "s.total") ","
	"   " ELAPSED_DAYS ","
	"   cur.id IS NOT NULL"
	" FROM ctx LEFT JOIN cur ON true"
	" LEFT JOIN LATERAL (SELECT count(*) AS total,"
	"   count(*) FILTER (WHERE status = 'completed') AS completed"
	"   FROM acts) s ON true";

static const char owners_sql[] = CTX
	" SELECT o.owner, o.total, o.completed, " RATE("o.completed", "o.total")
	" FROM (SELECT COALESCE(owner, 'unassigned') AS owner, count(*) AS total,"
	"   count(*) FILTER (WHERE status = 'completed') AS completed"
	"   FROM acts GROUP BY 1) o"
	" ORDER BY o.owner COLLATE \"C\"";

/* The 8 plans first, then their actions in one join: aggregating every
 * plan of the history and keeping 8 costs a scan per week of history. */
static const char trend_sql[] = CTX
	", tp AS (SELECT p.id, p.week_start_date"
	"   FROM cur JOIN rpm_weekly_plans p"
	"     ON p.week_start_date <= cur.week_start_date"
	"   ORDER BY p.week_start_date DESC LIMIT 8)"
	" SELECT " DATE("t.week_start_date") ", " RATE("t.completed", "t.total")
	" FROM (SELECT tp.week_start_date, count(a.id) AS total,"
	"   count(a.id) FILTER (WHERE a.status = 'completed') AS completed"
	"   FROM tp LEFT JOIN rpm_results r ON r.weekly_plan_id = tp.id"
	"   LEFT JOIN rpm_action_items a ON a.result_id = r.id"
	"   GROUP BY tp.week_start_date) t"
	" ORDER BY t.week_start_date";

/* The plan's actions are aggregated once per result, not scanned again
 * for each result. */
static const char results_sql[] = CTX
	", agg AS (SELECT result_id, count(*) AS total,"
	"   count(*) FILTER (WHERE status = 'completed') AS completed"
	"   FROM acts GROUP BY result_id)"
	", rev AS (SELECT acts.result_id,"
	"   sum(" MONEY("d.revenue_target") ") AS target,"
	"   sum(" MONEY("d.revenue_actual") ") AS actual"
	"   FROM acts JOIN deliverables d ON d.action_item_id = acts.id"
	"   GROUP BY acts.result_id)"
	" SELECT r.result_code, r.result_text, r.purpose, r.priority, r.category,"
	"   r.status, COALESCE(agg.total, 0), COALESCE(agg.completed, 0),"
	"   CASE WHEN COALESCE(agg.total, 0) = 0 THEN"
	"     CASE WHEN r.status = 'completed' THEN 100 ELSE 0 END"
	"   ELSE 100.0 * agg.completed / agg.total END,"
	"   rev.target, rev.actual"
	" FROM cur JOIN rpm_results r ON r.weekly_plan_id = cur.id"
	" LEFT JOIN agg ON agg.result_id = r.id"
	" LEFT JOIN rev ON rev.result_id = r.id"
	" ORDER BY COALESCE(r.priority, 0) = 0, r.priority,"
	"   r.result_code COLLATE \"C\"";

/*
 * The five feed groups in one pass; grp numbers follow enum feed_group.
 * Filters: NULL matches everything, else a comma-separated list; a NULL
 * owner answers to "unassigned" and a NULL stage to "top", as elsewhere.
 */
static const char feed_sql[] = CTX
	", f AS (SELECT acts.* FROM acts"
	"   WHERE ($3::text IS NULL OR COALESCE(owner, 'unassigned')"
	"          = ANY (string_to_array($3, ',')))"
	"   AND ($4::text IS NULL OR COALESCE(funnel_stage, 'top')"
	"          = ANY (string_to_array($4, ',')))"
	"   AND ($5::text IS NULL OR COALESCE(status, 'pending')"
	"          = ANY (string_to_array($5, ','))))"
	", g AS ("
	"  SELECT 0 AS grp, f.*, completion_date AS k FROM f, ctx"
	"   WHERE status = 'completed' AND completion_date > ctx.now - interval '24 hours'"
	"   AND completion_date <= ctx.now"
	"  UNION ALL SELECT 1, f.*, updated_at FROM f WHERE status = 'in_progress'"
	"  UNION ALL SELECT 2, f.*, updated_at FROM f WHERE status = 'blocked'"
	"  UNION ALL SELECT 3, f.*, due_date FROM f, ctx"
	"   WHERE status IS DISTINCT FROM 'completed'"
	"   AND due_date >= ctx.now AND due_date <= ctx.now + interval '7 days'"
	"  UNION ALL SELECT 4, f.*, due_date FROM f, ctx"
	"   WHERE status IS DISTINCT FROM 'completed' AND due_date < ctx.now)"
	" SELECT grp, id, action_code, action_text, owner, funnel_stage, status,"
	"   " TS("due_date") ", " TS("completion_date") ", " TS("updated_at") ","
	"   blocker_description, evidence_path, result_code,"
	"   COALESCE(EXTRACT(EPOCH FROM updated_at)::text, 'null')"
	" FROM g ORDER BY grp,"
	"   CASE WHEN grp = 0 THEN k END DESC NULLS LAST,"
	"   CASE WHEN grp <> 0 THEN k END ASC NULLS LAST,"
	"   action_code COLLATE \"C\"";

/*
 * A heartbeat is fresh within stale_after of now on either side: a little
 * ahead is clock skew (age 0), further ahead, or infinite, is a clock we
 * cannot trust (stale, and no age).  No band outside 0-100.
 */
static const char agents_sql[] = CTX
	", g AS (SELECT make_interval(secs => $3::float8) AS stale_after)"
	" SELECT s.agent_name, s.status, s.health_score,"
	"   CASE WHEN s.health_score BETWEEN 90 AND 100 THEN 'excellent'"
	"        WHEN s.health_score BETWEEN 70 AND 89 THEN 'good'"
	"        WHEN s.health_score BETWEEN 50 AND 69 THEN 'fair'"
	"        WHEN s.health_score BETWEEN 0 AND 49 THEN 'critical' END,"
	"   s.stale,"
	"   CASE WHEN isfinite(s.last_heartbeat) AND"
	"     s.last_heartbeat <= ctx.now + g.stale_after"
	"   THEN GREATEST(0, " SECONDS("ctx.now", "s.last_heartbeat") ") END,"
	"   a.action_code, " TS("s.last_heartbeat")
	" FROM ctx, g, (SELECT st.*, NOT COALESCE(st.last_heartbeat BETWEEN"
	"     c.now - h.stale_after AND c.now + h.stale_after, false) AS stale"
	"   FROM agent_status st, ctx c, g h) s"
	" LEFT JOIN rpm_action_items a ON a.id = s.current_action_id"
	" ORDER BY (s.stale OR s.status IN ('error', 'offline')) DESC,"
	"   s.health_score ASC NULLS FIRST, s.agent_name COLLATE \"C\"";

static const char revenue_sql[] = CTX
	", dna AS (SELECT " MONEY("d.revenue_target") " AS revenue_target,"
	"   " MONEY("d.revenue_actual") " AS revenue_actual"
	"   FROM rpm_dna_periods d, cur"
	"   WHERE d.period_type = 'weekly'"
	"   AND d.period_start::date = cur.week_start_date"
	"   ORDER BY d.period_start LIMIT 1)"
	", dl AS (SELECT sum(" MONEY("d.revenue_target") ") AS t,"
	"   sum(" MONEY("d.revenue_actual") ") AS a"
	"   FROM deliverables d JOIN acts ON acts.id = d.action_item_id)"
	" SELECT v.t, v.a,"
	"   CASE WHEN v.t IS NULL OR v.t = 0 OR v.a IS NULL THEN NULL"
	"        ELSE 100.0 * v.a / v.t END, v.src"
	" FROM (SELECT dna.revenue_target AS t, dna.revenue_actual AS a,"
	"     'dna_period' AS src FROM dna"
	"   UNION ALL SELECT dl.t, dl.a, 'deliverables' FROM dl"
	"   WHERE NOT EXISTS (SELECT 1 FROM dna)) v";

/* NaN sorts above every number in PostgreSQL: as MONEY() it sorts last. */
static const char top_deliverables_sql[] = CTX
	" SELECT d.title, d.deliverable_type, d.status,"
	"   " MONEY("d.revenue_target") ","
	"   " MONEY("d.revenue_actual") " AS actual"
	" FROM deliverables d JOIN acts ON acts.id = d.action_item_id"
	" ORDER BY actual DESC NULLS LAST, d.title COLLATE \"C\""
	" LIMIT 5";

static const char revenue_trend_sql[] = CTX
	" SELECT " DATE("t.period_start") ", " MONEY("t.revenue_target") ","
	"   " MONEY("t.revenue_actual")
	" FROM (SELECT d.* FROM rpm_dna_periods d, ctx"
	"   WHERE d.period_type = 'weekly' AND d.period_start <= ctx.now"
	"   ORDER BY d.period_start DESC LIMIT 8) t"
	" ORDER BY t.period_start";

/*
 * Stage order: top, middle, bottom, then any other value alphabetically.
 * An action whose span has an infinite end has no days and is left out of
 * its stage's mean (avg ignores NULL).
 */
static const char funnel_sql[] = CTX
	", known(stage, ord) AS (VALUES ('top', 0), ('middle', 1), ('bottom', 2))"
	", st AS (SELECT stage, status,"
	"   " SECONDS("span_end", "created_at") " / 86400.0 AS days"
	"   FROM (SELECT COALESCE(funnel_stage, 'top') AS stage, status,"
	"     created_at, COALESCE(completion_date, ctx.now) AS span_end"
	"     FROM acts, ctx) x)"
	", stages AS (SELECT stage, ord FROM known UNION"
	"   SELECT stage, 3 FROM st WHERE stage NOT IN (SELECT stage FROM known))"
	" SELECT s.stage, count(st.stage),"
	"   count(st.stage) FILTER (WHERE st.status = 'completed'),"
	"   avg(st.days)"
	" FROM stages s LEFT JOIN st ON st.stage = s.stage"
	" GROUP BY s.stage, s.ord ORDER BY s.ord, s.stage COLLATE \"C\"";

const struct model_query_def model_queries[MQ_COUNT] = {
	[MQ_PLAN] =		{ "plan", "opsdeck_plan", plan_sql, 2 },
	[MQ_OWNERS] =		{ "owners", "opsdeck_owners", owners_sql, 2 },
	[MQ_TREND] =		{ "trend", "opsdeck_trend", trend_sql, 2 },
	[MQ_RESULTS] =		{ "results", "opsdeck_results", results_sql, 2 },
	[MQ_FEED] =		{ "feed", "opsdeck_feed", feed_sql, 5 },
	[MQ_AGENTS] =		{ "agents", "opsdeck_agents", agents_sql, 3 },
	[MQ_REVENUE] =		{ "revenue", "opsdeck_revenue", revenue_sql, 2 },
	[MQ_TOP_DELIVERABLES] =	{ "top_deliverables", "opsdeck_top_deliverables", top_deliverables_sql, 2 },
	[MQ_REVENUE_TREND] =	{ "revenue_trend", "opsdeck_revenue_trend", revenue_trend_sql, 2 },
	[MQ_FUNNEL] =		{ "funnel", "opsdeck_funnel", funnel_sql, 2 },
};
