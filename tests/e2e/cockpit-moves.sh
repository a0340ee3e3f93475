#!/bin/sh
# Rows that move are moved by the terminal, and the screen is still right.
#
# The cockpit runs on a pseudo-terminal read by tests/lib/vt.py, a small
# xterm that copies rectangles (DECCRA) and has left and right margins
# (DECSLRM) and says so when asked, or one with margins only, or, for the
# other runs, a terminal that has neither (as tmux).
# Actions are completed and put back in the database; after each change
# the live screen must look exactly like the screen of a cockpit started
# afresh on the same data (every cell, its character and what shows of
# its attributes), in the grid (120x40 and 200x50 with ACTIONS focused),
# compact (80x24) and zoomed layouts.  A change that inserts a row at the
# top of ACTIONS must have copied the rows when the terminal copies
# rectangles, used the margins when it has only them, neither when it has
# neither, and the answers to the questions must never reach the cockpit
# as keys.  Waits are for conditions on the emulated screen.
# (python -B: importing vt.py leaves no __pycache__ in the source tree.)
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

fresh_db moves
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
CONF=$TEST_TMP/moves.conf
printf '[database]\nconninfo = dbname=%s\nrefresh = 1\n\n[ui]\nprincipal = Jesse\n' \
	"$FRESH_DB" >"$CONF"

RESULTS=$TEST_TMP/results
"$PYTHON" -B - "$top_srcdir/tests/lib" "$OPSDECK" "$CONF" "$FRESH_DB" \
	"${COCKPIT_DEADLINE_S:-20}" >"$RESULTS" 2>&1 <<'PY'
import os, subprocess, sys
sys.path.insert(0, sys.argv[1])
from vt import PtyRun, VtError

opsdeck, conf, db, deadline = sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5])
env = dict(os.environ)
for k in ("LINES", "COLUMNS", "LC_ALL", "LC_CTYPE", "NO_COLOR", "TMUX"):
    env.pop(k, None)
env.update(TERM="xterm-256color", LANG="C.UTF-8",
           XDG_CONFIG_HOME=os.path.join(os.path.dirname(conf), "xdg"),
           HOME=os.path.join(os.path.dirname(conf), "home"))
argv = [opsdeck, "--config", conf, "--now", "2025-10-27T12:00:00"]

def sql(q):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", q],
                   check=True, stdout=subprocess.DEVNULL)

def status(code):
    return subprocess.run(["psql", "-X", "-At", "-d", db, "-c",
                           "SELECT status FROM rpm_action_items WHERE action_code = '%s'" % code],
                          check=True, capture_output=True, text=True).stdout.strip()

def shows(text):
    return lambda vt: any(text in line for line in vt.text())

def report(ok, what, live=None, fresh=None):
    """live and fresh: two screens (Vt.looks()) that should be one."""
    print(("PASS " if ok else "FAIL ") + what)
    if not ok and live is not None:
        for y, (a, b) in enumerate(zip(live, fresh)):
            if a != b:
                print("#   row %d live : %s" % (y, "".join(c[0] for c in a).rstrip()))
                print("#   row %d fresh: %s" % (y, "".join(c[0] for c in b).rstrip()))
                for x, (ca, cb) in enumerate(zip(a, b)):
                    if ca != cb:
                        print("#   first cell that differs: x %d, %r against %r" % (x, ca, cb))
                        break

# A row enters at the top of ACTIONS: an overdue action, off screen at
# 120x40, and the blocked one, whose blocker line leaves with it.
CHANGES = ["PLAN-TIME-004", "MUSIC-ALBUM-003"]
SCENARIOS = [
    # name, columns, rows, keys after start, margins offered, rectangles
    ("grid 120x40, rectangles", 120, 40, b"", True, True),
    ("grid 120x40, margins", 120, 40, b"", True, False),
    ("grid 120x40, neither", 120, 40, b"", False, False),
    ("compact 80x24, rectangles", 80, 24, b"", True, True),
    ("compact 80x24, margins", 80, 24, b"", True, False),
    ("ACTIONS zoomed, rectangles", 120, 40, b"3z", True, True),
    ("grid 200x50, ACTIONS focused, rectangles", 200, 50, b"3", True, True),
    ("grid 200x50, ACTIONS focused, margins", 200, 50, b"3", True, False),
]

runs = 0

def start(cols, rows, margins, rects, keys, extra=b"", expect="COMPLETED 24H (4)"):
    global runs
    # Each cockpit its own state directory: the live one and a fresh one
    # run side by side, and a second cockpit on one write journal says so
    # in its status line.
    runs += 1
    own = dict(env, XDG_STATE_HOME=os.path.join(os.path.dirname(conf), "state-%d" % runs))
    run = PtyRun(argv, cols, rows, margins, own, rects)
    if not run.settle(shows(expect), deadline):
        raise VtError("the cockpit never showed %r" % expect)
    if keys or extra:
        run.type(keys + extra)
        run.pump(0.2)
        run.settle(lambda vt: True, deadline)
    return run

looks_plain = {}
try:
    for name, cols, rows, keys, margins, rects in SCENARIOS:
        live = start(cols, rows, margins, rects, keys)
        fresh0 = start(cols, rows, margins, rects, keys)
        initial = fresh0.vt.looks()
        fresh0.quit()
        report(live.vt.looks() == initial, "%s: two cockpits started alike look alike" % name,
               live.vt.looks(), initial)
        if (cols, rows, keys) in looks_plain:
            report(looks_plain[(cols, rows, keys)] == initial,
                   "%s: the same screen as on the first terminal (answers are no keys)" % name)
        looks_plain.setdefault((cols, rows, keys), initial)
        for code in CHANGES:
            was = status(code)
            before = len(live.log)
            sql("UPDATE rpm_action_items SET status = 'completed', "
                "completion_date = '2025-10-27 12:00:00' WHERE action_code = '%s'" % code)
            ok = live.settle(shows("COMPLETED 24H (5)"), deadline)
            sent = b"".join(live.log[before:])
            # The live selection stays on the item it was on (a focused
            # pane): in the fresh cockpit it is one row further down.
            fresh = start(cols, rows, margins, rects, keys, b"j" if keys else b"",
                          "COMPLETED 24H (5)")
            want = fresh.vt.looks()
            fresh.quit()
            report(ok and live.vt.looks() == want,
                   "%s: %s completed, the screen is the fresh one" % (name, code),
                   live.vt.looks(), want)
            if code == "PLAN-TIME-004" and not keys and cols == 120:
                copied, scrolled = b"$v" in sent, b"\x1b[?69h" in sent
                report(copied == rects and scrolled == (margins and not rects),
                       "%s: rows %s" % (name, "copied" if rects else
                                        "scrolled in margins" if margins else
                                        "rewritten"))
            before = len(live.log)
            sql("UPDATE rpm_action_items SET status = '%s', completion_date = NULL "
                "WHERE action_code = '%s'" % (was, code))
            ok = live.settle(shows("COMPLETED 24H (4)"), deadline)
            report(ok and live.vt.looks() == initial,
                   "%s: %s put back, the screen is the first one" % (name, code),
                   live.vt.looks(), initial)
        rc = live.quit()
        report(os.WIFEXITED(rc) and os.WEXITSTATUS(rc) == 0, "%s: quits with status 0" % name)
except VtError as e:
    print("FAIL the emulator met what it does not know: %s" % e)
PY
while IFS= read -r line; do
	case $line in
	PASS\ *) pass "${line#PASS }" ;;
	FAIL\ *) fail "${line#FAIL }" ;;
	*) echo "# $line" ;;
	esac
done <"$RESULTS"
[ "$_test_count" -gt 0 ] || fail "the checks ran"
finish
