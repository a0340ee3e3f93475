#include "autoconfig.h"

/*
 * The cockpit's state and the one place that changes it.  An action (from
 * a key, through the mode's key table) or an event (new data, the tick,
 * the wall's cycle) changes the focus, the zoom, the mode, the prompt, the
 * search, the message or the help's scroll, asks the dashboard for a
 * refresh or new filters, and marks what must be redrawn; the frame
 * (cockpit.c) draws what is marked.  Nothing here touches the terminal.
 *
 * The mode decides what an action means: over the help, down scrolls the
 * help; in a prompt, keys edit the line; otherwise they work the panes.
 * What a mode must not offer (the wall's selection and prompts) is not in
 * its key table, so it never arrives here.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cockpit-int.h"
#include "xalloc.h"


void
state_dirty_all(struct cockpit *app)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		app->panes[i].dirty = true;
	app->dirty_header = app->dirty_status = true;
}

/* What the keys offer: the wall's table, or read-only where the options
 * or the database's answer say no write may be made. */
static void
state_base_table(struct cockpit *app)
{
	const struct dash_view *d = dashboard_view(app->dash);
	enum keytable_id base = app->wall ? KT_WALL :
	    d->read_only || (d->db.caps.known &&
	    (!d->db.caps.installed || d->db.caps.write == CAPS_WRITE_NONE)) ?
	    KT_READONLY : KT_NORMAL;

	if (base == app->base && *app->hints != '\0')
		return;
	app->base = base;
	keytable_hints(keytables_get(&app->keys, base), false,
	    app->hints, sizeof app->hints);
	keytable_hints(keytables_get(&app->keys, base), true,
	    app->hints_short, sizeof app->hints_short);
	app->dirty_status = true;
}

static void
state_set_focus(struct cockpit *app, int focus)
{
	focus = ((focus % PANE_COUNT) + PANE_COUNT) % PANE_COUNT;
	if (focus == app->focus)
		return;
	app->panes[app->focus].dirty = true;
	app->focus = focus;
	app->panes[focus].dirty = true;
	if (app->zoom || app->layout.kind == LAYOUT_SINGLE)
		app->relayout = true;
}

/* A pane chosen by hand: the wall's cycle starts again from it. */
static void
state_focus_key(struct cockpit *app, int focus)
{
	state_set_focus(app, focus);
	if (app->wall)
		uv_timer_again(&app->wall_timer);
}

void
state_init(struct cockpit *app, const struct cockpit_opts *o)
{
	app->wall = o->wall;
	app->base = app->wall ? KT_WALL : app->cfg->ui.read_only ?
	    KT_READONLY : KT_NORMAL;
	app->zoom = app->wall;
	app->focus = PANE_SERVICES;
	app->mode = MODE_NORMAL;
	keytable_hints(keytables_get(&app->keys, app->base), false,
	    app->hints, sizeof app->hints);
	keytable_hints(keytables_get(&app->keys, app->base), true,
	    app->hints_short, sizeof app->hints_short);
}

/* ---- the help overlay -------------------------------------------------- */

static void
state_help(struct cockpit *app, enum action a)
{
	int rows, cols, max;

	term_size(&app->term, &rows, &cols);
	max = help_lines(keytables_get(&app->keys, app->base)) - (rows - 4);
	switch (a) {
	case ACT_CLOSE:
		/* The frame drops the overlay's window when it lays out. */
		app->mode = MODE_NORMAL;
		app->relayout = true;
		return;
	case ACT_DOWN:
		app->help_top++;
		break;
	case ACT_UP:
		app->help_top--;
		break;
	case ACT_PAGE_DOWN:
		app->help_top += rows / 2;
		break;
	case ACT_PAGE_UP:
		app->help_top -= rows / 2;
		break;
	default:
		return;
	}
	if (app->help_top > max)
		app->help_top = max;
	if (app->help_top < 0)
		app->help_top = 0;
	app->dirty_status = true;	/* redraws the overlay over it */
}

/* ---- the prompts ------------------------------------------------------- */

/* The line of the filter prompt: the filters in force, from the
 * dashboard, which owns them. */
static void
state_filter_text(struct cockpit *app, char *buf, size_t len)
{
	const struct dash_view *d = dashboard_view(app->dash);

	prompt_filter_text(d->owner, d->stage, d->status, buf, len);
}

static void
state_set_filter(struct cockpit *app, const char *text)
{
	char	*f[3], *cause = NULL, now[PROMPT_MAX];
	int	 i;

	if (prompt_parse_filter(text, f, &cause) != 0) {
		state_say(app, true, "filter: %s", cause);
		free(cause);
		return;
	}
	dashboard_set_filters(app->dash, f[0], f[1], f[2]);
	for (i = 0; i < 3; i++)
		free(f[i]);
	state_filter_text(app, now, sizeof now);
	state_say(app, false, "%s", *now != '\0' ? "filter applied" :
	    "filter cleared");
	app->dirty_header = true;
}

static void
state_search_prompt(struct cockpit *app, enum action a, int key)
{
	struct pane *p = &app->panes[app->focus];

	switch (a) {
	case ACT_ACCEPT:
		free(app->search);
		app->search = app->prompt.len > 0 ?
		    xstrdup(app->prompt.buf) : NULL;
		app->mode = MODE_NORMAL;
		break;
	case ACT_CLOSE:
		app->mode = MODE_NORMAL;
		break;
	default:
		/* Incremental: each edit searches again from where it began. */
		if (prompt_edit(&app->prompt, a, key) && app->prompt.len > 0 &&
		    !pane_search(p, app->prompt.buf, app->search_origin, 1))
			state_say(app, true, "no match");
		break;
	}
}

static void
state_filter_prompt(struct cockpit *app, enum action a, int key)
{
	switch (a) {
	case ACT_ACCEPT:
		app->mode = MODE_NORMAL;
		state_set_filter(app, app->prompt.buf);
		break;
	case ACT_CLOSE:
		app->mode = MODE_NORMAL;
		break;
	default:
		prompt_edit(&app->prompt, a, key);
		break;
	}
}

/* ---- the panes --------------------------------------------------------- */

static void
state_search_step(struct cockpit *app, int dir)
{
	struct pane *p = &app->panes[app->focus];

	if (app->search == NULL) {
		state_say(app, true, "no search yet: press / first");
		return;
	}
	if (!pane_search(p, app->search, p->sel + dir, dir))
		state_say(app, true, "no match for '%s'", app->search);
}

static void
state_open_prompt(struct cockpit *app, enum mode mode)
{
	struct pane	*p = &app->panes[app->focus];
	char		 text[PROMPT_MAX];

	app->mode = mode;
	if (mode == MODE_SEARCH) {
		app->search_origin = p->sel < 0 ? 0 : p->sel;
		prompt_reset(&app->prompt, "");
	} else {
		state_filter_text(app, text, sizeof text);
		prompt_reset(&app->prompt, text);
	}
	app->dirty_status = true;
}

static void
state_escape(struct cockpit *app)
{
	if (app->zoom) {
		app->zoom = false;
		app->relayout = true;
	} else if (app->search != NULL) {
		free(app->search);
		app->search = NULL;
	}
}

/* q with a deploy running would kill it: it is cancelled (x) first.  A
 * signal still quits at once. */
static void
state_quit(struct cockpit *app)
{
	const struct view_deploy *d = dashboard_view(app->dash)->deploy;

	if (d != NULL && d->phase != DEPLOY_DONE) {
		state_say(app, true, "the %s of %s is still running: x cancels "
		    "it first", deploy_kind_name(d->kind), d->service);
		return;
	}
	app->quit_asked = true;
}

static void
state_normal(struct cockpit *app, enum action a)
{
	switch (a) {
	case ACT_FOCUS_NEXT:
		state_focus_key(app, app->focus + 1);
		break;
	case ACT_FOCUS_PREV:
		state_focus_key(app, app->focus - 1);
		break;
	case ACT_FOCUS_1:
	case ACT_FOCUS_2:
	case ACT_FOCUS_3:
	case ACT_FOCUS_4:
	case ACT_FOCUS_5:
	case ACT_FOCUS_6:
		state_focus_key(app, a - ACT_FOCUS_1);
		break;
	case ACT_ZOOM:
		app->zoom = !app->zoom;
		app->relayout = true;
		break;
	case ACT_DOWN:
	case ACT_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_HOME:
	case ACT_END:
		pane_key(&app->panes[app->focus], a);
		break;
	case ACT_SEARCH:
		state_open_prompt(app, MODE_SEARCH);
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		state_search_step(app, a == ACT_SEARCH_NEXT ? 1 : -1);
		break;
	case ACT_FILTER:
		state_open_prompt(app, MODE_FILTER);
		break;
	case ACT_REFRESH:
		dashboard_refresh_now(app->dash);
		state_say(app, false, "refreshing");
		break;
	case ACT_COMPLETE:
	case ACT_BLOCK:
	case ACT_START:
	case ACT_UNDO:
		state_write_key(app, a);
		break;
	case ACT_DEPLOY:
	case ACT_ROLLBACK:
	case ACT_OUTPUT:
	case ACT_CANCEL:
		state_deploy_key(app, a);
		break;
	case ACT_HELP:
		app->mode = MODE_HELP;
		app->help_top = 0;
		app->relayout = true;
		break;
	case ACT_QUIT:
		state_quit(app);
		break;
	case ACT_ESCAPE:
		state_escape(app);
		break;
	default:
		break;
	}
}

/* ---- entry points ------------------------------------------------------ */

void
state_apply(struct cockpit *app, enum action a, int key)
{
	/* Any key, even one that means nothing here, ends the message. */
	if (app->message != NULL) {
		free(app->message);
		app->message = NULL;
		app->dirty_status = true;
	}
	switch (app->mode) {
	case MODE_SEARCH:
		app->dirty_status = true;
		state_search_prompt(app, a, key);
		break;
	case MODE_FILTER:
		app->dirty_status = true;
		state_filter_prompt(app, a, key);
		break;
	case MODE_HOURS:
	case MODE_EVIDENCE:
	case MODE_REASON:
		app->dirty_status = true;
		state_write_prompt(app, a, key);
		break;
	case MODE_CONFIRM:
	case MODE_OUTPUT_SEARCH:
	case MODE_CANCEL:
		app->dirty_status = true;
		state_deploy_prompt(app, a, key);
		break;
	case MODE_OUTPUT:
		app->dirty_status = true;
		state_output_key(app, a, key);
		break;
	case MODE_HELP:
		state_help(app, a);
		break;
	case MODE_NORMAL:
		state_normal(app, a);
		break;
	}
}

void
state_key(struct cockpit *app, int key)
{
	state_apply(app, input_translate(&app->keys, app->mode, app->base,
	    key), key);
}

void
state_data(struct cockpit *app, int what, int new_critical)
{
	int i;

	if (what & (DASH_MODEL | DASH_DB_STATE)) {
		for (i = 0; i < PANE_COUNT; i++)
			app->panes[i].dirty = true;
		app->dirty_header = true;
	}
	if (what & (DASH_SERVICES | DASH_ALERTS))
		app->panes[PANE_SERVICES].dirty = true;
	/* The writes' marks and the events are in ACTIONS. */
	if (what & (DASH_WRITES | DASH_EVENTS))
		app->panes[PANE_ACTIONS].dirty = true;
	if (what & DASH_DEPLOY) {
		app->panes[PANE_SERVICES].dirty = true;
		app->dirty_output = true;
	}
	if (what & DASH_DB_STATE)
		state_base_table(app);
	app->dirty_status = true;
	if (new_critical > 0 && app->cfg->ui.bell)
		app->bell = true;
}

void
state_tick(struct cockpit *app)
{
	state_dirty_all(app);
	app->dirty_output = true;	/* "running 12s" counts */
}

void
state_output_due(struct cockpit *app)
{
	if (mode_shows_output(app->mode))
		app->dirty_output = true;
}

void
state_wall_step(struct cockpit *app)
{
	if (app->zoom)
		state_set_focus(app, app->focus + 1);
}

void
state_free(struct cockpit *app)
{
	free(app->search);
	app->search = NULL;
	free(app->message);
	app->message = NULL;
	state_write_free(app);
	state_deploy_free(app);
}
