#include "autoconfig.h"

/*
 * The write keys (spec §6.1), part of the state module: c complete, b
 * block, s start, u undo, on the action selected in ACTIONS.
 *
 * The target is pinned when the key is pressed: its code, the version
 * (updated_at) and status the operator saw are copied into app->write
 * then, and the prompts that follow name it.  A refresh that reorders or
 * regroups the feed while a prompt is open changes what is on screen, not
 * what the write goes to (htop #1719, btop #641); a refresh that shows the
 * row changed meanwhile makes the write a conflict, which the database
 * reports, rather than an overwrite.
 *
 * Whether a write is allowed is decided here once for the keys and again
 * by the dashboard (read-only) and the database (privileges, row-level
 * security); a key that may never write is not in the base table at all.
 */

#include <stdlib.h>
#include <string.h>

#include "cockpit-int.h"
#include "operator.h"
#include "xalloc.h"

/* The action the ACTIONS pane's selection names, from the current model. */
static const struct model_action *
write_selected(struct cockpit *app)
{
	const struct pane	*p = &app->panes[PANE_ACTIONS];
	const struct model	*m = &dashboard_view(app->dash)->model;
	const char		*code;
	char			*end;
	long			 g;
	size_t			 i;

	if (p->sel_key == NULL)
		return NULL;
	g = strtol(p->sel_key, &end, 10);
	if (*end != ':' || g < 0 || g >= FEED_NGROUPS)
		return NULL;
	code = end + 1;
	for (i = 0; i < m->feed[g].n; i++)
		if (m->feed[g].v[i].code != NULL &&
		    strcmp(m->feed[g].v[i].code, code) == 0)
			return &m->feed[g].v[i];
	return NULL;
}

static void
write_forget(struct cockpit *app)
{
	action_req_free(&app->write);
	memset(&app->write, 0, sizeof app->write);
}

/* The pinned request for the selected action; false (and a message) when
 * there is none or the role may not write it. */
static bool
write_pin(struct cockpit *app, enum action_kind kind)
{
	const struct dash_view		*d = dashboard_view(app->dash);
	const struct model_action	*a;

	if (app->focus != PANE_ACTIONS) {
		state_say(app, true, "select an action in ACTIONS (3) first");
		return false;
	}
	if ((a = write_selected(app)) == NULL || a->code == NULL) {
		state_say(app, true, "no action selected");
		return false;
	}
	if (d->db.caps.known && d->db.caps.write == CAPS_WRITE_OWN &&
	    !caps_may_write(&d->db.caps, a->owner)) {
		state_say(app, true, "%s belongs to %s: you may change only "
		    "your own actions (%s)", a->code, a->owner ? a->owner :
		    "nobody", d->db.caps.own_owner ? d->db.caps.own_owner : "none");
		return false;
	}
	write_forget(app);
	app->write.kind = kind;
	app->write.code = xstrdup(a->code);
	app->write.seen = a->version ? xstrdup(a->version) : NULL;
	app->write.seen_status = a->status ? xstrdup(a->status) : NULL;
	app->write.operator = operator_resolve(app->cfg->ui.operator);
	app->write.now = app->opts->now ? xstrdup(app->opts->now) : NULL;
	return true;
}

static void
write_send(struct cockpit *app)
{
	dashboard_write(app->dash, &app->write);
	write_forget(app);
	app->mode = MODE_NORMAL;
}

/* "complete CODE - hours (optional): " */
static void
write_prompt(struct cockpit *app, enum mode mode, const char *question)
{
	char *label = xasprintf("%s %s - %s: ",
	    action_kind_name(app->write.kind), app->write.code, question);

	app->mode = mode;
	prompt_reset(&app->prompt, "");
	state_set_prompt_label(app, label);
	free(label);
}

/* The same question again, the line kept, with what was wrong. */
static void
write_prompt_keep(struct cockpit *app, const char *why)
{
	char *label = xasprintf("%s %s [%s]: ", action_kind_name(app->write.kind),
	    app->write.code, why);

	state_set_prompt_label(app, label);
	free(label);
}

/* u: the operator's own last applied write, back as it was. */
static void
write_undo(struct cockpit *app)
{
	const struct action_req *last = dashboard_view(app->dash)->undoable;

	if (last == NULL) {
		state_say(app, true, "nothing of yours to undo");
		return;
	}
	write_forget(app);
	app->write.kind = ACTION_UNDO;
	app->write.code = xstrdup(last->code);
	app->write.undo_of = xstrdup(last->id);
	app->write.seen_status = last->seen_status ?
	    xstrdup(last->seen_status) : NULL;
	app->write.operator = operator_resolve(app->cfg->ui.operator);
	app->write.now = app->opts->now ? xstrdup(app->opts->now) : NULL;
	state_say(app, false, "undoing %s %s", action_kind_name(last->kind),
	    last->code);
	write_send(app);
}

void
state_write_key(struct cockpit *app, enum action a)
{
	switch (a) {
	case ACT_COMPLETE:
		if (write_pin(app, ACTION_COMPLETE))
			write_prompt(app, MODE_HOURS, "hours (optional)");
		break;
	case ACT_BLOCK:
		if (write_pin(app, ACTION_BLOCK))
			write_prompt(app, MODE_REASON, "reason");
		break;
	case ACT_START:
		if (write_pin(app, ACTION_START))
			write_send(app);
		break;
	case ACT_UNDO:
		write_undo(app);
		break;
	default:
		break;
	}
}

/* Enter in one of the writes' prompts: the next question, or the write. */
static void
write_accept(struct cockpit *app)
{
	const char	*line = app->prompt.buf;
	char		*cause = NULL;

	switch (app->mode) {
	case MODE_HOURS:
		if (*line != '\0' && action_hours_check(line, &cause) != 0) {
			/* The prompt stays, to fix it, and says why. */
			write_prompt_keep(app, cause);
			free(cause);
			return;
		}
		app->write.hours = *line != '\0' ? xstrdup(line) : NULL;
		write_prompt(app, MODE_EVIDENCE, "evidence path (optional)");
		return;
	case MODE_EVIDENCE:
		app->write.evidence = *line != '\0' ? xstrdup(line) : NULL;
		write_send(app);
		return;
	case MODE_REASON:
		if (action_reason_check(line, &cause) != 0) {
			free(cause);
			write_prompt_keep(app, "a reason is required, Esc cancels");
			return;
		}
		app->write.reason = xstrdup(line);
		write_send(app);
		return;
	default:
		return;
	}
}

void
state_write_prompt(struct cockpit *app, enum action a, int key)
{
	switch (a) {
	case ACT_ACCEPT:
		write_accept(app);
		break;
	case ACT_CLOSE:
		state_say(app, false, "%s %s cancelled; nothing written",
		    action_kind_name(app->write.kind), app->write.code);
		write_forget(app);
		app->mode = MODE_NORMAL;
		break;
	default:
		prompt_edit(&app->prompt, a, key);
		break;
	}
}

void
state_write_free(struct cockpit *app)
{
	write_forget(app);
}
