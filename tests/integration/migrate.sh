#!/bin/sh
# shellcheck shell=bash
# opsdeck migrate (spec §6.2) against a real server:
#  - on a database with the seed schema: schema opsdeck, its tables, the
#    notify triggers on the six seed tables, the foreign-key indexes, the
#    version in opsdeck.schema_version; exit 0, one line, no NOTICE noise;
#  - run again, and again with --roles, and --roles twice: still exit 0,
#    nothing doubled, the seed tables' columns exactly as before;
#  - --roles: the three group roles and row-level security on the actions;
#  - a database without the seed schema: refused, exit 4, nothing left
#    half-installed (one transaction);
#  - unreachable: exit 3; read-only: exit 4 without connecting.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

q() { psql -X -Atq -d "$DB" -c "$1" 2>&1; }
same() { # DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: want '$2', got '$3'"; fi
}

fresh_db migrate
DB=$FRESH_DB
load_sql "$DB" "$top_srcdir/db/demo.sql" || bail "cannot load the demo"
columns() {
	q "SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, ordinal_position)
	   FROM information_schema.columns WHERE table_schema = 'public'"
}
BEFORE=$(columns)

run_opsdeck migrate --db "dbname=$DB"
expect_rc 0 "migrate"
no_crash "migrate"
stderr_lines "migrate says nothing on stderr" 0
if grep -q "migrated .*/$DB" "$OUT"; then pass "migrate names the database"; else fail "migrate output: $(cat "$OUT")"; fi
same "schema_version holds version 1" "1" "$(q "SELECT string_agg(version::text, ',') FROM opsdeck.schema_version")"
same "the tables of schema opsdeck" "audit,deployments,operators,schema_version" \
	"$(q "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'opsdeck'")"
same "a notify trigger on each of the six seed tables" "6" \
	"$(q "SELECT count(*) FROM pg_trigger WHERE tgname = 'opsdeck_notify'")"
same "the foreign-key indexes" "3" \
	"$(q "SELECT count(*) FROM pg_indexes WHERE indexname LIKE 'opsdeck\_%\_idx' AND schemaname = 'public'")"

for args in "" "--roles" "--roles"; do
	# shellcheck disable=SC2086
	run_opsdeck migrate $args --db "dbname=$DB"
	expect_rc 0 "migrate $args again"
	stderr_lines "migrate $args again: quiet" 0
done
same "still one version row per part" "1,101" "$(q "SELECT string_agg(version::text, ',' ORDER BY version) FROM opsdeck.schema_version")"
same "still six triggers" "6" "$(q "SELECT count(*) FROM pg_trigger WHERE tgname = 'opsdeck_notify'")"
same "the seed tables' columns unchanged" "$BEFORE" "$(columns)"
same "the three roles" "opsdeck_admin,opsdeck_team,opsdeck_viewer" \
	"$(q "SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles WHERE rolname LIKE 'opsdeck\_%'")"
same "row-level security on the action items" "t" \
	"$(q "SELECT relrowsecurity FROM pg_class WHERE oid = 'rpm_action_items'::regclass")"
same "two policies" "opsdeck_everyone,opsdeck_team_own" \
	"$(q "SELECT string_agg(policyname, ',' ORDER BY policyname) FROM pg_policies WHERE tablename = 'rpm_action_items'")"

# A notification carries the seed's event type, the table, the id, who.
same "a trigger notifies ACTION_COMPLETED with table, id and by" \
	'ACTION_COMPLETED|rpm_action_items|True|postgres' \
	"$(psql -X -Atq -d "$DB" -c "LISTEN opsdeck" \
		-c "UPDATE rpm_action_items SET status = 'completed' WHERE action_code = 'ARCH-CLOUD-003'" \
		-c "SELECT 1" 2>&1 | sed -n 's/^Asynchronous notification "opsdeck" with payload "\(.*\)" received from server process with PID [0-9]*\.$/\1/p' |
		python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); print("%s|%s|%s|%s" % (d["event"], d["table"], len(d["id"]) == 36, d["by"]))')"

# Without the seed schema the migration fails as a whole.
fresh_db empty
DB=$FRESH_DB
q "DROP TABLE rpm_dna_periods" >/dev/null
run_opsdeck migrate --db "dbname=$DB"
expect_rc 4 "migrate on a database lacking a seed table"
stderr_says "it says nothing changed" 'migrate refused .*nothing changed: .*rpm_dna_periods'
same "no schema opsdeck left behind" "" "$(q "SELECT nspname FROM pg_namespace WHERE nspname = 'opsdeck'")"

run_opsdeck migrate --db "host=127.0.0.1 port=1 connect_timeout=2"
expect_rc 3 "migrate with the database unreachable"
run_opsdeck migrate --read-only --db "dbname=$DB"
expect_rc 4 "migrate --read-only"
stderr_says "read-only says why" 'migrate refused: read-only'
run_opsdeck snapshot --roles --db "dbname=$DB"
expect_rc 2 "--roles on another command"
finish
