#!/bin/sh
# shellcheck shell=bash
# Nothing that hangs may freeze the screen.
#  (a) The database hangs: the conninfo points at a TCP listener on
#      127.0.0.1 that accepts and never says a word (connect_timeout 60 in
#      the conninfo and in [database]).  While the listener holds the
#      connection, the cockpit draws its frame ("db connecting", panes
#      "waiting"), and answers keys: ? help, Escape, Tab moves the focus,
#      z zooms; q quits (status 0) long before the connect timeout.
#  (b) An endpoint hangs: a service on opsdeck-sim "hanging" (timeout 60)
#      beside a healthy one, with the demo database.  While the hanging
#      check is in flight (the simulator logged the request), the figures
#      are on screen, the healthy service is up, the hanging one shows as
#      not checked yet ("?"), and the keys answer; q quits with status 0.
#  (c) A real backend stops: the cockpit's own PostgreSQL backend is
#      SIGSTOPped (when we may signal it) with query_timeout = 3 and
#      refresh = 1: the keys keep working, the database turns stale and not
#      ok, and after SIGCONT it is "db ok" again.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
# shellcheck disable=SC2034 # used inside eval strings
TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
T=$TEST_TMP
OPSDECK_SIM=${OPSDECK_SIM:-$top_builddir/opsdeck-sim}
[ -x "$OPSDECK_SIM" ] || bail "$OPSDECK_SIM not built"

status_line() {
	tail -n 1 "$SCREEN"
}
focused() {
	grep -oE '┏━ [1-6] [A-Z]+' "$SCREEN"
}
focused_is() {
	[ "$(focused)" = "$1" ]
}
# start_cockpit CONF: a fresh session (one session per server, see tmux.sh).
start_cockpit() {
	tmux_kill
	# shellcheck disable=SC2046
	tmux_start 120 40 "env $(app_env) '$OPSDECK' --config '$1' --now $NOW 2>'$T/stderr'"
}
# keys_answer LABEL: help opens and closes, Tab and 1-6 move the focus,
# z zooms and unzooms.
keys_answer() {
	local l=$1
	tmux_keys '?'
	check "$l: ? opens the help" wait_for "HELP" "focus_next"
	tmux_keys Escape
	check "$l: Escape closes it" wait_gone "focus_next"
	tmux_keys 1 Tab
	check "$l: 1 then Tab focuses WEEK" wait_until focused_is "┏━ 2 WEEK"
	tmux_keys 3 z
	check "$l: 3 z zooms ACTIONS" wait_for "3/6 ACTIONS"
	tmux_keys z
	check "$l: z again unzooms" wait_until eval 'screen_has "${TITLES[@]}" && screen_lacks "3/6 ACTIONS"'
}
quits() {
	tmux_keys q
	check "$1: q quits" wait_exit
	check "$1: exit status 0" eval '[ "$(pane_status)" = 0 ]'
}

# --- (a) a database that accepts and never answers -------------------------
cat >"$T/silent.py" <<'PY'
# Accepts TCP connections on 127.0.0.1 and never sends a byte; holds them.
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
held = []
while True:
    c, _ = s.accept()
    held.append(c)
    with open(sys.argv[2], "a") as f:
        f.write("accepted\n")
PY
"$PYTHON" "$T/silent.py" "$T/silent.port" "$T/silent.log" &
SILENT_PID=$!
tmux_on_exit "kill $SILENT_PID 2>/dev/null; wait $SILENT_PID 2>/dev/null"
wait_file "$T/silent.port" || bail "the silent listener did not start"
SILENT_PORT=$(cat "$T/silent.port")

cat >"$T/silent.conf" <<EOF
[database]
conninfo = host=127.0.0.1 port=$SILENT_PORT dbname=never user=nobody connect_timeout=60
connect_timeout = 60
query_timeout = 60
refresh = 1
EOF
start_cockpit "$T/silent.conf"
if wait_until eval 'screen_has "${TITLES[@]}" "waiting" && status_line | grep -q "db connecting"'; then
	pass "(a) silent database: the frame is drawn, db connecting, panes waiting"
else
	fail "(a) silent database: the frame is drawn, db connecting, panes waiting"
	sed 's/^/#   stderr: /' "$T/stderr"
fi
check "(a) silent database: the listener holds the cockpit's connection" wait_file "$T/silent.log"
keys_answer "(a) silent database"
# Polled, as every check on the screen: a single capture can catch the
# status line while tmux is redrawing it.
check "(a) silent database: still connecting meanwhile" \
	wait_until eval 'status_line | grep -q "db connecting"'
quits "(a) silent database"

# --- (b) an endpoint that hangs -----------------------------------------------
fresh_db hang
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"

"$OPSDECK_SIM" --verbose --ready-file "$T/sim.ready" \
	stuck=hanging@0 fine=healthy@0 >"$T/sim.log" 2>&1 &
SIM_PID=$!
tmux_on_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
wait_file "$T/sim.ready" || bail "opsdeck-sim did not start"
STUCK_PORT=$(awk '$1 == "stuck" { print $2 }' "$T/sim.ready")
FINE_PORT=$(awk '$1 == "fine" { print $2 }' "$T/sim.ready")

cat >"$T/endpoint.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
refresh = 1
[service stuck-svc]
health = http://127.0.0.1:$STUCK_PORT/health
timeout = 60
interval = 5
[service fine-svc]
health = http://127.0.0.1:$FINE_PORT/health
timeout = 60
interval = 5
EOF
start_cockpit "$T/endpoint.conf"
stuck_row() {
	grep -E 'stuck-svc' "$SCREEN" | head -1
}
if wait_until eval 'screen_has "${TITLES[@]}" "68%" "19/28" "stuck-svc" "fine-svc" && grep -q "stuck: /health" "$T/sim.log"'; then
	pass "(b) hanging endpoint: figures on screen while its check is in flight"
else
	fail "(b) hanging endpoint: figures on screen while its check is in flight"
	sed 's/^/#   sim: /' "$T/sim.log"
fi
check "(b) hanging endpoint: the healthy service is up (●)" \
	wait_until eval 'grep -qE "● fine-svc" "$SCREEN"'
if wait_until eval 'stuck_row | grep -qE "\? stuck-svc"'; then
	pass "(b) hanging endpoint: shown as not checked yet (? stuck-svc)"
else
	fail "(b) hanging endpoint: shown as not checked yet (got: $(stuck_row))"
fi
keys_answer "(b) hanging endpoint"
check "(b) hanging endpoint: still unknown meanwhile" \
	wait_until eval 'stuck_row | grep -qE "\? stuck-svc"'
quits "(b) hanging endpoint"

# --- (c) the cockpit's backend stops ------------------------------------------
cat >"$T/stopped.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
refresh = 1
query_timeout = 3
connect_timeout = 3
EOF
start_cockpit "$T/stopped.conf"
wait_until eval 'screen_has "68%" && status_line | grep -q "^ *db ok"' >/dev/null
backend=$(psql -X -At -d postgres -c "SELECT pid FROM pg_stat_activity
	WHERE datname = '$FRESH_DB' AND backend_type = 'client backend'
	AND pid <> pg_backend_pid() ORDER BY backend_start LIMIT 1" 2>/dev/null)
if [ -z "$backend" ] || ! kill -STOP "$backend" 2>/dev/null; then
	echo "# (c) skipped: cannot find or signal the cockpit's backend (pid '${backend}')"
else
	tmux_on_exit "kill -CONT $backend 2>/dev/null"
	check "(c) stopped backend: the database turns not ok and stale" \
		wait_until eval 'status_line | grep -qE "^ *db (error|reconnecting|connecting|failed)" && grep -qi stale "$SCREEN"'
	echo "#   status: $(status_line)"
	keys_answer "(c) stopped backend"
	check "(c) stopped backend: the last figures stay (68%)" wait_for "68%" "19/28"
	kill -CONT "$backend"
	check "(c) backend continued: db ok again, nothing stale" \
		wait_until eval 'status_line | grep -q "^ *db ok" && ! grep -qi stale "$SCREEN"'
fi
quits "(c) stopped backend"

finish
