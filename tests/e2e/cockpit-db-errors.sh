#!/bin/sh
# shellcheck shell=bash
# The cockpit survives what a live database does to it:
#  (a) a failed refresh does not wedge the session: agent_status is renamed
#      away under a cockpit at refresh = 1 (every refresh now fails, "db
#      error"), then back: the next refresh succeeds, "db ok", figures live;
#  (b) a query waiting on a lock past query_timeout is cancelled and the
#      session reused: while a lock is held, three refreshes in a row time
#      out on one and the same backend, never two of ours at once; when the
#      lock goes the cockpit is "db ok" again;
#  (c) the database cannot write to the terminal: a NOTICE holding an OSC
#      title, a clear-screen and a bell, raised on every refresh, with the
#      cockpit's stderr on the terminal itself: the status line shows the
#      notice sanitized, tmux's pane title and bell flag are unchanged, the
#      panes stay drawn.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
T=$TEST_TMP
APP=opsdeck_dberr_$$

status_line() {
	tail -n 1 "$SCREEN"
}
db_ok() {
	status_line | grep -qE '^ *db ok'
}
db_error() {
	status_line | grep -qE '^ *db error'
}
demo_drawn() {
	screen_has "${TITLES[@]}" "68%" "19/28"
}
# The demo's agents (AGENTS pane) are on screen: the agent table was read.
agents_drawn() {
	screen_has "QA Agent"
}
# start_cockpit DB [STDERR]: the pane's title is set to known-title before
# opsdeck starts; stderr goes to STDERR, or to the terminal when "tty".
start_cockpit() {
	local db=$1 err=${2:-$T/stderr} redirect=
	[ "$err" = tty ] || redirect="2>'$err'"
	cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = dbname=$db application_name=$APP
refresh = 1
query_timeout = 1
[ui]
principal = Jesse
EOF
	tmux_kill
	rm -f "$T/go"
	# shellcheck disable=SC2046
	tmux_start 120 40 "while [ ! -e '$T/go' ]; do sleep 0.1; done; exec env $(app_env) '$OPSDECK' --config '$T/opsdeck.conf' --now $NOW $redirect"
	tmx set-option -g allow-rename on \; set-option -g automatic-rename off \; \
		set-option -g monitor-bell on \; set-option -g bell-action any \; \
		select-pane -t "$TMUX_SESSION" -T known-title
	touch "$T/go"
}
quits() {
	tmux_keys q
	check "$1: q quits" wait_exit
	check "$1: exit status 0" eval '[ "$(pane_status)" = 0 ]'
}

fresh_db dberr
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
sql() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$FRESH_DB" -c "$1" >/dev/null
}

# --- (a) a table renamed away and back ---------------------------------------
start_cockpit "$FRESH_DB"
check "(a) the demo week, db ok" wait_until eval 'demo_drawn && agents_drawn && db_ok'
sql "ALTER TABLE agent_status RENAME TO agent_status_away" || bail "cannot rename"
check "(a) table gone: every refresh fails, db error" wait_until db_error
check "(a) table gone: the last figures stay" screen_has "68%" "19/28"
sql "ALTER TABLE agent_status_away RENAME TO agent_status" || bail "cannot rename back"
if wait_until eval 'db_ok && agents_drawn'; then
	pass "(a) table back: the next refresh succeeds (db ok)"
else
	fail "(a) table back: the next refresh succeeds (db ok)"
	psql -X -A -t -d postgres -c "SELECT state FROM pg_stat_activity WHERE application_name = '$APP'" |
		sed 's/^/#   backend state: /'
fi
sql "UPDATE rpm_action_items SET status = 'completed', completion_date = '2025-10-27 11:00',
	updated_at = '2025-10-27 11:00' WHERE action_code = 'ARCH-CLOUD-003'"
check "(a) table back: a change shows (20/28)" wait_for "20/28"
quits "(a)"

# --- (b) a lock held past query_timeout ----------------------------------------
mkfifo "$T/holder.in"
psql -X -q -d "$FRESH_DB" <"$T/holder.in" >"$T/holder.out" 2>&1 &
HOLDER_PID=$!
exec 7>"$T/holder.in"
# The tmux server inherits fd 7, so the holder may never see its input
# close: it is killed instead.
tmux_on_exit "exec 7>&-; kill $HOLDER_PID 2>/dev/null"
start_cockpit "$FRESH_DB"
check "(b) the week, db ok" wait_until eval 'screen_has "20/28" && db_ok'
echo "BEGIN; LOCK TABLE agent_status IN ACCESS EXCLUSIVE MODE; SELECT 'locked';" >&7
for _ in $(seq 100); do grep -q locked "$T/holder.out" && break; sleep 0.1; done
grep -q locked "$T/holder.out" || bail "the lock holder did not take its lock"

# Watches our backends: each timed-out refresh shows as a new query_start;
# more than one backend of ours at any moment is the defect.
declare -A starts=()
most=0
end=$((SECONDS + TMUX_DEADLINE_S * 2))
while [ ${#starts[@]} -lt 4 ] && [ $SECONDS -lt $end ]; do
	rows=$(psql -X -A -t -F'|' -d postgres -c "SELECT pid, query_start, wait_event_type
		FROM pg_stat_activity WHERE application_name = '$APP'")
	n=$(printf '%s' "$rows" | grep -c .)
	[ "$n" -gt "$most" ] && most=$n
	[ "$n" -gt 1 ] && break
	while IFS='|' read -r pid qs wait; do
		[ "$wait" = Lock ] && starts["$pid $qs"]=1
	done <<<"$rows"
	sleep 0.2
done
pids=$(printf '%s\n' "${!starts[@]}" | cut -d' ' -f1 | sort -u | grep -c .)
check "(b) four refreshes waited on the lock in turn (saw ${#starts[@]})" [ "${#starts[@]}" -ge 4 ]
check "(b) never more than one backend of ours (most at once: $most)" [ "$most" -le 1 ]
check "(b) all on one and the same backend (pids: $pids)" [ "$pids" -eq 1 ]
check "(b) the status line says the query timed out" wait_until grep -q "timed out" "$SCREEN"
tmux_keys 4
check "(b) keys work meanwhile (4 focuses AGENTS)" wait_until grep -q '┏━ 4 AGENTS' "$SCREEN"
echo "ROLLBACK;" >&7
check "(b) lock released: db ok again" wait_until eval 'db_ok && ! grep -q "timed out" "$SCREEN"'
quits "(b)"

# --- (c) a NOTICE with escape sequences on every refresh ------------------------
load_sql "$FRESH_DB" "$top_srcdir/tests/lib/noisy-notice.sql" || bail "cannot install the noisy view"
start_cockpit "$FRESH_DB" tty
check "(c) the notice shows in the status line" wait_until eval 'status_line | grep -q "NOTICE: hello"'
check "(c) the panes are drawn, db ok" wait_until eval 'screen_has "${TITLES[@]}" "20/28" && db_ok'
got=$(pane_fmt '#{pane_title}|#{window_bell_flag}')
check "(c) pane title and bell flag unchanged (got $got)" [ "$got" = "known-title|0" ]
check "(c) the escape shows as a replacement character" eval 'status_line | grep -q "�]2;PWNED"'
quits "(c)"

finish
