#!/bin/sh
# The command line of spec section 1: exit statuses (0 success, 2 usage or
# configuration error naming file and line, 3 database unreachable), one-line
# errors, no password in any output, 80-column text.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

# A database nobody listens on; connect_timeout keeps the test short.
DEAD_DB="host=127.0.0.1 port=1 connect_timeout=2"
NOW=2025-10-27T12:00:00

# --- help and version --------------------------------------------------------
run_opsdeck --help
expect_rc 0 "--help"
check "--help prints a usage that mentions snapshot" grep -q snapshot "$OUT"

run_opsdeck --version
expect_rc 0 "--version"
check "--version prints a version number" grep -Eq '[0-9]+\.[0-9]+' "$OUT"

# --- usage errors: 2 with a message --------------------------------------------
run_opsdeck snapshot --no-such-option --db "$DEAD_DB"
expect_rc 2 "unknown option"
stderr_says "unknown option: the message names it" 'no-such-option'

run_opsdeck snapshot --now yesterday-ish --db "$DEAD_DB"
expect_rc 2 "bad --now"
check "bad --now: a message on stderr" test -s "$ERR"

run_opsdeck snapshot --now 2025-13-45T99:00:00 --db "$DEAD_DB"
expect_rc 2 "impossible --now date"

run_opsdeck snapshot --week not-a-date --db "$DEAD_DB"
expect_rc 2 "bad --week"

run_opsdeck snapshot --format bogus --db "$DEAD_DB"
expect_rc 2 "--format bogus"
check "--format bogus: a message on stderr" test -s "$ERR"

# Hostile arguments are quoted as config errors quote values: control and
# 8-bit bytes as \xNN, so ESC ] 0 ; (a title), BEL, U+009B (CSI) and CR
# never reach the terminal.
HOSTILE=$'2025-10-27\e]0;PWNED\a\xc2\x9b2J\r'
SHOWN='2025-10-27\\x1b]0;PWNED\\x07\\xc2\\x9b2J\\x0d'
hostile_args() { # LABEL PATTERN ARGS...
	local label=$1 pattern=$2
	shift 2
	run_opsdeck "$@" --db "$DEAD_DB"
	expect_rc 2 "$label"
	check "$label: no control byte on stderr" printable_only "$ERR"
	stderr_says "$label: the bytes are shown as \\xNN" "$pattern"
}
hostile_args "--now with control bytes" "--now $SHOWN:" snapshot --now "$HOSTILE"
hostile_args "--week with control bytes" "--week $SHOWN:" snapshot --week "$HOSTILE"
hostile_args "--format with control bytes" "--format $SHOWN:" snapshot --format "$HOSTILE"
hostile_args "a long option with control bytes" "--$SHOWN:" snapshot "--$HOSTILE"
hostile_args "a short option that is ESC" '-\\x1b: unknown option' snapshot $'-\e'
hostile_args "a command with control bytes" "'$SHOWN'" "$HOSTILE"
hostile_args "an argument with control bytes" "'$SHOWN'" snapshot "$HOSTILE"

# --- configuration errors: 2 naming FILE:LINE: ----------------------------------
cat >"$TEST_TMP/unknown-key.conf" <<'CONF'
; a comment
[database]
colour = blue
CONF
run_opsdeck snapshot --config "$TEST_TMP/unknown-key.conf" --db "$DEAD_DB"
expect_rc 2 "config with an unknown key"
stderr_says "unknown key: stderr names unknown-key.conf:3:" 'unknown-key\.conf:3:'

cat >"$TEST_TMP/bad-number.conf" <<'CONF'
[database]
# refresh must be a number
refresh = soon
CONF
run_opsdeck snapshot --config "$TEST_TMP/bad-number.conf" --db "$DEAD_DB"
expect_rc 2 "config with a bad number"
stderr_says "bad number: stderr names bad-number.conf:3:" 'bad-number\.conf:3:'

cat >"$TEST_TMP/dup-service.conf" <<'CONF'
[service api]
health = http://127.0.0.1:1/health

[service api]
health = http://127.0.0.1:2/health
CONF
run_opsdeck snapshot --config "$TEST_TMP/dup-service.conf" --db "$DEAD_DB"
expect_rc 2 "config with a duplicate service"
stderr_says "duplicate service: stderr names dup-service.conf:4:" 'dup-service\.conf:4:'

# the default file, $XDG_CONFIG_HOME/opsdeck/opsdeck.conf, is read and checked
mkdir -p "$TEST_TMP/xdg/opsdeck"
printf '[ui]\ntheme = default\nno_such_key = 1\n' >"$TEST_TMP/xdg/opsdeck/opsdeck.conf"
run_opsdeck snapshot --db "$DEAD_DB"
expect_rc 2 "default config with an unknown key"
stderr_says "default config: stderr names opsdeck.conf:3:" 'opsdeck\.conf:3:'
rm -f "$TEST_TMP/xdg/opsdeck/opsdeck.conf"

run_opsdeck snapshot --config "$TEST_TMP/does-not-exist.conf" --db "$DEAD_DB"
expect_rc 2 "--config naming a missing file"
stderr_says "missing config: stderr names the file" 'does-not-exist\.conf'

# --- database unreachable: 3, one line, no crash -------------------------------
run_opsdeck snapshot --format json --db "$DEAD_DB" --now "$NOW"
expect_rc 3 "unreachable database (json)"
stderr_lines "unreachable database: exactly one line on stderr" 1
no_crash "unreachable database (json)"

run_opsdeck snapshot --format text --db "$DEAD_DB" --now "$NOW"
expect_rc 3 "unreachable database (text)"
stderr_lines "unreachable database (text): exactly one line on stderr" 1
no_crash "unreachable database (text)"

# --- passwords never appear -------------------------------------------------------
run_opsdeck snapshot --db "host=127.0.0.1 port=1 user=nobody password=s3cr3t connect_timeout=2"
expect_rc 3 "conninfo with a password, unreachable"
no_secret "conninfo key=value" s3cr3t

run_opsdeck snapshot --db "postgresql://nobody:s3cr3t@127.0.0.1:1/nodb?connect_timeout=2"
expect_rc 3 "URI with a password, unreachable"
no_secret "conninfo URI" s3cr3t

# reachable server, the database does not exist: the server's own error
run_opsdeck snapshot --db "dbname=opsdeck_no_such_db_$$ password=s3cr3t"
expect_rc 3 "password, database does not exist"
no_secret "server-side error" s3cr3t

printf '[database]\nconninfo = host=127.0.0.1 port=1 password=s3cr3t connect_timeout=2\n' \
	>"$TEST_TMP/secret.conf"
run_opsdeck snapshot --config "$TEST_TMP/secret.conf"
expect_rc 3 "password in the config's conninfo"
no_secret "config conninfo" s3cr3t

# --- a working snapshot --------------------------------------------------------------
fresh_db cli
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"

run_opsdeck snapshot --db "dbname=$FRESH_DB" --now "$NOW"
expect_rc 0 "snapshot (default format)"

run_opsdeck snapshot --format json --db "dbname=$FRESH_DB" --now "$NOW"
expect_rc 0 "snapshot --format json"
check "--format json prints one JSON object" \
	"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if isinstance(d, dict) else 1)' "$OUT"

run_opsdeck snapshot --format text --db "dbname=$FRESH_DB" --now "$NOW"
expect_rc 0 "snapshot --format text"
check "--format text fits 80 columns, no control characters" check_text_report "$OUT" 80

# a wide terminal does not widen the report
COLUMNS=200 run_opsdeck snapshot --format text --db "dbname=$FRESH_DB" --now "$NOW"
expect_rc 0 "snapshot --format text with COLUMNS=200"
check "--format text with COLUMNS=200 still fits 80 columns" check_text_report "$OUT" 80

# --- a huge blocker: a few lines of text, the JSON whole ------------------------
# blocker_lines FILE: the lines the blocker takes in the text report (the
# "blocker:" line and the lines indented under its value), at most 6, the
# last ending with an ellipsis.  Problems are shown as comments.
blocker_lines() {
	"$PYTHON" - "$1" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
at = [i for i, l in enumerate(lines) if "blocker: " in l]
if len(at) != 1:
    print("#   %d blocker lines" % len(at))
    sys.exit(1)
i = at[0]
col = lines[i].index("blocker: ") + len("blocker: ")
n = 1
while i + n < len(lines) and lines[i + n][:col] == " " * col and lines[i + n][col:col + 1] not in ("", " "):
    n += 1
last = lines[i + n - 1]
if n > 6 or not last.endswith("\u2026"):
    print("#   the blocker takes %d lines, the last: %r" % (n, last[-20:]))
    sys.exit(1)
PY
}
for shape in "repeat('x', 400000)" "repeat('word ', 80000)"; do
	psql -X -q -d "$FRESH_DB" -c "UPDATE rpm_action_items
		SET blocker_description = $shape WHERE status = 'blocked'" >/dev/null ||
		bail "cannot update the demo"
	run_opsdeck snapshot --format text --db "dbname=$FRESH_DB" --now "$NOW"
	expect_rc 0 "400 kB blocker, $shape: snapshot --format text"
	check "400 kB blocker, $shape: fits 80 columns" check_text_report "$OUT" 80
	check "400 kB blocker, $shape: at most 6 lines, ending with an ellipsis" \
		blocker_lines "$OUT"
	check "400 kB blocker, $shape: the report stays short" \
		test "$(wc -l <"$OUT")" -lt 150
	run_opsdeck snapshot --format json --db "dbname=$FRESH_DB" --now "$NOW"
	check "400 kB blocker, $shape: the JSON carries it whole" \
		"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d["actions"]["blocked"][0]["blocker"]) == 400000 else 1)' "$OUT"
done

finish
