-- opsdeck demo data: the week the seed's cockpit wireframe shows
-- (shared/seeds/003, sections 2.3-2.5), Tuesday 2025-10-21 to Monday
-- 2025-10-27, as seen at 2025-10-27 12:00:00.
--
-- Load it into a database that already holds db/schema.sql:
--     psql -v ON_ERROR_STOP=1 -f db/demo.sql
-- and look at it with
--     opsdeck snapshot --now 2025-10-27T12:00:00
--
-- What it reproduces (figures as opsdeck computes them, spec section 3):
--   plan      week 2025-10-21..2025-10-27, active, owner Jesse;
--             28 plan actions, 19 completed = 67.857...% (the wireframe's
--             "68%"); Jesse 6 of 8 = 75 %; elapsed 7 days, velocity
--             19/7 = 2.714 per day (the "2.7 actions/day").
--   results   R1 Boot System Fixed, R2 Cloud RPM Infra, R3 21 Album Release,
--             R4 Time Estimation Protocol.
--   feed      Jesse's "Boot script fixed" completed two minutes ago;
--             Artifacts' "AlloyDB schema" and Planning's "BigQuery setup" in
--             progress; Research's "API auth" blocked; six actions due in
--             the next seven days, two overdue.
--   agents    Artifacts 98 (working on ARCH-BOOT-001c, heartbeat 30 s ago),
--             QA Agent 95, Planning 92, Research 78, ExecMon 96.
--   revenue   target 150,000, actual 98,000, achievement 65.33 % (the "65%");
--             top deliverable "Jumio Integration" with 60,000.
--   funnel    top / middle / bottom with 2.1 / 3.8 / 1.5 days on average;
--             middle is the bottleneck.
--   history   seven earlier weeks (2025-09-02 .. 2025-10-14) whose completion
--             rates rise from 45 % to 80 %, and eight weekly DNA periods for
--             the revenue trend.
--
-- Where the seed contradicts itself, and what we did about it:
--
-- 1. Result percentages.  The wireframe shows R1 100 %, R2 30 %, R3 45 % and
--    R4 20 % next to 19 of 28 actions done.  With four results and 28 actions
--    in all, R2..R4 together could finish at most 19 - |R1| actions; for the
--    headline to hold R1 must contain at least 12 completed actions, and no
--    split of the remaining ones gives 30/45/20.  The headline figures are
--    kept exact, the results as close as whole actions allow:
--      R1 15/15 = 100 %, R2 1/3 = 33.3 %, R3 2/5 = 40 %, R4 1/5 = 20 %
--      (15 + 3 + 5 + 5 = 28 actions, 15 + 1 + 2 + 1 = 19 completed).
-- 2. Funnel counts.  The funnel shows 12 / 15 / 7 actions, which is 34, not
--    the plan's 28.  We keep the proportions: top 10, middle 12, bottom 6,
--    and the average ages 2.1 / 3.8 / 1.5 days exactly.  avg_days is the
--    mean of (COALESCE(completion_date, now) - created_at), so the ages of
--    each stage's actions add up to 21.0, 45.6 and 9.0 days; the comments
--    next to the actions show each age.
--
-- The revenue target: the seed gives a range, "$125K-175K".  A single number
-- is needed to compute an achievement rate, so the weekly DNA period carries
-- the midpoint, (125,000 + 175,000) / 2 = 150,000; 98,000 / 150,000 is the
-- wireframe's 65 %.
--
-- Everything lives in one transaction: it loads completely or not at all.

BEGIN;

-- ---------------------------------------------------------------------------
-- The current week
-- ---------------------------------------------------------------------------
INSERT INTO rpm_weekly_plans (id, week_start_date, week_end_date, status,
	classification, owner, version, completion_rate, created_at, updated_at)
VALUES ('de000000-0000-4000-8000-000000251021', '2025-10-21', '2025-10-27',
	'active', 'TIER 1 ABSOLUTE STANDARD', 'Jesse', 'v1.0', 67.86,
	'2025-10-20 18:00:00', '2025-10-27 11:58:00');

INSERT INTO rpm_results (id, weekly_plan_id, result_code, result_text, purpose,
	priority, category, status, completion_date, created_at, updated_at)
VALUES
('de000000-0000-4000-8001-000000000001', 'de000000-0000-4000-8000-000000251021',
	'R1', 'Boot System Fixed',
	'Every session must start clean: a broken boot costs the whole team its morning.',
	1, 'ARCH', 'completed', '2025-10-27 11:58:00',
	'2025-10-20 18:00:00', '2025-10-27 11:58:00'),
('de000000-0000-4000-8001-000000000002', 'de000000-0000-4000-8000-000000251021',
	'R2', 'Cloud RPM Infra',
	'Plans, actions and revenue in one cloud database the whole team can see.',
	2, 'ARCH', 'in_progress', NULL,
	'2025-10-20 18:00:00', '2025-10-27 11:00:00'),
('de000000-0000-4000-8001-000000000003', 'de000000-0000-4000-8000-000000251021',
	'R3', '21 Album Release',
	'Twenty-one songs out on every platform: the catalogue is the revenue engine.',
	3, 'MUSIC', 'in_progress', NULL,
	'2025-10-20 18:00:00', '2025-10-26 08:00:00'),
('de000000-0000-4000-8001-000000000004', 'de000000-0000-4000-8000-000000251021',
	'R4', 'Time Estimation Protocol',
	'Estimates we can trust, so that weekly commitments are kept.',
	4, 'PLAN', 'in_progress', NULL,
	'2025-10-20 18:00:00', '2025-10-26 20:00:00');

-- The 28 actions of the week.  "age" is COALESCE(completion_date, now) -
-- created_at in days, with now = 2025-10-27 12:00:00.
--
--   stage   actions  ages                                           sum   mean
--   top     10       2.0 2.5 1.5 2.0 2.5 2.0 2.0 | open 3.0 2.0 1.5   21.0  2.1
--   middle  12       3.0 3.5 2.6 3.0 3.5 3.0 | open 6.0 5.0 6.5 4.0
--                    3.0 2.5                                        45.6  3.8
--   bottom   6       1.0 2.0 1.5 1.5 1.2 1.8                         9.0  1.5
--
--   owner      actions  completed
--   Jesse      8        6          75 %
--   Artifacts  7        5
--   QA         4        3
--   ExecMon    4        3
--   Planning   3        1
--   Research   2        1
--   total      28       19
INSERT INTO rpm_action_items (result_id, action_code, action_text, owner,
	due_date, funnel_stage, status, completion_date, estimated_hours,
	actual_hours, blocker_description, verification_criteria, evidence_path,
	created_at, updated_at)
VALUES
-- R1 Boot System Fixed: 15 actions, all completed.
-- bottom, ages 1.0, 2.0, 1.5, 1.5
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001a', 'Boot script fixed', 'Jesse',
	'2025-10-27 18:00:00', 'bottom', 'completed', '2025-10-27 11:58:00', 2.00, 1.50,
	NULL, 'Cold boot reaches the greeting without manual steps',
	'/docs/ops/BOOT_FIX_DOCUMENTATION_20251027.md',
	'2025-10-26 11:58:00', '2025-10-27 11:58:00'),		-- 1.0 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001b', 'Boot log rotation', 'Jesse',
	'2025-10-24 18:00:00', 'bottom', 'completed', '2025-10-24 16:00:00', 1.00, 1.25,
	NULL, NULL, NULL,
	'2025-10-22 16:00:00', '2025-10-24 16:00:00'),		-- 2.0 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001c', 'Voice greeting implementation', 'Artifacts',
	'2025-10-27 18:00:00', 'bottom', 'completed', '2025-10-27 10:30:00', 4.00, 3.50,
	NULL, 'Greeting plays within 5 s of login', '/docs/ops/voice-greeting.md',
	'2025-10-25 22:30:00', '2025-10-27 10:30:00'),		-- 1.5 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001d', 'Boot health probe', 'Artifacts',
	'2025-10-24 12:00:00', 'bottom', 'completed', '2025-10-23 15:00:00', 2.00, 2.00,
	NULL, NULL, NULL,
	'2025-10-22 03:00:00', '2025-10-23 15:00:00'),		-- 1.5 d
-- middle, ages 3.0, 3.5, 2.6, 3.0
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001e', 'Systemd unit rewrite', 'Jesse',
	'2025-10-24 18:00:00', 'middle', 'completed', '2025-10-24 12:00:00', 3.00, 4.00,
	NULL, NULL, NULL,
	'2025-10-21 12:00:00', '2025-10-24 12:00:00'),		-- 3.0 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001f', 'Boot regression tests', 'QA',
	'2025-10-27 18:00:00', 'middle', 'completed', '2025-10-27 08:00:00', 3.00, 2.50,
	NULL, 'Ten consecutive cold boots pass', '/docs/qa/boot-regression.md',
	'2025-10-23 20:00:00', '2025-10-27 08:00:00'),		-- 3.5 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001g', 'Cold-boot timing check', 'QA',
	'2025-10-25 18:00:00', 'middle', 'completed', '2025-10-25 14:24:00', 1.00, 1.00,
	NULL, NULL, NULL,
	'2025-10-23 00:00:00', '2025-10-25 14:24:00'),		-- 2.6 d (62 h 24 min)
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001h', 'Recovery console', 'Jesse',
	'2025-10-24 18:00:00', 'middle', 'completed', '2025-10-24 09:00:00', 2.00, 2.00,
	NULL, NULL, NULL,
	'2025-10-21 09:00:00', '2025-10-24 09:00:00'),		-- 3.0 d
-- top, ages 2.0, 2.5, 1.5, 2.0, 2.5, 2.0, 2.0
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001i', 'Boot fix plan', 'Planning',
	'2025-10-22 18:00:00', 'top', 'completed', '2025-10-22 12:00:00', 1.00, 1.00,
	NULL, NULL, NULL,
	'2025-10-20 12:00:00', '2025-10-22 12:00:00'),		-- 2.0 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001j', 'Boot failure root-cause research', 'Research',
	'2025-10-22 18:00:00', 'top', 'completed', '2025-10-22 18:00:00', 2.00, 3.00,
	NULL, NULL, NULL,
	'2025-10-20 06:00:00', '2025-10-22 18:00:00'),		-- 2.5 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001k', 'Boot failure triage', 'Jesse',
	'2025-10-21 18:00:00', 'top', 'completed', '2025-10-21 18:00:00', 1.00, 0.75,
	NULL, NULL, NULL,
	'2025-10-20 06:00:00', '2025-10-21 18:00:00'),		-- 1.5 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001l', 'Boot monitoring spec', 'ExecMon',
	'2025-10-23 18:00:00', 'top', 'completed', '2025-10-23 10:00:00', 1.00, 1.00,
	NULL, NULL, NULL,
	'2025-10-21 10:00:00', '2025-10-23 10:00:00'),		-- 2.0 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001m', 'Boot alert thresholds', 'ExecMon',
	'2025-10-24 18:00:00', 'top', 'completed', '2025-10-24 18:00:00', 1.00, 1.50,
	NULL, NULL, NULL,
	'2025-10-22 06:00:00', '2025-10-24 18:00:00'),		-- 2.5 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001n', 'Greeting script draft', 'Artifacts',
	'2025-10-23 18:00:00', 'top', 'completed', '2025-10-23 12:00:00', 1.00, 1.00,
	NULL, NULL, NULL,
	'2025-10-21 12:00:00', '2025-10-23 12:00:00'),		-- 2.0 d
('de000000-0000-4000-8001-000000000001', 'ARCH-BOOT-001o', 'Boot test plan', 'QA',
	'2025-10-22 18:00:00', 'top', 'completed', '2025-10-22 09:00:00', 1.00, 1.00,
	NULL, NULL, NULL,
	'2025-10-20 09:00:00', '2025-10-22 09:00:00'),		-- 2.0 d

-- R2 Cloud RPM Infra: 3 actions, 1 completed.
('de000000-0000-4000-8001-000000000002', 'ARCH-CLOUD-001', 'Jumio integration', 'Artifacts',
	'2025-10-25 18:00:00', 'bottom', 'completed', '2025-10-25 10:00:00', 6.00, 7.00,
	NULL, 'Identity checks pass end to end in production',
	'/docs/dev/jumio-integration.md',
	'2025-10-24 05:12:00', '2025-10-25 10:00:00'),		-- bottom 1.2 d (28 h 48 min)
('de000000-0000-4000-8001-000000000002', 'ARCH-CLOUD-002', 'AlloyDB schema', 'Artifacts',
	'2025-10-28 12:00:00', 'middle', 'in_progress', NULL, 8.00, NULL,
	NULL, 'Seed schema applied, migrations repeatable', NULL,
	'2025-10-21 12:00:00', '2025-10-27 09:00:00'),		-- middle, open 6.0 d
('de000000-0000-4000-8001-000000000002', 'ARCH-CLOUD-003', 'BigQuery setup', 'Planning',
	'2025-10-30 12:00:00', 'middle', 'in_progress', NULL, 6.00, NULL,
	NULL, NULL, NULL,
	'2025-10-22 12:00:00', '2025-10-27 11:00:00'),		-- middle, open 5.0 d

-- R3 21 Album Release: 5 actions, 2 completed.
('de000000-0000-4000-8001-000000000003', 'MUSIC-ALBUM-001', 'Release "Jesse''s Judicial Victory" (Day 19)', 'Jesse',
	'2025-10-25 18:00:00', 'bottom', 'completed', '2025-10-25 18:00:00', 2.00, 2.00,
	NULL, NULL, 'gs://livhana-rpm-datalake/deliverables/songs/released/day19.mp3',
	'2025-10-23 22:48:00', '2025-10-25 18:00:00'),		-- bottom 1.8 d (43 h 12 min)
('de000000-0000-4000-8001-000000000003', 'MUSIC-ALBUM-002', 'Record "Lone Star Sunrise"', 'Artifacts',
	'2025-10-26 18:00:00', 'middle', 'completed', '2025-10-26 08:00:00', 3.00, 3.00,
	NULL, NULL, NULL,
	'2025-10-22 20:00:00', '2025-10-26 08:00:00'),		-- middle 3.5 d
('de000000-0000-4000-8001-000000000003', 'MUSIC-ALBUM-003', 'API auth', 'Research',
	'2025-11-02 12:00:00', 'middle', 'blocked', NULL, 4.00, NULL,
	'Distributor has not issued the API credentials yet; request filed 2025-10-22',
	NULL, NULL,
	'2025-10-21 00:00:00', '2025-10-26 15:00:00'),		-- middle, open 6.5 d
('de000000-0000-4000-8001-000000000003', 'MUSIC-ALBUM-004', 'Master tracks 15-21', 'Jesse',
	'2025-10-29 18:00:00', 'middle', 'pending', NULL, 10.00, NULL,
	NULL, NULL, NULL,
	'2025-10-23 12:00:00', '2025-10-23 12:00:00'),		-- middle, open 4.0 d
('de000000-0000-4000-8001-000000000003', 'MUSIC-ALBUM-005', 'Album artwork', 'Artifacts',
	'2025-10-26 17:00:00', 'top', 'pending', NULL, 3.00, NULL,
	NULL, NULL, NULL,
	'2025-10-24 12:00:00', '2025-10-24 12:00:00'),		-- top, open 3.0 d (overdue)

-- R4 Time Estimation Protocol: 5 actions, 1 completed.
('de000000-0000-4000-8001-000000000004', 'PLAN-TIME-001', 'Time audit of last week', 'ExecMon',
	'2025-10-26 18:00:00', 'middle', 'completed', '2025-10-26 20:00:00', 2.00, 2.50,
	NULL, NULL, '/docs/plan/time-audit-20251026.md',
	'2025-10-23 20:00:00', '2025-10-26 20:00:00'),		-- middle 3.0 d
('de000000-0000-4000-8001-000000000004', 'PLAN-TIME-002', 'Estimation template', 'Planning',
	'2025-10-28 17:00:00', 'top', 'pending', NULL, 2.00, NULL,
	NULL, NULL, NULL,
	'2025-10-25 12:00:00', '2025-10-25 12:00:00'),		-- top, open 2.0 d
('de000000-0000-4000-8001-000000000004', 'PLAN-TIME-003', 'Calibrate estimates against actuals', 'ExecMon',
	'2025-10-31 17:00:00', 'middle', 'pending', NULL, 3.00, NULL,
	NULL, NULL, NULL,
	'2025-10-24 12:00:00', '2025-10-24 12:00:00'),		-- middle, open 3.0 d
('de000000-0000-4000-8001-000000000004', 'PLAN-TIME-004', 'Review protocol with Jesse', 'Jesse',
	'2025-10-25 12:00:00', 'top', 'pending', NULL, 1.00, NULL,
	NULL, NULL, NULL,
	'2025-10-26 00:00:00', '2025-10-26 00:00:00'),		-- top, open 1.5 d (overdue)
('de000000-0000-4000-8001-000000000004', 'PLAN-TIME-005', 'Time tracking dashboard', 'QA',
	'2025-11-10 12:00:00', 'middle', 'pending', NULL, 5.00, NULL,
	NULL, NULL, NULL,
	'2025-10-25 00:00:00', '2025-10-25 00:00:00');		-- middle, open 2.5 d

-- Deliverables of the week.  Targets add up to 150,000, actuals to 98,000:
--   80,000 + 20,000 + 5,000 + 8,000 + 2,000 + 2,000 + 30,000 + 3,000 = 150,000
--   60,000 + 15,000 + 3,000 + 3,000 + 1,200 +   800 + 14,000 + 1,000 =  98,000
INSERT INTO deliverables (action_item_id, deliverable_type, title, description,
	cloud_storage_path, status, revenue_target, revenue_actual, metadata,
	created_at, updated_at, published_at)
SELECT a.id, d.type, d.title, d.description, d.path, d.status, d.target,
	d.actual, d.metadata::jsonb, d.created_at::timestamp,
	d.created_at::timestamp, d.published_at::timestamp
FROM (VALUES
	('ARCH-CLOUD-001', 'code', 'Jumio Integration',
	 'Identity verification that unlocks the age-gated storefront',
	 'gs://livhana-rpm-datalake/deliverables/code/jumio-integration/',
	 'published', 80000.00, 60000.00,
	 '{"repo": "heritage/storefront", "commit": "4f2c9e1"}',
	 '2025-10-25 10:00:00', '2025-10-25 10:00:00'),
	('ARCH-BOOT-001c', 'code', 'Voice greeting module',
	 'Spoken greeting at session start',
	 'gs://livhana-rpm-datalake/deliverables/code/voice-greeting/',
	 'approved', 20000.00, 15000.00, NULL,
	 '2025-10-27 10:30:00', NULL),
	('ARCH-BOOT-001a', 'document', 'Cockpit boot runbook',
	 'How the boot sequence works and how to recover it',
	 'gs://livhana-rpm-datalake/deliverables/docs/BOOT_FIX_DOCUMENTATION_20251027.md',
	 'published', 5000.00, 3000.00, NULL,
	 '2025-10-27 11:58:00', '2025-10-27 11:58:00'),
	('ARCH-CLOUD-002', 'document', 'Cloud RPM architecture doc',
	 'Tables, pipelines and access for the cloud RPM database',
	 'gs://livhana-rpm-datalake/deliverables/docs/cloud-rpm-architecture.md',
	 'draft', 8000.00, 3000.00, NULL,
	 '2025-10-24 12:00:00', NULL),
	('MUSIC-ALBUM-001', 'song', 'Jesse''s Judicial Victory',
	 'Day 19 of the 21 album',
	 'gs://livhana-rpm-datalake/deliverables/songs/released/day19.mp3',
	 'published', 2000.00, 1200.00,
	 '{"genre": "Country", "bpm": 78, "key": "D Major", "duration": "3:42"}',
	 '2025-10-25 18:00:00', '2025-10-25 18:00:00'),
	('MUSIC-ALBUM-002', 'song', 'Lone Star Sunrise',
	 'Day 18 of the 21 album',
	 'gs://livhana-rpm-datalake/deliverables/songs/raw/day18.mp3',
	 'review', 2000.00, 800.00,
	 '{"genre": "Country", "bpm": 92, "key": "G Major", "duration": "3:15"}',
	 '2025-10-26 08:00:00', NULL),
	('MUSIC-ALBUM-004', 'album', '21 Album pre-sale',
	 'Pre-sale of the complete 21-song album',
	 'gs://livhana-rpm-datalake/deliverables/albums/21/',
	 'approved', 30000.00, 14000.00, NULL,
	 '2025-10-23 12:00:00', NULL),
	('PLAN-TIME-001', 'document', 'Time estimation protocol v1',
	 'Estimate, measure, compare: the weekly protocol',
	 'gs://livhana-rpm-datalake/deliverables/docs/time-estimation-protocol.md',
	 'review', 3000.00, 1000.00, NULL,
	 '2025-10-26 20:00:00', NULL)
) AS d(code, type, title, description, path, status, target, actual, metadata,
	created_at, published_at)
JOIN rpm_action_items a ON a.action_code = d.code;

-- ---------------------------------------------------------------------------
-- Agents (heartbeats relative to 2025-10-27 12:00:00, all under 120 s old)
-- ---------------------------------------------------------------------------
INSERT INTO agent_status (agent_name, status, health_score, last_heartbeat,
	current_action_id, session_start, total_actions_completed,
	total_hours_worked, error_log, metadata)
VALUES
('Artifacts', 'active', 98, '2025-10-27 11:59:30',
	(SELECT id FROM rpm_action_items WHERE action_code = 'ARCH-BOOT-001c'),
	'2025-10-27 06:00:00', 41, 212.50, NULL, '{"cpu": 0.42, "memory_mb": 812}'),
('QA Agent', 'idle', 95, '2025-10-27 11:59:15',
	NULL, '2025-10-27 06:00:00', 27, 140.00, NULL, '{"cpu": 0.03, "memory_mb": 301}'),
('Planning', 'active', 92, '2025-10-27 11:59:50',
	(SELECT id FROM rpm_action_items WHERE action_code = 'ARCH-CLOUD-003'),
	'2025-10-27 06:00:00', 19, 98.25, NULL, '{"cpu": 0.31, "memory_mb": 455}'),
('Research', 'idle', 78, '2025-10-27 11:58:20',
	(SELECT id FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-003'),
	'2025-10-27 06:00:00', 12, 77.00,
	'2025-10-26 15:00 API auth: 401 from distributor sandbox',
	'{"cpu": 0.01, "memory_mb": 288}'),
('ExecMon', 'active', 96, '2025-10-27 11:59:55',
	(SELECT id FROM rpm_action_items WHERE action_code = 'PLAN-TIME-003'),
	'2025-10-27 06:00:00', 33, 160.75, NULL, '{"cpu": 0.12, "memory_mb": 376}');

-- ---------------------------------------------------------------------------
-- History: seven earlier Tuesday-to-Monday weeks, all completed.  Each has
-- two results of ten actions; the first `done` actions are completed, giving
-- 9, 11, 12, 13, 14, 15, 16 of 20 = 45, 55, 60, 65, 70, 75, 80 %.
-- ---------------------------------------------------------------------------
CREATE TEMPORARY TABLE demo_history (ws date, done int) ON COMMIT DROP;
INSERT INTO demo_history VALUES
	('2025-09-02', 9), ('2025-09-09', 11), ('2025-09-16', 12),
	('2025-09-23', 13), ('2025-09-30', 14), ('2025-10-07', 15),
	('2025-10-14', 16);

INSERT INTO rpm_weekly_plans (week_start_date, week_end_date, status,
	classification, owner, version, completion_rate, created_at, updated_at)
SELECT ws, ws + 6, 'completed', 'TIER 1 ABSOLUTE STANDARD', 'Jesse', 'v1.0',
	round(100.0 * done / 20, 2), ws - 1 + time '18:00', ws + 7
FROM demo_history;

INSERT INTO rpm_results (weekly_plan_id, result_code, result_text, purpose,
	priority, category, status, created_at, updated_at)
SELECT p.id, r.code, r.text || ' (week of ' || to_char(h.ws, 'Mon DD') || ')',
	r.purpose, r.priority, r.category, 'completed',
	h.ws - 1 + time '18:00', h.ws + 7
FROM demo_history h
JOIN rpm_weekly_plans p ON p.week_start_date = h.ws
CROSS JOIN (VALUES
	('R1', 'Ship the week''s platform work', 'Keep the platform moving', 1, 'DEV'),
	('R2', 'Release the week''s songs', 'Grow the catalogue', 2, 'MUSIC')
) AS r(code, text, purpose, priority, category);

INSERT INTO rpm_action_items (result_id, action_code, action_text, owner,
	due_date, funnel_stage, status, completion_date, estimated_hours,
	actual_hours, created_at, updated_at)
SELECT r.id,
	'HIST-' || to_char(h.ws, 'MMDD') || '-' || lpad(n::text, 2, '0'),
	CASE WHEN n <= 10 THEN 'Platform task ' ELSE 'Song task ' END || n,
	(ARRAY['Jesse', 'Artifacts', 'QA', 'Planning', 'Research', 'ExecMon'])[1 + n % 6],
	h.ws + 6 + time '18:00',
	(ARRAY['top', 'middle', 'bottom'])[1 + n % 3],
	CASE WHEN n <= h.done THEN 'completed' ELSE 'pending' END,
	CASE WHEN n <= h.done THEN h.ws + (n % 6) + time '16:00' END,
	2.00,
	CASE WHEN n <= h.done THEN 2.50 END,
	h.ws + time '09:00',
	CASE WHEN n <= h.done THEN h.ws + (n % 6) + time '16:00'
	     ELSE h.ws + time '09:00' END
FROM demo_history h
JOIN rpm_weekly_plans p ON p.week_start_date = h.ws
CROSS JOIN generate_series(1, 20) AS n
JOIN rpm_results r ON r.weekly_plan_id = p.id
	AND r.result_code = CASE WHEN n <= 10 THEN 'R1' ELSE 'R2' END;

-- ---------------------------------------------------------------------------
-- Revenue periods: eight weekly DNA periods (the current one carries the
-- 150,000 midpoint target discussed at the top), plus daily periods for the
-- current week, which opsdeck must not mistake for the weekly one.
-- ---------------------------------------------------------------------------
INSERT INTO rpm_dna_periods (period_type, period_start, period_end,
	total_actions, completed_actions, completion_rate, velocity_score,
	revenue_target, revenue_actual, jesse_completion_rate, created_at)
VALUES
('weekly', '2025-09-02 00:00:00', '2025-09-08 23:59:59', 20,  9, 45.00, 1.29, 100000.00, 40000.00, 50.00, '2025-09-08 23:59:59'),
('weekly', '2025-09-09 00:00:00', '2025-09-15 23:59:59', 20, 11, 55.00, 1.57, 110000.00, 48000.00, 55.00, '2025-09-15 23:59:59'),
('weekly', '2025-09-16 00:00:00', '2025-09-22 23:59:59', 20, 12, 60.00, 1.71, 115000.00, 55000.00, 60.00, '2025-09-22 23:59:59'),
('weekly', '2025-09-23 00:00:00', '2025-09-29 23:59:59', 20, 13, 65.00, 1.86, 120000.00, 62000.00, 62.50, '2025-09-29 23:59:59'),
('weekly', '2025-09-30 00:00:00', '2025-10-06 23:59:59', 20, 14, 70.00, 2.00, 130000.00, 70000.00, 66.67, '2025-10-06 23:59:59'),
('weekly', '2025-10-07 00:00:00', '2025-10-13 23:59:59', 20, 15, 75.00, 2.14, 135000.00, 78000.00, 70.00, '2025-10-13 23:59:59'),
('weekly', '2025-10-14 00:00:00', '2025-10-20 23:59:59', 20, 16, 80.00, 2.29, 140000.00, 85000.00, 72.00, '2025-10-20 23:59:59'),
-- the current week: midpoint of "$125K-175K" = 150,000; 98,000 actual (65.33 %)
('weekly', '2025-10-21 00:00:00', '2025-10-27 23:59:59', 28, 19, 67.86, 2.71, 150000.00, 98000.00, 75.00, '2025-10-27 11:58:00'),
('daily',  '2025-10-21 00:00:00', '2025-10-21 23:59:59',  4,  1, 25.00, 1.00,  21000.00,  9000.00, 50.00, '2025-10-21 23:59:59'),
('daily',  '2025-10-27 00:00:00', '2025-10-27 23:59:59',  4,  3, 75.00, 3.00,  21000.00, 16000.00, 100.00, '2025-10-27 11:58:00');

-- ---------------------------------------------------------------------------
-- A few catalogue entries (not read by the cockpit's figures)
-- ---------------------------------------------------------------------------
INSERT INTO suno_songs (song_id, title, genre, bpm, key, groove,
	duration_seconds, cloud_storage_path, album_assignment, status,
	revenue_target, revenue_actual, created_at, released_at)
VALUES
('suno-demo-0019', 'Jesse''s Judicial Victory', 'Country', 78, 'D Major', 'shuffle',
	222, 'gs://livhana-rpm-datalake/deliverables/songs/raw/day19.mp3',
	'21 album release', 'released', 2000.00, 1200.00,
	'2025-10-24 10:00:00', '2025-10-25 18:00:00'),
('suno-demo-0018', 'Lone Star Sunrise', 'Country', 92, 'G Major', 'straight',
	195, 'gs://livhana-rpm-datalake/deliverables/songs/raw/day18.mp3',
	'21 album release', 'mastered', 2000.00, 800.00,
	'2025-10-23 10:00:00', NULL),
('suno-demo-0017', 'Hill Country Ledger', 'Americana', 84, 'A Minor', 'half-time',
	208, 'gs://livhana-rpm-datalake/deliverables/songs/raw/day17.mp3',
	'21 album release', 'reviewed', 2000.00, 0.00,
	'2025-10-22 10:00:00', NULL);

COMMIT;
