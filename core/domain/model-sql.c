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

#define STR(x) #x
#define XSTR(x) STR(x)

/*
 * now and today ($2, --week, replaces today).  The agents and the revenue
 * trend need nothing more.
 */
#define CTX_NOW \
	"WITH ctx AS (" \
	"  SELECT n AS now, COALESCE($2::date, n::date) AS today" \
	"  FROM (SELECT COALESCE($1::timestamp, LOCALTIMESTAMP) AS n) t" \
	")"

/*
 * The week's rows, each found once, by the plan -> results -> actions ->
 * deliverables path (docs/architecture.md, "How a refresh finds the
 * week's rows"):
 *
 * cur   the current plan: among the plans whose week contains today the
 *       active one first, then the latest start; with none, the latest
 *       plan that started on or before today;
 * tp    the trend's plans: the up to 8 latest that started on or before
 *       cur, cur included (week_start_date is unique);
 * ta    their actions, through their results: with db/indexes.sql an index
 *       scan per result, without it the batch's one scan of
 *       rpm_action_items (a hash join on the 8 weeks' results);
 * acts  the plan actions (spec 3): ta's rows of cur;
 * dl    their deliverables, with the result they count for: likewise an
 *       index scan per action, or the one scan of deliverables.
 *
 * MATERIALIZED: each is computed once, and every section below reads its
 * rows (which are kept in memory: only the columns the figures use).
 */
#define CTX_WEEK CTX_NOW \
	", cur AS (" \
	"  SELECT p.* FROM rpm_weekly_plans p, ctx" \
	"  WHERE p.week_start_date <= ctx.today" \
	"  ORDER BY (p.week_end_date >= ctx.today) DESC," \
	"           (p.week_end_date >= ctx.today AND" \
	"            COALESCE(p.status = 'active', false)) DESC," \
	"           p.week_start_date DESC" \
	"  LIMIT 1" \
	"), tp AS (" \
	"  SELECT p.id, p.week_start_date" \
	"  FROM cur JOIN rpm_weekly_plans p" \
	"    ON p.week_start_date <= cur.week_start_date" \
	"  ORDER BY p.week_start_date DESC LIMIT 8" \
	"), ta AS MATERIALIZED (" \
	"  SELECT a.id, a.result_id, a.action_code, a.action_text, a.owner," \
	"    a.due_date, a.funnel_stage, a.status, a.completion_date," \
	"    a.blocker_description, a.evidence_path, a.created_at, a.updated_at," \
	"    r.result_code, r.weekly_plan_id" \
	"  FROM tp JOIN rpm_results r ON r.weekly_plan_id = tp.id" \
	"  JOIN rpm_action_items a ON a.result_id = r.id" \
	"), acts AS MATERIALIZED (" \
	"  SELECT ta.* FROM ta JOIN cur ON ta.weekly_plan_id = cur.id" \
	"), dl AS MATERIALIZED (" \
	"  SELECT d.title, d.deliverable_type, d.status, d.revenue_target," \
	"    d.revenue_actual, acts.result_id" \
	"  FROM acts JOIN deliverables d ON d.action_item_id = acts.id" \
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

/*
 * MQ_WEEK: every figure of the week in one statement, so that its rows are
 * found once per batch (CTX_WEEK).  One result holds them all: each row is
 * (section, c1 .. c14), sections in the order of WS_* (model-sql.h), rows
 * within a section in the order the contract gives (the column ord, not
 * returned).  Every value is text, as the other queries' values reach the
 * client, so each column converts with ::text to exactly the string it
 * would have had on its own; columns a section does not use are NULL.
 */
#define SECTION(ws, ord) " SELECT " XSTR(ws) " AS section, " ord " AS ord, "
#define NULLS1 ", NULL"
#define NULLS2 NULLS1 NULLS1
#define NULLS4 NULLS2 NULLS2
#define NULLS8 NULLS4 NULLS4
#define NULLS9 NULLS8 NULLS1
#define NULLS11 NULLS9 NULLS2

/* One row, always: now, and the plan (NULLs without one). */
#define WEEK_PLAN \
	SECTION(WS_PLAN, "1") \
	"  " TS("ctx.now") " AS c1, cur.id::text AS c2," \
	"  " DATE("cur.week_start_date") " AS c3," \
	"  " DATE("cur.week_end_date") " AS c4," \
	"  cur.status::text AS c5, cur.owner::text AS c6," \
	"  s.total::text AS c7, s.completed::text AS c8," \
	"  (" RATE("s.completed", "s.total") ")::text AS c9," \
	"  (" ELAPSED_DAYS ")::text AS c10," \
	"  CASE WHEN cur.id IS NOT NULL THEN 't' ELSE 'f' END AS c11," \
	"  NULL::text AS c12, NULL::text AS c13, NULL::text AS c14" \
	" FROM ctx LEFT JOIN cur ON true" \
	" LEFT JOIN LATERAL (SELECT count(*) AS total," \
	"   count(*) FILTER (WHERE status = 'completed') AS completed" \
	"   FROM acts) s ON true"

#define WEEK_OWNERS \
	SECTION(WS_OWNERS, "row_number() OVER (ORDER BY o.owner COLLATE \"C\")") \
	"  o.owner, o.total::text, o.completed::text," \
	"  (" RATE("o.completed", "o.total") ")::text" NULLS9 NULLS1 \
	" FROM (SELECT COALESCE(owner, 'unassigned') AS owner, count(*) AS total," \
	"   count(*) FILTER (WHERE status = 'completed') AS completed" \
	"   FROM acts GROUP BY 1) o"

#define WEEK_TREND \
	SECTION(WS_TREND, "row_number() OVER (ORDER BY t.week_start_date)") \
	"  " DATE("t.week_start_date") "," \
	"  (" RATE("t.completed", "t.total") ")::text" NULLS11 NULLS1 \
	" FROM (SELECT tp.week_start_date, count(ta.id) AS total," \
	"   count(ta.id) FILTER (WHERE ta.status = 'completed') AS completed" \
	"   FROM tp LEFT JOIN ta ON ta.weekly_plan_id = tp.id" \
	"   GROUP BY tp.id, tp.week_start_date) t"

/* The plan's actions and deliverables aggregated once per result. */
#define WEEK_RESULTS \
	SECTION(WS_RESULTS, "row_number() OVER (ORDER BY" \
	"   COALESCE(r.priority, 0) = 0, r.priority, r.result_code COLLATE \"C\")") \
	"  r.result_code, r.result_text, r.purpose, r.priority::text," \
	"  r.category, r.status, COALESCE(agg.total, 0)::text," \
	"  COALESCE(agg.completed, 0)::text," \
	"  (CASE WHEN COALESCE(agg.total, 0) = 0 THEN" \
	"     CASE WHEN r.status = 'completed' THEN 100 ELSE 0 END" \
	"   ELSE 100.0 * agg.completed / agg.total END)::text," \
	"  rev.target::text, rev.actual::text" NULLS2 NULLS1 \
	" FROM cur JOIN rpm_results r ON r.weekly_plan_id = cur.id" \
	" LEFT JOIN (SELECT result_id, count(*) AS total," \
	"   count(*) FILTER (WHERE status = 'completed') AS completed" \
	"   FROM acts GROUP BY result_id) agg ON agg.result_id = r.id" \
	" LEFT JOIN (SELECT result_id," \
	"   sum(" MONEY("revenue_target") ") AS target," \
	"   sum(" MONEY("revenue_actual") ") AS actual" \
	"   FROM dl GROUP BY result_id) rev ON rev.result_id = r.id"

/*
 * The five feed groups in one pass; grp numbers follow enum feed_group.
 * Filters: NULL matches everything, else a comma-separated list; a NULL
 * owner answers to "unassigned" and a NULL stage to "top", as elsewhere.
 */
#define WEEK_FEED \
	SECTION(WS_FEED, "row_number() OVER (ORDER BY grp," \
	"   CASE WHEN grp = 0 THEN k END DESC NULLS LAST," \
	"   CASE WHEN grp <> 0 THEN k END ASC NULLS LAST," \
	"   action_code COLLATE \"C\")") \
	"  grp::text, id::text, action_code, action_text, owner, funnel_stage," \
	"  status, " TS("due_date") ", " TS("completion_date") "," \
	"  " TS("updated_at") ", blocker_description, evidence_path, result_code," \
	"  COALESCE(EXTRACT(EPOCH FROM updated_at)::text, 'null')" \
	" FROM (WITH f AS (SELECT acts.* FROM acts" \
	"   WHERE ($3::text IS NULL OR COALESCE(owner, 'unassigned')" \
	"          = ANY (string_to_array($3, ',')))" \
	"   AND ($4::text IS NULL OR COALESCE(funnel_stage, 'top')" \
	"          = ANY (string_to_array($4, ',')))" \
	"   AND ($5::text IS NULL OR COALESCE(status, 'pending')" \
	"          = ANY (string_to_array($5, ','))))" \
	"  SELECT 0 AS grp, f.*, completion_date AS k FROM f, ctx" \
	"   WHERE status = 'completed'" \
	"   AND completion_date > ctx.now - interval '24 hours'" \
	"   AND completion_date <= ctx.now" \
	"  UNION ALL SELECT 1, f.*, updated_at FROM f WHERE status = 'in_progress'" \
	"  UNION ALL SELECT 2, f.*, updated_at FROM f WHERE status = 'blocked'" \
	"  UNION ALL SELECT 3, f.*, due_date FROM f, ctx" \
	"   WHERE status IS DISTINCT FROM 'completed'" \
	"   AND due_date >= ctx.now AND due_date <= ctx.now + interval '7 days'" \
	"  UNION ALL SELECT 4, f.*, due_date FROM f, ctx" \
	"   WHERE status IS DISTINCT FROM 'completed' AND due_date < ctx.now) g"

/*
 * One row: the week's DNA period if there is one, else the deliverables'
 * sums.  (rpm_dna_periods is read whole: a few rows a week, where the
 * week's actions are hundreds.)
 */
#define WEEK_REVENUE \
	SECTION(WS_REVENUE, "1") \
	"  v.t::text, v.a::text," \
	"  (CASE WHEN v.t IS NULL OR v.t = 0 OR v.a IS NULL THEN NULL" \
	"        ELSE 100.0 * v.a / v.t END)::text, v.src" NULLS9 NULLS1 \
	" FROM (WITH dna AS (" \
	"     SELECT " MONEY("d.revenue_target") " AS revenue_target," \
	"       " MONEY("d.revenue_actual") " AS revenue_actual" \
	"     FROM rpm_dna_periods d, cur" \
	"     WHERE d.period_type = 'weekly'" \
	"     AND d.period_start::date = cur.week_start_date" \
	"     ORDER BY d.period_start LIMIT 1)" \
	"   SELECT dna.revenue_target AS t, dna.revenue_actual AS a," \
	"     'dna_period' AS src FROM dna" \
	"   UNION ALL SELECT s.t, s.a, 'deliverables'" \
	"   FROM (SELECT sum(" MONEY("revenue_target") ") AS t," \
	"       sum(" MONEY("revenue_actual") ") AS a FROM dl) s" \
	"   WHERE NOT EXISTS (SELECT 1 FROM dna)) v"

/* NaN sorts above every number in PostgreSQL: as MONEY() it sorts last. */
#define WEEK_TOP_DELIVERABLES \
	SECTION(WS_TOP_DELIVERABLES, "t.ord") \
	"  t.title, t.deliverable_type::text, t.status::text," \
	"  t.target::text, t.actual::text" NULLS8 NULLS1 \
	" FROM (SELECT title, deliverable_type, status," \
	"   " MONEY("revenue_target") " AS target," \
	"   " MONEY("revenue_actual") " AS actual," \
	"   row_number() OVER (ORDER BY " MONEY("revenue_actual") \
	"     DESC NULLS LAST, title COLLATE \"C\") AS ord" \
	"   FROM dl) t" \
	" WHERE t.ord <= 5"

/*
 * Stage order: top, middle, bottom, then any other value alphabetically.
 * An action whose span has an infinite end has no days and is left out of
 * its stage's mean (avg ignores NULL).
 */
#define WEEK_FUNNEL \
	SECTION(WS_FUNNEL, "row_number() OVER (ORDER BY s.ord," \
	"   s.stage COLLATE \"C\")") \
	"  s.stage, count(st.stage)::text," \
	"  (count(st.stage) FILTER (WHERE st.status = 'completed'))::text," \
	"  avg(st.days)::text" NULLS9 NULLS1 \
	" FROM (SELECT stage, ord FROM (VALUES ('top', 0), ('middle', 1)," \
	"     ('bottom', 2)) known(stage, ord)" \
	"   UNION SELECT COALESCE(funnel_stage, 'top'), 3 FROM acts" \
	"   WHERE COALESCE(funnel_stage, 'top') NOT IN ('top', 'middle', 'bottom')" \
	"   ) s" \
	" LEFT JOIN (SELECT stage, status," \
	"   " SECONDS("span_end", "created_at") " / 86400.0 AS days" \
	"   FROM (SELECT COALESCE(funnel_stage, 'top') AS stage, status," \
	"     created_at, COALESCE(completion_date, ctx.now) AS span_end" \
	"     FROM acts, ctx) x) st ON st.stage = s.stage" \
	" GROUP BY s.stage, s.ord"

static const char week_sql[] = CTX_WEEK
	" SELECT section, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13,"
	"   c14"
	" FROM (" WEEK_PLAN
	"  UNION ALL" WEEK_OWNERS
	"  UNION ALL" WEEK_TREND
	"  UNION ALL" WEEK_RESULTS
	"  UNION ALL" WEEK_FEED
	"  UNION ALL" WEEK_REVENUE
	"  UNION ALL" WEEK_TOP_DELIVERABLES
	"  UNION ALL" WEEK_FUNNEL
	" ) w ORDER BY section, ord";

/*
 * A heartbeat is fresh within stale_after of now on either side: a little
 * ahead is clock skew (age 0), further ahead, or infinite, is a clock we
 * cannot trust (stale, and no age).  No band outside 0-100.
 */
static const char agents_sql[] = CTX_NOW
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

static const char revenue_trend_sql[] = CTX_NOW
	" SELECT " DATE("t.period_start") ", " MONEY("t.revenue_target") ","
	"   " MONEY("t.revenue_actual")
	" FROM (SELECT d.* FROM rpm_dna_periods d, ctx"
	"   WHERE d.period_type = 'weekly' AND d.period_start <= ctx.now"
	"   ORDER BY d.period_start DESC LIMIT 8) t"
	" ORDER BY t.period_start";

const struct model_query_def model_queries[MQ_COUNT] = {
	[MQ_WEEK] =		{ "week", "opsdeck_week", week_sql, 5 },
	[MQ_AGENTS] =		{ "agents", "opsdeck_agents", agents_sql, 3 },
	[MQ_REVENUE_TREND] =	{ "revenue_trend", "opsdeck_revenue_trend",
				    revenue_trend_sql, 2 },
};
