#include "autoconfig.h"

/*
 * ACTIONS: the live feed's five groups (completed in 24 h, in progress,
 * blocked with the blocker under it, due in 7 days, overdue), each row an
 * action: code, owner, stage, when, text.  This is the main list of the
 * cockpit: every action is a selectable item and / searches code, owner,
 * stage, text and blocker.
 *
 * "When" is relative to the model's now (--now, or the database's clock)
 * in whole minutes, hours or days, so it only changes when the unit does.
 *
 * The operator's own writes show at once, before the database has them:
 * the row's when column says what it becomes ("done", "block", ...) and
 * how far the write got (… on its way, ⧗ journaled while the database is
 * away, ✓ committed), until a refresh shows the row as it now is; a write
 * the database refuses simply loses its mark.  Under the groups, EVENTS
 * lists the latest changes the database notified, with who made them.
 */

#include <stdio.h>
#include <string.h>

#include "timefmt.h"
#include "tui-int.h"

#define ACT_WHEN_W	7
#define ACT_STAGE_W	6
#define ACT_OWNER_MAX	10

static const struct {
	const char	*title;
	const char	*terse;
	enum role	 role;
} act_groups[FEED_NGROUPS] = {
	[FEED_COMPLETED_24H] = { "COMPLETED 24H", "DONE 24H", ROLE_OK },
	[FEED_IN_PROGRESS] = { "IN PROGRESS", "IN PROGRESS", ROLE_INFO },
	[FEED_BLOCKED] = { "BLOCKED", "BLOCKED", ROLE_CRIT },
	[FEED_DUE_7D] = { "DUE IN 7 DAYS", "DUE 7D", ROLE_WARN },
	[FEED_OVERDUE] = { "OVERDUE", "OVERDUE", ROLE_CRIT },
};

/* The operator's latest unsettled write to code, or NULL. */
static const struct view_write *
act_write_of(const struct view *v, const char *code)
{
	const struct dash_view *d = v->dash;
	size_t i;

	for (i = d->n_writes; code != NULL && i-- > 0;)
		if (d->writes[i].code != NULL &&
		    strcmp(d->writes[i].code, code) == 0)
			return &d->writes[i];
	return NULL;
}

/* "done…", "blocked⧗", "started✓": what the row becomes, how far. */
static void
act_write_mark(const struct view_write *w, char *buf, size_t len)
{
	static const char *const kind_word[] = {
		[ACTION_COMPLETE] = "done", [ACTION_BLOCK] = "block",
		[ACTION_START] = "start", [ACTION_UNDO] = "undo",
	};
	bool ascii = draw_ascii();
	const char *how;

	switch (w->state) {
	case WRITE_OFFLINE:	how = ascii ? "?" : "\u29d7"; break;
	case WRITE_APPLIED:	how = ascii ? "+" : "\u2713"; break;
	default:		how = ascii ? "~" : "\u2026"; break;
	}
	snprintf(buf, len, "%s%s", w->kind < ACTION_NKINDS ?
	    kind_word[w->kind] : "?", how);
}

/* The when column of an action in group g. */
static void
act_when(const struct view *v, enum feed_group g,
    const struct model_action *a, char *buf, size_t len, enum role *r)
{
	const char	*ts;
	int64_t		 t, now = v->model_now;
	char		 span[16];

	*r = ROLE_NORMAL;
	ts = g == FEED_COMPLETED_24H ? a->completion_date : a->due_date;
	if (ts == NULL || now < 0 || (t = ts_seconds(ts)) < 0) {
		snprintf(buf, len, "-");
		*r = ROLE_MUTED;
		return;
	}
	fmt_span((double)(now - t), span, sizeof span);
	if (g == FEED_COMPLETED_24H) {
		snprintf(buf, len, "%s ago", span);
		*r = ROLE_MUTED;
	} else if (t < now) {
		snprintf(buf, len, "%s late", span);
		*r = ROLE_CRIT;
	} else {
		snprintf(buf, len, "in %s", span);
		*r = t - now < 86400 ? ROLE_WARN : ROLE_NORMAL;
	}
}

static void
act_row(struct canvas *c, const struct view *v, enum feed_group g,
    const struct model_action *a, int codew, int ownerw, bool stage)
{
	const struct view_write *w;
	char		 when[32], key[96], search[1024];
	enum role	 wr;
	int		 x;

	snprintf(key, sizeof key, "%d:%.80s", (int)g, a->code ? a->code :
	    a->id);
	snprintf(search, sizeof search, "%s %s %s %s %s %s",
	    a->code ? a->code : "", a->owner ? a->owner : "",
	    a->funnel_stage ? a->funnel_stage : "", a->status ? a->status : "",
	    a->text ? a->text : "", a->blocker ? a->blocker : "");
	if (canvas_line(c, key, search)) {
		canvas_text(c, 0, codew, a->code, ROLE_FIGURE, ALIGN_LEFT);
		x = codew + 1;
		if (ownerw > 0) {
			canvas_text(c, x, ownerw, a->owner ? a->owner :
			    "unassigned", ROLE_INFO, ALIGN_LEFT);
			x += ownerw + 1;
		}
		if (stage) {
			canvas_text(c, x, ACT_STAGE_W, a->funnel_stage ?
			    a->funnel_stage : "top", ROLE_MUTED, ALIGN_LEFT);
			x += ACT_STAGE_W + 1;
		}
		if ((w = act_write_of(v, a->code)) != NULL) {
			act_write_mark(w, when, sizeof when);
			wr = w->state == WRITE_APPLIED ? ROLE_OK : ROLE_WARN;
		} else
			act_when(v, g, a, when, sizeof when, &wr);
		canvas_text(c, x, ACT_WHEN_W, when, wr, ALIGN_RIGHT);
		x += ACT_WHEN_W + 1;
		canvas_text(c, x, c->w - x, a->text, ROLE_NORMAL, ALIGN_LEFT);
	}
	if (g == FEED_BLOCKED && a->blocker != NULL &&
	    canvas_line(c, NULL, NULL)) {
		canvas_text(c, 1, 2, draw_ascii() ? "`-" : "\u2514",
		    ROLE_MUTED, ALIGN_LEFT);
		canvas_text(c, 3, c->w - 3, a->blocker, ROLE_WARN, ALIGN_LEFT);
	}
}

/* EVENTS: the database's latest notifications, newest first: when, what,
 * which action (or table), who.  Not items: there is nothing to act on. */
static void
act_events(struct canvas *c, const struct view *v)
{
	const struct dash_view	*d = v->dash;
	const struct view_event	*e;
	char			 line[256];
	size_t			 i;
	int			 x;

	if (d->n_events == 0)
		return;
	if (!c->terse)
		canvas_skip(c);
	if (canvas_line(c, NULL, NULL)) {
		x = canvas_text(c, 0, c->w, "EVENTS", ROLE_INFO, ALIGN_LEFT);
		snprintf(line, sizeof line, " (%zu)", d->n_events);
		canvas_text(c, x, c->w - x, line, ROLE_MUTED, ALIGN_LEFT);
	}
	for (i = d->n_events; i-- > 0;) {
		e = &d->events[i];
		if (!canvas_line(c, NULL, NULL))
			continue;
		/* the time of day only: "12:03:04" */
		x = canvas_text(c, 0, 8, strlen(e->at) > 11 ? e->at + 11 : e->at,
		    ROLE_MUTED, ALIGN_LEFT) + 1;
		snprintf(line, sizeof line, "%s %s by %s", e->event,
		    *e->code != '\0' ? e->code : e->table, e->by);
		canvas_text(c, x, c->w - x, line, ROLE_NORMAL, ALIGN_LEFT);
	}
}

static void
act_draw(struct canvas *c, const struct view *v)
{
	const struct model	*m = &v->dash->model;
	const struct model_action_list *l;
	char			 head[64];
	int			 codew = 4, ownerw = 0, w, rest, x, g;
	bool			 stage;
	size_t			 i;

	for (g = 0; g < FEED_NGROUPS; g++) {
		for (i = 0; i < m->feed[g].n; i++) {
			w = text_width(m->feed[g].v[i].code);
			if (w > codew)
				codew = w;
			w = text_width(m->feed[g].v[i].owner ?
			    m->feed[g].v[i].owner : "unassigned");
			if (w > ownerw)
				ownerw = w;
		}
	}
	if (codew > 16)
		codew = 16;
	if (ownerw > ACT_OWNER_MAX)
		ownerw = ACT_OWNER_MAX;
	rest = c->w - codew - 1 - ACT_WHEN_W - 1;
	if (rest - ownerw - 1 < 10)
		ownerw = 0;
	else
		rest -= ownerw + 1;
	stage = rest - ACT_STAGE_W - 1 >= 16;

	for (g = 0; g < FEED_NGROUPS; g++) {
		l = &m->feed[g];
		if (c->terse && l->n == 0)
			continue;
		if (!c->terse && g > 0)
			canvas_skip(c);
		if (canvas_line(c, NULL, NULL)) {
			x = canvas_text(c, 0, c->w, c->w < 30 ?
			    act_groups[g].terse : act_groups[g].title,
			    l->n > 0 ? act_groups[g].role : ROLE_MUTED,
			    ALIGN_LEFT);
			snprintf(head, sizeof head, " (%zu)", l->n);
			canvas_text(c, x, c->w - x, head, ROLE_MUTED,
			    ALIGN_LEFT);
		}
		for (i = 0; i < l->n; i++)
			act_row(c, v, (enum feed_group)g, &l->v[i], codew,
			    ownerw, stage);
	}
	act_events(c, v);
}

const struct pane_type pane_actions_type = {
	.name = "ACTIONS",
	.draw = act_draw,
};
