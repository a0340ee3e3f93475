#include "autoconfig.h"

/*
 * What every pane has in common: its window and box, its title with the
 * freshness of its data, scrolling, the selection and search.  The pane
 * kinds (pane-*.c) only emit lines into a canvas.
 *
 * The selection is remembered by item key (an action's group and code, a
 * service's name), not by position, so a refresh that reorders the list
 * keeps the same thing selected.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"
#include "xalloc.h"

/* A pane this short or shorter drops headings and blank lines. */
#define PANE_TERSE_ROWS	8

void
pane_init(struct pane *p, const struct pane_type *type, int index)
{
	memset(p, 0, sizeof *p);
	p->type = type;
	p->index = index;
	p->sel = -1;
	p->dirty = true;
}

void
pane_unplace(struct pane *p)
{
	if (p->win != NULL) {
		delwin(p->win);
		p->win = NULL;
	}
	p->dirty = true;
}

int
pane_place(struct pane *p, const struct rect *r, bool visible)
{
	pane_unplace(p);
	if (!visible || r->h < 3 || r->w < 8)
		return 0;
	p->r = *r;
	/* Panes tile the screen, so they can share stdscr's cells instead of
	 * keeping a second copy of the whole screen (measured: 128 KB of the
	 * idle heap at 120x40). */
	if ((p->win = subwin(stdscr, r->h, r->w, r->y, r->x)) == NULL)
		return -1;
	leaveok(p->win, TRUE);
	return 0;
}

void
pane_fresh_text(enum fresh f, double age, int count, char *buf, size_t len,
    enum role *role)
{
	char span[16];

	fmt_span(age, span, sizeof span);
	switch (f) {
	case FRESH_NONE:
		snprintf(buf, len, "%s", "");
		*role = ROLE_MUTED;
		break;
	case FRESH_WAIT:
		snprintf(buf, len, "waiting");
		*role = ROLE_MUTED;
		break;
	case FRESH_LIVE:
		snprintf(buf, len, "live");
		*role = ROLE_MUTED;
		break;
	case FRESH_LATE:
		snprintf(buf, len, "%s ago", span);
		*role = ROLE_WARN;
		break;
	case FRESH_STALE:
		if (count > 0)
			snprintf(buf, len, "%d stale", count);
		else
			snprintf(buf, len, "stale %s", span);
		*role = ROLE_STALE;
		break;
	}
}

/* The box, the title on its top edge and the scroll hints on the bottom. */
static void
pane_frame(struct pane *p, const struct view *v)
{
	WINDOW		*w = p->win;
	char		 title[64], fresh[32], more[32];
	enum fresh	 f;
	enum role	 frole;
	double		 age = v->db_age;
	int		 count = 0, tw, fw, room;
	bool		 focus = v->focused && !v->wall;

	draw_box(w, 0, 0, p->r.h, p->r.w, focus,
	    theme_attr(focus ? ROLE_BORDER_FOCUS : ROLE_BORDER));
	if (p->type->fresh != NULL)
		f = p->type->fresh(v, &age, &count);
	else
		f = v->db_fresh;
	pane_fresh_text(f, age, count, fresh, sizeof fresh, &frole);
	if (v->alone)
		snprintf(title, sizeof title, " %d/%d %s ", p->index + 1,
		    PANE_COUNT, p->type->name);
	else
		snprintf(title, sizeof title, " %d %s ", p->index + 1,
		    p->type->name);
	room = p->r.w - 4;
	tw = draw_text(w, 0, 2, room, title,
	    theme_attr(focus ? ROLE_TITLE_FOCUS : ROLE_TITLE), ALIGN_LEFT);
	fw = text_width(fresh) + 2;
	if (*fresh != '\0' && tw + 1 + fw <= room) {
		char pad[40];

		snprintf(pad, sizeof pad, " %s ", fresh);
		draw_text(w, 0, p->r.w - 2 - fw, fw, pad, theme_attr(frole),
		    ALIGN_LEFT);
	}
	if (p->n_lines > p->inner_h) {
		int below = p->n_lines - p->top - p->inner_h;

		if (below > 0)
			snprintf(more, sizeof more, " %s %d more ",
			    draw_ascii() ? "v" : "\u2193", below);
		else
			snprintf(more, sizeof more, " %s %d above ",
			    draw_ascii() ? "^" : "\u2191", p->top);
		fw = text_width(more);
		if (fw <= room)
			draw_text(w, p->r.h - 1, p->r.w - 2 - fw, fw, more,
			    theme_attr(ROLE_MUTED), ALIGN_LEFT);
	}
}

static void
pane_set_sel(struct pane *p, int sel)
{
	free(p->sel_key);
	p->sel_key = NULL;
	p->sel = sel;
	if (sel >= 0 && sel < p->n_items)
		p->sel_key = xstrdup(p->items[sel].key);
}

/* Finds the remembered selection among the new items. */
static void
pane_resolve_sel(struct pane *p)
{
	int i;

	if (p->n_items == 0) {
		p->sel = -1;
		return;
	}
	if (p->sel_key != NULL) {
		for (i = 0; i < p->n_items; i++) {
			if (strcmp(p->items[i].key, p->sel_key) == 0) {
				p->sel = i;
				return;
			}
		}
	}
	if (p->sel < 0)
		p->sel = 0;
	if (p->sel >= p->n_items)
		p->sel = p->n_items - 1;
	pane_set_sel(p, p->sel);
}

/*
 * What a pane shows inside its box.  A pane without a freshness of its own
 * shows the database's figures, and until the first model arrives it has
 * none: the frame says so, once for all of them, and the pane's own draw
 * is not called.
 */
static void
pane_body(struct canvas *c, const struct pane *p, const struct view *v)
{
	if (p->type->fresh == NULL && !v->dash->db.has_model) {
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "waiting for the database",
			    ROLE_MUTED, ALIGN_LEFT);
		return;
	}
	p->type->draw(c, v);
}

void
pane_draw(struct pane *p, const struct view *v)
{
	struct canvas	 c;
	struct rect	 inner;
	int		 maxtop, pad;

	p->dirty = false;
	if (p->win == NULL)
		return;
	werase(p->win);
	/* One blank column inside each side of the box, when there is room:
	 * text against a border is hard to read. */
	pad = p->r.w >= 24 ? 2 : 1;
	inner = (struct rect){ 1, pad, p->r.h - 2, p->r.w - 2 * pad };
	p->inner_h = inner.h;

	/* Measure: how many lines, which items. */
	canvas_init(&c, NULL, inner, 0, -1);
	c.terse = inner.h <= PANE_TERSE_ROWS;
	pane_body(&c, p, v);
	canvas_items_free(p->items);
	p->items = canvas_take_items(&c, &p->n_items);
	p->n_lines = c.line;
	canvas_done(&c);
	pane_resolve_sel(p);

	/* Keep the selection in view, then clamp. */
	if (p->sel >= 0 && v->focused && !v->wall) {
		int line = p->items[p->sel].line;

		if (line < p->top)
			p->top = line;
		if (line >= p->top + inner.h)
			p->top = line - inner.h + 1;
	}
	maxtop = p->n_lines - inner.h;
	if (p->top > maxtop)
		p->top = maxtop;
	if (p->top < 0)
		p->top = 0;

	canvas_init(&c, p->win, inner, p->top, p->sel);
	c.terse = inner.h <= PANE_TERSE_ROWS;
	c.show_sel = v->focused && !v->wall;
	pane_body(&c, p, v);
	canvas_done(&c);
	pane_frame(p, v);
}

/* The last item whose line is at most `line` (first item if none). */
static int
pane_item_at_line(const struct pane *p, int line)
{
	int i, best = 0;

	for (i = 0; i < p->n_items; i++) {
		if (p->items[i].line <= line)
			best = i;
	}
	return best;
}

bool
pane_key(struct pane *p, enum action a)
{
	int	page = p->inner_h > 1 ? p->inner_h - 1 : 1;
	int	n = p->n_items, sel = p->sel < 0 ? 0 : p->sel;

	switch (a) {
	case ACT_DOWN:
	case ACT_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_HOME:
	case ACT_END:
		break;
	default:
		return false;
	}
	p->dirty = true;
	if (n == 0) {
		/* Nothing to select: scroll; pane_draw clamps. */
		if (a == ACT_DOWN)
			p->top++;
		else if (a == ACT_UP)
			p->top--;
		else if (a == ACT_PAGE_DOWN)
			p->top += page;
		else if (a == ACT_PAGE_UP)
			p->top -= page;
		else if (a == ACT_HOME)
			p->top = 0;
		else
			p->top = p->n_lines;
		if (p->top < 0)
			p->top = 0;
		return true;
	}
	switch (a) {
	case ACT_DOWN:
		sel = sel + 1 < n ? sel + 1 : n - 1;
		break;
	case ACT_UP:
		sel = sel > 0 ? sel - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
		sel = pane_item_at_line(p, p->items[sel].line + page);
		p->top += page;
		break;
	case ACT_PAGE_UP:
		sel = pane_item_at_line(p, p->items[sel].line - page);
		p->top -= page;
		if (p->top < 0)
			p->top = 0;
		break;
	case ACT_HOME:
		sel = 0;
		p->top = 0;
		break;
	default:
		sel = n - 1;
		p->top = p->n_lines;
		break;
	}
	pane_set_sel(p, sel);
	return true;
}

bool
pane_search(struct pane *p, const char *needle, int from, int dir)
{
	int i, idx, n = p->n_items;

	if (n == 0 || needle == NULL || *needle == '\0')
		return false;
	if (from < 0)
		from = 0;
	for (i = 0; i < n; i++) {
		idx = ((from + dir * i) % n + n) % n;
		if (strcasestr(p->items[idx].text, needle) != NULL) {
			pane_set_sel(p, idx);
			p->dirty = true;
			return true;
		}
	}
	return false;
}

void
pane_free(struct pane *p)
{
	if (p->win != NULL)
		delwin(p->win);
	p->win = NULL;
	canvas_items_free(p->items);
	p->items = NULL;
	p->n_items = 0;
	free(p->sel_key);
	p->sel_key = NULL;
}
