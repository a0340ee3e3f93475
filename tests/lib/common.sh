# shellcheck shell=bash
# Shared helpers for the integration tests (tests/integration/*.sh).
#
# Automake runs each test script on its own; its exit status is the verdict:
# 0 pass, 1 fail, 77 skip, 99 hard error (the test itself could not run).
# The scripts re-execute themselves under bash and then source this file:
#
#   . "$top_srcdir/tests/lib/common.sh"
#   need_pg                    # SKIP (77) unless OPSDECK_TEST_PG=1
#   need_opsdeck               # hard error (99) when the binary is missing
#   fresh_db demo              # sets $FRESH_DB: a new database with the seed
#                              # schema, dropped again when the script exits
#   run_opsdeck snapshot ...   # $OPSDECK with an isolated config directory;
#                              # output in $OUT and $ERR, status in $RC
#   expect_rc N "what"         # checks on that run: exit status,
#   stderr_says "what" ERE     # stderr matching, exactly N lines of
#   stderr_lines "what" N      # stderr, no crash (signal or sanitizer),
#   no_crash "what"            # a password nowhere in stdout or stderr
#   no_secret "what" SECRET
#   pass "message"             # "ok N - message"
#   fail "message"             # "not ok N - message", test goes on
#   bail "message"             # hard error, exit 99 at once
#   finish                     # exit 1 if anything failed, else 0
#
# Environment: top_srcdir and top_builddir (set by `make check`; guessed from
# this file's location otherwise), OPSDECK_TEST_PG=1 together with the
# PGHOST/PGPORT/PGUSER of a throwaway server (scripts/test sets them).

if [ -z "${top_srcdir:-}" ]; then
	top_srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fi
if [ -z "${top_builddir:-}" ]; then
	if [ -x "$top_srcdir/opsdeck" ]; then
		top_builddir=$top_srcdir
	else
		top_builddir=$top_srcdir/_build
	fi
fi
export top_srcdir top_builddir

OPSDECK=${OPSDECK:-$top_builddir/opsdeck}
FIXTURES=$top_srcdir/tests/fixtures
JSON_COMPARE=$top_srcdir/tests/lib/json-compare.py
PYTHON=${PYTHON:-python3}

# shellcheck source=tests/lib/pg.sh
. "$top_srcdir/tests/lib/pg.sh"

TEST_NAME=$(basename "$0" .sh)
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-$TEST_NAME.XXXXXX") ||
	{ echo "Bail out! cannot create a temporary directory" >&2; exit 99; }
mkdir -p "$TEST_TMP/xdg" "$TEST_TMP/home"

_test_count=0
_test_failed=0
_test_dbs=()

pass() {
	_test_count=$((_test_count + 1))
	echo "ok $_test_count - $*"
}

fail() {
	_test_count=$((_test_count + 1))
	_test_failed=$((_test_failed + 1))
	echo "not ok $_test_count - $*"
}

# Checks a condition given as a command: check "message" cmd args...
check() {
	local msg=$1
	shift
	if "$@"; then pass "$msg"; else fail "$msg"; fi
}

bail() {
	echo "Bail out! $*"
	exit 99
}

finish() {
	echo "1..$_test_count"
	if [ "$_test_failed" -gt 0 ]; then
		echo "# $TEST_NAME: $_test_failed of $_test_count failed"
		exit 1
	fi
	exit 0
}

need_pg() {
	if [ "${OPSDECK_TEST_PG:-}" != 1 ]; then
		echo "# SKIP: no PostgreSQL test server (run scripts/test, or set OPSDECK_TEST_PG=1 with PGHOST/PGPORT/PGUSER)"
		exit 77
	fi
	command -v psql >/dev/null 2>&1 || bail "OPSDECK_TEST_PG=1 but psql is not installed"
	psql -X -q -d postgres -c 'SELECT 1' >/dev/null 2>&1 ||
		bail "OPSDECK_TEST_PG=1 but the server at PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} does not answer"
}

need_opsdeck() {
	[ -x "$OPSDECK" ] || bail "$OPSDECK not built"
}

# fresh_db NAME: a database with the seed schema, named uniquely for this run
# (the test's process id is in the name); its name is left in $FRESH_DB.
fresh_db() {
	local base
	base=$(printf '%s' "$1" | tr -c 'A-Za-z0-9_' '_')
	FRESH_DB="opsdeck_t_${base}_$$"
	_test_dbs+=("$FRESH_DB")
	pg_throwaway_createdb "$FRESH_DB" || bail "cannot create database $FRESH_DB"
}

drop_db() {
	PGOPTIONS="-c client_min_messages=warning" \
		psql -X -q -d postgres -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null 2>&1
}

# load_sql DB FILE: runs an SQL file with ON_ERROR_STOP.
load_sql() {
	PGOPTIONS="-c client_min_messages=warning" \
		psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2" >"$TEST_TMP/psql.log" 2>&1 || {
		sed 's/^/# /' "$TEST_TMP/psql.log"
		return 1
	}
}

_test_cleanup() {
	local db
	for db in "${_test_dbs[@]}"; do
		drop_db "$db"
	done
	rm -rf "$TEST_TMP"
}
trap _test_cleanup EXIT

# run_opsdeck ARGS...: runs $OPSDECK without the user's configuration (its
# XDG_CONFIG_HOME and HOME point into the test's directory) and with a time
# limit; stdout in the file $OUT, stderr in $ERR, exit status in $RC.
OUT=$TEST_TMP/stdout
ERR=$TEST_TMP/stderr
run_opsdeck() {
	RC=0
	XDG_CONFIG_HOME=$TEST_TMP/xdg HOME=$TEST_TMP/home \
		timeout 60 "$OPSDECK" "$@" >"$OUT" 2>"$ERR" </dev/null || RC=$?
}

# Checks on the last run_opsdeck, each one TAP line; what went wrong is
# shown from stderr.
# expect_rc WANT DESCRIPTION: checks $RC; shows stderr when it is wrong.
expect_rc() {
	if [ "$RC" -eq "$1" ]; then
		pass "$2: exit $1"
	else
		fail "$2: exit $1 (got $RC)"
		sed 's/^/#   stderr: /' "$ERR" | head -5
	fi
}
# no_crash DESCRIPTION: not killed by a signal, no sanitizer report.
no_crash() {
	if [ "$RC" -ge 124 ] || grep -Eq 'AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime error:' "$ERR"; then
		fail "$1: no crash (exit $RC)"
		sed 's/^/#   stderr: /' "$ERR" | head -5
	else
		pass "$1: no crash"
	fi
}
stderr_says() { # DESCRIPTION ERE
	if grep -Eq -- "$2" "$ERR"; then
		pass "$1"
	else
		fail "$1 (stderr does not match /$2/)"
		sed 's/^/#   stderr: /' "$ERR" | head -5
	fi
}
stderr_lines() { # DESCRIPTION N
	local n
	n=$(wc -l <"$ERR")
	# a last line without its newline still counts
	[ -s "$ERR" ] && [ "$(tail -c 1 "$ERR" | od -An -c | tr -d ' ')" != '\n' ] && n=$((n + 1))
	if [ "$n" -eq "$2" ]; then
		pass "$1"
	else
		fail "$1 (stderr has $n lines)"
		sed 's/^/#   stderr: /' "$ERR" | head -5
	fi
}
no_secret() { # DESCRIPTION SECRET
	if grep -qF -- "$2" "$OUT" "$ERR"; then
		fail "$1: the password appears in the output"
		grep -hF -- "$2" "$OUT" "$ERR" | sed 's/^/#   /' | head -3
	else
		pass "$1: the password appears nowhere"
	fi
}

# read_args FILE: the words of an .args file (blank lines and lines starting
# with # ignored; words are split on blanks, no quoting) into the array ARGS.
read_args() {
	local line words
	ARGS=()
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '#'* | '') continue ;; esac
		read -r -a words <<<"$line"
		ARGS+=("${words[@]}")
	done <"$1"
}

# compare_json EXPECTED ACTUAL: json-compare.py, mismatches shown as comments.
compare_json() {
	"$PYTHON" "$JSON_COMPARE" "$1" "$2" >"$TEST_TMP/compare.log" 2>&1
	local rc=$?
	[ $rc -eq 0 ] || sed 's/^/#   /' "$TEST_TMP/compare.log"
	return $rc
}

# printable_only FILE: FILE holds printable ASCII and newlines only, as an
# error message quoting hostile input must (control and 8-bit bytes written
# as \xNN): no ESC, BEL, CR or tab, no DEL, no C1 control, raw or as UTF-8.
# The bytes found are shown as comments.
printable_only() {
	if LC_ALL=C grep -q '[^ -~]' "$1"; then
		LC_ALL=C grep -n '[^ -~]' "$1" | head -3 | od -An -c | sed 's/^/#   /'
		return 1
	fi
}

# check_text_report FILE [WIDTH]: the text report holds no control characters
# but newlines (no ESC, BEL, CR, tab) and no line wider than WIDTH (default
# 80) terminal columns; wide (East Asian) characters count two, combining
# marks none.  Problems are shown as comments.
check_text_report() {
	"$PYTHON" - "$1" "${2:-80}" <<'PY'
import sys, unicodedata
path, width = sys.argv[1], int(sys.argv[2])
data = open(path, "rb").read()
problems = []
try:
    text = data.decode("utf-8")
except UnicodeDecodeError as e:
    problems.append("not valid UTF-8: %s" % e)
    text = data.decode("utf-8", "replace")
if not text.strip():
    problems.append("empty report")
for n, line in enumerate(text.split("\n"), 1):
    cols = 0
    for ch in line:
        o = ord(ch)
        if o < 0x20 or 0x7f <= o < 0xa0:
            problems.append("line %d: control character U+%04X" % (n, o))
            continue
        if unicodedata.combining(ch):
            continue
        cols += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    if cols > width:
        problems.append("line %d: %d columns: %r" % (n, cols, line[:100]))
for p in problems[:20]:
    print("#   " + p)
sys.exit(1 if problems else 0)
PY
}
