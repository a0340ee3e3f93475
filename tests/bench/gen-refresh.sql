-- The refresh benchmark's database: weeks of history, generated.
--
--   psql -v weeks=52 -f gen-refresh.sql     (the default: a year)
--   psql -v weeks=520 -f gen-refresh.sql    (10x the history, same week)
--
--   :weeks weekly plans, consecutive, the newest 2025-11-03 .. 2025-11-09
--      (run opsdeck with --now 2025-11-05T12:00:00: its middle)
--   4-6 results per plan
--   about 192 actions per week (10 000 a year): mixed statuses, 12 owners
--      and NULL, funnel stages top/middle/bottom/NULL and an unusual one,
--      created/due/completion/updated dates spread around each week
--   200 agents: some stale, some without a heartbeat, most on an action
--   about 38 deliverables per week (2 000 a year), with revenue
--   one weekly rpm_dna_periods row per plan, and 60 daily ones
--
-- Every row of a week is a function of the week's age k (0 = the newest)
-- and the row's number, never of :weeks or of the load order: each "random"
-- draw is the md5 of a key naming the table, week, row and column.  So the
-- newest 52 weeks of a 520-week database are exactly the 52-week one, and
-- the current week, its trend and everything opsdeck shows are the same in
-- both: only the history behind them grows.  Loads into an empty database
-- holding db/schema.sql; one transaction; ends with ANALYZE.

\set ON_ERROR_STOP 1
\if :{?weeks}
\else
\set weeks 52
\endif
BEGIN;

-- A draw in [0, 1) named by its key (48 bits of its md5).
CREATE FUNCTION pg_temp.draw(key text) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT AS
$$ SELECT ('x' || substr(md5(key), 1, 12))::bit(48)::bigint / 281474976710656.0 $$;

-- The fixed instant the data is built around (not the wall clock).
CREATE TEMP TABLE bench_ctx AS
SELECT timestamp '2025-11-05 12:00:00' AS now,
       date '2025-11-03' AS last_week;

-- Plans: k = 0 (the current week, active) .. :weeks - 1 (the oldest);
-- n_actions and n_deliverables: how many of each the week gets.
CREATE TEMP TABLE bench_plans AS
SELECT k,
       md5('bench-plan-' || k)::uuid AS id,
       c.last_week - k * 7 AS week_start,
       4 + (k + 1) % 3 AS n_results,
       170 + floor(pg_temp.draw('actions-' || k) * 45)::int AS n_actions,
       30 + floor(pg_temp.draw('deliverables-' || k) * 17)::int AS n_deliverables
FROM generate_series(0, :weeks - 1) AS k, bench_ctx c;

INSERT INTO rpm_weekly_plans (id, week_start_date, week_end_date, status,
    classification, owner, version, created_at, updated_at)
SELECT p.id, p.week_start, p.week_start + 6,
       CASE WHEN p.k = 0 THEN 'active'
            WHEN p.k < 12 THEN 'completed'
            ELSE 'archived' END,
       'TIER 1 ABSOLUTE STANDARD', 'Jesse', 'v' || p.k,
       p.week_start - 3, p.week_start + 6
FROM bench_plans p ORDER BY p.k DESC;

-- Results: n_results per plan, numbered r = 1 .. n_results.
CREATE TEMP TABLE bench_results AS
SELECT p.k, r, md5('bench-result-' || p.k || '-' || r)::uuid AS id,
       p.id AS plan_id
FROM bench_plans p, generate_series(1, p.n_results) AS r;

INSERT INTO rpm_results (id, weekly_plan_id, result_code, result_text,
    purpose, priority, category, status, created_at, updated_at)
SELECT r.id, r.plan_id, 'R' || r.r,
       'Result ' || r.r || ' of week -' || r.k,
       'Why result ' || r.r || ' of week -' || r.k || ' matters',
       CASE WHEN r.r <= 3 THEN r.r ELSE 0 END,
       (ARRAY['ARCH', 'DEV', 'DOCS', 'PLAN', 'OPS', 'SALES'])[1 + (r.k + r.r) % 6],
       CASE WHEN r.k = 0 THEN 'in_progress'
            WHEN r.r = 6 THEN 'blocked' ELSE 'completed' END,
       timestamp '2024-01-01', timestamp '2024-01-01'
FROM bench_results r ORDER BY r.k DESC, r.r;

-- Actions: j = 1 .. n_actions of week k, code BA-kkk-jjj; the draws first.
CREATE TEMP TABLE bench_actions AS
SELECT p.k, j, p.week_start,
       md5('bench-action-' || p.k || '-' || j)::uuid AS id,
       md5('bench-result-' || p.k || '-' ||
           (1 + floor(pg_temp.draw(x || 'result') * p.n_results)::int))::uuid
         AS result_id,
       pg_temp.draw(x || 'status') AS r_status,
       pg_temp.draw(x || 'owner') AS r_owner,
       pg_temp.draw(x || 'stage') AS r_stage,
       pg_temp.draw(x || 'due') AS r_due,
       pg_temp.draw(x || 'done') AS r_done,
       pg_temp.draw(x || 'updated') AS r_upd,
       pg_temp.draw(x || 'hours') AS r_hours,
       pg_temp.draw(x || 'evidence') AS r_evidence,
       -- created from 3 days before the week to 2 days into it
       p.week_start - interval '3 days' +
         pg_temp.draw(x || 'created') * interval '5 days' AS created_at
FROM bench_plans p, generate_series(1, p.n_actions) AS j,
     LATERAL (SELECT 'action-' || p.k || '-' || j || '-' AS x) n;

INSERT INTO rpm_action_items (id, result_id, action_code, action_text, owner,
    due_date, funnel_stage, status, completion_date, estimated_hours,
    actual_hours, blocker_description, verification_criteria, evidence_path,
    created_at, updated_at)
SELECT a.id, a.result_id, 'BA-' || lpad(a.k::text, 3, '0') || '-' ||
         lpad(a.j::text, 3, '0'),
       'Benchmark action ' || a.j || ': ship the week -' || a.k || ' slice',
       -- 12 names, and NULL when the index runs past the array
       (ARRAY['Jesse', 'Andrew', 'Christopher', 'Reggie', 'Liv', 'Maya',
              'agent-alpha', 'agent-beta', 'agent-gamma', 'agent-delta',
              'ops-bot', 'research'])[1 + floor(a.r_owner * 13)::int],
       -- due from a day before the week to two days after it
       a.week_start - interval '1 day' + a.r_due * interval '10 days',
       CASE WHEN a.r_stage < 0.35 THEN 'top'
            WHEN a.r_stage < 0.65 THEN 'middle'
            WHEN a.r_stage < 0.85 THEN 'bottom'
            WHEN a.r_stage < 0.95 THEN NULL
            ELSE 'retention' END,
       s.status,
       CASE WHEN s.status = 'completed' THEN
         a.created_at + a.r_done * LEAST(interval '6 days', c.now - a.created_at)
       END,
       round((1 + a.r_hours * 15)::numeric, 2),
       CASE WHEN s.status = 'completed' THEN round((a.r_hours * 20)::numeric, 2) END,
       CASE WHEN s.status = 'blocked' THEN 'waiting on ' ||
         (ARRAY['legal review', 'API keys', 'vendor', 'budget sign-off'])[1 + a.j % 4]
       END,
       'evidence uploaded and reviewed',
       CASE WHEN s.status = 'completed' AND a.r_evidence < 0.5 THEN
         'gs://bench-datalake/evidence/BA-' || lpad(a.k::text, 3, '0') || '-' ||
         lpad(a.j::text, 3, '0') || '.md'
       END,
       a.created_at,
       a.created_at + a.r_upd * LEAST(interval '6 days', c.now - a.created_at)
FROM bench_actions a, bench_ctx c,
LATERAL (SELECT CASE
    -- the current week is half done; older weeks mostly are
    WHEN a.k = 0 THEN CASE
        WHEN a.r_status < 0.35 THEN 'completed'
        WHEN a.r_status < 0.60 THEN 'in_progress'
        WHEN a.r_status < 0.70 THEN 'blocked'
        ELSE 'pending' END
    ELSE CASE
        WHEN a.r_status < 0.78 THEN 'completed'
        WHEN a.r_status < 0.86 THEN 'in_progress'
        WHEN a.r_status < 0.90 THEN 'blocked'
        ELSE 'pending' END
    END AS status) s
ORDER BY a.k DESC, a.j;

-- Agents: 200; heartbeats from 0 to 10 minutes old, some NULL; 60 % work
-- on an action of the current week, 10 % on one of the 51 weeks before it
-- (with fewer :weeks, the agents whose week is missing are idle).
INSERT INTO agent_status (id, agent_name, status, health_score, last_heartbeat,
    current_action_id, session_start, total_actions_completed,
    total_hours_worked)
SELECT md5('bench-agent-' || g)::uuid,
       'agent-' || lpad(g::text, 3, '0'),
       CASE WHEN r_status < 0.60 THEN 'active'
            WHEN r_status < 0.80 THEN 'idle'
            WHEN r_status < 0.90 THEN 'error'
            ELSE 'offline' END,
       CASE WHEN r_score < 0.03 THEN NULL
            ELSE floor(r_score * 101)::int END,
       CASE WHEN r_hb < 0.05 THEN NULL
            ELSE c.now - r_hb ^ 3 * interval '600 seconds' END,
       CASE WHEN r_act < 0.70 AND p.k IS NOT NULL THEN
         md5('bench-action-' || p.k || '-' ||
             (1 + floor(r_pick * p.n_actions)::int))::uuid
       END,
       c.now - interval '8 hours', g * 7, g * 3.5
FROM bench_ctx c,
     LATERAL (SELECT g, pg_temp.draw(x || 'status') AS r_status,
       pg_temp.draw(x || 'score') AS r_score, pg_temp.draw(x || 'hb') AS r_hb,
       pg_temp.draw(x || 'act') AS r_act, pg_temp.draw(x || 'pick') AS r_pick,
       pg_temp.draw(x || 'week') AS r_week
       FROM generate_series(1, 200) AS g,
       LATERAL (SELECT 'agent-' || g || '-' AS x) n) d
LEFT JOIN bench_plans p ON p.k = CASE WHEN d.r_act < 0.60 THEN 0
    ELSE 1 + floor(d.r_week * 51)::int END
ORDER BY g;

-- Deliverables: n_deliverables per week on its actions; 20 % without an
-- actual revenue.
INSERT INTO deliverables (id, action_item_id, deliverable_type, title,
    description, cloud_storage_path, status, revenue_target, revenue_actual,
    created_at, updated_at)
SELECT md5('bench-deliverable-' || p.k || '-' || d)::uuid,
       md5('bench-action-' || p.k || '-' ||
           (1 + floor(pg_temp.draw(x || 'action') * p.n_actions)::int))::uuid,
       (ARRAY['song', 'code', 'document', 'album', 'video'])[1 + d % 5],
       'Deliverable ' || lpad(p.k::text, 3, '0') || '-' || lpad(d::text, 2, '0'),
       'generated for the refresh benchmark',
       'gs://bench-datalake/deliverables/' || p.k || '-' || d,
       CASE WHEN r_status < 0.3 THEN 'draft'
            WHEN r_status < 0.5 THEN 'review'
            WHEN r_status < 0.7 THEN 'approved'
            ELSE 'published' END,
       round((100 + r_target * 9900)::numeric, 2),
       CASE WHEN r_actual < 0.2 THEN NULL
            ELSE round((r_actual * (100 + r_target * 9900) * 1.2)::numeric, 2)
       END,
       timestamp '2025-01-01', timestamp '2025-01-01'
FROM bench_plans p, generate_series(1, p.n_deliverables) AS d,
     LATERAL (SELECT 'deliverable-' || p.k || '-' || d || '-' AS x) n,
     LATERAL (SELECT pg_temp.draw(x || 'status') AS r_status,
       pg_temp.draw(x || 'target') AS r_target,
       pg_temp.draw(x || 'actual') AS r_actual) v
ORDER BY p.k DESC, d;

-- DNA periods: one weekly row per plan, and the last 60 days.
INSERT INTO rpm_dna_periods (period_type, period_start, period_end,
    total_actions, completed_actions, velocity_score, revenue_target,
    revenue_actual, created_at)
SELECT 'weekly', p.week_start, p.week_start + interval '7 days - 1 second',
       190, 150, 21.5,
       50000 + floor(pg_temp.draw('dna-target-' || p.k) * 50)::int * 1000,
       round((30000 + pg_temp.draw('dna-' || p.k) * 40000)::numeric, 2),
       p.week_start + 7
FROM bench_plans p ORDER BY p.k DESC;

INSERT INTO rpm_dna_periods (period_type, period_start, period_end,
    total_actions, completed_actions, velocity_score, revenue_target,
    revenue_actual, created_at)
SELECT 'daily', day, day + interval '1 day - 1 second', 27, 20, 20,
       7000, round((4000 + pg_temp.draw('dna-day-' || day) * 6000)::numeric, 2),
       day + interval '1 day'
FROM bench_ctx c,
     generate_series(c.now::date - 59, c.now::date, interval '1 day') AS day
ORDER BY day;

COMMIT;
ANALYZE;
