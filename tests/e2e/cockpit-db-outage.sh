#!/bin/sh
# shellcheck shell=bash
# The database goes away under a running cockpit and comes back.  On a
# private PostgreSQL server of its own (stopping the shared test server
# would break the tests running beside this one), the cockpit shows the
# demo week with [database] refresh = 1; then the server is stopped
# (immediate shutdown): the status line leaves "db ok" for a reconnecting /
# error state, the data is marked stale (header, status line and the pane
# titles "stale Ns", the age counting up), and the last figures (68%,
# 19/28) stay on screen; the keys still work meanwhile (? help, Escape,
# 1-6 focus).
# The server is started again: "db ok" returns, the stale marks go, and the
# data is live again (a change made in the database shows up by itself).
# Then a second outage and recovery, and q quits with status 0.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
T=$TEST_TMP

# --- a private server ------------------------------------------------------------
private_pg_start

fresh_db outage
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"

cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = host=127.0.0.1 port=$PGPORT user=postgres dbname=$FRESH_DB connect_timeout=2
refresh = 1
connect_timeout = 2
query_timeout = 3
[ui]
principal = Jesse
EOF

# shellcheck disable=SC2046
tmux_start 120 40 "env $(app_env) '$OPSDECK' --config '$T/opsdeck.conf' --now $NOW 2>'$T/stderr'"

status_line() {
	tail -n 1 "$SCREEN"
}
db_ok() {
	status_line | grep -qE '^ *db ok'
}
db_down() {
	status_line | grep -qE '^ *db (connecting|reconnecting|error|failed)'
}
stale_marked() {
	grep -qiE 'stale' "$SCREEN"
}
live_again() {
	db_ok && ! stale_marked && screen_has "2 WEEK ─" "live"
}
focused() {
	grep -oE '┏━ [1-6] [A-Z]+' "$SCREEN"
}

if wait_until eval 'screen_has "${TITLES[@]}" "68%" "19/28" && db_ok'; then
	pass "the demo week, db ok"
else
	fail "the demo week, db ok"
	sed 's/^/#   stderr: /' "$T/stderr"
fi

# --- the server stops ----------------------------------------------------------
pg_throwaway_pause || bail "pg_throwaway_pause failed"
if wait_until db_down; then
	pass "server stopped: the status line leaves 'db ok' ($(status_line | cut -c1-60))"
else
	fail "server stopped: the status line leaves 'db ok' for connecting/reconnecting/error"
fi
check "server stopped: the data is marked stale" wait_until stale_marked
# Each check polls: the capture that showed "stale" can be a frame tmux
# has drawn only in part.
check "server stopped: the last figures stay on screen (68%, 19/28, six panes)" \
	wait_for "68%" "19/28" "Jesse 75%" "${TITLES[@]}"
echo "#   status: $(status_line)"
echo "#   header: $(head -n 1 "$SCREEN")"
echo "#   titles: $(sed -n 2p "$SCREEN")"
check "server stopped: the pane titles say stale (WEEK, ACTIONS)" \
	wait_until eval 'grep -qE "2 WEEK [─━]+ stale [0-9]+s [─━]" "$SCREEN" && grep -qE "3 ACTIONS [─━]+ stale [0-9]+s [─━]" "$SCREEN"'

tmux_keys '?'
check "server stopped: ? opens the help" wait_for "HELP" "focus_next"
tmux_keys Escape
check "server stopped: Escape closes it" wait_gone "focus_next"
tmux_keys 4
check "server stopped: 4 focuses AGENTS" wait_until eval '[ "$(focused)" = "┏━ 4 AGENTS" ]'
check "server stopped: still down, still stale" wait_until eval 'db_down && stale_marked'
check "server stopped: the stale age counts up (STALE 2s or more)" \
	wait_until grep -qE 'STALE ([2-9]|[1-9][0-9]+)(s|m)' "$SCREEN"

# --- the server returns --------------------------------------------------------
pg_throwaway_resume || bail "pg_throwaway_resume failed"
if wait_until live_again; then
	pass "server back: db ok, no stale mark, panes live"
else
	fail "server back: db ok, no stale mark, panes live"
fi
psql -X -q -d "$FRESH_DB" -c "UPDATE rpm_action_items SET status = 'completed',
	completion_date = '2025-10-27 11:00', updated_at = '2025-10-27 11:00'
	WHERE action_code = 'ARCH-CLOUD-003'" >/dev/null || bail "cannot update the demo"
check "server back: a change in the database shows (20/28, 71%)" wait_for "20/28" "71%"

# --- a second outage, for the road ---------------------------------------------
pg_throwaway_pause || bail "pg_throwaway_pause failed"
check "second outage: noticed, 20/28 stays" wait_until eval 'db_down && stale_marked && screen_has "20/28"'
pg_throwaway_resume || bail "pg_throwaway_resume failed"
check "second outage: recovered" wait_until live_again

tmux_keys q
check "q quits" wait_exit
rc=$(pane_status)
check "exit status 0 (got '$rc')" [ "$rc" = 0 ]

finish
