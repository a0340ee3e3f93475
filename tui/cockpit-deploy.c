#include "autoconfig.h"

/*
 * The deploy keys (spec §6.3), part of the state module: d deploys and R
 * rolls back the service selected in SERVICES, o shows the output view,
 * x cancels the running command.
 *
 * The service is pinned when the key is pressed (its name and index),
 * and the operator confirms by typing that name: the key that starts is
 * never the key that confirms (lazygit #2291), and a refresh that
 * reorders the pane meanwhile cannot change the target (htop #1719).
 * Anything else typed cancels.  A cancel asks too: "yes".
 */

#include <stdlib.h>
#include <string.h>

#include "cockpit-int.h"
#include "operator.h"
#include "scrollback.h"
#include "xalloc.h"

/* The service the SERVICES pane's selection names ("s:NAME"). */
static bool
deploy_selected(struct cockpit *app, size_t *index)
{
	const struct pane *p = &app->panes[PANE_SERVICES];
	size_t i;

	if (p->sel_key == NULL || strncmp(p->sel_key, "s:", 2) != 0)
		return false;
	for (i = 0; i < app->cfg->n_services; i++)
		if (strcmp(app->cfg->services[i].name, p->sel_key + 2) == 0) {
			*index = i;
			return true;
		}
	return false;
}

static void
deploy_prompt(struct cockpit *app, enum mode mode, const char *label)
{
	app->mode = mode;
	prompt_reset(&app->prompt, "");
	state_set_prompt_label(app, label);
}

static void
deploy_key(struct cockpit *app, enum deploy_kind kind)
{
	const struct svc_config *svc;
	char *label;
	size_t i;

	if (app->focus != PANE_SERVICES || !deploy_selected(app, &i)) {
		state_say(app, true, "select a service in SERVICES (1) first");
		return;
	}
	svc = &app->cfg->services[i];
	if ((kind == DEPLOY_KIND_DEPLOY ? svc->deploy : svc->rollback) == NULL) {
		state_say(app, true, "no %s command is configured for %s",
		    deploy_kind_name(kind), svc->name);
		return;
	}
	app->deploy_service = i;
	app->deploy_kind = kind;
	label = xasprintf("%s %s - type the service's name to confirm: ",
	    deploy_kind_name(kind), svc->name);
	deploy_prompt(app, MODE_CONFIRM, label);
	free(label);
}

static void
deploy_open_output(struct cockpit *app)
{
	app->mode = MODE_OUTPUT;
	app->out_top = -1;
	app->relayout = true;
}

static void
deploy_confirmed(struct cockpit *app)
{
	const char *name = app->cfg->services[app->deploy_service].name;
	char *op;

	if (strcmp(app->prompt.buf, name) != 0) {
		app->mode = MODE_NORMAL;
		state_say(app, true, "%s cancelled: the name typed is not %s; "
		    "nothing run", deploy_kind_name(app->deploy_kind), name);
		return;
	}
	op = operator_resolve(app->cfg->ui.operator);
	dashboard_deploy(app->dash, app->deploy_service, app->deploy_kind, op);
	free(op);
	deploy_open_output(app);
}

void
state_deploy_key(struct cockpit *app, enum action a)
{
	switch (a) {
	case ACT_DEPLOY:
		deploy_key(app, DEPLOY_KIND_DEPLOY);
		break;
	case ACT_ROLLBACK:
		deploy_key(app, DEPLOY_KIND_ROLLBACK);
		break;
	case ACT_OUTPUT:
		deploy_open_output(app);
		break;
	case ACT_CANCEL:
		deploy_open_output(app);
		state_output_key(app, ACT_CANCEL, 0);
		break;
	default:
		break;
	}
}

/* ---- the output view --------------------------------------------------- */

static int
output_body_h(struct cockpit *app)
{
	int rows, cols;

	if (app->output == NULL)
		return 1;
	getmaxyx(app->output, rows, cols);
	(void)cols;
	return rows - 3 > 1 ? rows - 3 : 1;
}

static size_t
output_lines(struct cockpit *app)
{
	const struct view_deploy *d = dashboard_view(app->dash)->deploy;

	return d != NULL && d->output != NULL ? d->output->n : 0;
}

/* Scrolls; at the end again it follows the output as it comes. */
static void
output_scroll(struct cockpit *app, int to)
{
	int last = (int)output_lines(app) - output_body_h(app);

	if (last < 0)
		last = 0;
	app->out_top = to >= last ? -1 : to < 0 ? 0 : to;
	app->dirty_output = true;
}

/* The next line (dir 1) or previous (-1) holding the search, from from. */
static bool
output_find(struct cockpit *app, int from, int dir)
{
	const struct view_deploy *d = dashboard_view(app->dash)->deploy;
	int i, n = (int)output_lines(app);

	if (d == NULL || app->out_search == NULL)
		return false;
	for (i = from; i >= 0 && i < n; i += dir)
		if (strcasestr(scrollback_line(d->output, (size_t)i),
		    app->out_search) != NULL) {
			output_scroll(app, i);
			return true;
		}
	return false;
}

void
state_output_key(struct cockpit *app, enum action a, int key)
{
	const struct view_deploy *d = dashboard_view(app->dash)->deploy;
	int top = output_first_line(d, app->out_top, output_body_h(app));
	int page = output_body_h(app);

	(void)key;
	switch (a) {
	case ACT_DOWN:		output_scroll(app, top + 1); break;
	case ACT_UP:		output_scroll(app, top - 1); break;
	case ACT_PAGE_DOWN:	output_scroll(app, top + page); break;
	case ACT_PAGE_UP:	output_scroll(app, top - page); break;
	case ACT_HOME:		output_scroll(app, 0); break;
	case ACT_END:		output_scroll(app, 1 << 30); break;
	case ACT_SEARCH:
		deploy_prompt(app, MODE_OUTPUT_SEARCH, "/");
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		if (!output_find(app, top + (a == ACT_SEARCH_NEXT ? 1 : -1),
		    a == ACT_SEARCH_NEXT ? 1 : -1))
			state_say(app, true, "no match");
		break;
	case ACT_CANCEL:
		if (d == NULL || d->phase == DEPLOY_DONE) {
			state_say(app, true, "nothing is running");
			break;
		}
		deploy_prompt(app, MODE_CANCEL, "cancel it? type yes: ");
		break;
	case ACT_CLOSE:
		app->mode = MODE_NORMAL;
		app->relayout = true;
		break;
	default:
		break;
	}
}

static void
deploy_accept(struct cockpit *app)
{
	switch (app->mode) {
	case MODE_CONFIRM:
		deploy_confirmed(app);
		break;
	case MODE_OUTPUT_SEARCH:
		app->mode = MODE_OUTPUT;
		if (app->prompt.len == 0)
			break;
		free(app->out_search);
		app->out_search = xstrdup(app->prompt.buf);
		if (!output_find(app, 0, 1))
			state_say(app, true, "no match");
		break;
	case MODE_CANCEL:
		app->mode = MODE_OUTPUT;
		if (strcmp(app->prompt.buf, "yes") == 0)
			dashboard_deploy_cancel(app->dash);
		else
			state_say(app, false, "not cancelled");
		break;
	default:
		break;
	}
}

/* The confirm, cancel and output-search prompts. */
void
state_deploy_prompt(struct cockpit *app, enum action a, int key)
{
	switch (a) {
	case ACT_ACCEPT:
		deploy_accept(app);
		break;
	case ACT_CLOSE:
		if (app->mode == MODE_CONFIRM)
			state_say(app, false, "%s cancelled; nothing run",
			    deploy_kind_name(app->deploy_kind));
		app->mode = app->mode == MODE_CONFIRM ? MODE_NORMAL : MODE_OUTPUT;
		break;
	default:
		prompt_edit(&app->prompt, a, key);
		break;
	}
}

void
state_deploy_free(struct cockpit *app)
{
	free(app->out_search);
	app->out_search = NULL;
}
