#!/bin/sh
# shellcheck shell=bash
# Hostile text from the database never reaches the terminal as control
# sequences.  The demo week gets an action whose text holds OSC title
# sequences (ESC ]2; and ESC ]0; ... BEL), a CSI clear (ESC [2J) and a BEL;
# a blocked action whose owner holds an OSC title and whose blocker holds
# OSC 52 (clipboard) and CSI 6n (a status report, which would make the
# terminal type into the cockpit); an agent and a deliverable whose names
# hold U+009B (the 8-bit CSI) and an ESC.  The cockpit runs in a private
# tmux server whose pane title and window name are set to known values,
# with allow-rename on.  After the cockpit has drawn those rows (and the
# action is found with / and shown zoomed), tmux's #{pane_title} and
# #{window_name} are unchanged, no bell was flagged, the panes are all still
# there with every border in place (nothing cleared or moved), the hostile
# rows are visible as text.  Once in a UTF-8 locale, once with LANG=C.
# A control pane that prints the same sequences raw proves that tmux would
# have seen them.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/common.sh"
need_pg
need_opsdeck
. "$top_srcdir/tests/lib/tmux.sh"
tmux_init

NOW=2025-10-27T12:00:00
TITLES=(SERVICES WEEK ACTIONS AGENTS REVENUE FUNNEL)
T=$TEST_TMP

fresh_db hostile
load_sql "$FRESH_DB" "$top_srcdir/db/demo.sql" || bail "db/demo.sql does not load"
cat >"$T/hostile.sql" <<'SQL'
INSERT INTO rpm_action_items (result_id, action_code, action_text, owner,
	due_date, funnel_stage, status, blocker_description, created_at, updated_at)
VALUES
('de000000-0000-4000-8001-000000000002', 'HOSTILE-001',
	E'Evil \x1b]2;PWNED\x07 one \x1b]0;PWNED\x07 two \x1b[2J three \x07 end',
	'Jesse', '2025-10-28 12:00:00', 'middle', 'in_progress', NULL,
	'2025-10-27 10:00:00', '2025-10-27 10:00:00'),
('de000000-0000-4000-8001-000000000002', 'HOSTILE-002',
	E'Clip \x1b]52;c;UFdORUQ=\x07 board',
	E'Mal\x1b]2;PWNED\x07lory', '2025-10-29 12:00:00', 'top', 'blocked',
	E'Held \x1b]52;c;UFdORUQ=\x07 up \x1b[6n \x1b]0;PWNED\x07 here',
	'2025-10-27 09:00:00', '2025-10-27 09:00:00');
INSERT INTO agent_status (agent_name, status, health_score, last_heartbeat,
	current_action_id, session_start, error_log)
VALUES (E'Evil\u009b2J\x1b]2;PWNED\x07Agent', 'error', 12, '2025-10-27 11:59:30',
	(SELECT id FROM rpm_action_items WHERE action_code = 'HOSTILE-001'),
	'2025-10-27 06:00:00', E'\x1b]0;PWNED\x07');
INSERT INTO deliverables (action_item_id, deliverable_type, title,
	cloud_storage_path, status, revenue_target, revenue_actual)
SELECT id, 'code', E'Royal\u009b2Jties\x1b]0;PWNED\x07', 'gs://x/y', 'draft', 90000, 70000
FROM rpm_action_items WHERE action_code = 'HOSTILE-001';
SQL
load_sql "$FRESH_DB" "$T/hostile.sql" || bail "the hostile rows do not load"

cat >"$T/opsdeck.conf" <<EOF
[database]
conninfo = dbname=$FRESH_DB
[ui]
principal = Jesse
EOF

# The pane waits for $T/go, so that its title is set before opsdeck runs.
tmux_start 120 40 "while [ ! -e '$T/go' ]; do sleep 0.1; done; exec sh '$T/run.sh'"
tmx set-option -g allow-rename on \; set-option -g automatic-rename off \; \
	set-option -g monitor-bell on \; set-option -g bell-action any
# The same sequences written raw in a server of its own (tmux 3.3a dies
# when a second detached session with -x/-y is made under window-size
# manual): that tmux must react to them.
ctl_tmux() {
	tmux -L "$TMUX_SOCK-control" "$@"
}
tmux_on_exit "ctl_tmux kill-server >/dev/null 2>&1; rm -f '${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$TMUX_SOCK-control'"
ctl_tmux -f /dev/null new-session -d -s control -x 80 -y 10 \
	"while [ ! -e '$T/ctl-go' ]; do sleep 0.1; done
	printf 'x\\033]2;PWNED\\007y\\a\\033kRENAMED\\033\\\\'; exec sleep 600" \; \
	set-option -g allow-rename on \; set-option -g automatic-rename off \; \
	set-option -g monitor-bell on \; set-option -g bell-action any
touch "$T/ctl-go"

run_cockpit() {
	local lang=$1
	rm -f "$T/go"
	pane_dead && tmx respawn-pane -k -t "$TMUX_SESSION" \
		"while [ ! -e '$T/go' ]; do sleep 0.1; done; exec sh '$T/run.sh'"
	# shellcheck disable=SC2046
	printf 'exec env %s %q --config %q --now %s 2>%q\n' "$(TMUX_APP_LANG=$lang app_env)" \
		"$OPSDECK" "$T/opsdeck.conf" "$NOW" "$T/stderr" >"$T/run.sh"
	tmx select-pane -t "$TMUX_SESSION" -T known-title \; rename-window -t "$TMUX_SESSION" known-window
	touch "$T/go"
}

# unchanged LABEL: tmux's title, window name and bell flag as set.
unchanged() {
	local got
	got=$(pane_fmt '#{pane_title}|#{window_name}|#{window_bell_flag}')
	if [ "$got" = "known-title|known-window|0" ]; then
		pass "$1: pane title, window name and bell flag unchanged"
	else
		fail "$1: pane title, window name and bell flag unchanged (title|name|bell: $got)"
	fi
}

all_there() {
	screen_has "${TITLES[@]}" "19/30" && SCREEN_FITS_QUIET=1 screen_fits 120 40
}

# --- the control ---------------------------------------------------------------
ctl=
end=$((SECONDS + TMUX_DEADLINE_S))
while [ $SECONDS -lt $end ]; do
	ctl=$(ctl_tmux display-message -p -t control '#{pane_title}|#{window_name}|#{window_bell_flag}')
	[ "$ctl" = "PWNED|RENAMED|1" ] && break
	sleep 0.2
done
if [ "$ctl" = "PWNED|RENAMED|1" ]; then
	pass "control: raw sequences do change tmux's title and window name and ring"
else
	fail "control: raw sequences do change tmux's title, window name and bell (got $ctl)"
fi
ctl_tmux kill-server

# --- UTF-8 ---------------------------------------------------------------------
run_cockpit C.UTF-8
if wait_for "${TITLES[@]}" "HOSTILE-001" "HOSTILE-002" "Agent" "Royal"; then
	pass "UTF-8: the cockpit shows the hostile action, agent and deliverable"
else
	fail "UTF-8: the cockpit shows the hostile action, agent and deliverable"
	sed 's/^/#   stderr: /' "$T/stderr"
fi
tmux_keys 3 /
tmux_type HOSTILE-001
tmux_keys Enter
check "UTF-8: / finds HOSTILE-001" wait_selected HOSTILE-001
tmux_keys z
if wait_for "3/6 ACTIONS" "Evil" "three" "end" "Clip" "board"; then
	pass "UTF-8: zoomed, the texts are shown, around the controls"
else
	fail "UTF-8: zoomed, the texts are shown, around the controls"
fi
# Polled like the rest: the capture above can be a half-drawn frame.
check "UTF-8: the controls are shown as a replacement glyph" \
	wait_for "3/6 ACTIONS" "Evil" "�"
tmux_keys z
wait_gone "3/6 ACTIONS" >/dev/null
check "UTF-8: all six panes still there, every border in place" wait_until all_there
# The blocker (with OSC 52 and CSI 6n) is also in the alerts: focus
# SERVICES and zoom it, so that it is drawn in full.
tmux_keys 1 z
wait_for "1/6 SERVICES" "Held" >/dev/null
tmux_keys z
check "UTF-8: all six panes still there after the blocker was drawn" wait_until all_there
unchanged "UTF-8"
check "UTF-8: the cockpit is still running" eval '! pane_dead'
tmux_keys q
check "UTF-8: q quits" wait_exit
check "UTF-8: exit status 0" eval '[ "$(pane_status)" = 0 ]'
unchanged "UTF-8, after exit"

# --- LANG=C: 7-bit output ------------------------------------------------------
run_cockpit C
if wait_for "${TITLES[@]}" "HOSTILE-001" "HOSTILE-002" "Agent" "Royal"; then
	pass "LANG=C: the cockpit shows the hostile action, agent and deliverable"
else
	fail "LANG=C: the cockpit shows the hostile action, agent and deliverable"
	sed 's/^/#   stderr: /' "$T/stderr"
fi
tmux_keys 3 z
wait_for "3/6 ACTIONS" "Evil" "three" >/dev/null
tmux_keys 1
wait_for "1/6 SERVICES" "Held" >/dev/null
tmux_keys z
wait_gone "1/6 SERVICES" >/dev/null
check "LANG=C: all six panes still there, every border in place" wait_until all_there
unchanged "LANG=C"
tmux_keys q
check "LANG=C: q quits" wait_exit
check "LANG=C: exit status 0" eval '[ "$(pane_status)" = 0 ]'

finish
