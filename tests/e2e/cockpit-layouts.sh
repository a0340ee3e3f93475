#!/bin/sh
# shellcheck shell=bash
# The cockpit's layouts, resized live in a private tmux server, on the demo
# week: at 120x40 the six panes and the seed's figures (68% 19/28, Jesse
# 75%, 2.7/day, $98K, the middle bottleneck at 3.8 days); then 80x24 (all
# six titles still on screen), 200x50, 60x20 (one pane at a time, "N/6
# TITLE"; Tab visits all six and comes back), 30x10, 20x4 (the "too small"
# notice) and back to 120x40.  After every resize: no line wider than the
# window, and every pane a closed box whose borders line up
# (tests/lib/tmux.sh screen_fits).  The help overlay at 120x40, 80x24,
# 60x20 and 30x10 is a closed box with nothing over its border.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
FIGURES=("68%" "19/28" "Jesse 75%" "2.7/day" '$98K' "3.8")

fresh_db layouts
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"

cat >"$TEST_TMP/opsdeck.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
[ui]
principal = Jesse
EOF

# shellcheck disable=SC2046
tmux_start 120 40 "env $(app_env) '$OPSDECK' --config '$TEST_TMP/opsdeck.conf' --now $NOW 2>'$TEST_TMP/stderr'"

fits_and_has() {
	fits_now && screen_has "$@"
}

# at_size LABEL STRING...: after a resize, polls until the screen is laid out
# for the new size and shows the strings; then checks both separately so
# that a failure says which.
at_size() {
	local size=$1 cols=$TMUX_COLS rows=$TMUX_ROWS
	shift
	WAIT_QUIET=1 wait_until fits_and_has "$@"
	if screen_has "$@"; then
		pass "$size: shows $*"
	else
		fail "$size: shows $*"
		show_screen
	fi
	if screen_fits "$cols" "$rows"; then
		pass "$size: nothing wider than the window, pane borders line up"
	else
		fail "$size: nothing wider than the window, pane borders line up"
		show_screen
	fi
}

at_size 120x40 "${TITLES[@]}" "${FIGURES[@]}"
check "120x40: the 3x2 grid (SERVICES, WEEK, ACTIONS on one line)" \
	grep -qE '1 SERVICES .*2 WEEK .*3 ACTIONS ' "$SCREEN"

tmux_resize 80 24
at_size 80x24 "${TITLES[@]}" "68%" "19/28"
check "80x24: the 2x3 grid (SERVICES beside WEEK)" \
	grep -qE '1 SERVICES .*2 WEEK ' "$SCREEN"

# Wide panes spell the money out ($98,000).
tmux_resize 200 50
at_size 200x50 "${TITLES[@]}" "68%" "19/28" "Jesse 75%" "2.7/day" '$98' "3.8"

# One pane at a time: whatever is focused shows as "N/6 TITLE"; Tab moves on.
tmux_resize 60 20
at_size 60x20 "/6 " "68%"
seen=()
first=
for ((i = 0; i <= 6; i++)); do
	cur=$(grep -oE '[1-6]/6 [A-Z]+' "$SCREEN" | head -1)
	[ -z "$first" ] && first=$cur
	seen+=("$cur")
	n=$(grep -cE '[1-6]/6 [A-Z]+' "$SCREEN")
	[ "$n" = 1 ] || { echo "# $n pane titles on the screen"; show_screen; }
	[ $i = 6 ] && break
	tmux_keys Tab
	# The next pane in reading order (6 wraps to 1), on a frame drawn
	# whole: its title comes before its borders are.
	k=${cur%%/*}
	next=$((k % 6 + 1))
	if ! WAIT_QUIET=1 wait_until fits_and_has "$next/6 ${TITLES[$((next - 1))]}"; then
		screen_has "$next/6 " || break
		fail "60x20: pane $next/6 fits the window"
		screen_fits 60 20
	fi
done
echo "# 60x20 Tab visited: ${seen[*]}"
all=1
for ((k = 1; k <= 6; k++)); do
	printf '%s\n' "${seen[@]}" | grep -qx "$k/6 ${TITLES[$((k - 1))]}" || all=0
done
if [ $all = 1 ] && [ "${seen[6]}" = "$first" ] && [ ${#seen[@]} = 7 ]; then
	pass "60x20: one pane at a time, Tab visits all six and comes back to $first"
else
	fail "60x20: one pane at a time, Tab visits all six and comes back (saw: ${seen[*]})"
	show_screen
fi

# 30x10, still one pane at a time.
tmux_resize 30 10
at_size 30x10 "/6 "

# The help overlay at every size: a closed box, nothing runs over its
# border or wraps (at 30x10 this once failed: tui/help.c drew the ACTION
# column at a fixed offset whatever the box's width).
for size in 120x40 80x24 60x20 30x10; do
	tmux_resize "${size%x*}" "${size#*x}"
	WAIT_QUIET=1 wait_until fits_now
	tmux_keys '?'
	# The title arrives with the frame's first rows: a capture right then
	# can catch tmux mid-frame, so wait for the frame to finish.  A box
	# that really runs over its border never closes and still fails here.
	if wait_box "HELP: keys"; then
		pass "$size: the help overlay is a closed box, no text over its border"
	else
		fail "$size: the help overlay is a closed box, no text over its border"
	fi
	tmux_keys Escape
	wait_gone "HELP: keys" >/dev/null
done

# Below 24x5: the notice, no panes.
tmux_resize 20 4
if wait_until grep -qi "small" "$SCREEN"; then
	pass "20x4: a 'terminal too small' notice"
else
	fail "20x4: a 'terminal too small' notice"
fi

tmux_resize 120 40
at_size "120x40 again" "${TITLES[@]}" "${FIGURES[@]}"

if pane_dead; then
	fail "the cockpit is still running after the resizes"
	sed 's/^/#   stderr: /' "$TEST_TMP/stderr"
else
	pass "the cockpit is still running after the resizes"
fi
tmux_keys q
check "q quits" wait_exit
check "exit status 0" eval '[ "$(pane_status)" = 0 ]'

finish
