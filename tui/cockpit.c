#include "autoconfig.h"

/*
 * The cockpit: owns the loop, the terminal, the dashboard, the six panes,
 * the focus and the modes (normal, search and filter prompts, help).
 *
 * Nothing here draws from an event handler.  Data changes, keys, signals
 * and timers set dirty flags (or ask for a re-layout); one uv_prepare
 * callback, run just before the loop sleeps, redraws exactly what is dirty
 * into each window, wnoutrefreshes them and calls doupdate once.  Redrawn
 * content that did not change costs no output, so an idle cockpit is quiet
 * even though the 1 s tick re-evaluates every freshness marker.
 *
 * Shutdown (q, SIGTERM/SIGINT/SIGHUP, a dead tty, a fatal error) restores
 * the terminal first, then closes the dashboard and our handles; uv_run
 * returns once every handle is closed and the loop must close cleanly.
 */

#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "tui-int.h"
#include "xalloc.h"

#define COCKPIT_TICK_MS		1000

struct cockpit {
	uv_loop_t		 loop;
	const struct options	*opts;
	const struct config	*cfg;
	struct term		 term;
	struct theme		 theme;		/* owned */
	struct keymap		 keys;		/* owned */
	struct dashboard	*dash;		/* owned until dashboard_close */
	struct pane		 panes[PANE_COUNT];	/* owned */
	struct layout		 layout;
	WINDOW			*header;	/* owned windows */
	WINDOW			*status;
	WINDOW			*help;
	WINDOW			*notice;	/* LAYOUT_TINY only */
	uv_prepare_t		 prepare;
	uv_timer_t		 tick;
	uv_timer_t		 wall_timer;
	bool			 handles_open;

	int			 focus;
	bool			 zoom;
	bool			 wall;
	enum mode		 mode;
	struct prompt		 prompt;
	char			*search;	/* last accepted search, owned */
	int			 search_origin;
	char			*filter[3];	/* owner, stage, status; owned */
	char			 filter_text[PROMPT_MAX];
	char			*message;	/* owned, until the next key */
	bool			 message_error;
	char			 hints[160];
	char			 hints_short[64];
	int			 help_top;

	bool			 relayout;
	bool			 dirty_header;
	bool			 dirty_status;
	bool			 bell;
	bool			 quitting;
	int			 rc;
	char			*fatal;		/* printed after endwin */
};

static const struct pane_type *const cockpit_pane_types[PANE_COUNT] = {
	&pane_services_type,
	&pane_week_type,
	&pane_actions_type,
	&pane_agents_type,
	&pane_revenue_type,
	&pane_funnel_type,
};

static void	cockpit_quit(struct cockpit *);

static void
cockpit_dirty_all(struct cockpit *app)
{
	int i;

	for (i = 0; i < PANE_COUNT; i++)
		app->panes[i].dirty = true;
	app->dirty_header = app->dirty_status = true;
}

static void
cockpit_message(struct cockpit *app, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
cockpit_message(struct cockpit *app, bool error, const char *fmt, ...)
{
	va_list ap;

	free(app->message);
	va_start(ap, fmt);
	app->message = xvasprintf(fmt, ap);
	va_end(ap);
	app->message_error = error;
	app->dirty_status = true;
}

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

static WINDOW *
cockpit_newwin(struct cockpit *app, const struct rect *r)
{
	WINDOW *w;

	if (r->h <= 0 || r->w <= 0)
		return NULL;
	if ((w = newwin(r->h, r->w, r->y, r->x)) == NULL) {
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
		    &app->notice };
	size_t	  i;

	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (*w[i] != NULL)
			delwin(*w[i]);
		*w[i] = NULL;
	}
}

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
	if (app->layout.kind == LAYOUT_TINY) {
		r = (struct rect){ 0, 0, rows, cols };
		app->notice = cockpit_newwin(app, &r);
	} else {
		app->header = cockpit_newwin(app, &app->layout.header);
		app->status = cockpit_newwin(app, &app->layout.status);
	}
	if (app->mode == MODE_HELP && app->layout.kind != LAYOUT_TINY) {
		help_size(&app->keys, rows, cols, &r);
		app->help = cockpit_newwin(app, &r);
	}
	cockpit_dirty_all(app);
}

/* ---- drawing --------------------------------------------------------------- */

static void
cockpit_view(struct cockpit *app, struct view *v)
{
	memset(v, 0, sizeof *v);
	v->dash = app->dash;
	v->cfg = app->cfg;
	v->now_ms = uv_now(&app->loop);
	v->model_now = app->dash->db.has_model ?
	    fmt_ts_seconds(app->dash->model.now) : -1;
	v->wall = app->wall;
	v->alone = app->layout.zoomed || app->layout.kind == LAYOUT_SINGLE;
	v->db_fresh = pane_db_fresh(app->dash, app->cfg, &v->db_age);
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

/* "? help  Tab pane ...": the first key of each action, from the keymap,
 * so the hints stay true after [keys] rebinds them. */
static void
cockpit_hint_list(struct cockpit *app, const enum action *shown,
    const char *const *label, size_t n, char *out, size_t len)
{
	char	keys[64], *sp;
	size_t	i, used = 0;
	int	k;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		if (app->wall && shown[i] != ACT_HELP && shown[i] != ACT_QUIT &&
		    shown[i] != ACT_ZOOM)
			continue;
		keymap_describe(&app->keys, shown[i], keys, sizeof keys);
		if (*keys == '\0')
			continue;
		if ((sp = strchr(keys, ' ')) != NULL)
			*sp = '\0';
		k = snprintf(out + used, len - used, "%s%s %s",
		    used > 0 ? "  " : "", keys, label[i]);
		if (k < 0 || (size_t)k >= len - used)
			break;
		used += (size_t)k;
	}
}

static void
cockpit_hints(struct cockpit *app)
{
	static const enum action shown[] = {
		ACT_HELP, ACT_FOCUS_NEXT, ACT_ZOOM, ACT_SEARCH, ACT_FILTER,
		ACT_REFRESH, ACT_QUIT
	};
	static const char *const label[] = {
		"help", "pane", "zoom", "search", "filter", "refresh", "quit"
	};
	static const enum action few[] = {
		ACT_HELP, ACT_SEARCH, ACT_FILTER, ACT_QUIT
	};
	static const char *const few_label[] = {
		"help", "search", "filter", "quit"
	};

	cockpit_hint_list(app, shown, label, sizeof shown / sizeof shown[0],
	    app->hints, sizeof app->hints);
	cockpit_hint_list(app, few, few_label, sizeof few / sizeof few[0],
	    app->hints_short,
	    sizeof app->hints_short);
}

static void
cockpit_on_prepare(uv_prepare_t *h)
{
	struct cockpit		*app = h->data;
	struct status_info	 si;
	struct view		 v;
	bool			 out = false, under = false;
	int			 i;

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
		header_draw(app->header, app->layout.header.w, &v,
		    app->filter_text);
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
			wnoutrefresh(p->win);
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
		si.prompt_label = app->mode == MODE_SEARCH ? "/" : "filter: ";
		si.hints = app->hints;
		si.hints_short = app->hints_short;
		statusline_draw(app->status, app->layout.status.w, &v, &si);
		wnoutrefresh(app->status);
		out = under = true;
	}
	app->dirty_status = false;
	if (app->help != NULL && under) {
		help_draw(app->help, &app->keys, app->help_top);
		wnoutrefresh(app->help);
	}
	if (out)
		doupdate();
	if (app->bell) {
		app->bell = false;
		term_bell(&app->term);
	}
}

/* ---- events -------------------------------------------------------------- */

static void
cockpit_on_change(void *arg, int what, int new_critical)
{
	struct cockpit	*app = arg;
	int		 i;

	if (app->quitting)
		return;
	if (what & (DASH_MODEL | DASH_DB_STATE)) {
		for (i = 0; i < PANE_COUNT; i++)
			app->panes[i].dirty = true;
		app->dirty_header = true;
	}
	if (what & (DASH_SERVICES | DASH_ALERTS))
		app->panes[PANE_SERVICES].dirty = true;
	app->dirty_status = true;
	if (new_critical > 0 && app->cfg->ui.bell)
		app->bell = true;
}

/* Freshness markers and the wall clock move with time alone. */
static void
cockpit_on_tick(uv_timer_t *t)
{
	struct cockpit *app = t->data;

	cockpit_dirty_all(app);
}

static void
cockpit_set_focus(struct cockpit *app, int focus)
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

static void
cockpit_on_wall(uv_timer_t *t)
{
	struct cockpit *app = t->data;

	if (app->zoom)
		cockpit_set_focus(app, app->focus + 1);
}

static void
cockpit_on_resize(void *arg)
{
	struct cockpit *app = arg;

	app->relayout = true;
}

static void
cockpit_on_quit(void *arg)
{
	cockpit_quit(arg);
}

static void
cockpit_set_filter_text(struct cockpit *app)
{
	static const char *const names[3] = { "owner", "stage", "status" };
	size_t	used = 0;
	int	i, n;

	app->filter_text[0] = '\0';
	for (i = 0; i < 3; i++) {
		if (app->filter[i] == NULL)
			continue;
		n = snprintf(app->filter_text + used,
		    sizeof app->filter_text - used, "%s%s=%s",
		    used > 0 ? " " : "", names[i], app->filter[i]);
		if (n < 0 || (size_t)n >= sizeof app->filter_text - used)
			break;
		used += (size_t)n;
	}
}

static void
cockpit_apply_filter(struct cockpit *app, const char *text)
{
	char	*f[3], *cause = NULL;
	int	 i;

	if (prompt_parse_filter(text, f, &cause) != 0) {
		cockpit_message(app, true, "filter: %s", cause);
		free(cause);
		return;
	}
	for (i = 0; i < 3; i++) {
		free(app->filter[i]);
		app->filter[i] = f[i];
	}
	cockpit_set_filter_text(app);
	dashboard_set_filters(app->dash, app->filter[0], app->filter[1],
	    app->filter[2]);
	cockpit_message(app, false, "%s", *app->filter_text ?
	    "filter applied" : "filter cleared");
	app->dirty_header = true;
}

static void
cockpit_prompt_key(struct cockpit *app, int key)
{
	struct pane		*p = &app->panes[app->focus];
	enum prompt_result	 r;

	r = prompt_key(&app->prompt, key);
	app->dirty_status = true;
	if (app->mode == MODE_SEARCH) {
		if (r == PROMPT_EDITED && app->prompt.len > 0 &&
		    !pane_search(p, app->prompt.buf, app->search_origin, 1))
			cockpit_message(app, true, "no match");
		if (r == PROMPT_ACCEPT) {
			free(app->search);
			app->search = app->prompt.len > 0 ?
			    xstrdup(app->prompt.buf) : NULL;
			app->mode = MODE_NORMAL;
		} else if (r == PROMPT_CANCEL)
			app->mode = MODE_NORMAL;
		return;
	}
	if (r == PROMPT_ACCEPT) {
		app->mode = MODE_NORMAL;
		cockpit_apply_filter(app, app->prompt.buf);
	} else if (r == PROMPT_CANCEL)
		app->mode = MODE_NORMAL;
}

static void
cockpit_help_close(struct cockpit *app)
{
	app->mode = MODE_NORMAL;
	if (app->help != NULL)
		delwin(app->help);
	app->help = NULL;
	cockpit_dirty_all(app);
}

static void
cockpit_help_key(struct cockpit *app, enum action a)
{
	int rows, cols, max;

	getmaxyx(stdscr, rows, cols);
	(void)cols;
	max = help_lines(&app->keys) - (rows - 4);
	switch (a) {
	case ACT_ESCAPE:
	case ACT_HELP:
	case ACT_QUIT:
		cockpit_help_close(app);
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

static void
cockpit_search_step(struct cockpit *app, int dir)
{
	struct pane *p = &app->panes[app->focus];

	if (app->search == NULL) {
		cockpit_message(app, true, "no search yet: press / first");
		return;
	}
	if (!pane_search(p, app->search, p->sel + dir, dir))
		cockpit_message(app, true, "no match for '%s'", app->search);
}

static void
cockpit_action(struct cockpit *app, enum action a)
{
	struct pane *p = &app->panes[app->focus];

	switch (a) {
	case ACT_FOCUS_NEXT:
		cockpit_set_focus(app, app->focus + 1);
		if (app->wall)
			uv_timer_again(&app->wall_timer);
		break;
	case ACT_FOCUS_PREV:
		cockpit_set_focus(app, app->focus - 1);
		if (app->wall)
			uv_timer_again(&app->wall_timer);
		break;
	case ACT_FOCUS_1:
	case ACT_FOCUS_2:
	case ACT_FOCUS_3:
	case ACT_FOCUS_4:
	case ACT_FOCUS_5:
	case ACT_FOCUS_6:
		cockpit_set_focus(app, a - ACT_FOCUS_1);
		if (app->wall)
			uv_timer_again(&app->wall_timer);
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
		if (!app->wall)
			pane_key(p, a);
		break;
	case ACT_SEARCH:
		if (app->wall)
			break;
		app->mode = MODE_SEARCH;
		app->search_origin = p->sel < 0 ? 0 : p->sel;
		prompt_reset(&app->prompt, "");
		app->dirty_status = true;
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (!app->wall)
			cockpit_search_step(app, a == ACT_SEARCH_NEXT ? 1 : -1);
		break;
	case ACT_FILTER:
		if (app->wall)
			break;
		app->mode = MODE_FILTER;
		prompt_reset(&app->prompt, app->filter_text);
		app->dirty_status = true;
		break;
	case ACT_REFRESH:
		dashboard_refresh_now(app->dash);
		cockpit_message(app, false, "refreshing");
		break;
	case ACT_HELP:
		app->mode = MODE_HELP;
		app->help_top = 0;
		app->relayout = true;
		break;
	case ACT_QUIT:
		cockpit_quit(app);
		break;
	case ACT_ESCAPE:
		if (app->zoom && !app->wall) {
			app->zoom = false;
			app->relayout = true;
		} else if (app->search != NULL) {
			free(app->search);
			app->search = NULL;
		}
		break;
	default:
		break;
	}
}

static void
cockpit_on_key(void *arg, int key)
{
	struct cockpit	*app = arg;
	enum action	 a;

	if (app->quitting)
		return;
	if (app->message != NULL) {
		free(app->message);
		app->message = NULL;
		app->dirty_status = true;
	}
	if (app->mode == MODE_SEARCH || app->mode == MODE_FILTER) {
		cockpit_prompt_key(app, key);
		return;
	}
	a = keymap_lookup(&app->keys, key);
	if (app->mode == MODE_HELP) {
		cockpit_help_key(app, a);
		return;
	}
	cockpit_action(app, a);
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

	if (keymap_init(&app->keys, app->cfg, cause) != 0)
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
	for (i = 0; i < 3; i++)
		free(app->filter[i]);
	free(app->search);
	free(app->message);
	free(app->fatal);
	keymap_free(&app->keys);
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
	if (app->wall) {
		cycle = (uint64_t)(app->cfg->ui.wall_cycle_s * 1000.0);
		if (cycle < 1000)
			cycle = 1000;
		uv_timer_start(&app->wall_timer, cockpit_on_wall, cycle, cycle);
	}
	app->handles_open = true;
}

int
cockpit_run(const struct options *o, const struct config *cfg)
{
	struct cockpit		 app;
	struct model_params	 params;
	char			*cause = NULL;
	int			 i, rc;

	memset(&app, 0, sizeof app);
	app.opts = o;
	app.cfg = cfg;
	app.wall = o->wall;
	app.zoom = app.wall;
	app.focus = PANE_SERVICES;
	for (i = 0; i < PANE_COUNT; i++)
		pane_init(&app.panes[i], cockpit_pane_types[i], i);
	if (o->owner != NULL)
		app.filter[0] = xstrdup(o->owner);
	if (o->stage != NULL)
		app.filter[1] = xstrdup(o->stage);
	if (o->status != NULL)
		app.filter[2] = xstrdup(o->status);
	cockpit_set_filter_text(&app);
	if (cockpit_setup(&app, &cause) != 0) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		cockpit_free(&app);
		return EXIT_USAGE;
	}
	cockpit_hints(&app);

	uv_loop_init(&app.loop);
	memset(&params, 0, sizeof params);
	params.now = o->has_now ? o->now : NULL;
	params.week = o->has_week ? o->week : NULL;
	params.owner = o->owner;
	params.stage = o->stage;
	params.status = o->status;
	params.stale_after_s = cfg->db.agent_stale_after_s;
	app.dash = dashboard_new(&app.loop, cfg, &params, cockpit_on_change,
	    &app, &cause);
	if (app.dash == NULL) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		uv_run(&app.loop, UV_RUN_DEFAULT);
		uv_loop_close(&app.loop);
		cockpit_free(&app);
		return EXIT_USAGE;
	}
	if (term_open(&app.term, &app.loop, cockpit_on_key, cockpit_on_resize,
	    cockpit_on_quit, &app, &cause) != 0) {
		dashboard_close(app.dash);
		uv_run(&app.loop, UV_RUN_DEFAULT);
		uv_loop_close(&app.loop);
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		cockpit_free(&app);
		return EXIT_USAGE;
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
