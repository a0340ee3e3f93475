# shellcheck shell=bash
# tmux helpers for the cockpit's end-to-end tests (tests/e2e/*.sh).
# Source it after tests/lib/common.sh:
#
#   . "$top_srcdir/tests/lib/tmux.sh"
#   tmux_init                  # SKIP (77) without tmux; a private server
#                              # (-L, -f /dev/null) named after the test
#   tmux_on_exit CMD...        # run CMD at exit, before the server is killed
#   tmux_kill                  # end the server and wait until it is gone
#   tmux_start COLS ROWS CMD   # a detached session of that size running CMD
#                              # (through sh -c); window-size manual, panes
#                              # stay after their process ends (remain-on-exit)
#   tmx ARGS...                # tmux on the private server
#   app_env                    # words for env(1): no LINES/COLUMNS, TERM,
#                              # a UTF-8 locale, private HOME/XDG_CONFIG_HOME
#   tmux_resize COLS ROWS      # resize-window, live
#   tmux_keys KEY...           # send-keys with key names (Tab, Escape, C-u)
#   tmux_type TEXT             # send-keys -l: the text as typed
#   capture                    # screen text into $SCREEN (false: pane gone)
#   capture_e                  # the same with attributes (-e) into $SCREEN_E
#   screen_has STR... / screen_lacks STR...   # on the last capture
#   wait_for STR...            # polls until every fixed string is on screen
#   wait_gone STR...           # polls until none of them is
#   wait_until CMD...          # polls capture + CMD until CMD succeeds
#   wait_selected TEXT         # polls until the selection shows TEXT
#   selected_text              # what is drawn in a highlight (bg/reverse)
#   screen_fits COLS ROWS      # no line wider than COLS, at most ROWS lines,
#                              # pane borders closed and lined up
#   box_closed TEXT            # the box titled TEXT (an overlay) is closed
#   wait_box TEXT [STR...]     # polls until that box is drawn whole (closed)
#                              # and every STR is on screen: the frame is
#                              # complete, $SCREEN can be checked further
#   pane_dead / wait_exit      # the pane's process has ended
#   pane_status                # then: its exit status (or "signal N")
#   pane_fmt FORMAT            # display-message -p on the pane
#   show_screen                # the last capture as TAP comments
#   private_pg_start           # a PostgreSQL of the test's own (to stop it)
#
# Every wait polls every 0.2 s up to $TMUX_DEADLINE_S seconds (20, or
# $COCKPIT_DEADLINE_S) and then shows the screen it last saw.  No fixed sleep
# is ever an assertion.

TMUX_DEADLINE_S=${COCKPIT_DEADLINE_S:-20}
TMUX_SESSION=e2e
SCREEN=$TEST_TMP/screen.txt
SCREEN_E=$TEST_TMP/screen-e.txt
_tmux_exit_cmds=()

tmux_init() {
	command -v tmux >/dev/null 2>&1 || { echo "# SKIP: tmux is not installed"; exit 77; }
	TMUX_SOCK=od-${TEST_NAME}-$$
	# tmux and python print UTF-8 regardless of the caller's locale.
	export PYTHONIOENCODING=utf-8
	unset TMUX
	trap _tmux_cleanup EXIT
}

tmux_on_exit() {
	_tmux_exit_cmds+=("$*")
}

_tmux_cleanup() {
	local i
	for ((i = ${#_tmux_exit_cmds[@]} - 1; i >= 0; i--)); do
		eval "${_tmux_exit_cmds[$i]}" || true
	done
	tmx kill-server >/dev/null 2>&1
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK"
	_test_cleanup
}

tmx() {
	tmux -L "$TMUX_SOCK" "$@"
}

# tmux_kill: ends the private server and waits until its process is gone.
# kill-server returns before the server exits; a new-session that reaches
# the dying server fails with "server exited unexpectedly".
tmux_kill() {
	local pid end=$((SECONDS + TMUX_DEADLINE_S))
	pid=$(tmx display-message -p '#{pid}' 2>/dev/null)
	tmx kill-server >/dev/null 2>&1
	[ -n "$pid" ] || return 0
	# Gone, or a zombie: where nothing reaps orphans, it stays one.
	while [ $SECONDS -lt $end ]; do
		case $(ps -o stat= -p "$pid" 2>/dev/null) in
		'' | Z*) return 0 ;;
		esac
		sleep 0.05
	done
}

# The environment of the program under test (use as: env $(app_env) ...).
# TMUX_APP_LANG overrides the locale (default C.UTF-8).
app_env() {
	printf '%s ' -u LINES -u COLUMNS -u LC_ALL -u LC_CTYPE -u NO_COLOR -u XDG_STATE_HOME \
		"TERM=${TMUX_APP_TERM:-tmux-256color}" "LANG=${TMUX_APP_LANG:-C.UTF-8}" \
		"HOME=$TEST_TMP/home" "XDG_CONFIG_HOME=$TEST_TMP/xdg"
}

# tmux_start COLS ROWS CMD: the session; CMD runs under the default shell.
# Only one session per server: tmux 3.3a crashes when a second detached
# session with -x/-y is created under window-size manual.
tmux_start() {
	local cols=$1 rows=$2 cmd=$3
	tmx -f /dev/null new-session -d -s "$TMUX_SESSION" -x "$cols" -y "$rows" "$cmd" \; \
		set-option -g remain-on-exit on \; \
		set-option -g window-size manual \; \
		set-option -g history-limit 0 ||
		bail "tmux cannot start a session"
	TMUX_COLS=$cols TMUX_ROWS=$rows
}

tmux_resize() {
	tmx resize-window -t "$TMUX_SESSION" -x "$1" -y "$2"
	TMUX_COLS=$1 TMUX_ROWS=$2
}

tmux_keys() {
	tmx send-keys -t "$TMUX_SESSION" "$@"
}

tmux_type() {
	tmx send-keys -t "$TMUX_SESSION" -l -- "$1"
}

capture() {
	tmx capture-pane -p -t "$TMUX_SESSION" >"$SCREEN" 2>/dev/null
}

capture_e() {
	tmx capture-pane -p -e -t "$TMUX_SESSION" >"$SCREEN_E" 2>/dev/null
}

pane_fmt() {
	tmx display-message -p -t "$TMUX_SESSION" "$1" 2>/dev/null
}

# pane_dead: the pane's process has ended and tmux has its exit status.
# Debian's tmux is built with libutempter, whose own SIGCHLD handler can
# swallow the signal of a pane process that exits while the pane's utmp
# record is being removed (tmux issues #311, #4559): the pane then reads as
# dead, with no status, and the process stays a zombie.  A SIGCHLD sent to
# the server makes it reap the process.
pane_dead() {
	case $(pane_fmt '#{pane_dead}:#{pane_dead_status}#{pane_dead_signal}') in
	1:?*) return 0 ;;
	1:) kill -CHLD "$(tmx display-message -p '#{pid}')" 2>/dev/null ;;
	esac
	! tmx has-session -t "$TMUX_SESSION" 2>/dev/null
}

# pane_status: after pane_dead, the exit status, or "signal N".
pane_status() {
	pane_fmt '#{pane_dead_status}#{?pane_dead_signal,signal #{pane_dead_signal},}'
}

show_screen() {
	sed 's/^/#   |/' "${1:-$SCREEN}" 2>/dev/null
}

screen_has() {
	local p
	for p in "$@"; do
		grep -qF -- "$p" "$SCREEN" || return 1
	done
}

screen_lacks() {
	local p
	for p in "$@"; do
		grep -qF -- "$p" "$SCREEN" && return 1
	done
	return 0
}

# wait_until CMD...: capture, run CMD; again every 0.2 s until it succeeds
# or the deadline passes (then the screen is shown and the result is false).
# Set WAIT_QUIET=1 to skip showing the screen.
wait_until() {
	local end=$((SECONDS + TMUX_DEADLINE_S))
	while :; do
		capture && "$@" && return 0
		if ! tmx has-session -t "$TMUX_SESSION" 2>/dev/null; then
			echo "# the tmux session is gone (waiting for: $*)"
			return 1
		fi
		if [ $SECONDS -ge $end ]; then
			if [ -z "${WAIT_QUIET:-}" ]; then
				echo "# waited ${TMUX_DEADLINE_S}s for: $*"
				show_screen
			fi
			return 1
		fi
		sleep 0.2
	done
}

wait_for() {
	wait_until screen_has "$@"
}

wait_gone() {
	wait_until screen_lacks "$@"
}

# wait_exit: polls until the pane's process has ended.  When it does not,
# shows the screen and where the pane's processes are (pane_diagnose).
wait_exit() {
	local end=$((SECONDS + TMUX_DEADLINE_S))
	until pane_dead; do
		if [ $SECONDS -ge $end ]; then
			capture
			echo "# waited ${TMUX_DEADLINE_S}s for the program to end; the screen:"
			show_screen
			pane_diagnose
			return 1
		fi
		sleep 0.2
	done
}

# pane_diagnose: the processes in the pane, what each waits in, its open
# descriptors and, with gdb installed, its stack; as comments.
pane_diagnose() {
	local pid p
	pid=$(pane_fmt '#{pane_pid}')
	[ -n "$pid" ] || return 0
	for p in $pid $(pgrep -P "$pid" 2>/dev/null); do
		[ -d "/proc/$p" ] || continue
		echo "# process $p: $(tr '\0' ' ' <"/proc/$p/cmdline" | cut -c1-100)"
		echo "#   state $(awk '{print $3}' "/proc/$p/stat"), wchan $(cat "/proc/$p/wchan" 2>/dev/null), parent $(awk '{print $4}' "/proc/$p/stat")"
		for t in "/proc/$p/task/"*; do
			echo "#   thread ${t##*/} ($(cat "$t/comm" 2>/dev/null)): state $(awk '{print $3}' "$t/stat" 2>/dev/null), wchan $(cat "$t/wchan" 2>/dev/null)"
		done
		ls -l "/proc/$p/fd" 2>/dev/null | awk 'NR > 1 {print "#   fd " $9 " -> " $11}'
		if command -v gdb >/dev/null 2>&1; then
			timeout 20 gdb -p "$p" -batch -ex 'thread apply all bt' 2>/dev/null |
				grep -E '^(#|Thread)' | head -40 | sed 's/^/#   /'
		fi
	done
}

# wait_file FILE: polls until FILE exists and is not empty.
wait_file() {
	local end=$((SECONDS + TMUX_DEADLINE_S))
	until [ -s "$1" ]; do
		[ $SECONDS -ge $end ] && { echo "# waited ${TMUX_DEADLINE_S}s for $1"; return 1; }
		sleep 0.2
	done
}

# selected_text: every run of text drawn with a background colour or in
# reverse video, one line per screen row that has any ("ROW: run | run").
selected_text() {
	capture_e || return 1
	"$PYTHON" - "$SCREEN_E" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
bg = None
rev = False
def sgr(params):
    global bg, rev
    p = [x for x in params.split(";")] if params else ["0"]
    i = 0
    while i < len(p):
        v = int(p[i]) if p[i].isdigit() else 0
        if v == 0:
            bg, rev = None, False
        elif v == 7:
            rev = True
        elif v == 27:
            rev = False
        elif 40 <= v <= 47 or 100 <= v <= 107:
            bg = v
        elif v == 49:
            bg = None
        elif v in (38, 48, 58):
            n = 3 if i + 1 < len(p) and p[i + 1] == "5" else 5
            if v == 48:
                bg = ";".join(p[i:i + n])
            i += n - 1
        i += 1
tok = re.compile(r"\x1b\[([0-9;:]*)([A-Za-z])|\x1b[^\[]|([^\x1b]+)")
for row, line in enumerate(text.split("\n")):
    runs, cur = [], ""
    for m in tok.finditer(line):
        if m.group(3) is not None:
            if bg is not None or rev:
                cur += m.group(3)
            elif cur:
                runs.append(cur); cur = ""
        elif m.group(2) == "m":
            if cur:
                runs.append(cur); cur = ""
            sgr(m.group(1))
    if cur:
        runs.append(cur)
    runs = [r for r in runs if r.strip()]
    if runs:
        print("%d: %s" % (row, " | ".join(runs)))
PY
}

# selection_is TEXT: the highlighted text includes TEXT.
selection_is() {
	selected_text >"$TEST_TMP/selected.txt" && grep -qF -- "$1" "$TEST_TMP/selected.txt"
}

wait_selected() {
	if WAIT_QUIET=1 wait_until selection_is "$1"; then
		return 0
	fi
	echo "# waited ${TMUX_DEADLINE_S}s for the selection to show '$1'; highlighted:"
	sed 's/^/#   /' "$TEST_TMP/selected.txt"
	show_screen
	return 1
}

# screen_fits COLS ROWS: the last capture has at most ROWS lines, none wider
# than COLS columns (wide characters count two, combining marks none), and
# every pane in it is a closed box (drawn with box characters or + - |): its top corners line up with its bottom
# corners, its side borders run straight between them, the panes of a row
# of panes share their top and bottom rows and fill the width, and the rows
# of panes fill everything between the header (first line) and the status
# line (last).  Problems are printed as comments (SCREEN_FITS_QUIET=1: not).
screen_fits() {
	"$PYTHON" - "$SCREEN" "$1" "$2" "${SCREEN_FITS_QUIET:-}" <<'PY'
import sys, unicodedata
path, cols, rows, quiet = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
if lines and lines[-1] == "":
    lines.pop()
problems = []
def cells(line):
    out = []
    for ch in line:
        if unicodedata.combining(ch):
            continue
        out.append(ch)
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            out.append("")
    return out
grid = [cells(l) for l in lines]
for n, c in enumerate(grid):
    if len(c) > cols:
        problems.append("line %d is %d columns wide (screen: %d)" % (n + 1, len(c), cols))
if len(grid) > rows:
    problems.append("%d lines on a %d-line screen" % (len(grid), rows))
grid += [[] for _ in range(rows - len(grid))]
grid = [c + [" "] * (cols - len(c)) for c in grid]
# Box drawing, light and heavy, and the ASCII fallback (+ - |).
TL, TR, BL, BR, V = "┌┏+", "┐┓+", "└┗+", "┘┛+", "│┃|"
covered = set()
r = 1
while r < rows - 1:
    row = grid[r]
    if row[0] not in TL:
        if r not in covered:
            problems.append("line %d: not inside a pane: %r" % (r + 1, "".join(row).rstrip()[:60]))
        r += 1
        continue
    # A row of panes starts here: pair each top-left corner with the next
    # top-right corner.
    panes, c = [], 0
    while c < cols:
        if row[c] in TL:
            e = c + 1
            while e < cols and row[e] not in TR:
                e += 1
            if e >= cols:
                problems.append("line %d: pane at column %d has no top-right corner" % (r + 1, c + 1))
                break
            panes.append((c, e))
            c = e + 1
        else:
            c += 1
    if not panes or panes[0][0] != 0 or panes[-1][1] != cols - 1:
        problems.append("line %d: the panes do not span the width" % (r + 1))
    for (a, b), (a2, b2) in zip(panes, panes[1:]):
        if a2 != b + 1:
            problems.append("line %d: gap between the panes at columns %d-%d" % (r + 1, b + 1, a2 + 1))
    bottoms = set()
    for a, b in panes:
        bot = r + 1
        while bot < rows and grid[bot][a] in V and grid[bot][b] in V:
            bot += 1
        if bot >= rows or grid[bot][a] not in BL or grid[bot][b] not in BR:
            got = "".join(grid[bot][a:b + 1]).rstrip()[:50] if bot < rows else "(end)"
            problems.append("pane at line %d, columns %d-%d: its borders do not run straight "
                            "down to its bottom corners (line %d: %r)" % (r + 1, a + 1, b + 1, bot + 1, got))
            continue
        bottoms.add(bot)
    if len(bottoms) > 1:
        problems.append("line %d: the panes of one row end on different lines %s"
                        % (r + 1, sorted(x + 1 for x in bottoms)))
    last = max(bottoms) if bottoms else r
    covered.update(range(r, last + 1))
    r = last + 1
if not quiet:
    for p in problems[:15]:
        print("#   " + p)
sys.exit(1 if problems else 0)
PY
}

# box_closed TEXT: the box whose top border holds TEXT (an overlay such as
# the help) is closed: from the corners left and right of TEXT, its sides
# run straight down to its bottom corners, and nothing inside it sticks out
# over them.  Problems are printed as comments (BOX_CLOSED_QUIET=1: not).
box_closed() {
	"$PYTHON" - "$SCREEN" "$1" "${BOX_CLOSED_QUIET:-}" <<'PY'
import sys, unicodedata
path, text, quiet = sys.argv[1], sys.argv[2], sys.argv[3]
if quiet:
    sys.stdout = open("/dev/null", "w")
def cells(line):
    out = []
    for ch in line:
        if unicodedata.combining(ch):
            continue
        out.append(ch)
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            out.append("")
    return out
lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
grid = [cells(l) for l in lines]
top = next((i for i, l in enumerate(lines) if text in l), None)
if top is None:
    print("#   no box titled %r on the screen" % text)
    sys.exit(1)
row = grid[top]
at = len(cells(lines[top][:lines[top].index(text)]))
left = next((c for c in range(at, -1, -1) if row[c] in "┌┏+"), None)
right = next((c for c in range(at + 1, len(row)) if row[c] in "┐┓+"), None)
if left is None or right is None:
    print("#   the box titled %r has no corners on line %d" % (text, top + 1))
    sys.exit(1)
bad = 0
r = top + 1
while r < len(grid):
    g = grid[r] + [" "] * (right + 1 - len(grid[r]))
    if g[left] in "└┗+" and g[right] in "┘┛+":
        break
    if g[left] not in "│┃|" or g[right] not in "│┃|":
        print("#   line %d: the box's sides at columns %d and %d are %r and %r: %r"
              % (r + 1, left + 1, right + 1, g[left], g[right], "".join(g[left:right + 1])))
        bad = 1
    r += 1
else:
    print("#   the box titled %r has no bottom" % text)
    bad = 1
sys.exit(bad)
PY
}

# wait_box TEXT [STR...]: polls until the box titled TEXT is closed and
# every STR is on screen.  tmux draws a frame as the program writes it, so
# a capture can hold the top of an overlay over the screen before it; only
# a closed box is a whole one.  Afterwards $SCREEN holds that complete
# frame, for further checks.  A box that never closes fails after the
# deadline, with its problems and the screen shown.
wait_box() {
	local title=$1
	shift
	if BOX_CLOSED_QUIET=1 WAIT_QUIET=1 wait_until _box_whole "$title" "$@"; then
		return 0
	fi
	echo "# waited ${TMUX_DEADLINE_S}s for the box '$title' to be drawn whole${*:+ with: $*}"
	box_closed "$title"
	show_screen
	return 1
}

_box_whole() {
	local title=$1
	shift
	box_closed "$title" && screen_has "$@"
}

# fits_now: screen_fits for the current size, quietly (for wait_until).
fits_now() {
	SCREEN_FITS_QUIET=1 screen_fits "$TMUX_COLS" "$TMUX_ROWS"
}

# private_pg_start: a PostgreSQL server of this test's own, for tests that
# stop and start it (stopping the shared one would break the tests beside
# this one).  Exports PGHOST etc. for it; at exit, before the tmux server
# goes, it is stopped and the shared server's variables come back (so
# _test_cleanup drops nothing there: the databases lived on this one).
private_pg_start() {
	local v
	_PG_VARS=(PGHOST PGPORT PGUSER PGDATABASE PG_THROWAWAY_DIR PG_THROWAWAY_BINDIR)
	declare -gA _OUTER_PG=()
	for v in "${_PG_VARS[@]}"; do
		[ -n "${!v+set}" ] && _OUTER_PG[$v]=${!v}
	done
	tmux_on_exit _private_pg_stop
	unset PG_THROWAWAY_DIR
	pg_throwaway_start >"$TEST_TMP/pg-start.log" 2>&1 || {
		sed 's/^/# /' "$TEST_TMP/pg-start.log"
		bail "cannot start a private PostgreSQL server"
	}
	PRIVATE_PG_DIR=$PG_THROWAWAY_DIR
}

_private_pg_stop() {
	local v
	if [ -n "${PRIVATE_PG_DIR:-}" ]; then
		PG_THROWAWAY_DIR=$PRIVATE_PG_DIR pg_throwaway_stop
		PRIVATE_PG_DIR=
	fi
	for v in "${_PG_VARS[@]}"; do
		if [ -n "${_OUTER_PG[$v]+set}" ]; then
			export "$v=${_OUTER_PG[$v]}"
		else
			unset "$v"
		fi
	done
}
