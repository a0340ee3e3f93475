#!/bin/sh
# db/demo.sql, the seed's wireframe week, through `opsdeck snapshot`: every
# figure of tests/fixtures/demo-expected.json, and a text report that shows
# the headline figures within 80 columns and without control characters.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

NOW=2025-10-27T12:00:00

fresh_db demo
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
pass "db/demo.sql loads"

# Loading it twice must fail cleanly and leave the first load intact (it is
# one transaction): the snapshot below still sees exactly one copy.
if psql -X -q -v ON_ERROR_STOP=1 -d "$FRESH_DB" -f "$top_srcdir/db/demo.sql" >/dev/null 2>&1; then
	fail "db/demo.sql loads twice (expected a unique-key violation)"
else
	pass "a second load of db/demo.sql is refused as a whole"
fi

run_opsdeck snapshot --format json --db "dbname=$FRESH_DB" --now "$NOW"
if [ "$RC" -ne 0 ]; then
	sed 's/^/#   stderr: /' "$ERR"
	fail "json snapshot exits 0 (got $RC)"
else
	pass "json snapshot exits 0"
	cp "$OUT" "$TEST_TMP/demo.json"
	check "every demo figure matches demo-expected.json" \
		compare_json "$FIXTURES/demo-expected.json" "$TEST_TMP/demo.json"
fi

run_opsdeck snapshot --format text --db "dbname=$FRESH_DB" --now "$NOW"
if [ "$RC" -ne 0 ]; then
	sed 's/^/#   stderr: /' "$ERR"
	fail "text snapshot exits 0 (got $RC)"
else
	pass "text snapshot exits 0"
	cp "$OUT" "$TEST_TMP/demo.txt"
	check "text: no control characters, no line over 80 columns" \
		check_text_report "$TEST_TMP/demo.txt" 80

	# The headline figures, in whatever layout the report uses.
	text_has() { # description, extended regex
		if grep -Eq -- "$2" "$TEST_TMP/demo.txt"; then
			pass "text shows $1"
		else
			fail "text shows $1 (no match for /$2/)"
		fi
	}
	text_has "19 of 28 actions" '\b19\b[^0-9]{1,12}\b28\b'
	text_has "the completion rate 68 % (67.9)" '\b(68|67\.[89][0-9]*) ?%'
	text_has "Jesse's 75 %" 'Jesse.*\b75(\.0+)? ?%'
	text_has "the velocity 2.7 per day" '\b2\.71?'
	text_has "the revenue target 150,000" '150[,.]?000|150(\.0)?[Kk]'
	text_has "the revenue actual 98,000" '98[,.]?000|98(\.0)?[Kk]'
	text_has "the achievement rate 65 %" '\b65(\.3[0-9]*)? ?%'
	text_has "result R1" 'Boot System Fixed'
	text_has "result R2" 'Cloud RPM Infra'
	text_has "result R3" '21 Album Release'
	text_has "result R4" 'Time Estimation Protocol'
	text_has "the latest completion" 'Boot script fixed'
	text_has "agent Artifacts with 98" 'Artifacts.*\b98\b'
	text_has "the top deliverable" 'Jumio Integration'
	text_has "the middle bottleneck" '[Bb]ottleneck.*[Mm]iddle|[Mm]iddle.*[Bb]ottleneck'
fi

finish
