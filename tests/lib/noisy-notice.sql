-- A database that writes to whoever reads agent_status: the table becomes
-- a view whose rows come through a function raising a NOTICE that holds an
-- OSC title sequence, a clear-screen and a bell (tests/integration/
-- db-hardening.sh, tests/e2e/cockpit-db-errors.sh).
CREATE FUNCTION noisy() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RAISE NOTICE 'hello %', E'\x1b]2;PWNED\x07\x1b[2J\x1b[H\x07 there';
	RETURN true;
END $$;
ALTER TABLE agent_status RENAME TO agent_status_rows;
CREATE VIEW agent_status AS SELECT * FROM agent_status_rows WHERE noisy();
