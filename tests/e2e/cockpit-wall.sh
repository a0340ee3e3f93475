#!/bin/sh
# shellcheck shell=bash
# Wall mode is a key table of its own (docs/keys.md): opsdeck --wall on the
# demo week starts zoomed on SERVICES with WALL in the status line; 1-6 and
# Tab jump, z toggles between the zoom and the six-pane overview, ? opens
# the help and Escape closes it, q quits with status 0.  The keys the table
# lacks do nothing: / (search) and f (filter) open no prompt, so a digit
# pressed after them still moves the focus instead of being typed into a
# prompt, and j does not select a row.  [ui] wall_cycle is an hour, so the
# zoom does not move by itself while the test looks.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
T=$TEST_TMP

fresh_db wall
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
[ui]
principal = Jesse
wall_cycle = 3600
EOF

status_line() {
	tail -n 1 "$SCREEN"
}
zoomed_on() { # N TITLE
	screen_has "$1/6 $2" && status_line | grep -q WALL
}
overview() {
	screen_has "${TITLES[@]}" && screen_lacks "/6 " && status_line | grep -q WALL
}
no_prompt() {
	screen_lacks "search:" "filter:" "Enter: apply"
}

# shellcheck disable=SC2046
tmux_start 120 40 "env $(app_env) '$OPSDECK' --config '$T/opsdeck.conf' --wall --now $NOW 2>'$T/stderr'"

check "starts zoomed on SERVICES, WALL in the status line" \
	wait_until eval 'zoomed_on 1 SERVICES && screen_has "68%"'
tmux_keys 3
check "3 jumps to ACTIONS" wait_until zoomed_on 3 ACTIONS
tmux_keys Tab
check "Tab moves on to AGENTS" wait_until zoomed_on 4 AGENTS

# Keys the wall table lacks: nothing opens, the next digit still jumps.
tmux_keys /
tmux_keys 2
check "/ opens no search prompt: 2 still jumps to WEEK" \
	wait_until eval 'zoomed_on 2 WEEK && no_prompt'
tmux_keys f
tmux_keys 5
check "f opens no filter prompt: 5 still jumps to REVENUE" \
	wait_until eval 'zoomed_on 5 REVENUE && no_prompt'
tmux_keys 3 j j
check "j selects nothing in ACTIONS" \
	wait_until eval 'zoomed_on 3 ACTIONS && [ -z "$(selected_text)" ]'

tmux_keys z
check "z shows the six-pane overview" wait_until overview
tmux_keys z
check "z again zooms (on ACTIONS)" wait_until zoomed_on 3 ACTIONS

tmux_keys '?'
check "? opens the help" wait_box HELP
tmux_keys Escape
check "Escape closes it" wait_until eval 'zoomed_on 3 ACTIONS && screen_lacks "HELP"'

tmux_keys q
check "q quits" wait_exit
rc=$(pane_status)
check "exit status 0 (got '$rc')" [ "$rc" = 0 ]

finish
