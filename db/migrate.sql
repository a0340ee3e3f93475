-- opsdeck's own objects (spec §6.2), installed by `opsdeck migrate`.
--
-- Idempotent: every object is created only when missing or replaced in
-- place, so the file can run on a fresh database, twice, or on one that
-- already has it.  It never alters a column of the seed tables; it adds
-- triggers to them (and db/indexes.sql adds indexes), nothing else.
-- `opsdeck migrate` runs it in one transaction, statement by statement.

-- Two migrations at once would race on CREATE ... IF NOT EXISTS.
SET LOCAL client_min_messages = warning;
SELECT pg_advisory_xact_lock(hashtext('opsdeck migrate'));

CREATE SCHEMA IF NOT EXISTS opsdeck;

CREATE TABLE IF NOT EXISTS opsdeck.schema_version (
    version     integer PRIMARY KEY,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    applied_by  text NOT NULL DEFAULT session_user
);

-- One row per write or command, whatever its outcome.  id is the journal
-- id when there is one: a replay finds it here and knows the write was
-- already applied (exactly once, spec §6.1).
CREATE TABLE IF NOT EXISTS opsdeck.audit (
    id             uuid PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT clock_timestamp(),
    operator       text NOT NULL,
    db_role        text NOT NULL DEFAULT session_user,
    kind           text NOT NULL,
    subject        text NOT NULL,
    before_status  text,
    after_status   text,
    outcome        text NOT NULL,
    detail         jsonb
);
CREATE INDEX IF NOT EXISTS audit_subject_at_idx ON opsdeck.audit (subject, at DESC);

CREATE TABLE IF NOT EXISTS opsdeck.deployments (
    id            bigserial PRIMARY KEY,
    service       text NOT NULL,
    kind          text NOT NULL,
    operator      text NOT NULL,
    db_role       text NOT NULL DEFAULT session_user,
    started_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at   timestamptz,
    exit_code     integer,
    outcome       text,
    verification  text,
    output_tail   text
);
CREATE INDEX IF NOT EXISTS deployments_service_idx ON opsdeck.deployments (service, started_at DESC);

-- Which owner name a database role writes as (opsdeck_team, db/roles.sql).
CREATE TABLE IF NOT EXISTS opsdeck.operators (
    role_name   name PRIMARY KEY,
    owner_name  text NOT NULL
);

-- The audit is appended through this function only, so that a role that
-- may not write still leaves a trace of what it tried, and nobody needs
-- (or gets) UPDATE or DELETE on the audit.
CREATE OR REPLACE FUNCTION opsdeck.audit_add(p_id uuid, p_operator text,
    p_kind text, p_subject text, p_before text, p_after text,
    p_outcome text, p_detail jsonb)
RETURNS void LANGUAGE sql SECURITY DEFINER
SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO opsdeck.audit (id, operator, db_role, kind, subject,
        before_status, after_status, outcome, detail)
    VALUES (p_id, p_operator, session_user, p_kind, p_subject, p_before,
        p_after, p_outcome, p_detail)
    ON CONFLICT (id) DO NOTHING
$$;

-- The plan's stored completion_rate, from its rows.  SECURITY DEFINER so
-- that a team member who may change only his own actions can keep the
-- plan's figure true without being able to write any other value there.
CREATE OR REPLACE FUNCTION opsdeck.plan_rate_refresh(p_plan uuid,
    p_now timestamp)
RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    UPDATE rpm_weekly_plans p
    SET completion_rate = s.rate, updated_at = p_now
    FROM (SELECT CASE WHEN count(*) = 0 THEN 0
                 ELSE round(100.0 * count(*) FILTER
                     (WHERE a.status = 'completed') / count(*), 2) END AS rate
          FROM rpm_results r JOIN rpm_action_items a ON a.result_id = r.id
          WHERE r.weekly_plan_id = p_plan) s
    WHERE p.id = p_plan
$$;

-- The value a writer saw: exact, independent of DateStyle and TimeZone.
CREATE OR REPLACE FUNCTION opsdeck.row_version(t timestamp)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(EXTRACT(EPOCH FROM t)::text, 'null')
$$;

-- One action write (spec §6.1): complete, block, start, or undo of an
-- earlier write.  SECURITY INVOKER: the caller's grants and row-level
-- policies decide.  Outcomes: applied, duplicate (this id was handled
-- before: nothing done again), conflict (the row changed since p_seen /
-- p_since), unchanged (already in that state), not_found, refused (no
-- privilege, a policy, a read-only database), invalid.
CREATE OR REPLACE FUNCTION opsdeck.action_write(p_id uuid, p_kind text,
    p_code text, p_operator text, p_now timestamp, p_seen text,
    p_since timestamp, p_hours numeric, p_evidence text, p_reason text,
    p_undo_of uuid)
RETURNS TABLE (outcome text, before_status text, after_status text,
    version text, changed_by text, changed_ago double precision,
    detail text)
LANGUAGE plpgsql AS $$
DECLARE
    a        record;
    prior    record;
    target   text;
    v_now    timestamp := COALESCE(p_now, LOCALTIMESTAMP);
    v_before jsonb;
    v_out    text;
    v_plan   uuid;
BEGIN
    PERFORM set_config('opsdeck.operator', p_operator, true);
    SELECT x.outcome INTO v_out FROM opsdeck.audit x WHERE x.id = p_id;
    IF FOUND THEN
        RETURN QUERY SELECT 'duplicate'::text, NULL::text, v_out, NULL::text,
            NULL::text, NULL::float8, NULL::text;
        RETURN;
    END IF;
    BEGIN
        SELECT * INTO a FROM rpm_action_items WHERE action_code = p_code
            FOR UPDATE;
    EXCEPTION WHEN insufficient_privilege OR read_only_sql_transaction THEN
        PERFORM opsdeck.action_audit(p_id, p_operator, p_kind, p_code, NULL,
            NULL, 'refused', jsonb_build_object('error', SQLERRM));
        RETURN QUERY SELECT 'refused'::text, NULL::text, NULL::text,
            NULL::text, NULL::text, NULL::float8, SQLERRM;
        RETURN;
    END;
    IF NOT FOUND THEN
        -- Visible but not lockable: a row-level policy keeps it from us.
        PERFORM 1 FROM rpm_action_items WHERE action_code = p_code;
        v_out := CASE WHEN FOUND THEN 'refused' ELSE 'not_found' END;
        PERFORM opsdeck.action_audit(p_id, p_operator, p_kind, p_code, NULL,
            NULL, v_out, NULL);
        RETURN QUERY SELECT v_out, NULL::text, NULL::text, NULL::text,
            NULL::text, NULL::float8,
            CASE WHEN v_out = 'refused' THEN 'not one of your actions' END;
        RETURN;
    END IF;

    IF p_kind = 'undo' THEN
        SELECT x.* INTO prior FROM opsdeck.audit x
            WHERE x.id = p_undo_of AND x.subject = p_code
              AND x.outcome = 'applied' AND x.operator = p_operator;
        IF NOT FOUND THEN
            PERFORM opsdeck.action_audit(p_id, p_operator, p_kind, p_code,
                a.status, a.status, 'invalid', NULL);
            RETURN QUERY SELECT 'invalid'::text, a.status::text,
                a.status::text, opsdeck.row_version(a.updated_at), NULL::text,
                NULL::float8, 'nothing of yours to undo'::text;
            RETURN;
        END IF;
        p_seen := prior.detail->>'after_version';
        target := prior.detail->'before'->>'status';
    ELSE
        target := CASE p_kind WHEN 'complete' THEN 'completed'
            WHEN 'block' THEN 'blocked' WHEN 'start' THEN 'in_progress' END;
    END IF;

    IF target IS NULL AND p_kind <> 'undo'
       OR p_kind = 'block' AND COALESCE(btrim(p_reason), '') = '' THEN
        PERFORM opsdeck.action_audit(p_id, p_operator, p_kind, p_code,
            a.status, a.status, 'invalid', NULL);
        RETURN QUERY SELECT 'invalid'::text, a.status::text, a.status::text,
            opsdeck.row_version(a.updated_at), NULL::text, NULL::float8,
            CASE WHEN p_kind = 'block' THEN 'a reason is required'
                 ELSE 'unknown write ' || p_kind END;
        RETURN;
    END IF;

    IF p_seen IS NOT NULL AND opsdeck.row_version(a.updated_at) <> p_seen
       OR p_since IS NOT NULL AND date_trunc('second', a.updated_at) > p_since
    THEN
        SELECT x.operator, EXTRACT(EPOCH FROM clock_timestamp() - x.at)
            INTO changed_by, changed_ago
            FROM opsdeck.audit x
            WHERE x.subject = p_code AND x.outcome = 'applied'
              AND x.detail->>'after_version' = opsdeck.row_version(a.updated_at)
            ORDER BY x.at DESC LIMIT 1;
        IF changed_by IS NULL AND isfinite(a.updated_at) THEN
            changed_ago := EXTRACT(EPOCH FROM v_now) -
                EXTRACT(EPOCH FROM a.updated_at);
        END IF;
        PERFORM opsdeck.action_audit(p_id, p_operator, p_kind, p_code,
            a.status, a.status, 'conflict', NULL);
        RETURN QUERY SELECT 'conflict'::text, a.status::text, a.status::text,
            opsdeck.row_version(a.updated_at), changed_by, changed_ago,
            NULL::text;
        RETURN;
    END IF;

    IF p_kind <> 'undo' AND a.status IS NOT DISTINCT FROM target THEN
        PERFORM opsdeck.action_audit(p_id, p_operator, p_kind, p_code,
            a.status, a.status, 'unchanged', NULL);
        RETURN QUERY SELECT 'unchanged'::text, a.status::text, a.status::text,
            opsdeck.row_version(a.updated_at), NULL::text, NULL::float8,
            NULL::text;
        RETURN;
    END IF;

    v_before := jsonb_build_object('status', a.status,
        'completion_date', a.completion_date, 'actual_hours', a.actual_hours,
        'evidence_path', a.evidence_path,
        'blocker_description', a.blocker_description);
    -- updated_at only ever moves forward, so that the guard sees every
    -- change even when --now pretends a time before the stored one.
    IF p_kind = 'undo' THEN
        UPDATE rpm_action_items SET status = target,
            completion_date = (prior.detail->'before'->>'completion_date')::timestamp,
            actual_hours = (prior.detail->'before'->>'actual_hours')::numeric,
            evidence_path = prior.detail->'before'->>'evidence_path',
            blocker_description = prior.detail->'before'->>'blocker_description',
            updated_at = GREATEST(v_now, a.updated_at + interval '1 microsecond')
        WHERE id = a.id RETURNING * INTO a;
    ELSE
        UPDATE rpm_action_items SET status = target,
            completion_date = CASE WHEN p_kind = 'complete' THEN v_now
                ELSE completion_date END,
            actual_hours = CASE WHEN p_kind = 'complete' AND p_hours IS NOT NULL
                THEN p_hours ELSE actual_hours END,
            evidence_path = CASE WHEN p_kind = 'complete' AND p_evidence IS NOT NULL
                THEN p_evidence ELSE evidence_path END,
            blocker_description = CASE WHEN p_kind = 'block' THEN p_reason
                ELSE blocker_description END,
            updated_at = GREATEST(v_now, a.updated_at + interval '1 microsecond')
        WHERE id = a.id RETURNING * INTO a;
    END IF;
    SELECT r.weekly_plan_id INTO v_plan FROM rpm_results r
        WHERE r.id = a.result_id;
    IF v_plan IS NOT NULL THEN
        PERFORM opsdeck.plan_rate_refresh(v_plan, v_now);
    END IF;
    PERFORM opsdeck.action_audit(p_id, p_operator, p_kind, p_code,
        v_before->>'status', a.status, 'applied',
        jsonb_build_object('before', v_before,
            'after_version', opsdeck.row_version(a.updated_at),
            'hours', p_hours, 'evidence', p_evidence, 'reason', p_reason,
            'undo_of', p_undo_of));
    RETURN QUERY SELECT 'applied'::text, v_before->>'status', a.status::text,
        opsdeck.row_version(a.updated_at), NULL::text, NULL::float8,
        NULL::text;
END
$$;

-- The audit row of an action write; a database that cannot take it (a
-- read-only standby) must not turn the outcome into an error.
CREATE OR REPLACE FUNCTION opsdeck.action_audit(p_id uuid, p_operator text,
    p_kind text, p_subject text, p_before text, p_after text,
    p_outcome text, p_detail jsonb)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM opsdeck.audit_add(p_id, p_operator, p_kind, p_subject, p_before,
        p_after, p_outcome, p_detail);
EXCEPTION WHEN read_only_sql_transaction THEN
    NULL;
END
$$;

-- What the current role may do, read by opsdeck at start (spec §6.2):
-- write none, its own actions (opsdeck_team under row-level security) or
-- all; deploy or not; and whether the notify triggers are in place.
CREATE OR REPLACE FUNCTION opsdeck.capabilities()
RETURNS TABLE (write text, own_owner text, can_deploy boolean,
    notify boolean, version integer)
LANGUAGE sql STABLE AS $$
    SELECT
        CASE WHEN NOT has_column_privilege('rpm_action_items', 'status', 'UPDATE')
               OR NOT has_function_privilege('opsdeck.action_write(uuid,text,text,text,timestamp,text,timestamp,numeric,text,text,uuid)', 'EXECUTE')
             THEN 'none'
             WHEN t.relrowsecurity AND NOT r.rolsuper AND NOT r.rolbypassrls
               AND NOT pg_has_role(current_user, t.relowner, 'USAGE')
               AND to_regrole('opsdeck_team') IS NOT NULL
               AND pg_has_role(current_user, 'opsdeck_team', 'MEMBER')
               AND NOT (to_regrole('opsdeck_admin') IS NOT NULL
                        AND pg_has_role(current_user, 'opsdeck_admin', 'MEMBER'))
             THEN 'own'
             ELSE 'all' END,
        (SELECT o.owner_name FROM opsdeck.operators o
          WHERE o.role_name = current_user),
        has_table_privilege('opsdeck.deployments', 'INSERT'),
        EXISTS (SELECT 1 FROM pg_trigger g
                WHERE g.tgrelid = t.oid AND g.tgname = 'opsdeck_notify'
                  AND g.tgenabled <> 'D'),
        (SELECT max(v.version) FROM opsdeck.schema_version v)
    FROM pg_class t, pg_roles r
    WHERE t.oid = 'rpm_action_items'::regclass AND r.rolname = current_user
$$;

-- NOTIFY opsdeck with {"event", "table", "id", "by"} (spec §6.2): the
-- seed's event types; by is the operator when opsdeck made the change
-- (opsdeck.action_write sets it for its transaction), else the role.
CREATE OR REPLACE FUNCTION opsdeck.notify_change()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    r    jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    old  jsonb := CASE WHEN TG_OP = 'UPDATE' THEN to_jsonb(OLD) END;
    ev   text;
BEGIN
    ev := CASE TG_TABLE_NAME
        WHEN 'rpm_action_items' THEN
            CASE WHEN TG_OP <> 'DELETE'
                   AND r->>'status' IS DISTINCT FROM old->>'status'
                   AND r->>'status' = 'completed' THEN 'ACTION_COMPLETED'
                 WHEN TG_OP <> 'DELETE'
                   AND r->>'status' IS DISTINCT FROM old->>'status'
                   AND r->>'status' = 'blocked' THEN 'ACTION_BLOCKED'
                 ELSE 'ACTION_UPDATED' END
        WHEN 'agent_status' THEN 'AGENT_STATUS_CHANGE'
        WHEN 'deliverables' THEN
            CASE WHEN TG_OP <> 'DELETE' AND r->>'status' = 'published'
                   AND old->>'status' IS DISTINCT FROM 'published'
                 THEN 'DELIVERABLE_PUBLISHED' ELSE 'REVENUE_UPDATE' END
        WHEN 'rpm_dna_periods' THEN 'REVENUE_UPDATE'
        ELSE 'PLAN_UPDATED' END;
    PERFORM pg_notify('opsdeck', json_build_object('event', ev,
        'table', TG_TABLE_NAME, 'id', r->>'id',
        'by', COALESCE(NULLIF(current_setting('opsdeck.operator', true), ''),
                       session_user::text))::text);
    RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER opsdeck_notify AFTER INSERT OR UPDATE OR DELETE
    ON rpm_action_items FOR EACH ROW EXECUTE FUNCTION opsdeck.notify_change();
CREATE OR REPLACE TRIGGER opsdeck_notify AFTER INSERT OR UPDATE OR DELETE
    ON rpm_results FOR EACH ROW EXECUTE FUNCTION opsdeck.notify_change();
CREATE OR REPLACE TRIGGER opsdeck_notify AFTER INSERT OR UPDATE OR DELETE
    ON rpm_weekly_plans FOR EACH ROW EXECUTE FUNCTION opsdeck.notify_change();
CREATE OR REPLACE TRIGGER opsdeck_notify AFTER INSERT OR UPDATE OR DELETE
    ON agent_status FOR EACH ROW EXECUTE FUNCTION opsdeck.notify_change();
CREATE OR REPLACE TRIGGER opsdeck_notify AFTER INSERT OR UPDATE OR DELETE
    ON deliverables FOR EACH ROW EXECUTE FUNCTION opsdeck.notify_change();
CREATE OR REPLACE TRIGGER opsdeck_notify AFTER INSERT OR UPDATE OR DELETE
    ON rpm_dna_periods FOR EACH ROW EXECUTE FUNCTION opsdeck.notify_change();

INSERT INTO opsdeck.schema_version (version) VALUES (1)
    ON CONFLICT (version) DO NOTHING;
