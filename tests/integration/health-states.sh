#!/bin/sh
# Every service state of spec §3 produced by a real endpoint: opsdeck-sim
# plays one service per behaviour on loopback, `opsdeck snapshot` sweeps
# them all at once, and each state, HTTP status, figure and alert is checked
# in the JSON.  Also: a refused port, a redirect, a hanging endpoint cut at
# its timeout, a gigabyte body that must not grow memory, hostile bodies that
# must not reach the text report.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -u
. "$top_srcdir/tests/lib/common.sh"
need_pg
need_opsdeck
SIM=$top_builddir/opsdeck-sim
[ -x "$SIM" ] || bail "$SIM not built"

fresh_db health

"$SIM" --ready-file "$TEST_TMP/sim.ready" \
	ok=healthy@0 ietf=healthy,style=ietf@0 spring=healthy,style=spring@0 \
	text=healthy,style=text@0 warn=warn@0 down=down@0 hang=hanging@0 \
	garbage=garbage@0 huge=huge,size=0@0 redirect=redirect@0 \
	loop=redirect,loop@0 burst=burst5xx,errors=40@0 p95=healthy,p95=12000@0 \
	slow=slow,delay=300@0 >"$TEST_TMP/sim.out" 2>&1 &
sim_pid=$!
trap 'kill $sim_pid 2>/dev/null; _test_cleanup' EXIT
for _ in $(seq 100); do [ -s "$TEST_TMP/sim.ready" ] && break; sleep 0.1; done
[ -s "$TEST_TMP/sim.ready" ] || bail "opsdeck-sim did not start"

conf=$TEST_TMP/health.conf
{
	printf '[alerts]\ndown_for = 0\nerror_rate_for = 0\np95_for = 0\n'
	printf 'agents = no\nblocked = no\n'
	while read -r name port; do
		printf '[service %s]\nhealth = http://127.0.0.1:%s/health\n' "$name" "$port"
		printf 'metrics = http://127.0.0.1:%s/metrics\ntimeout = 2\n' "$port"
		[ "$name" = slow ] && printf 'latency_threshold_ms = 100\n'
	done <"$TEST_TMP/sim.ready"
	printf '[service refused]\nhealth = http://127.0.0.1:1/health\ntimeout = 2\n'
} >"$conf"

/usr/bin/time -f '%M' -o "$TEST_TMP/rss" "$OPSDECK" snapshot --format json \
	--config "$conf" --db "dbname=$FRESH_DB" >"$OUT" 2>"$ERR"
RC=$?
check "snapshot exits 0" [ "$RC" = 0 ]
[ "$RC" = 0 ] || sed 's/^/# /' "$ERR"

# field NAME KEY: one service's field from the JSON.
field() {
	"$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
s = [x for x in d["services"] if x["name"] == sys.argv[2]]
v = s[0][sys.argv[3]] if s else "missing"
print("null" if v is None else v)' "$OUT" "$1" "$2"
}

expect() {	# expect NAME KEY VALUE
	local got
	got=$(field "$1" "$2")
	check "$1: $2 is $3 (got $got)" [ "$got" = "$3" ]
}

expect_match() {	# expect_match NAME KEY REGEX
	local got
	got=$(field "$1" "$2")
	if printf '%s' "$got" | grep -qiE "$3"; then
		pass "$1: $2 matches /$3/"
	else
		fail "$1: $2 matches /$3/ (got: $got)"
	fi
}

for s in ok ietf spring text redirect garbage huge; do
	expect "$s" state up
	expect "$s" http_status 200
done
expect warn state degraded
expect_match warn detail 'warn'
expect down state down
expect down http_status 503
expect_match down detail 'DOWN'
expect hang state down
expect hang http_status null
expect_match hang detail 'timed out'
expect refused state down
expect_match refused detail 'connect'
expect loop state down
expect_match loop detail 'redirect'
expect burst state degraded
expect_match burst detail 'error rate'
expect p95 state degraded
expect_match p95 detail 'p95'
expect slow state degraded
expect_match slow detail 'latency'
expect_match garbage detail 'unparseable|not understood|JSON'
expect_match huge detail 'cut|truncat|over'
# health-body.h: a detail is shorter than HEALTH_DETAIL_MAX (200) bytes,
# whatever path made it (transport error, a body cut at 64 KiB, garbage).
check "every detail is under 200 bytes" "$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
long = [(s["name"], len(s["detail"].encode())) for s in d["services"]
        if len((s["detail"] or "").encode()) >= 200]
for n, l in long:
    print("#   %s: %d bytes" % (n, l))
sys.exit(1 if long else 0)' "$OUT"

# Figures: latency everywhere something answered, p95 from the histogram,
# error rate from the counters.
p95=$(field p95 p95_ms)
check "p95: p95_ms near 12000 (got $p95)" "$PYTHON" -c "import sys; sys.exit(not 10000 < float('$p95') < 13000)"
rate=$(field burst error_rate)
check "burst: error_rate above 5% (got $rate)" "$PYTHON" -c "import sys; sys.exit(not float('$rate') > 5)"
lat=$(field slow latency_ms)
check "slow: latency at least its 300 ms delay (got $lat)" "$PYTHON" -c "import sys; sys.exit(not float('$lat') >= 300)"
check "ok: checked_at is a timestamp" [ -n "$(field ok checked_at | grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}$')" ]

# Alerts with zero durations: the down ones are critical, the others warn.
alerts=$("$PYTHON" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted("%s:%s" % (a["severity"], a["subject"]) for a in d["alerts"])))' "$OUT")
for a in critical:down critical:hang critical:refused critical:loop warning:burst warning:p95; do
	case " $alerts " in
	*" $a "*) pass "alert $a raised" ;;
	*) fail "alert $a raised (alerts: $alerts)" ;;
	esac
done

# An endless body costs its cap, not the body: the whole process stays small.
rss=$(cat "$TEST_TMP/rss")
check "peak RSS under 64 MB with an endless body (got ${rss} KB)" [ "$rss" -lt 65536 ]

# Hostile bodies never reach the text report.
run_opsdeck snapshot --format text --config "$conf" --db "dbname=$FRESH_DB"
check "text snapshot exits 0" [ "$RC" = 0 ]
check "text snapshot has no control characters and fits 80 columns" check_text_report "$OUT" 80

finish
