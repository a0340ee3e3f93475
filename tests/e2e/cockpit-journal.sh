#!/bin/sh
# shellcheck shell=bash
# The offline write journal (spec §6.1) in the cockpit, on a private
# PostgreSQL server of its own (stopping the shared test server would break
# the tests running beside this one), with XDG_STATE_HOME in the test's
# directory so that the journal is $T/state/opsdeck/journal.
#
# 1. Writes while the server is stopped: with [database] refresh = 1 the
#    server stops; s (start) on PLAN-TIME-002 and b (block, with a reason)
#    on MUSIC-ALBUM-004 both show the ⧗ mark (journaled, database away) and
#    the status line says "2 pending"; the journal file holds both.  The
#    server returns: both are applied exactly once (one "applied" audit row
#    each, in the order they were made), "pending" and the marks go, the
#    journal file is empty again.
# 2. Killed between commit and journal: with OPSDECK_FAULT_CRASH_AFTER_COMMIT=1
#    the cockpit completes ARCH-CLOUD-003 (c, hours, evidence) and SIGKILLs
#    itself right after the commit: the pane dies of signal 9 and the journal
#    still holds the record (its id is the audit row's).  A new cockpit
#    without the hook replays it: the database says "duplicate", nothing is
#    written again (still one audit row, updated_at unchanged), the journal
#    ends empty.
# 3. A journal cut short: two writes while the server is stopped (s on
#    PLAN-TIME-003, b on MUSIC-ALBUM-005), q quits with both kept, the file
#    loses its last 3 bytes (the second record's checksum).  A new cockpit
#    with the server back says the damaged record was dropped, replays and
#    applies the first write, and never applies the second.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
T=$TEST_TMP
STATE=$T/state
JOURNAL=$STATE/opsdeck/journal

# --- a private server ------------------------------------------------------------
private_pg_start

fresh_db journal
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
run_opsdeck migrate --db "dbname=$FRESH_DB"
[ "$RC" = 0 ] || { sed 's/^/#   /' "$ERR"; bail "opsdeck migrate failed (status $RC)"; }

cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = host=127.0.0.1 port=$PGPORT user=postgres dbname=$FRESH_DB connect_timeout=2
refresh = 1
connect_timeout = 2
query_timeout = 3
[ui]
principal = Jesse
operator = e2e-op
EOF

# sql QUERY: one value (or rows, |-separated) from the test database.
sql() {
	psql -X -A -t -q -d "$FRESH_DB" -c "$1"
}

# cockpit [ENV...]: a new cockpit in a new tmux server, 160x50 (the zoomed
# ACTIONS pane then shows every group and EVENTS), the journal under $STATE.
cockpit() {
	tmux_kill
	tmux_start 160 50 "exec env $(app_env) XDG_STATE_HOME='$STATE' $* '$OPSDECK' --config '$T/opsdeck.conf' --now $NOW 2>>'$T/stderr'"
}

status_line() {
	tail -n 1 "$SCREEN"
}
db_ok() {
	status_line | grep -qE '^ *db ok'
}
db_down() {
	status_line | grep -qE '^ *db (connecting|reconnecting|error|failed)'
}
# The demo week is on screen, the ACTIONS pane zoomed.
zoomed_actions() {
	screen_has "3/6 ACTIONS" "DUE IN 7 DAYS" "OVERDUE"
}
# row_has CODE TEXT: a row of CODE shows TEXT (in its when column).
row_has() {
	grep -E -- "^┃ $1 " "$SCREEN" | grep -qF -- "$2"
}
# no_mark CODE: no row of CODE shows a write mark any more.
no_mark() {
	! grep -E -- "^┃ $1 " "$SCREEN" | grep -qE '(done|start|block|undo)(…|⧗|✓)'
}
journal_size() {
	stat -c %s "$JOURNAL" 2>/dev/null || echo missing
}
journal_empty() {
	[ "$(journal_size)" = 0 ]
}
# wait_journal_empty: polls (the journal is marked on the thread pool).
wait_journal_empty() {
	local end=$((SECONDS + TMUX_DEADLINE_S))
	until journal_empty; do
		if [ $SECONDS -ge $end ]; then
			echo "# waited ${TMUX_DEADLINE_S}s for an empty journal: $(journal_size) bytes"
			return 1
		fi
		sleep 0.2
	done
}
# select_action CODE: / CODE Enter in the focused ACTIONS pane, then waits
# until the selection shows it.
select_action() {
	tmux_keys /
	tmux_type "$1"
	tmux_keys Enter
	wait_selected "$1"
}
# The cockpit up with the demo week, ACTIONS focused and zoomed.
open_actions() {
	wait_until eval 'screen_has "Oct 21-27, 2025" "3 ACTIONS" "COMPLETED 24H" && db_ok' || return 1
	tmux_keys 3
	tmux_keys z
	wait_until zoomed_actions
}
audit() { # SUBJECT: kind|outcome rows of that action, oldest first
	sql "SELECT kind || '|' || outcome FROM opsdeck.audit WHERE subject = '$1' ORDER BY at"
}

# === 1. writes while the database is away ========================================
cockpit
check "1: the demo week (68%, 19/28), db ok" wait_until eval 'screen_has "68%" "19/28" && db_ok'
check "1: ACTIONS zoomed" open_actions

pg_throwaway_pause || bail "pg_throwaway_pause failed"
check "1: server stopped: the status line leaves 'db ok'" wait_until db_down

select_action PLAN-TIME-002 || fail "1: / selects PLAN-TIME-002"
tmux_keys s
check "1: s on PLAN-TIME-002: the row shows start⧗ (journaled, database away)" \
	wait_until row_has PLAN-TIME-002 "start⧗"
select_action MUSIC-ALBUM-004 || fail "1: / selects MUSIC-ALBUM-004"
tmux_keys b
check "1: b asks for a reason" wait_until eval 'status_line | grep -qF "block MUSIC-ALBUM-004 - reason:"'
tmux_type "mastering studio closed"
tmux_keys Enter
check "1: b on MUSIC-ALBUM-004: the row shows block⧗" wait_until row_has MUSIC-ALBUM-004 "block⧗"
check "1: both marks and '2 pending' in the status line" \
	wait_until eval 'row_has PLAN-TIME-002 "start⧗" && row_has MUSIC-ALBUM-004 "block⧗" && status_line | grep -qF "2 pending"'
echo "#   status: $(status_line)"
if [ -s "$JOURNAL" ] && grep -qaF PLAN-TIME-002 "$JOURNAL" && grep -qaF MUSIC-ALBUM-004 "$JOURNAL"; then
	pass "1: the journal holds both writes ($(journal_size) bytes)"
else
	fail "1: the journal holds both writes (size: $(journal_size))"
fi

pg_throwaway_resume || bail "pg_throwaway_resume failed"
check "1: server back: db ok, 'pending' gone, no mark left" \
	wait_until eval 'db_ok && ! status_line | grep -qF pending && no_mark PLAN-TIME-002 && no_mark MUSIC-ALBUM-004'
check "1: the rows show the new state (PLAN-TIME-002 in progress, MUSIC-ALBUM-004 blocked with its reason)" \
	wait_until eval 'screen_has "IN PROGRESS (3)" "BLOCKED (2)" "mastering studio closed"'
check "1: the journal is empty again" wait_journal_empty
got=$(sql "SELECT status || '|' || COALESCE(blocker_description, '') FROM rpm_action_items
	WHERE action_code IN ('PLAN-TIME-002', 'MUSIC-ALBUM-004') ORDER BY action_code")
check "1: the database has both (got: ${got//$'\n'/ })" \
	[ "$got" = $'blocked|mastering studio closed\nin_progress|' ]
check "1: PLAN-TIME-002 applied exactly once (audit: $(audit PLAN-TIME-002 | tr '\n' ' '))" \
	[ "$(audit PLAN-TIME-002)" = "start|applied" ]
check "1: MUSIC-ALBUM-004 applied exactly once (audit: $(audit MUSIC-ALBUM-004 | tr '\n' ' '))" \
	[ "$(audit MUSIC-ALBUM-004)" = "block|applied" ]
order=$(sql "SELECT string_agg(subject, ' ' ORDER BY at) FROM opsdeck.audit WHERE outcome = 'applied'")
check "1: applied in the order made (got: $order)" [ "$order" = "PLAN-TIME-002 MUSIC-ALBUM-004" ]
check "1: the operator is in the audit" \
	[ "$(sql "SELECT count(*) FROM opsdeck.audit WHERE operator = 'e2e-op'")" = 2 ]

tmux_keys q
check "1: q quits" wait_exit
check "1: exit status 0 (got '$(pane_status)')" [ "$(pane_status)" = 0 ]

# === 2. killed after the commit, before the journal knew ==========================
cockpit OPSDECK_FAULT_CRASH_AFTER_COMMIT=1
check "2: the cockpit with the crash hook, db ok" open_actions
check "2: listening" wait_until eval 'status_line | grep -qF listening'
select_action ARCH-CLOUD-003 || fail "2: / selects ARCH-CLOUD-003"
tmux_keys c
check "2: c asks for hours" wait_until eval 'status_line | grep -qF "complete ARCH-CLOUD-003 - hours (optional):"'
tmux_type 2.5
tmux_keys Enter
check "2: then for the evidence" wait_until eval 'status_line | grep -qF "complete ARCH-CLOUD-003 - evidence path (optional):"'
tmux_type "docs/bigquery.md"
tmux_keys Enter
check "2: the cockpit dies right after the commit" wait_exit
check "2: killed by signal 9 (got '$(pane_status)')" [ "$(pane_status)" = "signal 9" ]

ID=$(sql "SELECT id FROM opsdeck.audit WHERE subject = 'ARCH-CLOUD-003' AND outcome = 'applied'")
VERSION=$(sql "SELECT updated_at FROM rpm_action_items WHERE action_code = 'ARCH-CLOUD-003'")
row=$(sql "SELECT status || '|' || actual_hours || '|' || evidence_path FROM rpm_action_items WHERE action_code = 'ARCH-CLOUD-003'")
check "2: the write committed (audit id '$ID'; row $row)" \
	eval '[ -n "$ID" ] && [ "$row" = "completed|2.50|docs/bigquery.md" ]'
if [ -n "$ID" ] && [ -s "$JOURNAL" ] && grep -qaF "$ID" "$JOURNAL"; then
	pass "2: the journal still holds the record ($(journal_size) bytes, id $ID)"
else
	fail "2: the journal still holds the record with id '$ID' (size: $(journal_size))"
fi

# No key is pressed before the replay's message is read: any key ends it.
cockpit
check "2: a new cockpit without the hook: the replay is a duplicate, nothing written again" \
	wait_until eval 'db_ok && status_line | grep -qF "ARCH-CLOUD-003: this complete was already handled (applied); nothing written again"'
check "2: the journal ends empty" wait_journal_empty
check "2: still one audit row for ARCH-CLOUD-003, applied (got: $(audit ARCH-CLOUD-003 | tr '\n' ' '))" \
	[ "$(audit ARCH-CLOUD-003)" = "complete|applied" ]
check "2: the row with id $ID is the one" \
	[ "$(sql "SELECT count(*) FROM opsdeck.audit WHERE id = '$ID' AND outcome = 'applied'")" = 1 ]
check "2: updated_at unchanged by the replay ($VERSION)" \
	[ "$(sql "SELECT updated_at FROM rpm_action_items WHERE action_code = 'ARCH-CLOUD-003'")" = "$VERSION" ]
tmux_keys q
check "2: q quits, status 0" eval 'wait_exit && [ "$(pane_status)" = 0 ]'

# === 3. a journal cut in the middle of a record =================================
cockpit
check "3: the demo week, db ok" open_actions
pg_throwaway_pause || bail "pg_throwaway_pause failed"
check "3: server stopped" wait_until db_down
select_action PLAN-TIME-003 || fail "3: / selects PLAN-TIME-003"
tmux_keys s
check "3: s on PLAN-TIME-003 journaled" wait_until row_has PLAN-TIME-003 "start⧗"
select_action MUSIC-ALBUM-005 || fail "3: / selects MUSIC-ALBUM-005"
tmux_keys b
check "3: b asks for a reason" wait_until eval 'status_line | grep -qF "block MUSIC-ALBUM-005 - reason:"'
tmux_type "estimates missing"
tmux_keys Enter
check "3: b on MUSIC-ALBUM-005 journaled, 2 pending" \
	wait_until eval 'row_has MUSIC-ALBUM-005 "block⧗" && status_line | grep -qF "2 pending"'
tmux_keys q
check "3: q quits with the writes pending, status 0" eval 'wait_exit && [ "$(pane_status)" = 0 ]'
size=$(journal_size)
if grep -qaF PLAN-TIME-003 "$JOURNAL" && grep -qaF MUSIC-ALBUM-005 "$JOURNAL"; then
	pass "3: the journal keeps both writes after q ($size bytes)"
else
	fail "3: the journal keeps both writes after q (size: $size)"
fi
truncate -s -3 "$JOURNAL" || bail "cannot truncate the journal"
echo "#   journal cut from $size to $(journal_size) bytes"

pg_throwaway_resume || bail "pg_throwaway_resume failed"
cockpit
check "3: a new cockpit reports the damaged record" \
	wait_until eval 'status_line | grep -qiF "damaged record"'
echo "#   status: $(status_line)"
check "3: the first write is replayed and applied" \
	wait_until eval '[ "$(sql "SELECT status FROM rpm_action_items WHERE action_code = '"'PLAN-TIME-003'"'")" = in_progress ]'
check "3: the journal ends empty" wait_journal_empty
check "3: PLAN-TIME-003 applied once (audit: $(audit PLAN-TIME-003 | tr '\n' ' '))" \
	[ "$(audit PLAN-TIME-003)" = "start|applied" ]
st=$(sql "SELECT status FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-005'")
check "3: the cut write is not applied: MUSIC-ALBUM-005 still $st, no audit row (audit: $(audit MUSIC-ALBUM-005 | tr '\n' ' '))" \
	eval '[ "$st" = pending ] && [ -z "$(audit MUSIC-ALBUM-005)" ]'
check "3: no pending write left on screen" wait_until eval 'db_ok && ! status_line | grep -qF pending && no_mark MUSIC-ALBUM-005'
tmux_keys q
check "3: q quits, status 0" eval 'wait_exit && [ "$(pane_status)" = 0 ]'
if grep -Eq 'AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|runtime error:' "$T/stderr"; then
	fail "no sanitizer report"
	sed 's/^/#   stderr: /' "$T/stderr" | head -20
else
	pass "no sanitizer report"
fi

finish
