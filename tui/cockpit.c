#include "autoconfig.h"

/*
 * The cockpit: owns the loop, the terminal, the dashboard, the six panes
 * and their windows, and draws the frame.  What it shows and how (focus,
 * zoom, modes) is cockpit-state.c's: every event handler here hands its
 * news to the state module, which changes the state and marks what must
 * be redrawn.
 *
 * Nothing here draws from an event handler.  Data changes, keys, signals
 * and timers set dirty flags (or ask for a re-layout); one uv_prepare
 * callback, run just before the loop sleeps, redraws exactly what is dirty
 * into each window, wnoutrefreshes them and calls doupdate once.  Redrawn
 * content that did not change costs no output, so an idle cockpit is quiet
 * even though the 1 s tick re-evaluates every freshness marker.  Rows that
 * only moved inside a pane are moved by the terminal (screen-move.h)
 * rather than rewritten, and short gaps between texts carry the attribute
 * of the text before them (gap-attrs.c) so that curses does not switch
 * attributes off and on around each.
 *
 * Shutdown (q, SIGTERM/SIGINT/SIGHUP, a dead tty, a fatal error) restores
 * the terminal first, then closes the dashboard and our handles; uv_run
 * returns once every handle is closed and the loop must close cleanly.
 */

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cockpit-int.h"
#include "screen-move.h"
#include "timefmt.h"
#include "tui.h"
#include "xalloc.h"

/* Freshness markers and the wall clock are re-evaluated this often. */
#define COCKPIT_TICK_MS		1000
#define COCKPIT_OUTPUT_MS	50

static const struct pane_type *const cockpit_pane_types[PANE_COUNT] = {
	&pane_services_type,
	&pane_week_type,
	&pane_actions_type,
	&pane_agents_type,
	&pane_revenue_type,
	&pane_funnel_type,
};

static void	cockpit_quit(struct cockpit *);

/* A failure we cannot draw through: shut down, say why after endwin. */
static void
cockpit_fatal(struct cockpit *app, const char *why)
{
	if (app->fatal == NULL)
		app->fatal = xstrdup(why);
	app->rc = 1;
	cockpit_quit(app);
}

/* ---- layout -------------------------------------------------------------- */

/* Tiles (header, status line) share stdscr's cells like the panes do;
 * overlays (help, the too-small notice) need cells of their own, because
 * the panes under them keep drawing. */
static WINDOW *
cockpit_newwin(struct cockpit *app, const struct rect *r, bool overlay)
{
	WINDOW *w;

	if (r->h <= 0 || r->w <= 0)
		return NULL;
	w = overlay ? newwin(r->h, r->w, r->y, r->x) :
	    subwin(stdscr, r->h, r->w, r->y, r->x);
	if (w == NULL) {
		cockpit_fatal(app, "cannot create a curses window");
		return NULL;
	}
	leaveok(w, TRUE);
	return w;
}

static void
cockpit_delwins(struct cockpit *app)
{
	WINDOW	**w[] = { &app->header, &app->status, &app->help,
		    &app->notice, &app->output };
	size_t	  i;

	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (*w[i] != NULL)
			delwin(*w[i]);
		*w[i] = NULL;
	}
}

/* Windows for the current size, focus and zoom; everything redraws. */
static void
cockpit_do_layout(struct cockpit *app)
{
	struct rect	 r;
	int		 rows, cols, i;

	app->relayout = false;
	term_size(&app->term, &rows, &cols);
	layout_compute(&app->layout, rows, cols, app->focus, app->zoom);
	cockpit_delwins(app);
	for (i = 0; i < PANE_COUNT; i++) {
		if (pane_place(&app->panes[i], &app->layout.pane[i],
		    app->layout.visible[i]) != 0) {
			cockpit_fatal(app, "cannot create a curses window");
			return;
		}
	}
	/* A failed newwin shuts the cockpit down (curses is gone then), so
	 * every step checks before touching curses again. */
	if (app->layout.kind == LAYOUT_TINY) {
		r = (struct rect){ 0, 0, rows, cols };
		app->notice = cockpit_newwin(app, &r, true);
	} else {
		app->header = cockpit_newwin(app, &app->layout.header, false);
		if (!app->quitting)
			app->status = cockpit_newwin(app, &app->layout.status, false);
	}
	if (!app->quitting && mode_shows_output(app->mode) &&
	    app->layout.kind != LAYOUT_TINY) {
		output_size(rows, cols, &r);
		app->output = cockpit_newwin(app, &r, true);
	}
	if (!app->quitting && app->mode == MODE_HELP &&
	    app->layout.kind != LAYOUT_TINY) {
		help_size(keytables_get(&app->keys, app->base), rows, cols,
		    &r);
		app->help = cockpit_newwin(app, &r, true);
	}
	if (!app->quitting)
		state_dirty_all(app);
}

/* ---- drawing --------------------------------------------------------------- */

static void
cockpit_view(struct cockpit *app, struct view *v)
{
	memset(v, 0, sizeof *v);
	v->dash = dashboard_view(app->dash);
	v->cfg = app->cfg;
	v->now_ms = uv_now(&app->loop);
	v->model_now = v->dash->db.has_model ?
	    ts_seconds(v->dash->model.now) : -1;
	v->wall = app->wall;
	v->alone = app->layout.zoomed || app->layout.kind == LAYOUT_SINGLE;
	v->zoomed = app->layout.zoomed;
	v->db_fresh = view_db_fresh(v->dash, app->cfg, v->now_ms, &v->db_age);
}

static void
cockpit_draw_notice(struct cockpit *app)
{
	int rows, cols;

	getmaxyx(app->notice, rows, cols);
	werase(app->notice);
	draw_text(app->notice, rows / 2, 0, cols, "terminal too small",
	    theme_attr(ROLE_WARN), ALIGN_LEFT);
	wnoutrefresh(app->notice);
}

/* A pane's inside, on the screen: where its rows may move. */
static struct rect
cockpit_pane_inside(const struct pane *p)
{
	return (struct rect){ p->r.y + 1, p->r.x + 1, p->r.h - 2, p->r.w - 2 };
}

/*
 * The frame, just before the loop sleeps: draw what is dirty, in stacking
 * order (the help overlay last, again whenever anything under it was
 * drawn), let the terminal move the rows of the redrawn panes that only
 * moved, then one doupdate.  Nothing dirty, nothing written.
 */
static void
cockpit_on_prepare(uv_prepare_t *h)
{
	struct cockpit		*app = h->data;
	struct status_info	 si;
	struct view		 v;
	struct rect		 moved[PANE_COUNT];
	char			 filters[PROMPT_MAX];
	bool			 out = false, under = false;
	int			 i, nmoved = 0;

	if (app->quitting)
		return;
	if (app->relayout)
		cockpit_do_layout(app);
	if (app->quitting)
		return;
	if (app->term.input != NULL && is_wintouched(app->term.input)) {
		/* Untouch it, or wget_wch would refresh it over the header. */
		wnoutrefresh(app->term.input);
		app->dirty_header = out = true;
	}
	if (app->layout.kind == LAYOUT_TINY) {
		if (app->dirty_header && app->notice != NULL) {
			cockpit_draw_notice(app);
			doupdate();
		}
		app->dirty_header = app->dirty_status = false;
		return;
	}
	cockpit_view(app, &v);
	if (app->dirty_header && app->header != NULL) {
		/* The filters in force are the dashboard's. */
		prompt_filter_text(v.dash->owner, v.dash->stage,
		    v.dash->status, filters, sizeof filters);
		header_draw(app->header, app->layout.header.w, &v, filters);
		gap_attrs_fill(app->header);
		wnoutrefresh(app->header);
		out = under = true;
	}
	app->dirty_header = false;
	for (i = 0; i < PANE_COUNT; i++) {
		struct pane *p = &app->panes[i];

		if (!p->dirty)
			continue;
		v.focused = i == app->focus;
		pane_draw(p, &v);
		if (p->win != NULL) {
			gap_attrs_fill(p->win);
			wnoutrefresh(p->win);
			moved[nmoved++] = cockpit_pane_inside(p);
			out = under = true;
		}
	}
	v.focused = false;
	if (app->dirty_status && app->status != NULL) {
		memset(&si, 0, sizeof si);
		si.mode = app->mode;
		si.message = app->message;
		si.message_error = app->message_error;
		si.prompt = &app->prompt;
		si.prompt_label = app->mode == MODE_SEARCH ? "/" :
		    app->mode == MODE_FILTER ? "filter: " : app->prompt_label;
		si.hints = app->hints;
		si.hints_short = app->hints_short;
		statusline_draw(app->status, app->layout.status.w, &v, &si);
		gap_attrs_fill(app->status);
		wnoutrefresh(app->status);
		out = under = true;
	}
	app->dirty_status = false;
	if (app->output != NULL && (under || app->dirty_output)) {
		output_draw(app->output, v.dash->deploy, v.now_ms, app->out_top,
		    app->out_search);
		wnoutrefresh(app->output);
		out = true;
	}
	app->dirty_output = false;
	if (app->help != NULL && under) {
		help_draw(app->help, keytables_get(&app->keys, app->base),
		    app->help_top);
		gap_attrs_fill(app->help);
		wnoutrefresh(app->help);
	}
	if (out) {
		screen_move(term_move_caps(&app->term), moved, nmoved);
		doupdate();
	}
	if (app->bell) {
		app->bell = false;
		term_bell(&app->term);
	}
}

/* ---- events -------------------------------------------------------------- */

/* dashboard_change_cb */
/* Output that streams in is drawn at most every COCKPIT_OUTPUT_MS: a
 * command printing a thousand lines a second would otherwise cost a
 * thousand frames (half a core, 23 MB of terminal output a minute:
 * tests/bench/deploy-stream).  Keys still draw at once. */
static void
cockpit_on_output_due(uv_timer_t *t)
{
	state_output_due(t->data);
}

static void
cockpit_on_change(void *arg, int what, int new_critical)
{
	struct cockpit *app = arg;

	if (app->quitting)
		return;
	if (what == DASH_OUTPUT) {
		if (!uv_is_active((uv_handle_t *)&app->output_timer))
			uv_timer_start(&app->output_timer, cockpit_on_output_due,
			    COCKPIT_OUTPUT_MS, 0);
		return;
	}
	state_data(app, what, new_critical);
}

/* Freshness markers and the wall clock move with time alone. */
static void
cockpit_on_tick(uv_timer_t *t)
{
	state_tick(t->data);
}

static void
cockpit_on_wall(uv_timer_t *t)
{
	state_wall_step(t->data);
}

/* term_input_cb: the state module makes of the key what its mode says;
 * quitting is ours, since it takes the terminal down. */
static void
cockpit_on_key(void *arg, int key)
{
	struct cockpit *app = arg;

	if (app->quitting)
		return;
	state_key(app, key);
	if (app->quit_asked)
		cockpit_quit(app);
}

/* Called before resizeterm: every window goes now and the next frame
 * lays out afresh for the new size. */
static void
cockpit_on_resize(void *arg)
{
	struct cockpit	*app = arg;
	int		 i;

	cockpit_delwins(app);
	for (i = 0; i < PANE_COUNT; i++)
		pane_unplace(&app->panes[i]);
	app->relayout = true;
}

static void
cockpit_on_quit(void *arg)
{
	cockpit_quit(arg);
}

/* ---- life cycle ------------------------------------------------------------ */

static void
cockpit_quit(struct cockpit *app)
{
	int i;

	if (app->quitting)
		return;
	app->quitting = true;
	/* The terminal first: whatever happens next, the shell gets it back. */
	cockpit_delwins(app);
	for (i = 0; i < PANE_COUNT; i++)
		pane_free(&app->panes[i]);
	term_close(&app->term);
	if (app->handles_open) {
		uv_close((uv_handle_t *)&app->prepare, NULL);
		uv_close((uv_handle_t *)&app->tick, NULL);
		uv_close((uv_handle_t *)&app->wall_timer, NULL);
		uv_close((uv_handle_t *)&app->output_timer, NULL);
		app->handles_open = false;
	}
	if (app->dash != NULL) {
		dashboard_close(app->dash);
		app->dash = NULL;
	}
}

/* Theme and keys are checked before the terminal is touched, so a
 * configuration error is a plain message and exit status 2. */
static int
cockpit_setup(struct cockpit *app, char **cause)
{
	const char	*theme;
	const char	*cs = nl_langinfo(CODESET);

	if (keytables_init(&app->keys, app->cfg, cause) != 0)
		return -1;
	theme = app->opts->theme != NULL ? app->opts->theme :
	    app->cfg->ui.theme != NULL ? app->cfg->ui.theme : "default-dark";
	if (theme_load(&app->theme, theme, cause) != 0)
		return -1;
	draw_set_ascii(cs == NULL || (strcmp(cs, "UTF-8") != 0 &&
	    strcmp(cs, "utf8") != 0));
	return 0;
}

static void
cockpit_apply_theme(struct cockpit *app)
{
	struct theme	 mono;
	char		*cause = NULL;

	if (term_colour(&app->term)) {
		theme_apply(&app->theme, true);
		return;
	}
	/* No colour (NO_COLOR, or a monochrome terminal): the mono theme's
	 * attributes, or the built-in ones if it cannot be found. */
	if (theme_load(&mono, "mono", &cause) == 0) {
		theme_apply(&mono, false);
		theme_free(&mono);
	} else {
		free(cause);
		theme_apply(NULL, false);
	}
}

static void
cockpit_free(struct cockpit *app)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		pane_free(&app->panes[i]);
	state_free(app);
	free(app->fatal);
	keytables_free(&app->keys);
	theme_free(&app->theme);
}

static void
cockpit_start_handles(struct cockpit *app)
{
	uint64_t cycle;

	uv_prepare_init(&app->loop, &app->prepare);
	app->prepare.data = app;
	uv_prepare_start(&app->prepare, cockpit_on_prepare);
	uv_timer_init(&app->loop, &app->tick);
	app->tick.data = app;
	uv_timer_start(&app->tick, cockpit_on_tick, COCKPIT_TICK_MS,
	    COCKPIT_TICK_MS);
	uv_timer_init(&app->loop, &app->wall_timer);
	app->wall_timer.data = app;
	uv_timer_init(&app->loop, &app->output_timer);
	app->output_timer.data = app;
	if (app->wall) {
		cycle = (uint64_t)(app->cfg->ui.wall_cycle_s * 1000.0);
		if (cycle < 1000)
			cycle = 1000;
		uv_timer_start(&app->wall_timer, cockpit_on_wall, cycle, cycle);
	}
	app->handles_open = true;
}

static void
cockpit_on_message(void *arg, const char *message)
{
	state_dash_message(arg, message);
}

int
cockpit_run(const struct cockpit_opts *o, const struct config *cfg)
{
	struct cockpit		 app;
	struct dashboard_opts	 dopts;
	char			*cause = NULL;
	int			 i, rc;

	memset(&app, 0, sizeof app);
	app.opts = o;
	app.cfg = cfg;
	for (i = 0; i < PANE_COUNT; i++)
		pane_init(&app.panes[i], cockpit_pane_types[i], i);
	if (cockpit_setup(&app, &cause) != 0) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		cockpit_free(&app);
		return COCKPIT_EXIT_USAGE;
	}
	state_init(&app, o);

	uv_loop_init(&app.loop);
	memset(&dopts, 0, sizeof dopts);
	dopts.cfg = cfg;
	dopts.params.now = o->now;
	dopts.params.week = o->week;
	dopts.params.owner = o->owner;
	dopts.params.stage = o->stage;
	dopts.params.status = o->status;
	dopts.params.stale_after_s = cfg->db.agent_stale_after_s;
	dopts.on_change = cockpit_on_change;
	dopts.on_message = cockpit_on_message;
	dopts.arg = &app;
	dopts.read_only = cfg->ui.read_only;
	dopts.journal = true;
	app.dash = dashboard_new(&app.loop, &dopts, &cause);
	if (app.dash == NULL) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		uv_run(&app.loop, UV_RUN_DEFAULT);
		uv_loop_close(&app.loop);
		cockpit_free(&app);
		return COCKPIT_EXIT_USAGE;
	}
	if (term_open(&app.term, &app.loop, cockpit_on_key, cockpit_on_resize,
	    cockpit_on_quit, &app, &cause) != 0) {
		dashboard_close(app.dash);
		uv_run(&app.loop, UV_RUN_DEFAULT);
		uv_loop_close(&app.loop);
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		cockpit_free(&app);
		return COCKPIT_EXIT_USAGE;
	}
	cockpit_apply_theme(&app);
	cockpit_start_handles(&app);
	app.relayout = true;
	dashboard_start(app.dash);

	uv_run(&app.loop, UV_RUN_DEFAULT);

	rc = app.rc;
	if (uv_loop_close(&app.loop) != 0) {
		fprintf(stderr, "opsdeck: internal error: handles left open\n");
		rc = 1;
	}
	if (app.fatal != NULL)
		fprintf(stderr, "opsdeck: %s\n", app.fatal);
	cockpit_free(&app);
	return rc;
}
