#!/bin/sh
# shellcheck shell=bash
# The cockpit's keys (docs/keys.md) on the demo week at 120x40, started from
# a shell inside a private tmux server:
#   ? opens the help overlay, Escape closes it; 1-6 focus a pane (the focused
#   one, and only it, has the heavy border "┏━ N TITLE"); Enter/z zoom the
#   focused pane to the whole body and back (Escape too); g/j/k/Down/Up move
#   the selection in ACTIONS (read from the highlight with capture-pane -e);
#   / finds an action by its code; f owner=Jesse narrows the feed and an
#   empty filter restores it; r re-reads the database at once (refresh is an
#   hour); q quits with status 0 and leaves the terminal as it found it
#   (same stty modes, stdin not O_NONBLOCK, no alternate screen, cursor
#   visible, keypad mode off).
# Then [keys] quit = x: q no longer quits, the help lists x, x quits; C-c
# (SIGINT) quits with status 0 and restores the terminal too.  And invalid
# [keys] lines stop the start with FILE:LINE and status 2, quoting control
# and 8-bit bytes as \xNN (no tmux).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
T=$TEST_TMP

# --- invalid [keys] lines: refused at start, FILE:LINE, status 2 -----------
bad_keys() {
	local what=$1 line=$2 pattern=$3
	shift 3
	printf '%s\n' "$@" >"$T/bad.conf"
	run_opsdeck --config "$T/bad.conf" --db "dbname=nonexistent"
	if [ "$RC" = 2 ] && grep -qF -- "$T/bad.conf:$line:" "$ERR" &&
		grep -qF -- "$pattern" "$ERR" && printable_only "$ERR"; then
		pass "[keys] $what: exit 2, '$T/bad.conf:$line:' and '$pattern', no control byte"
	else
		fail "[keys] $what: exit 2, '$T/bad.conf:$line:' and '$pattern', no control byte (got status $RC)"
		sed 's/^/#   stderr: /' "$ERR" | LC_ALL=C cat -v
	fi
}
bad_keys "unknown key name" 5 "Ctrl-q" \
	'[ui]' 'principal = Jesse' '' '[keys]' 'quit = Ctrl-q'
bad_keys "unknown action" 3 "frobnicate" \
	'[keys]' 'help = ?' 'frobnicate = y'
bad_keys "one key for two actions" 4 "'x'" \
	'# two actions, one key' '[keys]' 'quit = x' 'help = x F1'
# What the file says is quoted as config errors quote it: control and 8-bit
# bytes as \xNN, never raw (an OSC title, a BEL, U+009B, the 8-bit CSI).
bad_keys "unknown key holding ESC [ 31m" 2 "unknown key '\x1b[31mq'" \
	'[keys]' $'quit = \e[31mq'
bad_keys "unknown action holding an OSC title and BEL" 2 \
	"unknown action 'x\x1b]0;PWNED\x07'" '[keys]' $'x\e]0;PWNED\a = y'
bad_keys "U+009B (CSI) bound twice" 3 "key '\xc2\x9b' is already bound" \
	'[keys]' $'quit = \xc2\x9b' $'help = \xc2\x9b'

# --- the cockpit, started from a shell --------------------------------------
fresh_db keys
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"

cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
refresh = 1h
[ui]
principal = Jesse
EOF
cat >"$T/remap.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
refresh = 1h
[keys]
quit = x
EOF
# Run by the shell in the pane right after opsdeck ends, before it reads
# another line: the terminal exactly as opsdeck left it.
cat >"$T/after.sh" <<EOF
stty -a >'$T/stty.after' 2>&1
'$PYTHON' -c 'import fcntl, os; print("O_NONBLOCK" if fcntl.fcntl(0, fcntl.F_GETFL) & os.O_NONBLOCK else "blocking")' >'$T/flags.after' 2>&1
EOF

# shellcheck disable=SC2046
tmux_start 120 40 "env $(app_env) PS1='\$ ' ENV= sh"
wait_for '$' >/dev/null || bail "no shell prompt in the pane"
tmux_type "stty -a >'$T/stty.before'"
tmux_keys Enter
wait_file "$T/stty.before" || bail "stty -a did not run in the pane"
term_flags() {
	pane_fmt 'alternate_on=#{alternate_on} cursor_flag=#{cursor_flag} keypad_cursor_flag=#{keypad_cursor_flag} keypad_flag=#{keypad_flag} mouse_any_flag=#{mouse_any_flag}'
}
flags_before=$(term_flags)

tmux_type "'$OPSDECK' --config '$T/opsdeck.conf' --now $NOW 2>'$T/stderr'; "'echo EXIT=$?'" >'$T/exit'; . '$T/after.sh'"
tmux_keys Enter
if wait_for "${TITLES[@]}" "68%" "19/28" "Jesse 75%"; then
	pass "the cockpit shows the demo week"
else
	fail "the cockpit shows the demo week"
	sed 's/^/#   stderr: /' "$T/stderr"
fi

# --- help --------------------------------------------------------------------
tmux_keys '?'
check "? opens the help overlay listing the bindings" \
	wait_for "HELP" "focus_next" "zoom" "search" "filter" "refresh" "quit"
tmux_keys Escape
check "Escape closes the help" wait_gone "focus_next"

# --- focus 1-6 -----------------------------------------------------------------
# focused_is K: exactly one pane title has the focus border, and it is K's.
focused_is() {
	local got
	got=$(grep -oE '┏━ [1-6] [A-Z]+' "$SCREEN")
	[ "$got" = "┏━ $1 ${TITLES[$(($1 - 1))]}" ]
}
for k in 2 5 1 6 4 3; do
	tmux_keys "$k"
	check "$k focuses ${TITLES[$((k - 1))]} (and only it)" wait_until focused_is "$k"
done

# --- zoom ------------------------------------------------------------------
zoomed() {
	screen_has "3/6 ACTIONS" "AlloyDB schema" && screen_lacks "2 WEEK" "4 AGENTS" "6 FUNNEL"
}
unzoomed() {
	screen_has "${TITLES[@]}" && screen_lacks "3/6 ACTIONS"
}
tmux_keys Enter
check "Enter zooms ACTIONS to the whole body" wait_until zoomed
tmux_keys Enter
check "Enter again: back to the six panes" wait_until unzoomed
tmux_keys z
check "z zooms ACTIONS" wait_until zoomed
tmux_keys z
check "z again: back to the six panes" wait_until unzoomed
tmux_keys z
wait_until zoomed >/dev/null
tmux_keys Escape
check "Escape un-zooms" wait_until unzoomed

# --- selection in ACTIONS ----------------------------------------------------
# The feed, in order: completed 24h ARCH-BOOT-001a, -001c, -001f, ...; the
# last of all is the overdue MUSIC-ALBUM-005, below the pane's fold.
check "ACTIONS focused: the first action is selected (ARCH-BOOT-001a)" wait_selected ARCH-BOOT-001a
tmux_keys j
check "j: next action (ARCH-BOOT-001c)" wait_selected ARCH-BOOT-001c
tmux_keys Down
check "Down: next action (ARCH-BOOT-001f)" wait_selected ARCH-BOOT-001f
tmux_keys k
check "k: previous action (ARCH-BOOT-001c)" wait_selected ARCH-BOOT-001c
tmux_keys Up
check "Up: previous action (ARCH-BOOT-001a)" wait_selected ARCH-BOOT-001a
tmux_keys G
check "G: the last action, scrolled into view (MUSIC-ALBUM-005)" wait_selected MUSIC-ALBUM-005
tmux_keys g
check "g: the first action again (ARCH-BOOT-001a)" wait_selected ARCH-BOOT-001a

# --- search --------------------------------------------------------------------
tmux_keys /
tmux_type "MUSIC-ALBUM-003"
tmux_keys Enter
check "/MUSIC-ALBUM-003 selects that action" wait_selected MUSIC-ALBUM-003
tmux_keys g
wait_selected ARCH-BOOT-001a >/dev/null
tmux_keys /
tmux_type "alloydb"
tmux_keys Enter
check "/alloydb (any case, by text) selects ARCH-CLOUD-002" wait_selected ARCH-CLOUD-002
tmux_keys Escape

# --- filter --------------------------------------------------------------------
# Zoomed, so that the feed's texts are not cut.
tmux_keys z
wait_until zoomed >/dev/null
tmux_keys f
check "f opens the filter prompt" wait_for "filter:"
tmux_type "owner=Jesse"
tmux_keys Enter
check "f owner=Jesse: Jesse's 'Boot script fixed' stays, Artifacts' 'AlloyDB schema' goes" \
	wait_until eval 'screen_has "Boot script fixed" "owner=Jesse" && screen_lacks "AlloyDB schema" "ARCH-CLOUD-002"'
tmux_keys f
wait_for "filter: owner=Jesse" >/dev/null
tmux_keys C-u Enter
check "an empty filter restores the feed" \
	wait_until eval 'screen_has "Boot script fixed" "AlloyDB schema" && screen_lacks "owner=Jesse"'
tmux_keys z
wait_until unzoomed >/dev/null

# --- refresh -------------------------------------------------------------------
# The config polls once an hour: only r can bring the change in now.
psql -X -q -d "$FRESH_DB" -c "UPDATE rpm_action_items SET status = 'completed',
	completion_date = '2025-10-27 11:00', updated_at = '2025-10-27 11:00'
	WHERE action_code = 'ARCH-CLOUD-003'" >/dev/null || bail "cannot update the demo"
tmux_keys r
check "r re-reads the database: 20/28 done, 71%" wait_for "20/28" "71%"

# --- quit, and the terminal afterwards -----------------------------------------
tmux_keys q
if wait_file "$T/exit" && [ "$(cat "$T/exit")" = EXIT=0 ]; then
	pass "q quits with exit status 0"
else
	fail "q quits with exit status 0 (got '$(cat "$T/exit" 2>/dev/null)')"
	sed 's/^/#   stderr: /' "$T/stderr"
fi
wait_file "$T/flags.after" >/dev/null
if wait_file "$T/stty.after" && diff "$T/stty.before" "$T/stty.after" >"$T/stty.diff"; then
	pass "terminal modes restored (stty -a right after exit equals before)"
else
	fail "terminal modes restored (stty -a right after exit equals before)"
	sed 's/^/#   /' "$T/stty.diff"
fi
# modes_sane FILE: stty -a output with the line discipline a shell needs.
modes_sane() {
	local m
	for m in icanon echo isig icrnl opost; do
		grep -qE -- "(^| )$m( |\$)" "$1" || { echo "#   '$m' is not on"; return 1; }
	done
}
check "stty -a after exit: icanon, echo, isig, icrnl, opost on" modes_sane "$T/stty.after"
if [ "$(cat "$T/flags.after" 2>/dev/null)" = blocking ]; then
	pass "stdin is blocking again after exit (no O_NONBLOCK left behind)"
else
	fail "stdin is blocking again after exit (got '$(cat "$T/flags.after" 2>/dev/null)')"
fi
flags_after=$(term_flags)
if [ "$flags_after" = "$flags_before" ]; then
	pass "tmux pane state restored ($flags_after)"
else
	fail "tmux pane state restored: before '$flags_before', after '$flags_after'"
fi
# And the shell is usable: a command typed now runs as usual.
tmux_type "stty -a >'$T/stty.typed'"
tmux_keys Enter
if wait_file "$T/stty.typed" && modes_sane "$T/stty.typed"; then
	pass "a command typed at the shell afterwards runs; icanon and echo on"
else
	fail "a command typed at the shell afterwards runs; icanon and echo on"
	capture
	show_screen
fi

# --- [keys] quit = x -------------------------------------------------------------
tmux_type "'$OPSDECK' --config '$T/remap.conf' --now $NOW 2>'$T/stderr2'; "'echo EXIT=$?'" >'$T/exit2'"
tmux_keys Enter
# (The database now says 20/28: the refresh above completed an action.)
if wait_for "${TITLES[@]}" "20/28"; then
	pass "[keys] quit = x: the cockpit starts"
else
	fail "[keys] quit = x: the cockpit starts"
	sed 's/^/#   stderr: /' "$T/stderr2"
fi
# q then ?: keys are read in order, so once the help shows, q has been
# read and did not quit.  The help is checked on its complete frame: a
# capture of a half-drawn overlay can lack its quit row.
tmux_keys q
tmux_keys '?'
if wait_box "HELP: keys" "focus_next" && [ ! -e "$T/exit2" ]; then
	pass "[keys] quit = x: q no longer quits"
else
	fail "[keys] quit = x: q no longer quits"
fi
check "[keys] quit = x: the help lists x for quit" grep -qE ' x +quit ' "$SCREEN"
check "[keys] quit = x: the help no longer lists q for quit" \
	eval "! grep -qE ' q +quit ' '$SCREEN'"
tmux_keys Escape
wait_gone "focus_next" >/dev/null
tmux_keys x
if wait_file "$T/exit2" && [ "$(cat "$T/exit2")" = EXIT=0 ]; then
	pass "[keys] quit = x: x quits with status 0"
else
	fail "[keys] quit = x: x quits with status 0 (got '$(cat "$T/exit2" 2>/dev/null)')"
	sed 's/^/#   stderr: /' "$T/stderr2"
fi

# --- Ctrl-C ------------------------------------------------------------------
# The interactive shell in the pane runs opsdeck as the foreground job, so
# C-c sends SIGINT to opsdeck alone: it quits as q does, with status 0.
rm -f "$T/stty.after"
tmux_type "'$OPSDECK' --config '$T/opsdeck.conf' --now $NOW 2>'$T/stderr3'; "'echo EXIT=$?'" >'$T/exit3'; . '$T/after.sh'"
tmux_keys Enter
wait_for "${TITLES[@]}" "20/28" >/dev/null || sed 's/^/#   stderr: /' "$T/stderr3"
tmux_keys C-c
if wait_file "$T/exit3" && [ "$(cat "$T/exit3")" = EXIT=0 ]; then
	pass "C-c (SIGINT) quits with status 0"
else
	fail "C-c (SIGINT) quits with status 0 (got '$(cat "$T/exit3" 2>/dev/null)')"
	sed 's/^/#   stderr: /' "$T/stderr3"
fi
if wait_file "$T/stty.after" && diff "$T/stty.before" "$T/stty.after" >"$T/stty.diff"; then
	pass "C-c: terminal modes restored"
else
	fail "C-c: terminal modes restored"
	sed 's/^/#   /' "$T/stty.diff"
fi

finish
