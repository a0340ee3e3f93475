#include "autoconfig.h"

/*
 * Keys to actions: the keymap turns a key into an action, and the mode
 * decides what the action means.  In the search and filter prompts every
 * key goes to the line editor; in help only closing and scrolling do
 * anything; otherwise the action moves the focus, zooms, scrolls or
 * selects in the focused pane, opens a prompt, refreshes or quits.
 *
 * Like every other handler this only changes state and marks what must be
 * redrawn; the frame (cockpit.c) does the drawing.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"
#include "xalloc.h"

void
input_filter_text(struct cockpit *app)
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
input_apply_filter(struct cockpit *app, const char *text)
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
	input_filter_text(app);
	dashboard_set_filters(app->dash, app->filter[0], app->filter[1],
	    app->filter[2]);
	cockpit_message(app, false, "%s", *app->filter_text ?
	    "filter applied" : "filter cleared");
	app->dirty_header = true;
}

static void
input_prompt_key(struct cockpit *app, int key)
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
		input_apply_filter(app, app->prompt.buf);
	} else if (r == PROMPT_CANCEL)
		app->mode = MODE_NORMAL;
}

static void
input_help_close(struct cockpit *app)
{
	app->mode = MODE_NORMAL;
	if (app->help != NULL)
		delwin(app->help);
	app->help = NULL;
	cockpit_dirty_all(app);
}

static void
input_help_key(struct cockpit *app, enum action a)
{
	int rows, cols, max;

	getmaxyx(stdscr, rows, cols);
	(void)cols;
	max = help_lines(&app->keys) - (rows - 4);
	switch (a) {
	case ACT_ESCAPE:
	case ACT_HELP:
	case ACT_QUIT:
		input_help_close(app);
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
input_search_step(struct cockpit *app, int dir)
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
input_action(struct cockpit *app, enum action a)
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
			input_search_step(app, a == ACT_SEARCH_NEXT ? 1 : -1);
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

void
input_on_key(void *arg, int key)
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
		input_prompt_key(app, key);
		return;
	}
	a = keymap_lookup(&app->keys, key);
	if (app->mode == MODE_HELP) {
		input_help_key(app, a);
		return;
	}
	input_action(app, a);
}
