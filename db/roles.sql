-- Three group roles enforced by the database itself (spec §6.2), installed
-- by `opsdeck migrate --roles` after db/migrate.sql, in the same
-- transaction.  Idempotent.  Log-in roles are made members by the DBA:
--   GRANT opsdeck_team TO alice;
--   INSERT INTO opsdeck.operators VALUES ('alice', 'Planning');
--
--   opsdeck_admin   read and write everything, deploy and roll back
--   opsdeck_team    read everything; change only the action items whose
--                   owner is the member's owner name in opsdeck.operators
--   opsdeck_viewer  read only

DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['opsdeck_admin', 'opsdeck_team', 'opsdeck_viewer'] LOOP
        -- Roles are the cluster's: another database's migration may be
        -- creating the same one right now.
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$$;

GRANT USAGE ON SCHEMA opsdeck TO opsdeck_admin, opsdeck_team, opsdeck_viewer;
GRANT SELECT ON rpm_weekly_plans, rpm_results, rpm_action_items, agent_status,
    deliverables, rpm_dna_periods
    TO opsdeck_admin, opsdeck_team, opsdeck_viewer;
GRANT SELECT ON opsdeck.audit, opsdeck.deployments, opsdeck.operators,
    opsdeck.schema_version TO opsdeck_admin, opsdeck_team, opsdeck_viewer;

GRANT INSERT, UPDATE, DELETE ON rpm_weekly_plans, rpm_results,
    rpm_action_items, agent_status, deliverables, rpm_dna_periods
    TO opsdeck_admin;
GRANT INSERT, UPDATE ON opsdeck.deployments TO opsdeck_admin;
GRANT USAGE ON SEQUENCE opsdeck.deployments_id_seq TO opsdeck_admin;

-- A team member changes only the columns a write touches (spec §6.1).
GRANT UPDATE (status, completion_date, actual_hours, evidence_path,
    blocker_description, updated_at) ON rpm_action_items TO opsdeck_team;

-- The plan's rate is kept by a SECURITY DEFINER function: only writers
-- may call it.
REVOKE EXECUTE ON FUNCTION opsdeck.plan_rate_refresh(uuid, timestamp) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION opsdeck.plan_rate_refresh(uuid, timestamp)
    TO opsdeck_admin, opsdeck_team;

-- Row-level security on the action items.  Enabling it denies every row
-- to every role that is not the owner unless a policy allows it, so the
-- first, permissive policy keeps every other user of the table exactly as
-- before (their grants still decide).  The second is RESTRICTIVE: for a
-- team member it must hold as well, on the rows it may update (USING) and
-- on what they become (WITH CHECK), so no one can take another's row.
ALTER TABLE rpm_action_items ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS opsdeck_everyone ON rpm_action_items;
CREATE POLICY opsdeck_everyone ON rpm_action_items USING (true) WITH CHECK (true);
DROP POLICY IF EXISTS opsdeck_team_own ON rpm_action_items;
CREATE POLICY opsdeck_team_own ON rpm_action_items AS RESTRICTIVE
    FOR UPDATE TO opsdeck_team
    USING (owner IN (SELECT o.owner_name FROM opsdeck.operators o
                     WHERE o.role_name = current_user))
    WITH CHECK (owner IN (SELECT o.owner_name FROM opsdeck.operators o
                          WHERE o.role_name = current_user));

INSERT INTO opsdeck.schema_version (version) VALUES (101)
    ON CONFLICT (version) DO NOTHING;
