#!/bin/sh
# shellcheck shell=bash
# The write keys in a real terminal (spec §6.1, §6.4), on the demo week with
# opsdeck's objects installed and [database] refresh = 1h, so that every
# repaint below comes from a notification, not from polling:
#  - s starts the selected action; c asks the hours (a bad number is
#    refused in the prompt, which stays) then the evidence path, and
#    completes; b asks a reason (empty is refused) and blocks: hostile text
#    typed as the reason is stored verbatim;
#  - the target is pinned when the key is pressed: a change elsewhere that
#    reorders the feed while the reason prompt is open does not move the
#    write to another row;
#  - a row changed by someone else while the prompt was open is a conflict,
#    told in words, nothing written;
#  - u undoes the operator's own last write, audited as an undo;
#  - a viewer role, a team member on another's action, and --read-only:
#    the write keys are not offered (the help lacks them) or are refused
#    with the reason, and nothing is written.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
T=$TEST_TMP

fresh_db writes
DB=$FRESH_DB
load_sql "$DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
run_opsdeck migrate --roles --db "dbname=$DB"
[ "$RC" = 0 ] || bail "opsdeck migrate failed: $(cat "$ERR")"

q() { psql -X -Atq -d "$DB" -c "$1" 2>&1; }
same() { # DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: want '$2', got '$3'"; fi
}
# db_is SQL WANT: polls until the query answers WANT (the write is async).
db_is() {
	local end=$((SECONDS + TMUX_DEADLINE_S)) got
	while :; do
		got=$(q "$1")
		[ "$got" = "$2" ] && return 0
		[ $SECONDS -ge $end ] && { echo "# waited for '$2', the database says '$got'"; return 1; }
		sleep 0.2
	done
}
status_of() { echo "SELECT status FROM rpm_action_items WHERE action_code = '$1'"; }
select_action() { # CODE: focus ACTIONS and select it by search
	tmux_keys 3 /
	tmux_type "$1"
	tmux_keys Enter
	wait_selected "$1"
}
start_cockpit() { # CONNINFO [OPTIONS...]
	local conninfo=$1
	shift
	cat >"$T/opsdeck.conf" <<CONF
[database]
conninfo = $conninfo
refresh = 1h
[ui]
operator = tester
CONF
	tmux_kill
	# shellcheck disable=SC2046
	tmux_start 140 45 "env $(app_env) '$OPSDECK' --config '$T/opsdeck.conf' --now $NOW $* 2>'$T/stderr'"
	wait_for "3 ACTIONS" "/28 " || { sed 's/^/#   stderr: /' "$T/stderr"; return 1; }
}

check "the cockpit starts and listens" eval 'start_cockpit "dbname=$DB" && wait_for listening'
tmux_keys '?'
check "the help offers the write keys" wait_box HELP "complete the selected" "block the selected" "start the selected" "undo your last"
tmux_keys Escape
wait_gone "focus_next" >/dev/null

# --- s: start ---------------------------------------------------------------------
select_action PLAN-TIME-002 >/dev/null
tmux_keys s
check "s: PLAN-TIME-002 is in progress in the database" db_is "$(status_of PLAN-TIME-002)" in_progress
check "s: the screen says so" wait_for "PLAN-TIME-002 in_progress"
check "s: the feed shows it in progress (IN PROGRESS (3))" wait_for "IN PROGRESS (3)"

# --- c: complete, with its questions ---------------------------------------------
select_action ARCH-CLOUD-003 >/dev/null
tmux_keys c
check "c asks the hours, naming the action" wait_for "complete ARCH-CLOUD-003 - hours (optional):"
tmux_type "abc"
tmux_keys Enter
check "a bad number is refused in the prompt, which stays" wait_for "[hours: expected a number from 0 to 999.99]"
tmux_keys C-u
tmux_type "1.5"
tmux_keys Enter
check "then the evidence path" wait_for "complete ARCH-CLOUD-003 - evidence path (optional):"
tmux_type "gs://evidence/arch-cloud-003"
tmux_keys Enter
check "c: completed with hours and evidence" \
	db_is "SELECT status, actual_hours, evidence_path, completion_date FROM rpm_action_items WHERE action_code = 'ARCH-CLOUD-003'" \
	"completed|1.50|gs://evidence/arch-cloud-003|2025-10-27 12:00:00"
check "c: the header counts it (20/28)" wait_for "20/28"

# --- b: block, with hostile text ------------------------------------------------
REASON="it's '); DROP TABLE rpm_action_items; -- \"quoted\""
select_action MUSIC-ALBUM-004 >/dev/null
tmux_keys b
check "b asks the reason" wait_for "block MUSIC-ALBUM-004 - reason:"
tmux_keys Enter
check "an empty reason is refused" wait_for "[a reason is required, Esc cancels]"
tmux_type "$REASON"
tmux_keys Enter
check "b: blocked with the reason stored verbatim" \
	db_is "SELECT status || '|' || blocker_description FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-004'" \
	"blocked|$REASON"
check "b: the blocker shows under BLOCKED" wait_for "it's '); DROP TABLE rpm_action_items"
same "the table is still whole" 28 "$(q "SELECT count(*) FROM rpm_action_items a JOIN rpm_results r ON r.id = a.result_id JOIN rpm_weekly_plans p ON p.id = r.weekly_plan_id WHERE p.week_start_date = '2025-10-21'")"

# --- the target is pinned -----------------------------------------------------------
# MUSIC-ALBUM-005 is selected and its reason prompt open; meanwhile another
# writer completes ARCH-CLOUD-002, which moves up into COMPLETED 24H: every
# row below shifts, and the screen follows while the prompt stays open.
select_action MUSIC-ALBUM-005 >/dev/null
tmux_keys b
wait_for "block MUSIC-ALBUM-005 - reason:" >/dev/null
q "UPDATE rpm_action_items SET status = 'completed', completion_date = '2025-10-27 11:30',
   updated_at = '2025-10-27 11:30' WHERE action_code = 'ARCH-CLOUD-002'" >/dev/null
check "the feed changed under the open prompt (21/28)" wait_for "21/28" "block MUSIC-ALBUM-005 - reason:"
tmux_type "pinned"
tmux_keys Enter
check "the write went to the row chosen: MUSIC-ALBUM-005 blocked" \
	db_is "SELECT status || '|' || blocker_description FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-005'" "blocked|pinned"
same "and to no other row" 1 "$(q "SELECT count(*) FROM rpm_action_items WHERE blocker_description = 'pinned'")"

# --- u: undo -------------------------------------------------------------------------
tmux_keys u
check "u: MUSIC-ALBUM-005 back to what it was" db_is "SELECT status || '|' || COALESCE(blocker_description, '-') FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-005'" \
	"$(q "SELECT x.before_status FROM opsdeck.audit x WHERE x.subject = 'MUSIC-ALBUM-005' AND x.kind = 'block'")|-"
check "u: the screen says it was undone" wait_for "MUSIC-ALBUM-005 back to"
same "the undo is audited as such" "undo|applied|tester" \
	"$(q "SELECT kind, outcome, operator FROM opsdeck.audit WHERE subject = 'MUSIC-ALBUM-005' ORDER BY at DESC LIMIT 1")"

# --- a conflict -----------------------------------------------------------------------
select_action PLAN-TIME-004 >/dev/null
tmux_keys b
wait_for "block PLAN-TIME-004 - reason:" >/dev/null
q "UPDATE rpm_action_items SET status = 'in_progress', updated_at = updated_at + interval '1 hour'
   WHERE action_code = 'PLAN-TIME-004'" >/dev/null
check "the other writer's change shows (PLAN-TIME-004 in progress)" \
	wait_for "IN PROGRESS ($(q "SELECT count(*) FROM rpm_action_items a JOIN rpm_results r ON r.id = a.result_id JOIN rpm_weekly_plans p ON p.id = r.weekly_plan_id WHERE p.week_start_date = '2025-10-21' AND a.status = 'in_progress'"))"
tmux_type "too late"
tmux_keys Enter
check "a conflict is told in words" wait_until eval 'screen_has "PLAN-TIME-004" "nothing written"'
same "nothing was written over the other's change" "in_progress|-" \
	"$(q "SELECT status || '|' || COALESCE(blocker_description, '-') FROM rpm_action_items WHERE action_code = 'PLAN-TIME-004'")"
same "the conflict is audited" "conflict" \
	"$(q "SELECT outcome FROM opsdeck.audit WHERE subject = 'PLAN-TIME-004' ORDER BY at DESC LIMIT 1")"

# --- an error the database answers: reported, not retried for ever ------------------
q "ALTER TABLE opsdeck.audit RENAME TO audit_away" >/dev/null
BEFORE_005=$(q "SELECT status FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-005'")
select_action MUSIC-ALBUM-005 >/dev/null
tmux_keys s
check "a write the database fails is reported" wait_for "start MUSIC-ALBUM-005 failed:"
check "and is no longer pending" wait_until eval 'screen_lacks "pending"'
same "nothing was written" "$BEFORE_005" "$(q "SELECT status FROM rpm_action_items WHERE action_code = 'MUSIC-ALBUM-005'")"
q "ALTER TABLE opsdeck.audit_away RENAME TO audit" >/dev/null

# --- who may not write -----------------------------------------------------------------
VIEWER=od_v_$$ TEAM=od_t_$$
cleanup_roles() {
	drop_db "$DB"
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS $VIEWER" -c "DROP ROLE IF EXISTS $TEAM" >/dev/null 2>&1
}
tmux_on_exit cleanup_roles
q "CREATE ROLE $VIEWER LOGIN IN ROLE opsdeck_viewer" >/dev/null
q "CREATE ROLE $TEAM LOGIN IN ROLE opsdeck_team" >/dev/null
q "INSERT INTO opsdeck.operators VALUES ('$TEAM', 'Planning')" >/dev/null
BEFORE=$(q "SELECT md5(string_agg(t::text, '|' ORDER BY action_code)) FROM rpm_action_items t")

no_write_keys() { # WHAT
	tmux_keys '?'
	if wait_box HELP "focus_next" "refresh" &&
	    screen_lacks "complete the selected" "block the selected" "start the selected" "undo your last"; then
		pass "$1: the help offers no write key"
	else
		fail "$1: the help offers no write key"
	fi
	tmux_keys Escape
	wait_gone "focus_next" >/dev/null
	select_action PLAN-TIME-001 >/dev/null
	tmux_keys c b s
	tmux_keys '?'
	wait_box HELP >/dev/null
	if screen_lacks "hours (optional)" "reason:"; then
		pass "$1: c, b, s ask nothing"
	else
		fail "$1: c, b, s ask nothing"
	fi
	tmux_keys Escape
}
check "a viewer's cockpit starts" start_cockpit "dbname=$DB user=$VIEWER"
wait_for listening >/dev/null
no_write_keys "viewer"
check "a --read-only cockpit starts" start_cockpit "dbname=$DB" --read-only
no_write_keys "--read-only"

check "a team member's cockpit starts" start_cockpit "dbname=$DB user=$TEAM"
wait_for listening >/dev/null
select_action PLAN-TIME-004 >/dev/null
tmux_keys s
check "team member, Jesse's action: refused with the reason" \
	wait_for "PLAN-TIME-004 belongs to Jesse: you may change only your own actions (Planning)"
same "nothing written by the refused keys" "$BEFORE" \
	"$(q "SELECT md5(string_agg(t::text, '|' ORDER BY action_code)) FROM rpm_action_items t")"
select_action PLAN-TIME-002 >/dev/null
tmux_keys b
wait_for "block PLAN-TIME-002 - reason:" >/dev/null
tmux_type "waiting on Jesse"
tmux_keys Enter
check "team member, his own action (Planning's): written" db_is "$(status_of PLAN-TIME-002)" blocked
tmux_keys q
check "q quits" wait_exit
finish
