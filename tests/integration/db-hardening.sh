#!/bin/sh
# shellcheck shell=bash
# The database side of the command line, probed as a hostile database and a
# careless operator would:
#  - a conninfo libpq cannot parse is exit 2, and its message never holds
#    the password (a bad percent-escape, an unbalanced '[', a runaway quote);
#  - a bad sslmode or port is a configuration error (exit 2), not an
#    unreachable database; --config naming a FIFO is refused, not waited on;
#  - with the database down the snapshot still prints the document:
#    source.db "error", the services checked, their alerts, exit 3;
#  - a NOTICE from the server carrying escape sequences reaches stderr
#    sanitized, never raw;
#  - a SQL_ASCII database holding a 0xff byte is read, the byte repaired;
#  - a query that waits on a lock past query_timeout is cancelled: no
#    backend is left behind waiting.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

NOW=2025-10-27T12:00:00
DEAD_DB="host=127.0.0.1 port=1 connect_timeout=2"
OPSDECK_SIM=${OPSDECK_SIM:-$top_builddir/opsdeck-sim}
[ -x "$OPSDECK_SIM" ] || bail "$OPSDECK_SIM not built"

# json_check DESCRIPTION PYTHON-EXPRESSION: evaluated with d = the JSON on
# stdout.
json_check() {
	if "$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$OUT" "$2" 2>"$TEST_TMP/py.err"; then
		pass "$1"
	else
		fail "$1"
		sed 's/^/#   /' "$TEST_TMP/py.err" | head -3
		head -c 600 "$OUT" | sed 's/^/#   stdout: /'
	fi
}
no_control_bytes() { # DESCRIPTION FILE
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$2"; then
		fail "$1: raw control bytes"
		od -c "$2" | head -5 | sed 's/^/#   /'
	else
		pass "$1: no raw control bytes"
	fi
}

# --- conninfo parse errors: exit 2, no password ---------------------------------
run_opsdeck snapshot --db 'postgresql://opsuser:Wr%zzong@127.0.0.1/demo'
expect_rc 2 "URI with a bad percent-escape in the password"
no_secret "bad percent-escape" 'Wr%zzong'
no_secret "bad percent-escape (decoded part)" 'zzong'

run_opsdeck snapshot --db 'postgresql://opsuser:hunter22@[::1/demo'
expect_rc 2 "URI with an unbalanced ["
no_secret "unbalanced [" hunter22
stderr_says "unbalanced [: the message still says what is wrong" 'IPv6|\]'

run_opsdeck snapshot --db "host=127.0.0.1 password='sw0rdfish port=5432"
expect_rc 2 "key=value with a runaway quote after password="
no_secret "runaway quote" sw0rdfish

run_opsdeck snapshot --db 'postgresql://ops:pa/ss99@127.0.0.1:1/db?connect_timeout=2'
no_secret "a '/' inside the URI password" 'pa/ss99'
no_secret "a '/' inside the URI password (either half)" 'ss99'

# --- --config naming a FIFO is refused at once, /dev/null is an empty file --------
mkfifo "$TEST_TMP/config.fifo"
run_opsdeck snapshot --config "$TEST_TMP/config.fifo" --db "$DEAD_DB"
expect_rc 2 "--config naming a FIFO (no writer)"
stderr_says "--config FIFO: the message says why" 'config\.fifo: .*not a regular file'
run_opsdeck snapshot --config /dev/null --db 'host=127.0.0.1 sslmode=bogus'
stderr_says "--config /dev/null is read as empty (the next error is the conninfo's)" 'sslmode'

# --- invalid values are configuration errors -----------------------------------------
run_opsdeck snapshot --db 'host=127.0.0.1 sslmode=bogus'
expect_rc 2 "sslmode=bogus"
stderr_says "sslmode=bogus: the message names sslmode" 'sslmode'

run_opsdeck snapshot --db 'host=127.0.0.1 port=fivefourthreetwo'
expect_rc 2 "a non-numeric port"
stderr_says "non-numeric port: the message names port" 'port'

run_opsdeck snapshot --db 'postgresql://127.0.0.1:99999/db'
expect_rc 2 "a port out of range in a URI"

# --- database down: the document, with the services --------------------------------
"$OPSDECK_SIM" --ready-file "$TEST_TMP/sim.ready" up=healthy@0 down=down@0 \
	>"$TEST_TMP/sim.out" 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null; _test_cleanup' EXIT
for _ in $(seq 100); do [ -s "$TEST_TMP/sim.ready" ] && break; sleep 0.1; done
[ -s "$TEST_TMP/sim.ready" ] || bail "opsdeck-sim did not start"
sim_port() { awk -v n="$1" '$1 == n { print $2 }' "$TEST_TMP/sim.ready"; }
cat >"$TEST_TMP/services.conf" <<EOF
[alerts]
down_for = 0
[service up]
health = http://127.0.0.1:$(sim_port up)/health
[service down]
health = http://127.0.0.1:$(sim_port down)/health
EOF

run_opsdeck snapshot --format json --config "$TEST_TMP/services.conf" \
	--db "$DEAD_DB" --now "$NOW"
expect_rc 3 "database down (json)"
json_check "database down: source.db is \"error\" with the reason" \
	'd["source"]["db"] == "error" and "refused" in (d["source"]["error"] or "").lower()'
json_check "database down: the database sections are null or empty" \
	'd["plan"] is None and not d["results"] and not d["agents"]'
json_check "database down: both services were checked (up and down)" \
	'sorted((s["name"], s["state"]) for s in d["services"]) == [("down", "down"), ("up", "up")]'
json_check "database down: the down service raises its critical alert" \
	'any(a["severity"] == "critical" and "down" in a["subject"] for a in d["alerts"])'
json_check "database down: now is the --now instant" 'd["now"] == "'$NOW'"'

run_opsdeck snapshot --format text --config "$TEST_TMP/services.conf" \
	--db "$DEAD_DB" --now "$NOW"
expect_rc 3 "database down (text)"
check "database down (text): the report lists the services" \
	eval 'grep -q "up" "$OUT" && grep -q "down" "$OUT" && grep -qi "database" "$OUT"'
check "database down (text): 80 columns, no control characters" check_text_report "$OUT" 80

# --- a NOTICE with escape sequences ------------------------------------------------------
fresh_db notice
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
load_sql "$FRESH_DB" "$top_srcdir/tests/lib/noisy-notice.sql" || bail "cannot install the noisy view"
run_opsdeck snapshot --db "dbname=$FRESH_DB" --now "$NOW"
expect_rc 0 "a NOTICE from the server: the snapshot still works"
stderr_says "the NOTICE is reported on stderr" 'NOTICE: hello'
no_control_bytes "the NOTICE on stderr" "$ERR"
check "the NOTICE's title sequence is defused" eval '! grep -q "$(printf "\033]")" "$ERR"'

# --- SQL_ASCII with a byte that is no UTF-8 ------------------------------------------
ASCII_DB="opsdeck_t_sqlascii_$$"
_test_dbs+=("$ASCII_DB")
psql -X -q -d postgres -c "CREATE DATABASE \"$ASCII_DB\" ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" >/dev/null ||
	bail "cannot create a SQL_ASCII database"
psql -X -q -v ON_ERROR_STOP=1 -d "$ASCII_DB" -f "$top_srcdir/db/schema.sql" >/dev/null ||
	bail "schema does not load into the SQL_ASCII database"
PGCLIENTENCODING=SQL_ASCII psql -X -q -v ON_ERROR_STOP=1 -d "$ASCII_DB" \
	-c "INSERT INTO agent_status (agent_name, status, health_score, last_heartbeat)
	    VALUES (E'caf\\xff-agent', 'active', 95, '2025-10-27 11:59:00')" >/dev/null ||
	bail "cannot insert the 0xff byte"
run_opsdeck snapshot --db "dbname=$ASCII_DB" --now "$NOW"
expect_rc 0 "SQL_ASCII database with a 0xff byte"
json_check "SQL_ASCII: the byte is repaired to U+FFFD" \
	'[a["name"] for a in d["agents"]] == ["caf\ufffd-agent"]'

# --- a query waiting on a lock past query_timeout ---------------------------------------
fresh_db lock
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
APP=opsdeck_lock_$$
# The lock holder: a psql session that keeps agent_status locked until its
# input closes (the fifo's writer, fd 7, goes at the end of the test).
mkfifo "$TEST_TMP/holder.in"
psql -X -q -d "$FRESH_DB" <"$TEST_TMP/holder.in" >"$TEST_TMP/holder.out" 2>&1 &
HOLDER_PID=$!
exec 7>"$TEST_TMP/holder.in"
echo "BEGIN; LOCK TABLE agent_status IN ACCESS EXCLUSIVE MODE; SELECT 'locked';" >&7
for _ in $(seq 100); do grep -q locked "$TEST_TMP/holder.out" && break; sleep 0.1; done
grep -q locked "$TEST_TMP/holder.out" || bail "the lock holder did not take its lock"
printf '[database]\nquery_timeout = 1\n' >"$TEST_TMP/timeout.conf"
waiting_backends() {
	psql -X -A -t -d postgres -c "SELECT count(*) FROM pg_stat_activity
		WHERE application_name = '$APP' AND datname = '$FRESH_DB'"
}
for i in 1 2 3; do
	PGAPPNAME=$APP run_opsdeck snapshot --config "$TEST_TMP/timeout.conf" \
		--db "dbname=$FRESH_DB" --now "$NOW"
	expect_rc 3 "locked table, run $i: the query times out"
	stderr_says "locked table, run $i: the message says timed out" 'timed out'
done
# The cancel reached the server before each snapshot exited; a backend
# left waiting would sit on the lock until the holder lets go.
n=$(waiting_backends)
for _ in $(seq 50); do [ "$n" = 0 ] && break; sleep 0.2; n=$(waiting_backends); done
check "locked table: no backend of ours is left behind (found $n)" [ "$n" = 0 ]
exec 7>&-
kill "$HOLDER_PID" 2>/dev/null

finish
