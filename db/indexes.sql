-- Indexes on the seed tables' foreign-key columns, created by
-- `opsdeck migrate` (which includes this file in its one transaction).
--
-- An index is not a column: the seed tables keep their columns exactly as
-- db/schema.sql has them (spec 6.2).  The seed schema indexes none of these
-- columns, so without them finding one week's actions and deliverables
-- means reading the whole history (docs/architecture.md, "How a refresh
-- finds the week's rows"; docs/benchmarks.md).
--
-- Idempotent: IF NOT EXISTS, so a second migrate changes nothing.  Not
-- CONCURRENTLY, which cannot run inside migrate's transaction: each build
-- holds off writes to its table for as long as it takes (about a tenth of a
-- second per 100 000 actions).
--
-- rpm_results(weekly_plan_id) needs none: UNIQUE (weekly_plan_id,
-- result_code) already gives it an index that starts with that column.
--
-- Each statement on one line of its own, ending with ';', and no dollar
-- quoting, so that it can be included as it is.

-- plan -> results -> actions: a week's actions by their results
CREATE INDEX IF NOT EXISTS opsdeck_rpm_action_items_result_id_idx ON rpm_action_items (result_id);

-- actions -> deliverables: the week's revenue and top deliverables
CREATE INDEX IF NOT EXISTS opsdeck_deliverables_action_item_id_idx ON deliverables (action_item_id);

-- Not read by the refresh (agents are read whole), but deleting an action
-- checks this foreign key, as it checks deliverables', without a scan.
CREATE INDEX IF NOT EXISTS opsdeck_agent_status_current_action_id_idx ON agent_status (current_action_id);
