#!/bin/sh
# shellcheck shell=bash
# Alert groups (docs/alerts.md) on tests/fixtures/alerts-grouped.sql: six
# stale agents, one group; two blocked actions, alerts of their own.
#   The text snapshot shows the group as one row, since its oldest member,
#   with the oldest and the worst under it, and no row of a member's own.
#   The cockpit at 120x40: SERVICES shows the group as one shut row, the
#   counts of every alert stay as they were (ALERTS and the status line:
#   6 warn, 2 info), and no member's message is on screen; Enter (zoom)
#   opens the group and lists its six alerts under it; Enter again shuts
#   it; / finds the group by its summary.  In wall mode, where SERVICES is
#   zoomed by the wall, the group stays shut.  q quits with status 0.
# And a duration that runs out while nothing else happens: a service on
# opsdeck-sim, always down, checked once an hour, [alerts] down_for = 2 s,
# the database read once an hour.  After the first check no event comes,
# and the cockpit polls nothing: the critical alert can only come from the
# dashboard's timer for the end of the duration.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-11-05T09:30:00
T=$TEST_TMP
# Messages only the members' own rows show.
MEMBERS=("last heartbeat 86400 s ago" "last heartbeat 1800 s ago"
	"last heartbeat 600 s ago" "last heartbeat 300 s ago"
	"last heartbeat 180 s ago")

fresh_db groups
load_sql "$FRESH_DB" "$FIXTURES/alerts-grouped.sql" ||
	bail "alerts-grouped.sql does not load"
cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
refresh = 1h
[ui]
wall_cycle = 3600
EOF

# --- the text snapshot ------------------------------------------------------
run_opsdeck snapshot --format text --config "$T/opsdeck.conf" --now "$NOW"
expect_rc 0 "text snapshot"
sed -n '/^ALERTS$/,$p' "$OUT" >"$T/alerts.txt"
check "text: the group is one row since its oldest member" \
	grep -qE '^  warning   2025-11-04T09:30:00  6 agents stale$' "$T/alerts.txt"
check "text: the oldest and the worst under it" \
	grep -qF 'oldest 24h (s-3), worst s-6 (agent stale: no' "$T/alerts.txt"
check "text: the blocked actions keep their rows" \
	grep -qE '^  info +2025-11-03T10:00:00  AG-B1 +blocked: waiting on legal$' "$T/alerts.txt"
check "text: no member has a row of its own" \
	eval '! grep -qE "^  warning .* s-[1-6] " "$T/alerts.txt"'

# --- the cockpit --------------------------------------------------------------
shut() {
	screen_has "ALERTS 6 warn 2 info" "6 agents stale: oldest" &&
		screen_lacks "${MEMBERS[@]}" &&
		tail -n 1 "$SCREEN" | grep -qF "6 warn"
}
open() {
	screen_has "1/6 SERVICES" "6 agents stale: oldest 24h (s-3), worst s-6" \
		"${MEMBERS[@]}" "agent stale: no usable heartbeat" \
		"AG-B1 blocked: waiting on legal"
}

# shellcheck disable=SC2046
tmux_start 120 40 "env $(app_env) '$OPSDECK' --config '$T/opsdeck.conf' --now $NOW 2>'$T/stderr'"
check "the group is one row, the counts count every alert" wait_until shut
check "the shut group is marked so" screen_has "WARN ▸ 6 agents stale"
tmux_keys Enter
check "zoomed, SERVICES opens the group: its six alerts under it" \
	wait_until open
check "the open group is marked so" screen_has "WARN ▾ 6 agents stale"
# The group's row comes first, then its members, oldest first.
check "the members follow the group's row, oldest first" "$PYTHON" - "$SCREEN" <<'PY'
import sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if "WARN" in l]
want = ["6 agents stale", "s-3", "s-2", "s-1", "s-4", "s-5", "s-6"]
got = [next((w for w in want if w in r.split("WARN", 1)[1][:20]), "?") for r in rows]
if got != want:
    print("#   rows:", got)
    sys.exit(1)
PY
tmux_keys Enter
check "Enter again shuts it" wait_until shut
tmux_keys /
tmux_type "agents stale"
tmux_keys Enter
check "/ finds the group by its summary" wait_selected "6 agents stale"
tmux_keys q
check "q quits" wait_exit
rc=$(pane_status)
check "exit status 0 (got '$rc')" [ "$rc" = 0 ]
tmux_kill

# --- wall mode: SERVICES zoomed by the wall, the group shut -------------------
# shellcheck disable=SC2046
tmux_start 120 40 "env $(app_env) '$OPSDECK' --config '$T/opsdeck.conf' --wall --now $NOW 2>'$T/stderr'"
check "wall: zoomed on SERVICES, the group shut" \
	wait_until eval 'screen_has "1/6 SERVICES" && shut'
tmux_keys q
check "wall: q quits" wait_exit
tmux_kill

# --- a duration runs out with no event ------------------------------------------
OPSDECK_SIM=${OPSDECK_SIM:-$top_builddir/opsdeck-sim}
[ -x "$OPSDECK_SIM" ] || bail "$OPSDECK_SIM not built"
"$OPSDECK_SIM" --ready-file "$T/sim.ready" api=down@0 >"$T/sim.out" 2>&1 &
SIM_PID=$!
tmux_on_exit "kill $SIM_PID 2>/dev/null; wait $SIM_PID 2>/dev/null"
wait_file "$T/sim.ready" || bail "opsdeck-sim did not start"
cat >"$T/due.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
refresh = 1h
[alerts]
down_for = 2
agents = no
blocked = no
[service api]
health = http://127.0.0.1:$(awk '$1 == "api" { print $2 }' "$T/sim.ready")/health
interval = 1h
EOF
# shellcheck disable=SC2046
tmux_start 120 40 "env $(app_env) '$OPSDECK' --config '$T/due.conf' --now $NOW 2>'$T/stderr'"
check "the service is down" wait_for "✖ api" "HTTP 503, body status"
check "its critical alert comes when down_for runs out" \
	wait_until eval 'screen_has "ALERTS 1 crit" && tail -n 1 "$SCREEN" | grep -qF "1 crit"'
tmux_keys q
check "q quits" wait_exit

finish
