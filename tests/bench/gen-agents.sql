-- The agents benchmark's database: db/demo.sql with its five agents
-- replaced by :agents generated ones (psql -v agents=N).
--
-- Heartbeats, scores and statuses are drawn as tests/bench/gen-refresh.sql
-- draws them, around 2025-10-27 12:00:00 (run opsdeck with --now
-- 2025-10-27T12:00:00): heartbeats from 0 to 10 minutes old with 5 % NULL,
-- so about 46 % are stale at the default 120 s; scores 0-100 with 3 % NULL,
-- so about 46 % are in the critical band; 60 % work on one of the demo
-- week's actions.  That is about 0.92 alerts per agent (1 841 for 2 000).
--
-- Deterministic: every random() follows setseed(), in one session, so two
-- loads give the same rows.  One transaction; ends with ANALYZE.

\set ON_ERROR_STOP 1
BEGIN;

SELECT setseed(0.20251027) AS seed \gset

DELETE FROM agent_status;

CREATE TEMP TABLE bench_agent_draws AS
SELECT g, random() AS r_status, random() AS r_score, random() AS r_hb,
       random() AS r_act, random() AS r_pick
FROM generate_series(1, :agents) AS g ORDER BY g;

CREATE TEMP TABLE bench_actions AS
SELECT row_number() OVER (ORDER BY action_code) AS n, id
FROM rpm_action_items;

INSERT INTO agent_status (agent_name, status, health_score, last_heartbeat,
    current_action_id, session_start, total_actions_completed,
    total_hours_worked)
SELECT 'agent-' || lpad(d.g::text, 5, '0'),
       CASE WHEN d.r_status < 0.60 THEN 'active'
            WHEN d.r_status < 0.80 THEN 'idle'
            WHEN d.r_status < 0.90 THEN 'error'
            ELSE 'offline' END,
       CASE WHEN d.r_score < 0.03 THEN NULL
            ELSE floor(d.r_score * 101)::int END,
       CASE WHEN d.r_hb < 0.05 THEN NULL
            ELSE timestamp '2025-10-27 12:00:00' -
                 d.r_hb ^ 3 * interval '600 seconds' END,
       CASE WHEN d.r_act < 0.60 THEN
              (SELECT a.id FROM bench_actions a
               WHERE a.n = 1 + floor(d.r_pick *
                   (SELECT count(*) FROM bench_actions))::int)
       END,
       timestamp '2025-10-27 04:00:00', d.g % 50, d.g % 50 * 3.5
FROM bench_agent_draws d ORDER BY d.g;

COMMIT;
ANALYZE;
