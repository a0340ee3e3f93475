#!/bin/sh
# shellcheck shell=bash
# Who may do what (spec §6.2, §6.4), enforced by the database itself after
# `opsdeck migrate --roles`, tried with three log-in roles of our own (never
# as the tables' owner, who bypasses row-level security):
#  - a viewer can write nothing: every write is refused, exit 4, and the
#    refusal is audited;
#  - a team member changes only the actions of his owner name
#    (opsdeck.operators): his own is written, another's is refused (exit 4)
#    and stays as it was, and he cannot take another's row by plain SQL;
#  - an admin writes anything;
#  - opsdeck.capabilities() tells the cockpit the same: none, own, all.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck

q() { psql -X -Atq -d "$DB" "$@" 2>&1; }
same() { # DESCRIPTION WANT GOT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: want '$2', got '$3'"; fi
}

fresh_db roles
DB=$FRESH_DB
load_sql "$DB" "$top_srcdir/db/demo.sql" || bail "cannot load the demo"
run_opsdeck migrate --roles --db "dbname=$DB"
expect_rc 0 "migrate --roles"

# Log-in roles are the cluster's: named for this run, dropped at the end.
VIEWER=od_viewer_$$ TEAM=od_team_$$ ADMIN=od_admin_$$
drop_roles() {
	local r
	for r in "$VIEWER" "$TEAM" "$ADMIN"; do
		psql -X -q -d postgres -c "DROP ROLE IF EXISTS $r" >/dev/null 2>&1
	done
}
cleanup_roles() {
	drop_db "$DB"
	drop_roles
}
trap 'cleanup_roles; _test_cleanup' EXIT
q -c "CREATE ROLE $VIEWER LOGIN IN ROLE opsdeck_viewer" \
  -c "CREATE ROLE $TEAM LOGIN IN ROLE opsdeck_team" \
  -c "CREATE ROLE $ADMIN LOGIN IN ROLE opsdeck_admin" \
  -c "INSERT INTO opsdeck.operators VALUES ('$TEAM', 'Planning')" >/dev/null ||
	bail "cannot create the roles"

as() { # ROLE ARGS...: opsdeck action as that role
	local role=$1
	shift
	run_opsdeck action "$@" --db "dbname=$DB user=$role"
}
status_of() { q -c "SELECT status FROM rpm_action_items WHERE action_code = '$1'"; }

same "capabilities: viewer none" "none" "$(psql -X -Atq -d "$DB" -U "$VIEWER" -c "SELECT write FROM opsdeck.capabilities()")"
same "capabilities: team own, as Planning" "own|Planning" "$(psql -X -Atq -d "$DB" -U "$TEAM" -c "SELECT write, own_owner FROM opsdeck.capabilities()")"
same "capabilities: admin all, may deploy" "all|t" "$(psql -X -Atq -d "$DB" -U "$ADMIN" -c "SELECT write, can_deploy FROM opsdeck.capabilities()")"

# The viewer: nothing.
for w in "start PLAN-TIME-002" "complete ARCH-CLOUD-003" "block MUSIC-ALBUM-004 --reason r"; do
	# shellcheck disable=SC2086
	as "$VIEWER" $w
	expect_rc 4 "viewer: $w"
	no_crash "viewer: $w"
done
stderr_says "the viewer is told why" 'refused: permission denied'
same "nothing changed for the viewer" "pending|in_progress|pending" \
	"$(status_of PLAN-TIME-002)|$(status_of ARCH-CLOUD-003)|$(status_of MUSIC-ALBUM-004)"
same "the viewer's refusals are audited" "3" \
	"$(q -c "SELECT count(*) FROM opsdeck.audit WHERE db_role = '$VIEWER' AND outcome = 'refused'")"

# The team member, owner name Planning: PLAN-TIME-002 is Planning's,
# MUSIC-ALBUM-004 is Jesse's.
as "$TEAM" start PLAN-TIME-002
expect_rc 0 "team: his own action"
same "his own is written" "in_progress" "$(status_of PLAN-TIME-002)"
as "$TEAM" start MUSIC-ALBUM-004
expect_rc 4 "team: another's action"
stderr_says "refused as not his" 'refused: not one of your actions'
same "another's stays as it was" "pending" "$(status_of MUSIC-ALBUM-004)"
q -U "$TEAM" -c "UPDATE rpm_action_items SET status = 'completed' WHERE action_code = 'MUSIC-ALBUM-004'" >/dev/null
same "plain SQL cannot change another's row either" "pending" "$(status_of MUSIC-ALBUM-004)"
if q -U "$TEAM" -c "UPDATE rpm_action_items SET owner = 'Planning' WHERE action_code = 'MUSIC-ALBUM-004'" | grep -q 'permission denied'; then
	pass "a team member cannot take another's row"
else
	fail "a team member could write the owner column"
fi
same "the plan's rate was kept by the team member's write" \
	"$(q -c "SELECT round(100.0 * count(*) FILTER (WHERE a.status = 'completed') / count(*), 2) FROM rpm_action_items a JOIN rpm_results r ON r.id = a.result_id JOIN rpm_weekly_plans p ON p.id = r.weekly_plan_id WHERE p.week_start_date = '2025-10-21'")" \
	"$(q -c "SELECT completion_rate FROM rpm_weekly_plans WHERE week_start_date = '2025-10-21'")"

# The admin: anything.
as "$ADMIN" start MUSIC-ALBUM-004
expect_rc 0 "admin: Jesse's action"
as "$ADMIN" complete ARCH-CLOUD-003 --hours 1
expect_rc 0 "admin: Planning's action"
same "the admin's writes are in" "in_progress|completed" "$(status_of MUSIC-ALBUM-004)|$(status_of ARCH-CLOUD-003)"
same "the audit names the database role" "$ADMIN" \
	"$(q -c "SELECT DISTINCT db_role FROM opsdeck.audit WHERE subject = 'ARCH-CLOUD-003' AND outcome = 'applied'")"
finish
