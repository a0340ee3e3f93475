#!/bin/sh
# shellcheck shell=bash
# The cockpit draws a database full of values at the edges of what the
# schema allows, and shows them as figures, not as "nan" or "inf":
#   - NaN amounts (tests/fixtures/edge-nan-money.sql): a NaN used to make the
#     week's revenue sums and achievement rate NaN, which reached the float
#     to int conversions of the bar and the sparkline (undefined behaviour:
#     the sanitizer build aborts) and was printed as "nan%";
#   - infinite and far-off timestamps and dates, future heartbeats, health
#     scores outside 0-100 (tests/fixtures/edge-infinity.sql): one of them
#     used to fail the whole refresh, so the cockpit never drew the week.
# Each is run in a UTF-8 locale and with LANG=C (whose bars take another
# path).  Every wait is for the expected frame; the cockpit must still be
# running once it is drawn, show no non-finite number, and quit with q and
# status 0.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-11-05T12:00:00
T=$TEST_TMP

fresh_db edge_nan
NAN_DB=$FRESH_DB
load_sql "$NAN_DB" "$FIXTURES/edge-nan-money.sql" || bail "edge-nan-money.sql does not load"
fresh_db edge_inf
INF_DB=$FRESH_DB
load_sql "$INF_DB" "$FIXTURES/edge-infinity.sql" || bail "edge-infinity.sql does not load"

# The pane runs whatever $T/run.sh says once $T/go exists.
PANE_CMD="while [ ! -e '$T/go' ]; do sleep 0.1; done; exec sh '$T/run.sh'"
tmux_start 120 40 "$PANE_CMD"

# run_cockpit DB LANG: (re)starts the cockpit on DB in that locale.
run_cockpit() {
	rm -f "$T/go"
	pane_dead && tmx respawn-pane -k -t "$TMUX_SESSION" "$PANE_CMD"
	printf '[database]\nconninfo = dbname=%s\n' "$1" >"$T/opsdeck.conf"
	# shellcheck disable=SC2046
	printf 'exec env %s %q --config %q --now %s 2>%q\n' "$(TMUX_APP_LANG=$2 app_env)" \
		"$OPSDECK" "$T/opsdeck.conf" "$NOW" "$T/stderr" >"$T/run.sh"
	touch "$T/go"
}

# no_nonfinite: the last capture shows no "nan", "inf" or "infinity" as a
# word (in any case); what it does show is listed.
no_nonfinite() {
	if grep -inwE 'nan|-?inf(inity)?' "$SCREEN" >"$T/nonfinite.txt"; then
		sed 's/^/#   /' "$T/nonfinite.txt"
		return 1
	fi
}

# drawn LABEL STR...: waits for the frame holding every STR, then checks
# it and quits.
drawn() {
	local label=$1
	shift
	if wait_for "$@"; then
		pass "$label: the cockpit draws the figures"
	else
		fail "$label: the cockpit draws the figures"
		sed 's/^/#   stderr: /' "$T/stderr"
	fi
	check "$label: no nan or inf on the screen" no_nonfinite
	check "$label: every pane in place" wait_until fits_now
	check "$label: the cockpit is still running" eval '! pane_dead'
	tmux_keys q
	check "$label: q quits" wait_exit
	check "$label: exit status 0" eval '[ "$(pane_status)" = 0 ]'
	if [ -s "$T/stderr" ]; then
		sed 's/^/#   stderr: /' "$T/stderr"
	fi
}

for lang in C.UTF-8 C; do
	# NaN amounts: the week's revenue is 1500 / 500 (33 %), Bravo leads
	# the deliverables, the trend has an amount missing each week.
	run_cockpit "$NAN_DB" "$lang"
	drawn "NaN amounts, LANG=$lang" "REVENUE" "Target \$1.5K" "Actual \$500" "Bravo" "NM-002"

	# Infinities: the week is drawn (2 of 8 done), with the agents whose
	# heartbeat cannot be trusted marked stale and the bottom stage named
	# as the bottleneck.
	run_cockpit "$INF_DB" "$lang"
	drawn "infinite timestamps, LANG=$lang" "2/8" "ag-future-near" "ag-bc" \
		"STALE" "EI-007" "Bottleneck: Bottom"
done

finish
