#include "autoconfig.h"

/*
 * A canvas is a pane's inner rectangle seen as an endless column of
 * virtual lines.  Panes emit lines top to bottom; the canvas shows the ones
 * between top and top + h and drops the rest, so a pane never needs to know
 * how far it is scrolled.  The measuring pass (no window) only counts lines
 * and records the selectable items, which is what scrolling, selection and
 * search work from.
 */

#include <stdlib.h>
#include <string.h>

#include "tui-int.h"
#include "xalloc.h"

void
canvas_init(struct canvas *c, WINDOW *win, struct rect inner, int top,
    int sel)
{
	memset(c, 0, sizeof *c);
	c->win = win;
	c->y0 = inner.y;
	c->x0 = inner.x;
	c->w = inner.w;
	c->h = inner.h;
	c->top = top;
	c->row = -1;
	c->sel = sel;
	c->sel_line = -1;
}

/* Copies s to the end of strings[]; returns where it starts. */
static size_t
canvas_keep(struct canvas *c, const char *s)
{
	size_t n = strlen(s) + 1, at = c->strings_len;

	if (c->strings_alloc - c->strings_len < n) {
		while (c->strings_alloc - c->strings_len < n)
			c->strings_alloc = c->strings_alloc ?
			    c->strings_alloc * 2 : 1024;
		c->strings = xreallocarray(c->strings, c->strings_alloc, 1);
	}
	memcpy(c->strings + at, s, n);
	c->strings_len += n;
	return at;
}

bool
canvas_line(struct canvas *c, const char *key, const char *search)
{
	struct canvas_item	*it;
	int			 idx = c->line++, item;

	c->on_sel = false;
	if (key != NULL) {
		item = c->n_items++;
		if (c->win == NULL) {
			if ((size_t)item >= c->n_alloc) {
				c->n_alloc = c->n_alloc ? c->n_alloc * 2 : 16;
				c->items = xreallocarray(c->items, c->n_alloc,
				    sizeof *c->items);
			}
			it = &c->items[item];
			it->key_at = canvas_keep(c, key);
			it->text_at = canvas_keep(c, search != NULL ? search :
			    key);
			it->line = idx;
		}
		if (item == c->sel) {
			c->on_sel = true;
			c->sel_line = idx;
		}
	}
	if (idx < c->top || idx >= c->top + c->h) {
		c->row = -1;
		return false;
	}
	c->row = c->y0 + idx - c->top;
	if (c->win != NULL && c->on_sel && c->show_sel)
		draw_fill(c->win, c->row, c->x0, c->w,
		    theme_attr(ROLE_SELECTION));
	return true;
}

void
canvas_skip(struct canvas *c)
{
	canvas_line(c, NULL, NULL);
}

static attr_t
canvas_attr(const struct canvas *c, enum role r)
{
	if (c->on_sel && c->show_sel)
		return theme_attr(ROLE_SELECTION);
	return theme_attr(r);
}

int
canvas_text(struct canvas *c, int col, int width, const char *s,
    enum role r, int align)
{
	if (c->win == NULL || c->row < 0 || col < 0 || col >= c->w)
		return 0;
	if (width > c->w - col)
		width = c->w - col;
	return draw_text(c->win, c->row, c->x0 + col, width, s,
	    canvas_attr(c, r), align);
}

void
canvas_bar(struct canvas *c, int col, int width, double pct)
{
	if (c->win == NULL || c->row < 0 || col < 0 || col >= c->w)
		return;
	if (width > c->w - col)
		width = c->w - col;
	draw_bar(c->win, c->row, c->x0 + col, width, pct,
	    theme_attr(ROLE_BAR_FILL), theme_attr(ROLE_BAR_EMPTY));
}

void
canvas_spark(struct canvas *c, int col, const double *v, size_t n,
    double lo, double hi, enum role r)
{
	if (c->win == NULL || c->row < 0 || col < 0 || col >= c->w)
		return;
	if ((int)n > c->w - col)
		n = (size_t)(c->w - col);
	draw_spark(c->win, c->row, c->x0 + col, v, n, lo, hi,
	    canvas_attr(c, r));
}

struct canvas_item *
canvas_take_items(struct canvas *c, int *n)
{
	struct canvas_item	*items;
	char			*strings;
	size_t			 count, head;
	int			 i;

	*n = c->win == NULL ? c->n_items : 0;
	if (*n == 0)
		return NULL;
	count = (size_t)*n;
	head = count * sizeof *items;
	items = xmalloc(head + c->strings_len);
	strings = (char *)items + head;
	memcpy(items, c->items, head);
	memcpy(strings, c->strings, c->strings_len);
	for (i = 0; i < *n; i++) {
		items[i].key = strings + items[i].key_at;
		items[i].text = strings + items[i].text_at;
	}
	return items;
}

void
canvas_items_free(struct canvas_item *items)
{
	free(items);
}

void
canvas_done(struct canvas *c)
{
	free(c->items);
	free(c->strings);
	c->items = NULL;
	c->strings = NULL;
}
