#!/bin/sh
# Every fixture in tests/fixtures: NAME.sql (data), NAME.json (the expected
# subset of `opsdeck snapshot --format json`), NAME.args (the command's
# arguments: blank-separated words, # comments) and optionally NAME.conf
# (passed as --config).  For each fixture: a fresh database with the seed
# schema and NAME.sql, the JSON snapshot checked to be strict JSON (no NaN
# or Infinity) and compared with json-compare.py, and the text snapshot
# checked for control characters, 80 columns and non-finite numbers ("nan",
# "inf"; so no fixture's text may hold those words).
# Give fixture names as arguments to run only those.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for json in "$FIXTURES"/*.json; do
		name=$(basename "$json" .json)
		[ -f "$FIXTURES/$name.sql" ] && names+=("$name")
	done
fi
[ ${#names[@]} -gt 0 ] || bail "no fixtures in $FIXTURES"

# strict_json FILE: JSON as RFC 8259 has it.  Python's parser (and so
# json-compare.py) takes NaN and Infinity, which no other parser does.
strict_json() {
	"$PYTHON" - "$1" <<'PY'
import json, sys
def refuse(token):
    print("#   %s is not JSON" % token)
    sys.exit(1)
json.load(open(sys.argv[1], encoding="utf-8"), parse_constant=refuse)
PY
}

failed_names=()
for name in "${names[@]}"; do
	sql=$FIXTURES/$name.sql json=$FIXTURES/$name.json args=$FIXTURES/$name.args
	if [ ! -f "$sql" ] || [ ! -f "$json" ] || [ ! -f "$args" ]; then
		fail "$name: needs $name.sql, $name.json and $name.args"
		failed_names+=("$name")
		continue
	fi
	read_args "$args"
	[ -f "$FIXTURES/$name.conf" ] && ARGS+=(--config "$FIXTURES/$name.conf")

	fresh_db "$name"
	ok=yes
	if ! load_sql "$FRESH_DB" "$sql"; then
		echo "# $name: $name.sql does not load"
		ok=no
	else
		run_opsdeck snapshot --format json --db "dbname=$FRESH_DB" "${ARGS[@]}"
		if [ "$RC" -ne 0 ]; then
			echo "# $name: json snapshot exited $RC"
			sed 's/^/#   stderr: /' "$ERR"
			ok=no
		else
			cp "$OUT" "$TEST_TMP/$name.actual.json"
			if ! strict_json "$TEST_TMP/$name.actual.json"; then
				echo "# $name: the snapshot is not strict JSON"
				ok=no
			fi
			if ! compare_json "$json" "$TEST_TMP/$name.actual.json"; then
				echo "# $name: JSON differs from $name.json (above)"
				ok=no
			fi
		fi

		run_opsdeck snapshot --format text --db "dbname=$FRESH_DB" "${ARGS[@]}"
		if [ "$RC" -ne 0 ]; then
			echo "# $name: text snapshot exited $RC"
			sed 's/^/#   stderr: /' "$ERR"
			ok=no
		elif ! check_text_report "$OUT" 80; then
			echo "# $name: text snapshot is not a clean 80-column report (above)"
			ok=no
		elif grep -inwE 'nan|-?inf(inity)?' "$OUT" | sed 's/^/#   /' | grep .; then
			echo "# $name: text snapshot shows a non-finite number (above)"
			ok=no
		fi
	fi
	drop_db "$FRESH_DB"

	if [ $ok = yes ]; then
		pass "$name"
	else
		fail "$name"
		failed_names+=("$name")
	fi
done

[ ${#failed_names[@]} -eq 0 ] || echo "# failed fixtures: ${failed_names[*]}"
finish
