#!/bin/sh
# shellcheck shell=bash
# Deploy and rollback from the keyboard (spec §6.3), in a real terminal,
# with a real PostgreSQL and a service played by opsdeck-sim:
#  - d on the selected service asks for its name; a wrong name cancels and
#    runs nothing; the right one runs the deploy, whose output streams into
#    the output view with its state (running, then verified), and the
#    outcome is recorded;
#  - the deploy keys are not in the output view; Escape leaves it while
#    the command goes on; the service is marked under its row;
#  - R rolls back; q is refused while it runs; x asks, "yes" cancels, and
#    the command's process is gone;
#  - the SERVICES zoom lists the recent deploys, an interrupted one too.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
T=$TEST_TMP
OPSDECK_SIM=${OPSDECK_SIM:-$top_builddir/opsdeck-sim}
[ -x "$OPSDECK_SIM" ] || bail "$OPSDECK_SIM not built"
q() { psql -X -Atq -d "$DB" -c "$1" 2>&1; }
same() { # DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: want '$2', got '$3'"; fi
}

fresh_db deploy_keys
DB=$FRESH_DB
load_sql "$DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
run_opsdeck migrate --db "dbname=$DB"
[ "$RC" = 0 ] || bail "opsdeck migrate failed: $(cat "$ERR")"
# A run a crash left unfinished (its lock went with its session).
q "INSERT INTO opsdeck.deployments (service, kind, operator, started_at)
   VALUES ('api', 'deploy', 'crashed-op', now() - interval '1 hour')" >/dev/null

"$OPSDECK_SIM" --ready-file "$T/sim.ready" api=healthy@0 >"$T/sim.out" 2>&1 &
SIM_PID=$!
tmux_on_exit "kill $SIM_PID 2>/dev/null"
for _ in $(seq 100); do [ -s "$T/sim.ready" ] && break; sleep 0.1; done
PORT=$(awk '$1 == "api" { print $2 }' "$T/sim.ready")
[ -n "$PORT" ] || bail "opsdeck-sim did not start"
SLEEP=$((270 + $$ % 20))

cat >"$T/opsdeck.conf" <<CONF
[database]
conninfo = dbname=$DB
refresh = 1h
[ui]
operator = e2e-op
[service api]
health = http://127.0.0.1:$PORT/health
interval = 1
deploy = /bin/sh -c "echo step one; sleep 1; echo step two"
rollback = /bin/sh -c "echo rolling back; exec /bin/sleep $SLEEP"
verify_for = 2
CONF

# shellcheck disable=SC2046
tmux_start 140 45 "env $(app_env) '$OPSDECK' --config '$T/opsdeck.conf' --now $NOW 2>'$T/stderr'"
wait_for "1 SERVICES" "api" "listening" >/dev/null || bail "the cockpit did not start"
tmux_keys 1
check "api is selected in SERVICES" wait_selected api

# --- a wrong name cancels ---------------------------------------------------------
tmux_keys d
check "d asks for the service's name" wait_for "deploy api - type the service's name to confirm:"
tmux_type "apx"
tmux_keys Enter
check "a wrong name cancels" wait_for "deploy cancelled: the name typed is not api; nothing run"
same "nothing ran" "0" "$(q "SELECT count(*) FROM opsdeck.deployments WHERE operator = 'e2e-op'")"

# --- the deploy --------------------------------------------------------------------
tmux_keys d
wait_for "type the service's name to confirm:" >/dev/null
tmux_type "api"
tmux_keys Enter
check "the output view shows the deploy running" wait_for "OUTPUT: deploy api" "step one"
check "its output streams in, and it is verified" wait_for "step two" "OUTPUT: deploy api - verified"
same "recorded" "deploy|0|exit 0|verified" \
	"$(q "SELECT kind, exit_code, outcome, verification FROM opsdeck.deployments WHERE operator = 'e2e-op'")"
tmux_keys d
tmux_keys Escape
check "Escape leaves the output view; d did nothing there" wait_gone "OUTPUT: deploy api"
same "still one deploy" "1" "$(q "SELECT count(*) FROM opsdeck.deployments WHERE operator = 'e2e-op'")"
check "the service is marked under its row" wait_for "deploy: verified"

# --- rollback, q refused, cancel ------------------------------------------------------
tmux_keys R
wait_for "rollback api - type the service's name to confirm:" >/dev/null
tmux_type "api"
tmux_keys Enter
check "the rollback runs" wait_for "OUTPUT: rollback api - running" "rolling back"
tmux_keys Escape
check "the service is marked as rolling back" wait_for "rolling back"
tmux_keys q
check "q is refused while it runs" wait_for "still running: x cancels it first"
tmux_keys x
check "x asks before cancelling" wait_for "cancel it? type yes:"
tmux_type "yes"
tmux_keys Enter
check "cancelled" wait_for "OUTPUT: rollback api - cancelled"
gone() { ! pgrep -f "^/bin/sleep $SLEEP\$" >/dev/null; }
check "the command's process is gone" wait_until gone
same "recorded as cancelled" "rollback|cancelled" \
	"$(q "SELECT kind, outcome FROM opsdeck.deployments WHERE operator = 'e2e-op' ORDER BY id DESC LIMIT 1")"

# --- the history ---------------------------------------------------------------------------
tmux_keys Escape
wait_gone "OUTPUT:" >/dev/null
tmux_keys 1 z
check "the SERVICES zoom lists the deploys, the crashed one as interrupted" \
	wait_for "DEPLOYS" "rollback" "e2e-op" "cancelled" "exit 0, verified" "crashed-op" "interrupted"
tmux_keys z q
check "q quits once nothing runs" wait_exit
finish
