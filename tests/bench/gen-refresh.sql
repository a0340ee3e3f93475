-- The refresh benchmark's database: a year of weekly plans, generated.
--
--   52 weekly plans, consecutive weeks, the last one 2025-11-03 .. 2025-11-09
--      (run opsdeck with --now 2025-11-05T12:00:00: its middle)
--   4-6 results per plan (260 in all)
--   10 000 actions spread over the results: mixed statuses, 12 owners and
--      NULL, funnel stages top/middle/bottom/NULL and an unusual one,
--      created/due/completion/updated dates spread around each week
--   200 agents: some stale, some without a heartbeat, most on an action
--   2 000 deliverables attached to actions, with revenue
--   52 weekly and 60 daily rpm_dna_periods
--
-- Deterministic: every id is derived from its row number (md5 -> uuid) and
-- every random() follows setseed(), in one session, so two loads give the
-- same rows.  Loads into an empty database holding db/schema.sql; one
-- transaction; ends with ANALYZE.

\set ON_ERROR_STOP 1
BEGIN;

SELECT setseed(0.20251105) AS seed \gset

-- The fixed instant the data is built around (not the wall clock).
CREATE TEMP TABLE bench_ctx AS
SELECT timestamp '2025-11-05 12:00:00' AS now,
       date '2025-11-03' AS last_week;

-- Plans: i = 1 (oldest) .. 52 (current week, active).
CREATE TEMP TABLE bench_plans AS
SELECT i,
       md5('bench-plan-' || i)::uuid AS id,
       (c.last_week - (52 - i) * 7) AS week_start
FROM generate_series(1, 52) AS i, bench_ctx c;

INSERT INTO rpm_weekly_plans (id, week_start_date, week_end_date, status,
    classification, owner, version, created_at, updated_at)
SELECT p.id, p.week_start, p.week_start + 6,
       CASE WHEN p.i = 52 THEN 'active'
            WHEN p.i > 40 THEN 'completed'
            ELSE 'archived' END,
       'TIER 1 ABSOLUTE STANDARD', 'Jesse', 'v' || p.i,
       p.week_start - 3, p.week_start + 6
FROM bench_plans p ORDER BY p.i;

-- Results: 4, 5 or 6 per plan, numbered rn = 1 .. 260 in plan order.
CREATE TEMP TABLE bench_results AS
SELECT row_number() OVER (ORDER BY p.i, k) AS rn, p.i, k,
       md5('bench-result-' || p.i || '-' || k)::uuid AS id, p.id AS plan_id
FROM bench_plans p, generate_series(1, 4 + p.i % 3) AS k;

INSERT INTO rpm_results (id, weekly_plan_id, result_code, result_text,
    purpose, priority, category, status, created_at, updated_at)
SELECT r.id, r.plan_id, 'R' || r.k,
       'Result ' || r.k || ' of week ' || r.i,
       'Why result ' || r.k || ' of week ' || r.i || ' matters',
       CASE WHEN r.k <= 3 THEN r.k ELSE 0 END,
       (ARRAY['ARCH', 'DEV', 'DOCS', 'PLAN', 'OPS', 'SALES'])[1 + r.rn % 6],
       CASE WHEN r.i = 52 THEN 'in_progress'
            WHEN r.k = 6 THEN 'blocked' ELSE 'completed' END,
       timestamp '2024-01-01', timestamp '2024-01-01'
FROM bench_results r ORDER BY r.rn;

-- Actions: the random draws first, materialized in generation order so that
-- they do not depend on the join plans below.
CREATE TEMP TABLE bench_draws AS
SELECT j, random() AS r_res, random() AS r_status, random() AS r_owner,
       random() AS r_stage, random() AS r_created, random() AS r_due,
       random() AS r_done, random() AS r_upd, random() AS r_hours,
       random() AS r_evidence
FROM generate_series(1, 10000) AS j ORDER BY j;

CREATE TEMP TABLE bench_actions AS
SELECT d.*, r.i AS plan_i, r.id AS result_id, p.week_start,
       md5('bench-action-' || d.j)::uuid AS id,
       -- created from 3 days before the week to 2 days into it
       p.week_start - interval '3 days' + d.r_created * interval '5 days'
         AS created_at
FROM bench_draws d
JOIN bench_results r ON r.rn = 1 + floor(d.r_res *
    (SELECT count(*) FROM bench_results))::int
JOIN bench_plans p ON p.i = r.i;

INSERT INTO rpm_action_items (id, result_id, action_code, action_text, owner,
    due_date, funnel_stage, status, completion_date, estimated_hours,
    actual_hours, blocker_description, verification_criteria, evidence_path,
    created_at, updated_at)
SELECT a.id, a.result_id, 'BA-' || lpad(a.j::text, 5, '0'),
       'Benchmark action ' || a.j || ': ship the week ' || a.plan_i || ' slice',
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
         'gs://bench-datalake/evidence/BA-' || lpad(a.j::text, 5, '0') || '.md'
       END,
       a.created_at,
       a.created_at + a.r_upd * LEAST(interval '6 days', c.now - a.created_at)
FROM bench_actions a, bench_ctx c,
LATERAL (SELECT CASE
    -- the current week is half done; older weeks mostly are
    WHEN a.plan_i = 52 THEN CASE
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
ORDER BY a.j;

-- Agents: 200; heartbeats from 0 to 10 minutes old, some NULL (with this
-- seed: 78 older than the default 120 s, 16 NULL); 60 % work on an action
-- of the current week, 10 % on an older one (141 with an action).
CREATE TEMP TABLE bench_agent_draws AS
SELECT g, random() AS r_status, random() AS r_score, random() AS r_hb,
       random() AS r_act, random() AS r_pick
FROM generate_series(1, 200) AS g ORDER BY g;

CREATE TEMP TABLE bench_current_actions AS
SELECT row_number() OVER (ORDER BY a.j) AS n, a.id
FROM bench_actions a WHERE a.plan_i = 52;

INSERT INTO agent_status (id, agent_name, status, health_score, last_heartbeat,
    current_action_id, session_start, total_actions_completed,
    total_hours_worked)
SELECT md5('bench-agent-' || d.g)::uuid,
       'agent-' || lpad(d.g::text, 3, '0'),
       CASE WHEN d.r_status < 0.60 THEN 'active'
            WHEN d.r_status < 0.80 THEN 'idle'
            WHEN d.r_status < 0.90 THEN 'error'
            ELSE 'offline' END,
       CASE WHEN d.r_score < 0.03 THEN NULL
            ELSE floor(d.r_score * 101)::int END,
       CASE WHEN d.r_hb < 0.05 THEN NULL
            ELSE c.now - d.r_hb ^ 3 * interval '600 seconds' END,
       CASE WHEN d.r_act < 0.60 THEN
              (SELECT ca.id FROM bench_current_actions ca
               WHERE ca.n = 1 + floor(d.r_pick *
                   (SELECT count(*) FROM bench_current_actions))::int)
            WHEN d.r_act < 0.70 THEN md5('bench-action-' ||
              (1 + floor(d.r_pick * 10000)::int))::uuid
       END,
       c.now - interval '8 hours', d.g * 7, d.g * 3.5
FROM bench_agent_draws d, bench_ctx c ORDER BY d.g;

-- Deliverables: 2 000 on random actions; 20 % without an actual revenue.
CREATE TEMP TABLE bench_deliverable_draws AS
SELECT k, random() AS r_act, random() AS r_target, random() AS r_actual,
       random() AS r_status
FROM generate_series(1, 2000) AS k ORDER BY k;

INSERT INTO deliverables (id, action_item_id, deliverable_type, title,
    description, cloud_storage_path, status, revenue_target, revenue_actual,
    created_at, updated_at)
SELECT md5('bench-deliverable-' || d.k)::uuid,
       md5('bench-action-' || (1 + floor(d.r_act * 10000)::int))::uuid,
       (ARRAY['song', 'code', 'document', 'album', 'video'])[1 + d.k % 5],
       'Deliverable ' || lpad(d.k::text, 4, '0'),
       'generated for the refresh benchmark',
       'gs://bench-datalake/deliverables/' || d.k,
       CASE WHEN d.r_status < 0.3 THEN 'draft'
            WHEN d.r_status < 0.5 THEN 'review'
            WHEN d.r_status < 0.7 THEN 'approved'
            ELSE 'published' END,
       round((100 + d.r_target * 9900)::numeric, 2),
       CASE WHEN d.r_actual < 0.2 THEN NULL
            ELSE round((d.r_actual * (100 + d.r_target * 9900) * 1.2)::numeric, 2)
       END,
       timestamp '2025-01-01', timestamp '2025-01-01'
FROM bench_deliverable_draws d ORDER BY d.k;

-- DNA periods: one weekly row per plan, and the last 60 days.
INSERT INTO rpm_dna_periods (period_type, period_start, period_end,
    total_actions, completed_actions, velocity_score, revenue_target,
    revenue_actual, created_at)
SELECT 'weekly', p.week_start, p.week_start + interval '7 days - 1 second',
       190, 150, 21.5, 50000 + p.i * 1000,
       round((30000 + random() * 40000)::numeric, 2), p.week_start + 7
FROM bench_plans p ORDER BY p.i;

INSERT INTO rpm_dna_periods (period_type, period_start, period_end,
    total_actions, completed_actions, velocity_score, revenue_target,
    revenue_actual, created_at)
SELECT 'daily', day, day + interval '1 day - 1 second', 27, 20, 20,
       7000, round((4000 + random() * 6000)::numeric, 2), day + interval '1 day'
FROM bench_ctx c,
     generate_series(c.now::date - 59, c.now::date, interval '1 day') AS day
ORDER BY day;

COMMIT;
ANALYZE;
