-- Indexes on the seed tables' foreign-key columns, so that a refresh finds
-- one week's rows without reading the whole history.  An index is not a
-- column change: the seed schema's tables stay as they are.  Idempotent.
CREATE INDEX IF NOT EXISTS opsdeck_rpm_action_items_result_id_idx
    ON rpm_action_items (result_id);
CREATE INDEX IF NOT EXISTS opsdeck_deliverables_action_item_id_idx
    ON deliverables (action_item_id);
