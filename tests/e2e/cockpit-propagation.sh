#!/bin/sh
# shellcheck shell=bash
# Changes made elsewhere reach a running cockpit (spec §6.2), on a fresh
# database of the demo week with opsdeck's objects (opsdeck migrate):
#
# 1. Listening: with the notify triggers and [database] refresh = 60, the
#    status line says "listening"; a change made with plain psql (an
#    agent's health score, then an action completed by UPDATE) shows on the
#    screen, and in the EVENTS group at the bottom of ACTIONS with who made
#    it ("HH:MM:SS AGENT_STATUS_CHANGE agent_status by ROLE",
#    "... ACTION_COMPLETED ARCH-CLOUD-002 by ROLE").  Every change must show
#    before the cockpit's first periodic refresh (60 s after its start), so
#    polling cannot explain it.
# 2. Polling: the triggers dropped (DROP TRIGGER opsdeck_notify on each seed
#    table), a new cockpit with refresh = 1 says "polling"; a psql change
#    still shows (by polling), and no event is listed.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
T=$TEST_TMP
SEED_TABLES=(rpm_action_items rpm_results rpm_weekly_plans agent_status deliverables rpm_dna_periods)

fresh_db propagation
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
run_opsdeck migrate --db "dbname=$FRESH_DB"
[ "$RC" = 0 ] || { sed 's/^/#   /' "$ERR"; bail "opsdeck migrate failed (status $RC)"; }

sql() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$FRESH_DB" -c "$1"
}
ROLE=$(sql "SELECT session_user") || bail "cannot read the session user"

# conf REFRESH: the configuration, with [database] refresh = REFRESH.
conf() {
	cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
refresh = $1
[ui]
principal = Jesse
EOF
}

# cockpit: a new cockpit in a new tmux server, 160x50; STARTED is when.
cockpit() {
	tmux_kill
	STARTED=$SECONDS
	tmux_start 160 50 "exec env $(app_env) XDG_STATE_HOME='$T/state' '$OPSDECK' --config '$T/opsdeck.conf' --now $NOW 2>>'$T/stderr'"
}

status_line() {
	tail -n 1 "$SCREEN"
}
status_says() {
	status_line | grep -qE -- "^ *db ok .*│ $1 │"
}
# agent_score NAME SCORE: the AGENTS pane shows NAME with SCORE.
agent_score() {
	grep -qE -- "● $1 +$2 " "$SCREEN"
}
# event WHAT: EVENTS lists "HH:MM:SS WHAT".
event() {
	grep -qE -- "┃ [0-2][0-9]:[0-5][0-9]:[0-5][0-9] $1 +┃" "$SCREEN"
}
# before_poll WHAT: the cockpit is younger than its refresh period (60 s),
# so what it shows came by a notification.
before_poll() {
	local age=$((SECONDS - STARTED))
	if [ "$age" -lt 58 ]; then
		pass "$1 (${age}s after the start, before the first 60 s poll)"
	else
		fail "$1: ${age}s after the start, a poll may have shown it: inconclusive"
	fi
}

# === 1. listening ================================================================
conf 60
cockpit
check "1: the demo week, db ok, listening (refresh = 60)" \
	wait_until eval 'screen_has "68%" "19/28" && status_says listening'
echo "#   status: $(status_line)"
check "1: Research's score is 78" agent_score Research 78

sql "UPDATE agent_status SET health_score = 41 WHERE agent_name = 'Research'" >/dev/null ||
	bail "cannot update agent_status"
if wait_until agent_score Research 41; then
	before_poll "1: psql sets Research's score to 41: the AGENTS pane shows it"
else
	fail "1: psql sets Research's score to 41: the AGENTS pane shows it"
fi

tmux_keys 3 z
check "1: ACTIONS zoomed: EVENTS lists the agent's change by $ROLE" \
	wait_until eval 'screen_has "3/6 ACTIONS" "EVENTS (1)" && event "AGENT_STATUS_CHANGE agent_status by $ROLE"'

sql "UPDATE rpm_action_items SET status = 'completed',
	completion_date = '2025-10-27 11:30', updated_at = '2025-10-27 11:30'
	WHERE action_code = 'ARCH-CLOUD-002'" >/dev/null || bail "cannot update rpm_action_items"
if wait_until eval 'screen_has "COMPLETED 24H (5)" "IN PROGRESS (1)" "20/28" "71%" && grep -qE "┃ ARCH-CLOUD-002 .* 30m ago " "$SCREEN"'; then
	before_poll "1: psql completes ARCH-CLOUD-002: it moves to COMPLETED 24H, the week shows 20/28 71%"
else
	fail "1: psql completes ARCH-CLOUD-002: it moves to COMPLETED 24H, the week shows 20/28 71%"
fi
check "1: EVENTS lists it by $ROLE" \
	wait_until eval 'screen_has "EVENTS (2)" && event "ACTION_COMPLETED ARCH-CLOUD-002 by $ROLE"'
if awk '/ACTION_COMPLETED ARCH-CLOUD-002/ { a = NR } /AGENT_STATUS_CHANGE agent_status/ { g = NR } END { exit !(a && g && a < g) }' "$SCREEN"; then
	pass "1: the newest event comes first"
else
	fail "1: the newest event comes first"
	show_screen
fi
check "1: still listening" status_says listening
tmux_keys q
check "1: q quits, status 0" eval 'wait_exit && [ "$(pane_status)" = 0 ]'

# === 2. no triggers: polling =====================================================
for t in "${SEED_TABLES[@]}"; do
	sql "DROP TRIGGER opsdeck_notify ON $t" >/dev/null || bail "cannot drop the trigger on $t"
done
check "2: the triggers are gone (opsdeck.capabilities().notify is false)" \
	[ "$(sql "SELECT notify FROM opsdeck.capabilities()")" = f ]
conf 1
cockpit
check "2: a new cockpit (refresh = 1) says polling" \
	wait_until eval 'screen_has "20/28" "71%" && status_says polling'
echo "#   status: $(status_line)"
check "2: Planning's score is 92" agent_score Planning 92
sql "UPDATE agent_status SET health_score = 33 WHERE agent_name = 'Planning'" >/dev/null ||
	bail "cannot update agent_status"
check "2: psql sets Planning's score to 33: the AGENTS pane shows it" wait_until agent_score Planning 33
tmux_keys 3 z
sql "UPDATE rpm_action_items SET status = 'completed',
	completion_date = '2025-10-27 11:40', updated_at = '2025-10-27 11:40'
	WHERE action_code = 'ARCH-CLOUD-003'" >/dev/null || bail "cannot update rpm_action_items"
check "2: psql completes ARCH-CLOUD-003: it shows (COMPLETED 24H (6), 21/28)" \
	wait_until eval 'screen_has "3/6 ACTIONS" "COMPLETED 24H (6)" "21/28" && grep -qE "┃ ARCH-CLOUD-003 .* 20m ago " "$SCREEN"'
check "2: no event is listed (nothing was notified)" screen_lacks "EVENTS" "ACTION_COMPLETED" "AGENT_STATUS_CHANGE"
check "2: still polling" status_says polling
tmux_keys q
check "2: q quits, status 0" eval 'wait_exit && [ "$(pane_status)" = 0 ]'
if grep -Eq 'AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime error:' "$T/stderr"; then
	fail "no sanitizer report"
	sed 's/^/#   stderr: /' "$T/stderr" | head -20
else
	pass "no sanitizer report"
fi

finish
