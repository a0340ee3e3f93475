#!/bin/sh
# shellcheck shell=bash
# opsdeck deploy|rollback SERVICE (spec §6.3) with a real PostgreSQL and a
# service played by opsdeck-sim:
#  - a command that succeeds: exit 0, its output on stdout, the
#    OPSDECK_* variables set, verified, recorded in opsdeck.deployments and
#    opsdeck.audit;
#  - one that fails (exit 7): exit 5, recorded with its exit code;
#  - one that hangs: ended at command_timeout with its process group, exit 5;
#  - one that floods 10 MB: every byte reaches stdout, memory stays bounded,
#    the recorded tail is the last 4 KiB;
#  - ^C cancels: the whole process group is gone (checked by pid), audited;
#  - two deploys of one service from two processes: one is refused (exit
#    4) and told who holds it and since when;
#  - no database: exit 3 and nothing run; read-only: exit 4, nothing run;
#    no terminal and no --yes: exit 4, nothing run;
#  - shell metacharacters in the argument vector are arguments, not shell;
#  - a deploy that breaks the service fails verification and is rolled
#    back automatically, once; the rollback is verified.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

OPSDECK_SIM=${OPSDECK_SIM:-$top_builddir/opsdeck-sim}
[ -x "$OPSDECK_SIM" ] || bail "$OPSDECK_SIM not built"
T=$TEST_TMP
q() { psql -X -Atq -d "$DB" -c "$1" 2>&1; }
same() { # DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: want '$2', got '$3'"; fi
}
# eventually DESCRIPTION CMD...: polls CMD for 20 s.
eventually() {
	local what=$1 end=$((SECONDS + 20))
	shift
	until "$@"; do
		if [ $SECONDS -ge $end ]; then fail "$what"; return 1; fi
		sleep 0.1
	done
	pass "$what"
}

fresh_db deploy
DB=$FRESH_DB
run_opsdeck migrate --db "dbname=$DB"
[ "$RC" = 0 ] || bail "opsdeck migrate failed: $(cat "$ERR")"

"$OPSDECK_SIM" --ready-file "$T/sim.ready" api=healthy@0 >"$T/sim.out" 2>&1 &
SIM_PID=$!
trap 'kill $SIM_PID 2>/dev/null; _test_cleanup' EXIT
for _ in $(seq 100); do [ -s "$T/sim.ready" ] && break; sleep 0.1; done
PORT=$(awk '$1 == "api" { print $2 }' "$T/sim.ready")
[ -n "$PORT" ] || bail "opsdeck-sim did not start"

# conf NAME DEPLOY-ARGV [ROLLBACK-ARGV [EXTRA-LINE...]]
# interval = 2: the verification checks that often, and a check not
# answered by the next counts as bad; two seconds leave a loaded machine
# room, and a broken service still fails its three checks in six.
conf() {
	local name=$1 deploy=$2 rollback=${3:-/bin/true}
	shift 3 2>/dev/null || shift $#
	{
		printf '[database]\nconninfo = dbname=%s\n[ui]\noperator = deployer\n' "$DB"
		printf '[service api]\nhealth = http://127.0.0.1:%s/health\ninterval = 2\n' "$PORT"
		printf 'deploy = %s\nrollback = %s\n' "$deploy" "$rollback"
		case "$*" in *verify_for*) ;; *) printf 'verify_for = 2\n' ;; esac
		printf '%s\n' "$@"
	} >"$T/$name.conf"
}
deploy() { # CONF ARGS...
	local c=$1
	shift
	run_opsdeck deploy api --yes --config "$T/$c.conf" "$@"
}
last_row() { q "SELECT kind, exit_code, outcome, COALESCE(verification, '-') FROM opsdeck.deployments ORDER BY id DESC LIMIT 1"; }

# --- success ---------------------------------------------------------------------
conf ok '/usr/bin/env'
deploy ok
expect_rc 0 "a deploy that succeeds"
no_crash "a deploy that succeeds"
for v in OPSDECK_SERVICE=api OPSDECK_ACTION=deploy OPSDECK_OPERATOR=deployer; do
	if grep -qx "$v" "$OUT"; then pass "the command has $v"; else fail "the command has $v"; fi
done
stderr_says "it was verified" 'deploy of api verified'
same "recorded: deploy, exit 0, verified" "deploy|0|exit 0|verified" "$(last_row)"
same "audited" "deployer|deploy|api|exit 0" \
	"$(q "SELECT operator, kind, subject, outcome FROM opsdeck.audit ORDER BY at DESC LIMIT 1")"
run_opsdeck rollback api --yes --config "$T/ok.conf"
expect_rc 0 "a rollback"
same "recorded as a rollback" "rollback|0|exit 0|verified" "$(last_row)"

# --- exit 7 --------------------------------------------------------------------------
conf fail "$OPSDECK_SIM --exit 7"
deploy fail
expect_rc 5 "a command that exits 7"
stderr_says "the exit status is told" 'deploy of api: exit 7'
same "recorded with exit 7, not verified" "deploy|7|exit 7|-" "$(last_row)"

# --- hang ------------------------------------------------------------------------------
conf hang '/bin/sleep 300' /bin/true 'command_timeout = 1'
deploy hang
expect_rc 5 "a command that hangs"
stderr_says "it timed out" 'timed out after 1 s'
if pgrep -f '^/bin/sleep 300$' >/dev/null; then fail "the hung command is gone"; else pass "the hung command is gone"; fi

# --- 10 MB of output ------------------------------------------------------------------
# Bounded means: ten times the output does not cost more memory.  The
# peak RSS of a 1 MB run and of a 10 MB run are compared (a fixed ceiling
# would measure the sanitizers' own overhead; their quarantine of freed
# blocks is kept small here for the same reason).
flood() { # LINES: the peak RSS in KiB in $RSS, stdout in $OUT
	conf flood "/usr/bin/seq 1 $1"
	RC=0
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1" \
	XDG_CONFIG_HOME=$T/xdg HOME=$T/home /usr/bin/time -f '%M' -o "$T/rss" \
		"$OPSDECK" deploy api --yes --config "$T/flood.conf" >"$OUT" 2>"$ERR" || RC=$?
	RSS=$(cat "$T/rss")
}
flood 150000
rss_small=$RSS
flood 1500000
rss=$RSS
expect_rc 0 "a command that prints 10 MB"
same "every line reached stdout" "1500000" "$(grep -c '' "$OUT")"
same "the last line too" "1500000" "$(tail -1 "$OUT")"
if [ $((rss - rss_small)) -lt 20000 ]; then
	pass "memory stays bounded (peak RSS ${rss_small} KiB for 1 MB of output, ${rss} KiB for 10 MB)"
else
	fail "memory stays bounded (peak RSS ${rss_small} KiB for 1 MB of output, ${rss} KiB for 10 MB)"
fi
same "the recorded tail is the last 4 KiB, ending with the last line" "1500000|true" \
	"$(q "SELECT split_part(rtrim(output_tail, E'\n'), E'\n', -1) || '|' || (length(output_tail) <= 4096)::text FROM opsdeck.deployments ORDER BY id DESC LIMIT 1")"

# --- cancel with ^C: the whole process group -----------------------------------------
# --ignore-term: the group must be ended by the SIGKILL after the grace.
conf cancel "$OPSDECK_SIM --ignore-term --spawn-sleeper 300"
XDG_CONFIG_HOME=$T/xdg HOME=$T/home "$OPSDECK" deploy api --yes --config "$T/cancel.conf" \
	>"$T/cancel.out" 2>"$T/cancel.err" &
OP_PID=$!
eventually "the command started its child" grep -qE '^[0-9]+ [0-9]+$' "$T/cancel.out"
PIDS=$(grep -E '^[0-9]+ [0-9]+$' "$T/cancel.out" | head -1)
kill -INT "$OP_PID"
RC=0
wait "$OP_PID" || RC=$?
expect_rc 5 "^C cancels"
gone() { local p; for p in $PIDS; do kill -0 "$p" 2>/dev/null && return 1; done; return 0; }
eventually "the command and its child are gone (pids $PIDS)" gone
same "recorded as cancelled" "deploy|cancelled" "$(q "SELECT kind, outcome FROM opsdeck.deployments ORDER BY id DESC LIMIT 1")"
same "the cancel is audited" "1" "$(q "SELECT count(*) FROM opsdeck.audit WHERE kind = 'cancel' AND subject = 'api'")"

# --- two at once ------------------------------------------------------------------------
conf slow '/bin/sleep 8' /bin/true 'verify_for = 0'
USER=first XDG_CONFIG_HOME=$T/xdg HOME=$T/home "$OPSDECK" deploy api --yes --config "$T/slow.conf" \
	--db "dbname=$DB" >"$T/first.out" 2>"$T/first.err" &
FIRST=$!
locked() { [ "$(q "SELECT count(*) FROM opsdeck.deployments WHERE finished_at IS NULL AND operator = 'deployer' AND kind = 'deploy'")" -ge 1 ]; }
eventually "the first deploy holds the service" locked
deploy slow
expect_rc 4 "a second deploy of the same service"
stderr_says "it is told who holds it and since when" 'api is being deployed by deployer since [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}'
wait "$FIRST" || true

# --- nothing run -------------------------------------------------------------------------
conf marker "/usr/bin/touch $T/ran"
deploy marker --db "host=127.0.0.1 port=1 connect_timeout=2"
expect_rc 3 "no database"
stderr_says "no database, no deploy" 'no database, no deploy'
deploy marker --read-only
expect_rc 4 "--read-only"
run_opsdeck deploy api --config "$T/marker.conf"
expect_rc 4 "no terminal and no --yes"
if [ -e "$T/ran" ]; then fail "nothing ran in the refused cases"; else pass "nothing ran in the refused cases"; fi
run_opsdeck deploy nosuch --yes --config "$T/marker.conf"
expect_rc 2 "an unknown service"

# --- shell metacharacters are arguments -----------------------------------------------------
# Relative paths (the command runs in our directory): the line stays short.
mkdir -p "$T/victim"
conf meta "/bin/echo \"; rm -rf victim\" \"\$(touch pwned1)\" \"\`touch pwned2\`\" '|' touch pwned3 && touch pwned4"
cd "$T" || bail "no $T"
deploy meta
cd - >/dev/null || bail "no way back"
expect_rc 0 "a command with shell metacharacters"
same "they reach the program as text" "; rm -rf victim \$(touch pwned1) \`touch pwned2\` '|' touch pwned3 && touch pwned4" "$(head -1 "$OUT")"
if [ -d "$T/victim" ] && ! ls "$T"/pwned* >/dev/null 2>&1; then
	pass "no shell ran them"
else
	fail "no shell ran them"
fi

# --- verification fails: rolled back automatically, once ------------------------------------
conf auto "$OPSDECK_SIM --set failing --port $PORT" "$OPSDECK_SIM --set healthy --port $PORT" \
	'verify_for = 6' 'verify_failures = 3' 'auto_rollback = yes'
deploy auto
expect_rc 5 "a deploy that breaks the service"
stderr_says "it failed verification and rolled back" 'failed verification .*rolling back automatically'
stderr_says "the rollback was verified" 'auto_rollback of api verified'
same "recorded: the deploy failed verification, the rollback verified" \
	"auto_rollback|0|exit 0|verified;deploy|0|exit 0|failed verification" \
	"$(q "SELECT string_agg(kind || '|' || exit_code || '|' || outcome || '|' || verification, ';' ORDER BY id DESC) FROM (SELECT * FROM opsdeck.deployments ORDER BY id DESC LIMIT 2) x")"
same "the service is up again" "200" "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health")"
finish
