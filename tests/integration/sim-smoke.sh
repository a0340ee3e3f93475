#!/bin/sh
# Smoke test of opsdeck-sim: starts it on free ports (port 0, the ports come
# back in --ready-file), asks every behaviour with curl and checks status,
# headers, bodies, timing, metrics arithmetic, connection reuse, memory use
# under a huge body, switching behaviours at run time (--set and the
# control endpoint), the one-shot commands (--exit, --sleep, --flood,
# --spawn-sleeper, --ignore-term), many listeners and a clean exit on
# SIGTERM.
#
# Run: top_builddir=_build top_srcdir=. sh tests/integration/sim-smoke.sh
# Exit: 0 all passed, 1 something failed, 77 skipped (no curl).

set -u
: "${top_builddir:=.}"
: "${top_srcdir:=.}"
SIM=$top_builddir/opsdeck-sim

command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not found"; exit 77; }
[ -x "$SIM" ] || { echo "FAIL: $SIM is not built"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sim-smoke.XXXXXX") || exit 1
pid=
many_pid=
parent=
child=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	[ -n "$many_pid" ] && kill "$many_pid" 2>/dev/null
	[ -n "$parent" ] && kill -KILL "$parent" "$child" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fails=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; fails=$((fails + 1)); }
# expect NAME GOT WANT
expect() {
	if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}
# check NAME EXPRESSION: an awk expression over numbers, e.g. "0.31 >= 0.3"
check() {
	if awk "BEGIN { exit !($2) }" 2>/dev/null; then ok "$1"
	else bad "$1 ($2)"; fi
}

# start_sim READY-FILE ARGS...: runs the sim in the background, waits for
# its ready file; sets last_pid.
start_sim() {
	ready=$1
	shift
	"$SIM" --ready-file "$ready" "$@" >"$ready.out" 2>"$ready.err" &
	last_pid=$!
	n=0
	while [ ! -s "$ready" ]; do
		n=$((n + 1))
		if [ $n -gt 100 ] || ! kill -0 "$last_pid" 2>/dev/null; then
			echo "FAIL: opsdeck-sim did not start:"
			cat "$ready.err"
			exit 1
		fi
		sleep 0.1
	done
}

start_sim "$tmp/ready" \
	ok=healthy@0 ietf=healthy,style=ietf@0 spring=healthy,style=spring@0 \
	text=healthy,style=text@0 slow=slow,delay=300@0 \
	flap=flapping,period=2@0 burst=burst5xx,period=2@0 warn=warn@0 \
	down=down@0 hang=hanging@0 garbage=garbage@0 huge=huge,size=0@0 \
	small=huge,size=100K@0 redir=redirect@0 loop=redirect,loop@0 \
	sm=slowmetrics,mdelay=300@0 rst=reset@0 count=healthy@0 \
	p95=healthy,p95=3000@0 err=healthy,errors=10@0 sw=healthy@0 \
	mend=hanging@0
pid=$last_pid

port() { awk -v n="$1" '$1 == n { print $2 }' "$tmp/ready"; }
url() { echo "http://127.0.0.1:$(port "$1")$2"; }
# get URL [CURL-ARGS]: body to $tmp/body, head to $tmp/head, prints the code
get() {
	u=$1
	shift
	curl -s -o "$tmp/body" -D "$tmp/head" -w '%{http_code}' "$@" "$u"
}
header() { tr -d '\r' <"$tmp/head" | awk -v h="$1" -F': ' \
	'tolower($1) == tolower(h) { print $2 }'; }
body() { cat "$tmp/body"; }

expect "stdout lists every service" "$(wc -l <"$tmp/ready.out")" 22
expect "ready file matches stdout" "$(cmp -s "$tmp/ready" "$tmp/ready.out" \
	&& echo same)" same

# --- health bodies in every style
expect "healthy: 200" "$(get "$(url ok /health)")" 200
expect "healthy: body" "$(body)" '{"status":"ok"}'
expect "healthy: json" "$(header content-type)" application/json
expect "ietf: 200" "$(get "$(url ietf /health)")" 200
expect "ietf: type" "$(header content-type)" application/health+json
expect "ietf: pass" "$(body | cut -c1-17)" '{"status":"pass",'
expect "spring: 200" "$(get "$(url spring /health)")" 200
expect "spring: UP" "$(body | cut -c1-29)" '{"status":"UP","components":{'
expect "text: 200" "$(get "$(url text /health)")" 200
expect "text: ok" "$(body)" ok
expect "warn: 200" "$(get "$(url warn /health)")" 200
expect "warn: body" "$(body)" '{"status":"warn"}'
expect "down: 503" "$(get "$(url down /health)")" 503
expect "down: body" "$(body)" '{"status":"DOWN"}'
expect "HEAD: 200" "$(get "$(url ok /health)" -I)" 200
expect "HEAD: length" "$(header content-length)" 15
expect "HEAD: no body" "$(curl -s -I -o /dev/null -w '%{size_download}' \
	"$(url ok /health)")" 0
expect "unknown path: 404" "$(get "$(url ok /nope)")" 404
expect "POST: 405" "$(get "$(url ok /health)" -X POST)" 405
expect "HTTP/1.0: 200" "$(get "$(url ok /health)" --http1.0)" 200
expect "HTTP/1.0: closes" "$(header connection)" close
expect "Connection: close honoured" \
	"$(get "$(url ok /health)" -H 'Connection: close'; header connection)" \
	200close
big=$(awk 'BEGIN { while (n++ < 17000) printf "x" }')
expect "17 KB head: 431" "$(get "$(url ok /health)" -H "X-Big: $big")" 431

# --- keep-alive: two URLs on one connection, also after a request body
reused() { grep -ci 're-using existing connection' "$tmp/v"; }
curl -sv "$(url ok /health)" "$(url ok /metrics)" -o /dev/null \
	-o /dev/null 2>"$tmp/v"
expect "keep-alive: second request reuses the connection" "$(reused)" 1
curl -sv -d 'some body' "$(url ok /health)" --next "$(url ok /health)" \
	-o /dev/null 2>"$tmp/v" >/dev/null
expect "keep-alive: request body skipped, connection reused" "$(reused)" 1
curl -sv "$(url small /health)" "$(url small /health)" -o /dev/null \
	-o /dev/null 2>"$tmp/v"
expect "keep-alive: reuse after a chunked body" "$(reused)" 1

# --- timing
t=$(curl -s -o /dev/null -w '%{time_total}' "$(url slow /health)")
check "slow: answers after delay=300 ($t s)" "$t >= 0.29"
t=$(curl -s -o /dev/null -w '%{time_total}' "$(url sm /metrics)")
check "slowmetrics: /metrics after 300 ms ($t s)" "$t >= 0.29"
t=$(curl -s -o /dev/null -w '%{time_total}' "$(url sm /health)")
check "slowmetrics: /health at once ($t s)" "$t < 0.2"

# --- flapping period=2, burst5xx period=2
codes=
for i in 1 2 3 4 5 6; do codes="$codes$(get "$(url flap /health)") "; done
expect "flapping: alternates" "$codes" "200 200 503 503 200 200 "
expect "flapping: down body" "$(get "$(url flap /health)"; body)" \
	'503{"status":"down"}'
codes=
for i in 1 2 3 4; do codes="$codes$(get "$(url burst /health)") "; done
expect "burst5xx: every 2nd is 500" "$codes" "200 500 200 500 "

# --- hostile answers
t=$(curl -s -m 1 -o /dev/null -w '%{http_code}' "$(url hang /health)")
expect "hanging: curl -m 1 times out" "$?/$t" 28/000
curl -s -o /dev/null "$(url rst /health)"
rc=$?
check "reset: connection error (curl $rc)" "$rc == 56 || $rc == 52"
expect "garbage: 200" "$(get "$(url garbage /health)")" 200
count() { tr -cd "$1" <"$tmp/body" | wc -c; }
check "garbage: ESC in body" "$(count '\033') >= 5"
check "garbage: 0xFF in body" "$(count '\377') >= 1"
check "garbage: NUL in body" "$(count '\000') >= 1"
check "garbage: body over 64 KB" "$(wc -c <"$tmp/body") > 65536"
check "garbage: 8 KB padding header" "$(header x-sim-padding | wc -c) > 8000"
expect "redirect: 302" "$(get "$(url redir /health)")" 302
expect "redirect: Location" "$(header location)" /health/real
expect "redirect: one hop to 200" "$(curl -s -L -o /dev/null \
	-w '%{http_code} %{num_redirects}' "$(url redir /health)")" "200 1"
curl -s -L --max-redirs 3 -o /dev/null "$(url loop /health)"
expect "redirect loop: too many redirects" $? 47

# --- huge: bounded by the client, without the sim's memory growing
expect "huge size=100K: exact length" \
	"$(curl -s "$(url small /health)" | wc -c)" 102400
expect "huge: chunked" "$(get "$(url huge /health)" -I; \
	header transfer-encoding)" 200chunked
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status" 2>/dev/null; }
before=$(rss)
expect "huge endless: head -c 200 MB" \
	"$(curl -s "$(url huge /health)" | head -c 200000000 | wc -c)" 200000000
after=$(rss)
if [ -n "$before" ] && [ -n "$after" ]; then
	check "huge: RSS ${before} kB -> ${after} kB" \
		"$after - $before < 8192"
fi

# --- metrics: real counts, synthetic p95 and errors
get "$(url count /metrics)" >/dev/null
expect "metrics: content type" "$(header content-type)" \
	"text/plain; version=0.0.4; charset=utf-8"
for i in 1 2 3; do get "$(url count /health)" >/dev/null; done
get "$(url count /nope)" >/dev/null
get "$(url count /metrics)" >/dev/null
cp "$tmp/body" "$tmp/m1"
metric() { awk -v s="$1" 'index($0, s) == 1 { print $NF }' "$2"; }
expect "metrics: 200 count" "$(metric 'http_requests_total{code="200"}' \
	"$tmp/m1")" 3
expect "metrics: 404 count" "$(metric 'http_requests_total{code="404"}' \
	"$tmp/m1")" 1
expect "metrics: histogram count" \
	"$(metric http_request_duration_seconds_count "$tmp/m1")" 4
expect "metrics: +Inf = count" \
	"$(metric 'http_request_duration_seconds_bucket{le="+Inf"}' "$tmp/m1")" 4
expect "metrics: TYPE lines" "$(grep -c '^# TYPE' "$tmp/m1")" 6
get "$(url count /metrics)" >/dev/null
expect "metrics: scrapes not counted" "$(metric \
	http_request_duration_seconds_count "$tmp/body")" 4

# p95 and error share over the delta between two scrapes, as opsdeck does
p95() { awk '
	/^http_request_duration_seconds_bucket/ {
		match($0, /le="[^"]*"/); le = substr($0, RSTART + 4, RLENGTH - 5)
		if (FNR == NR) { a[le] = $NF; next }
		n++; les[n] = le; d[n] = $NF - a[le]
	}
	END {
		rank = 0.95 * d[n]; prev = 0; lo = 0
		for (i = 1; i <= n; i++) {
			if (d[i] >= rank) {
				if (les[i] == "+Inf") { print lo; exit }
				print lo + (les[i] - lo) * (rank - prev) / (d[i] - prev)
				exit
			}
			prev = d[i]; lo = les[i]
		}
	}' "$1" "$2"; }
share5xx() { awk '
	/^http_requests_total\{/ {
		match($0, /code="[0-9]+"/); c = substr($0, RSTART + 6, 3)
		if (FNR == NR) { a[c] = $NF; next }
		d = $NF - a[c]; t += d; if (c ~ /^5/) e += d
	}
	END { if (t > 0) print 100 * e / t; else print "idle" }' "$1" "$2"; }
scrape() { curl -s "$(url "$1" /metrics)" >"$2"; }

scrape slow "$tmp/a"
for i in 1 2 3; do curl -s -o /dev/null "$(url slow /health)"; done
scrape slow "$tmp/b"
g=$(p95 "$tmp/a" "$tmp/b")
check "slow: p95 $g s in the delay's bucket" "$g >= 0.3 && $g <= 0.5"
scrape p95 "$tmp/a"
curl -s -o /dev/null "$(url p95 /health)"
scrape p95 "$tmp/b"
g=$(p95 "$tmp/a" "$tmp/b")
check "p95=3000: p95 $g s" "$g > 2.9 && $g < 3.1"
scrape err "$tmp/a"
for i in 1 2 3; do curl -s -o /dev/null "$(url err /health)"; done
scrape err "$tmp/b"
g=$(share5xx "$tmp/a" "$tmp/b")
check "errors=10: 5xx share $g %" "$g > 9 && $g < 11"
scrape burst "$tmp/a"
scrape burst "$tmp/b"
scrape burst "$tmp/c"
g1=$(share5xx "$tmp/a" "$tmp/b")
g2=$(share5xx "$tmp/b" "$tmp/c")
check "burst5xx: 5xx share grows ($g1 % -> $g2 %)" \
	"$g1 >= 20 && $g2 > $g1"

# --- switching behaviour at run time: opsdeck-sim --set, PUT/POST
# /_sim/behaviour; control requests are not counted in /metrics
# set SPEC SERVICE: the client's exit status, its stdout in $tmp/set.out
# and its stderr in $tmp/set.err
set_behaviour() {
	"$SIM" --set "$1" --port "$(port "$2")" >"$tmp/set.out" 2>"$tmp/set.err"
}
control() { get "$(url sw /_sim/behaviour)" "$@"; }
expect "switch: healthy at first" "$(get "$(url sw /health)"; body)" \
	'200{"status":"ok"}'
set_behaviour failing sw
expect "switch: --set failing exits 0" $? 0
expect "switch: --set prints the answer line" "$(cat "$tmp/set.out")" \
	"200 failing"
expect "switch: now failing (500)" "$(get "$(url sw /health)"; body)" \
	'500{"status":"error"}'
set_behaviour failing,status=503 sw
expect "switch: --set failing,status=503 exits 0" $? 0
expect "switch: now 503" "$(get "$(url sw /health)")" 503
expect "switch: /metrics names the new behaviour" \
	"$(curl -s "$(url sw /metrics)" | grep '^opsdeck_sim_info')" \
	'opsdeck_sim_info{behaviour="failing"} 1'
set_behaviour nope sw
expect "switch: unknown behaviour refused, exit 1" $? 1
expect "switch: the refusal's line on stderr" "$(cat "$tmp/set.err")" \
	"opsdeck-sim: 400 unknown behaviour 'nope'"
expect "switch: nothing on stdout when refused" "$(cat "$tmp/set.out")" ""
expect "switch: the old behaviour stays" "$(get "$(url sw /health)")" 503
expect "switch: option of another behaviour: 400" \
	"$(control -X PUT --data-binary healthy,status=503; body)" \
	"400option 'status' does not apply to healthy"
expect "switch: bad value: 400" \
	"$(control -X PUT --data-binary failing,status=200; body)" \
	"400bad status=200 (want an HTTP status from 400 to 599)"
expect "switch: control bytes: 400" \
	"$(control -X PUT --data-binary "$(printf 'heal\033thy')")" 400
expect "switch: empty body: 400" "$(control -X PUT --data-binary '')" 400
expect "switch: still 503 after the refusals" \
	"$(get "$(url sw /health)")" 503
set_behaviour healthy sw
expect "switch: back to healthy, exit 0" $? 0
expect "switch: healthy again" "$(get "$(url sw /health)"; body)" \
	'200{"status":"ok"}'
expect "switch: POST with a line end works" \
	"$(printf 'slow,delay=1\n' | control -X POST --data-binary @-; body)" \
	"200slow,delay=1"
expect "switch: GET on the control path: 405" "$(control)" 405
expect "switch: 405 names the methods" "$(header allow)" "PUT, POST"
big=$(awk 'BEGIN { while (n++ < 2000) printf "x" }')
expect "switch: 2000-byte body: 413" \
	"$(control -X PUT --data-binary "$big")" 413
expect "switch: chunked body: 411" "$(control -X PUT \
	-H 'Transfer-Encoding: chunked' --data-binary healthy)" 411
expect "switch: still slow after the refusals" \
	"$(curl -s "$(url sw /metrics)" | grep '^opsdeck_sim_info')" \
	'opsdeck_sim_info{behaviour="slow"} 1'
set_behaviour flapping,period=1 sw
codes=
for i in 1 2 3; do codes="$codes$(get "$(url sw /health)") "; done
expect "switch: a flapping cycle starts at its beginning" "$codes" \
	"200 503 200 "
# Every /health answer above was counted across the switches, no control
# request was: 200 (healthy), 500 (failing), 503 x3 (failing,status=503 and
# twice after refusals), 200 (healthy again), 200 503 200 (flapping).
get "$(url sw /metrics)" >/dev/null
cp "$tmp/body" "$tmp/msw"
expect "switch: 200s counted across switches" \
	"$(metric 'http_requests_total{code="200"}' "$tmp/msw")" 4
expect "switch: 500s counted across switches" \
	"$(metric 'http_requests_total{code="500"}' "$tmp/msw")" 1
expect "switch: 503s counted across switches" \
	"$(metric 'http_requests_total{code="503"}' "$tmp/msw")" 4
expect "switch: control requests not counted" \
	"$(metric http_request_duration_seconds_count "$tmp/msw")" 9
set_behaviour healthy mend
expect "switch: a hanging service can be switched back" \
	"$?/$(curl -s -m 5 -o /dev/null -w '%{http_code}' \
	"$(url mend /health)")" 0/200
"$SIM" --set healthy --port 1 >/dev/null 2>&1
expect "--set with nothing listening: exit 1" $? 1
"$SIM" --set healthy >/dev/null 2>&1
expect "--set without --port: usage error" $? 2

# --- one-shot commands for deploy tests
"$SIM" --exit 7 >"$tmp/x.out" 2>"$tmp/x.err"
expect "--exit 7: exit status 7" $? 7
expect "--exit 7: says so on stderr" "$(cat "$tmp/x.err")" \
	"opsdeck-sim: exiting with status 7"
expect "--exit 7: nothing on stdout" "$(cat "$tmp/x.out")" ""
"$SIM" --flood 1000000 >"$tmp/flood"
expect "--flood 1000000: exit 0" $? 0
expect "--flood 1000000: exactly that many bytes" \
	"$(wc -c <"$tmp/flood" | tr -d ' ')" 1000000
expect "--flood: numbered lines" "$(sed -n '2p' "$tmp/flood" | cut -c1-10)" \
	0000000002
expect "--flood 0: nothing" "$("$SIM" --flood 0 | wc -c | tr -d ' ')" 0
"$SIM" --sleep 0.2
expect "--sleep 0.2: eventually exits 0" $? 0
"$SIM" --sleep 0.1 --exit 3 2>/dev/null
expect "--sleep then --exit 3" $? 3

# start_sleeper ARGS...: runs opsdeck-sim ARGS --spawn-sleeper 60 in a
# process group of its own (setsid) and waits for its "PARENT CHILD" line;
# sets sleeper_bg, parent, child and pgid, and prints "own group" when
# the parent leads its group (so signalling -pgid never hits this script).
start_sleeper() {
	rm -f "$tmp/pids"
	setsid "$SIM" "$@" --spawn-sleeper 60 >"$tmp/pids" &
	sleeper_bg=$!
	n=0
	while [ ! -s "$tmp/pids" ] && [ $n -lt 100 ]; do
		n=$((n + 1))
		sleep 0.1
	done
	parent=
	child=
	read -r parent child <"$tmp/pids"
	pgid=$(awk '{ print $5 }' "/proc/${parent:-none}/stat" 2>/dev/null)
}
own_group() {
	[ -n "$pgid" ] && [ "$pgid" = "$parent" ] && echo "own group"
}
# group_of PID: its process group, or "none"
group_of() { awk '{ print $5 }' "/proc/$1/stat" 2>/dev/null || echo none; }
# gone PID: no such process, or only a zombie left to reap
gone() {
	! kill -0 "$1" 2>/dev/null ||
		[ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}
# wait_gone PID...: up to 5 s for each to go; prints "gone" or "alive"
wait_gone() {
	for w in "$@"; do
		n=0
		while ! gone "$w" && [ $n -lt 50 ]; do
			n=$((n + 1))
			sleep 0.1
		done
		gone "$w" || { echo alive; return; }
	done
	echo gone
}
# both_alive: the parent and the child still run
both_alive() {
	! gone "$parent" && ! gone "$child" && echo alive
}
if command -v setsid >/dev/null 2>&1 && [ -d /proc/self ]; then
	start_sleeper
	expect "--spawn-sleeper: leads its own group under setsid" \
		"$(own_group)" "own group"
	expect "--spawn-sleeper: child in the parent's process group" \
		"$(group_of "${child:-none}")" "$pgid"
	expect "--spawn-sleeper: both sleep" "$(both_alive)" alive
	[ -n "$(own_group)" ] && kill -TERM "-$pgid"
	wait "$sleeper_bg" 2>/dev/null
	expect "--spawn-sleeper: SIGTERM to the group ends both" \
		"$(wait_gone "$parent" "$child")" gone
	start_sleeper --ignore-term
	[ -n "$(own_group)" ] && kill -TERM "-$pgid"
	sleep 0.3
	expect "--ignore-term: SIGTERM to the group leaves both" \
		"$(both_alive)" alive
	[ -n "$(own_group)" ] && kill -KILL "-$pgid"
	wait "$sleeper_bg" 2>/dev/null
	expect "--ignore-term: SIGKILL to the group ends both" \
		"$(wait_gone "$parent" "$child")" gone
	# never leave a sleeper behind, whatever failed above
	kill -KILL "$parent" "$child" 2>/dev/null
else
	echo "# skipped --spawn-sleeper: no setsid or no /proc"
fi

# --- many listeners, each its own port
hard=$(ulimit -Hn)
many=2000
case $hard in
unlimited) ;;
*) [ "$hard" -lt 4500 ] && many=$((hard / 3)) ;;
esac
start_sim "$tmp/many" --many "$many" --behaviour slow,delay=200 --base-port 0
many_pid=$last_pid
expect "--many $many: one line each" "$(wc -l <"$tmp/many")" "$many"
expect "--many: distinct ports" "$(awk '{ print $2 }' "$tmp/many" | sort -u |
	wc -l)" "$many"
if curl --help all 2>/dev/null | grep -q -- --parallel; then
	awk '{ print "url = http://127.0.0.1:" $2 "/health"
	       print "output = /dev/null" }' "$tmp/many" >"$tmp/many.cfg"
	expect "--many: every listener answers 200" "$(curl -s --parallel \
		--parallel-max 200 -K "$tmp/many.cfg" -w '%{http_code}\n' \
		2>/dev/null |
		sort | uniq -c | awk '{ print $1 "x" $2 }')" "${many}x200"
fi
kill -TERM "$many_pid"
wait "$many_pid"
expect "--many: clean exit on SIGTERM" $? 0
many_pid=

# --- clean exit with connections open (hanging, streaming, delayed)
curl -s -m 5 "$(url hang /health)" >/dev/null &
c1=$!
curl -s --limit-rate 50k "$(url huge /health)" >/dev/null &
c2=$!
sleep 0.3
kill -TERM "$pid"
wait "$pid"
expect "SIGTERM with open connections: exit 0" $? 0
pid=
wait "$c1" "$c2" 2>/dev/null
expect "nothing on stderr" "$(cat "$tmp/ready.err")" ""

if [ "$fails" -ne 0 ]; then
	echo "FAIL: $fails check(s) failed"
	exit 1
fi
echo "PASS"
exit 0
