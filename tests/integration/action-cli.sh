#!/bin/sh
# shellcheck shell=bash
# opsdeck action complete|block|start CODE (spec §1, §6.1) against a real
# server, with opsdeck's objects installed:
#  - each write sets exactly the columns the spec names, refreshes the
#    plan's stored completion_rate, and is audited (who, kind, before,
#    after, outcome); exit 0;
#  - hostile text in a reason (quotes, '); DROP TABLE, escape sequences) is
#    stored verbatim and printed sanitized;
#  - --if-unmodified: a row changed after the given time is a conflict,
#    reported with who changed it, nothing written, exit 4;
#  - two writers racing on one action with the same guard: exactly one
#    wins, the other is told (exit 4);
#  - not found, already in that state, a block without a reason, bad hours,
#    a database without opsdeck's objects, an unreachable database,
#    --read-only: each with its exit status and one clear line.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

NOW=2025-10-27T12:00:00
q() { psql -X -Atq -d "$DB" -c "$1" 2>&1; }
same() { # DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: want '$2', got '$3'"; fi
}
stdout_says() { # DESCRIPTION ERE
	if grep -Eq -- "$2" "$OUT"; then pass "$1"; else fail "$1 (stdout: $(head -c 300 "$OUT"))"; fi
}
no_escape_bytes() { # DESCRIPTION
	if LC_ALL=C grep -q "$(printf '[\001-\010\013-\037\177]')" "$OUT" "$ERR"; then
		fail "$1: control bytes reached the output"
	else
		pass "$1: no control bytes in the output"
	fi
}

fresh_db action_cli
DB=$FRESH_DB
load_sql "$DB" "$top_srcdir/db/demo.sql" || bail "cannot load the demo"

# Without opsdeck's objects a write is refused and says what to do.
run_opsdeck action start PLAN-TIME-002 --db "dbname=$DB"
expect_rc 4 "a write before opsdeck migrate"
stderr_says "it says to run opsdeck migrate" 'run `opsdeck migrate`'

run_opsdeck migrate --db "dbname=$DB"
expect_rc 0 "migrate" || true
COUNT_BEFORE=$(q "SELECT count(*) FROM rpm_action_items")
OTHERS_BEFORE=$(q "SELECT md5(string_agg(t::text, '|' ORDER BY action_code)) FROM rpm_action_items t WHERE action_code <> 'ARCH-CLOUD-003'")

# --- complete -----------------------------------------------------------------
export USER=cli-tester
run_opsdeck action complete ARCH-CLOUD-003 --hours 2.5 --evidence gs://ev/1 --now "$NOW" --db "dbname=$DB"
expect_rc 0 "complete"
stdout_says "complete says what it did" '^opsdeck: ARCH-CLOUD-003 completed$'
same "complete: status, completion_date = now, hours, evidence, updated_at = now" \
	"completed|2025-10-27 12:00:00|2.50|gs://ev/1|2025-10-27 12:00:00" \
	"$(q "SELECT status, completion_date, actual_hours, evidence_path, updated_at FROM rpm_action_items WHERE action_code = 'ARCH-CLOUD-003'")"
same "no other action touched" "$OTHERS_BEFORE" \
	"$(q "SELECT md5(string_agg(t::text, '|' ORDER BY action_code)) FROM rpm_action_items t WHERE action_code <> 'ARCH-CLOUD-003'")"
same "the plan's stored completion_rate follows its rows" \
	"$(q "SELECT round(100.0 * count(*) FILTER (WHERE a.status = 'completed') / count(*), 2) FROM rpm_action_items a JOIN rpm_results r ON r.id = a.result_id JOIN rpm_weekly_plans p ON p.id = r.weekly_plan_id WHERE p.week_start_date = '2025-10-21'")" \
	"$(q "SELECT completion_rate FROM rpm_weekly_plans WHERE week_start_date = '2025-10-21'")"
same "audited: operator, kind, before, after, outcome" \
	"cli-tester|complete|ARCH-CLOUD-003|in_progress|completed|applied" \
	"$(q "SELECT operator, kind, subject, before_status, after_status, outcome FROM opsdeck.audit ORDER BY at DESC LIMIT 1")"

# --- block, hostile reason ----------------------------------------------------
REASON=$(printf "it's '); DROP TABLE rpm_action_items; -- \033]2;PWNED\007\033[2J")
run_opsdeck action block ARCH-CLOUD-003 --reason "$REASON" --db "dbname=$DB"
expect_rc 0 "block with a hostile reason"
same "the reason is stored verbatim" "$(printf '%s' "$REASON" | od -An -tx1 | tr -d ' \n')" \
	"$(q "SELECT blocker_description FROM rpm_action_items WHERE action_code = 'ARCH-CLOUD-003'" | tr -d '\n' | od -An -tx1 | tr -d ' \n')"
same "the table is still there" "$COUNT_BEFORE" "$(q "SELECT count(*) FROM rpm_action_items")"
run_opsdeck action block ARCH-CLOUD-003 --reason "$REASON" --db "dbname=$DB"
expect_rc 4 "block of a blocked action"
stderr_says "already blocked" 'ARCH-CLOUD-003 is already blocked; nothing written'

# An answer quoting hostile database text is sanitized.
q "UPDATE rpm_action_items SET owner = E'Ev\\x1b]2;PWN\\x07il' WHERE action_code = 'PLAN-TIME-002'" >/dev/null
q "INSERT INTO opsdeck.audit (id, operator, kind, subject, before_status, after_status, outcome, detail)
   VALUES (gen_random_uuid(), E'Mal\\x1b[2Jlory', 'start', 'PLAN-TIME-002', 'pending', 'in_progress', 'applied',
           jsonb_build_object('after_version', (SELECT opsdeck.row_version(updated_at) FROM rpm_action_items WHERE action_code = 'PLAN-TIME-002')))" >/dev/null
run_opsdeck action complete PLAN-TIME-002 --if-unmodified 2000-01-01T00:00:00 --db "dbname=$DB"
expect_rc 4 "a conflict"
stderr_says "the conflict names who changed it" 'PLAN-TIME-002 was pending by Mal.*lory .*ago; nothing written'
no_escape_bytes "a conflict quoting hostile text"

# --- start, guard ---------------------------------------------------------------
SEEN=$(q "SELECT to_char(updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-004'")
run_opsdeck action start MUSIC-ALBUM-004 --if-unmodified "$SEEN" --db "dbname=$DB"
expect_rc 0 "start, unmodified since what was seen"
same "started" "in_progress" "$(q "SELECT status FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-004'")"
q "UPDATE rpm_action_items SET updated_at = updated_at + interval '1 hour' WHERE action_code = 'PLAN-TIME-004'" >/dev/null
run_opsdeck action start PLAN-TIME-004 --if-unmodified 2025-10-20T00:00:00 --db "dbname=$DB"
expect_rc 4 "start of a row changed since"
stderr_says "a conflict says nothing was written" 'PLAN-TIME-004 changed .*nothing written'
same "nothing written on a conflict" "pending" "$(q "SELECT status FROM rpm_action_items WHERE action_code = 'PLAN-TIME-004'")"

# --- two writers racing on one action -------------------------------------------
SEEN=$(q "SELECT to_char(updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM rpm_action_items WHERE action_code = 'PLAN-TIME-004'")
wins=0 told=0
for round in 1 2 3; do
	q "UPDATE rpm_action_items SET status = 'pending', updated_at = '$SEEN' WHERE action_code = 'PLAN-TIME-004'" >/dev/null
	for w in a b; do
		XDG_CONFIG_HOME=$TEST_TMP/xdg HOME=$TEST_TMP/home USER=writer-$w \
			timeout 60 "$OPSDECK" action complete PLAN-TIME-004 --if-unmodified "$SEEN" \
			--now "$NOW" --db "dbname=$DB" >"$TEST_TMP/race-$w.out" 2>"$TEST_TMP/race-$w.err" &
	done
	rc_a=0 rc_b=0
	wait %1 || rc_a=$?
	wait %2 || rc_b=$?
	case "$rc_a$rc_b" in
	04|40) wins=$((wins + 1)) ;;
	*) echo "# round $round: exit $rc_a and $rc_b"; cat "$TEST_TMP"/race-*.err | sed 's/^/#   /' ;;
	esac
	grep -q 'was completed by writer-[ab] .*nothing written' "$TEST_TMP"/race-*.err && told=$((told + 1))
done
same "three races: one writer wins each" 3 "$wins"
same "three races: the loser is told who won" 3 "$told"

# --- refusals -------------------------------------------------------------------
P1_BEFORE=$(q "SELECT t::text FROM rpm_action_items t WHERE action_code = 'PLAN-TIME-001'")
run_opsdeck action start NO-SUCH-CODE --db "dbname=$DB"
expect_rc 4 "an unknown code"
stderr_says "not found" 'no action NO-SUCH-CODE; nothing written'
run_opsdeck action block PLAN-TIME-001 --db "dbname=$DB"
expect_rc 2 "block without --reason"
run_opsdeck action block PLAN-TIME-001 --reason "   " --db "dbname=$DB"
expect_rc 2 "block with a blank reason"
for h in abc -1 1000 0x10 inf 1e2 ""; do
	run_opsdeck action complete PLAN-TIME-001 --hours "$h" --db "dbname=$DB"
	expect_rc 2 "--hours '$h'"
done
run_opsdeck action complete PLAN-TIME-001 --reason x --db "dbname=$DB"
expect_rc 2 "--reason on complete"
run_opsdeck action finish PLAN-TIME-001 --db "dbname=$DB"
expect_rc 2 "an unknown write"
run_opsdeck action start PLAN-TIME-001 --if-unmodified yesterday --db "dbname=$DB"
expect_rc 2 "a bad --if-unmodified"
run_opsdeck action start PLAN-TIME-001 --read-only --db "dbname=$DB"
expect_rc 4 "--read-only"
run_opsdeck action start PLAN-TIME-001 --wall --db "dbname=$DB"
expect_rc 4 "--wall"
printf '[ui]\nread_only = yes\n' >"$TEST_TMP/ro.conf"
run_opsdeck action start PLAN-TIME-001 --config "$TEST_TMP/ro.conf" --db "dbname=$DB"
expect_rc 4 "[ui] read_only"
run_opsdeck action start PLAN-TIME-001 --db "host=127.0.0.1 port=1 connect_timeout=2 password=s3cr3t-pw"
expect_rc 3 "an unreachable database"
stderr_lines "one line" 1
no_secret "unreachable" s3cr3t-pw
same "none of the refused writes wrote" "$P1_BEFORE" "$(q "SELECT t::text FROM rpm_action_items t WHERE action_code = 'PLAN-TIME-001'")"
finish
