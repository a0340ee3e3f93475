#!/bin/sh
# The cockpit on the demo week, in a private tmux server: the six panes and
# the seed's headline figures at 120x40, again after resizing to 80x24 and
# 200x50, the help overlay, focus by number, and a clean quit (exit status
# 0, the pane gone).  Waits poll capture-pane against a deadline; no fixed
# sleep is an assertion.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
command -v tmux >/dev/null 2>&1 || { echo "# SKIP: tmux is not installed"; exit 77; }

NOW=2025-10-27T12:00:00
DEADLINE_S=${COCKPIT_DEADLINE_S:-20}
SOCK=odtest$$
SESSION=cockpit
SCREEN=$TEST_TMP/screen.txt

fresh_db cockpit
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"

tmx() {
	tmux -L "$SOCK" "$@"
}

_smoke_cleanup() {
	tmux_kill
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	_test_cleanup
}
trap _smoke_cleanup EXIT

# capture: the screen as text into $SCREEN; false when the session is gone.
capture() {
	tmx capture-pane -p -t "$SESSION" >"$SCREEN" 2>/dev/null
}

# wait_for PATTERN...: polls until every fixed string is on the screen.
wait_for() {
	local end=$((SECONDS + DEADLINE_S)) p missing
	while :; do
		missing=
		if capture; then
			for p in "$@"; do
				grep -qF -- "$p" "$SCREEN" || { missing=$p; break; }
			done
			[ -z "$missing" ] && return 0
		else
			missing="(session gone)"
		fi
		if [ $SECONDS -ge $end ]; then
			echo "# waited ${DEADLINE_S}s for '$missing'; the screen:"
			sed 's/^/#   |/' "$SCREEN"
			return 1
		fi
		sleep 0.2
	done
}

# wait_gone PATTERN: polls until the string is no longer on the screen.
wait_gone() {
	local end=$((SECONDS + DEADLINE_S))
	while capture && grep -qF -- "$1" "$SCREEN"; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
	return 0
}

# fits COLS ROWS: no screen line wider than COLS columns, ROWS lines.
fits() {
	"$PYTHON" - "$SCREEN" "$1" "$2" <<'PY'
import sys, unicodedata
path, cols, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
bad = 0
for n, line in enumerate(lines, 1):
    w = sum(0 if unicodedata.combining(c) else
            2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
            for c in line)
    if w > cols:
        print("#   line %d is %d columns" % (n, w))
        bad = 1
if len(lines) > rows:
    print("#   %d lines on a %d-line screen" % (len(lines), rows))
    bad = 1
sys.exit(bad)
PY
}

TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
FIGURES=("68%" "19/28" "75%" "2.7" "Middle" "Bottleneck" "3.8" "98" '$98')

# check_screen COLSxROWS: polls until the panes and figures are on a screen
# laid out for that size (no line wider than it), then checks both on that
# one capture: a fresh one could catch tmux in the middle of a redraw.
check_screen() {
	local size=$1 cols=${1%x*} rows=${1#*x} end=$((SECONDS + DEADLINE_S))
	until wait_for "${TITLES[@]}" "${FIGURES[@]}" >/dev/null &&
		fits "$cols" "$rows" >/dev/null; do
		[ $SECONDS -ge $end ] && break
		sleep 0.2
	done
	if has_all "${TITLES[@]}" "${FIGURES[@]}"; then
		pass "$size: six panes and the seed figures"
	else
		fail "$size: six panes and the seed figures"
		sed 's/^/#   |/' "$SCREEN"
	fi
	check "$size: nothing wider than the screen" fits "$cols" "$rows"
}

# has_all STR...: every fixed string is on the last capture.
has_all() {
	local p
	for p in "$@"; do
		grep -qF -- "$p" "$SCREEN" || { echo "#   missing: $p"; return 1; }
	done
}

# Our own locale and an empty configuration; the server inherits PG*.
tmx -f /dev/null new-session -d -s "$SESSION" -x 120 -y 40 \
	"env -u LINES -u COLUMNS LC_ALL=C.UTF-8 XDG_CONFIG_HOME='$TEST_TMP/xdg' \
	HOME='$TEST_TMP/home' '$OPSDECK' --db 'dbname=$FRESH_DB' --now $NOW \
	2>'$TEST_TMP/stderr'; echo \$? >'$TEST_TMP/rc'" ||
	bail "tmux cannot start a session"

check_screen 120x40

tmx resize-window -t "$SESSION" -x 80 -y 24
check_screen 80x24

tmx resize-window -t "$SESSION" -x 200 -y 50
check_screen 200x50

tmx send-keys -t "$SESSION" '?'
check "? shows the help overlay" wait_for "HELP" "focus_next" "quit"
tmx send-keys -t "$SESSION" Escape
check "Escape closes the help" wait_gone "focus_next"

tmx send-keys -t "$SESSION" 2
check "2 focuses WEEK" wait_for "┏━ 2 WEEK"

tmx send-keys -t "$SESSION" q
end=$((SECONDS + DEADLINE_S))
while tmx has-session -t "$SESSION" 2>/dev/null && [ $SECONDS -lt $end ]; do
	sleep 0.2
done
if tmx has-session -t "$SESSION" 2>/dev/null; then
	fail "q quits (the pane is still there)"
else
	pass "q quits and the pane is gone"
fi
rc=$(cat "$TEST_TMP/rc" 2>/dev/null)
if [ "$rc" = 0 ]; then
	pass "exit status 0"
else
	fail "exit status 0 (got '${rc:-none}')"
	sed 's/^/#   stderr: /' "$TEST_TMP/stderr" 2>/dev/null
fi

finish
