#include "autoconfig.h"

/*
 * Where everything goes for a terminal size.  Row 0 is the header, the
 * last row the status line, and the panes share the body between them:
 *
 *	>= 120 x 30	3 x 2 grid; each row splits its width by what its
 *			panes need (ACTIONS and FUNNEL have the longest rows)
 *	>= 80 x 24	2 x 3 grid, panes drawn tersely; every pane stays on
 *			screen, Enter zooms one
 *	smaller		one pane at a time, Tab cycles
 *
 * Zoom gives the focused pane the whole body in any layout.  The result is
 * a pure function of the size, the focus and the zoom flag, so calling it
 * again after a resize is always safe.
 */

#include <string.h>

#include "tui-int.h"

#define GRID_COLS	120
#define GRID_ROWS	30
#define COMPACT_COLS	80
#define COMPACT_ROWS	24
#define TINY_COLS	24
#define TINY_ROWS	5

const char *
layout_name(enum layout_kind k)
{
	switch (k) {
	case LAYOUT_GRID:
		return "grid";
	case LAYOUT_COMPACT:
		return "compact";
	case LAYOUT_SINGLE:
		return "single";
	case LAYOUT_TINY:
		return "tiny";
	}
	return "?";
}

static void
layout_set(struct layout *l, int pane, int y, int x, int h, int w)
{
	l->pane[pane].y = y;
	l->pane[pane].x = x;
	l->pane[pane].h = h;
	l->pane[pane].w = w;
	l->visible[pane] = true;
}

/* Three panes side by side, widths in percent of the row. */
static void
layout_row(struct layout *l, const int panes[3], const int pct[3], int y,
    int h, int width)
{
	int	w0 = width * pct[0] / 100, w1 = width * pct[1] / 100;

	layout_set(l, panes[0], y, 0, h, w0);
	layout_set(l, panes[1], y, w0, h, w1);
	layout_set(l, panes[2], y, w0 + w1, h, width - w0 - w1);
}

static void
layout_grid(struct layout *l, const struct rect *body)
{
	static const int top[3] = { PANE_SERVICES, PANE_WEEK, PANE_ACTIONS };
	static const int bottom[3] = { PANE_AGENTS, PANE_REVENUE, PANE_FUNNEL };
	static const int top_pct[3] = { 32, 27, 41 };
	static const int bottom_pct[3] = { 38, 26, 36 };
	int	h0 = (body->h + 1) / 2;

	layout_row(l, top, top_pct, body->y, h0, body->w);
	layout_row(l, bottom, bottom_pct, body->y + h0, body->h - h0,
	    body->w);
}

/* Rows of three: the spare rows go to the middle row (ACTIONS) first. */
static void
layout_compact(struct layout *l, const struct rect *body)
{
	int	w0, w1, h[3], y, i, spare;

	w0 = body->w / 2;
	w1 = body->w - w0;
	h[0] = h[1] = h[2] = body->h / 3;
	spare = body->h - 3 * h[0];
	if (spare > 0) {
		h[1]++;
		spare--;
	}
	if (spare > 0)
		h[0]++;
	y = body->y;
	for (i = 0; i < 3; i++) {
		layout_set(l, 2 * i, y, 0, h[i], w0);
		layout_set(l, 2 * i + 1, y, w0, h[i], w1);
		y += h[i];
	}
}

void
layout_compute(struct layout *l, int rows, int cols, int focus, bool zoom)
{
	struct rect	body;

	memset(l, 0, sizeof *l);
	if (rows < TINY_ROWS || cols < TINY_COLS) {
		l->kind = LAYOUT_TINY;
		return;
	}
	l->header = (struct rect){ 0, 0, 1, cols };
	l->status = (struct rect){ rows - 1, 0, 1, cols };
	body = (struct rect){ 1, 0, rows - 2, cols };
	if (cols >= GRID_COLS && rows >= GRID_ROWS)
		l->kind = LAYOUT_GRID;
	else if (cols >= COMPACT_COLS && rows >= COMPACT_ROWS)
		l->kind = LAYOUT_COMPACT;
	else
		l->kind = LAYOUT_SINGLE;
	if (zoom || l->kind == LAYOUT_SINGLE) {
		l->zoomed = zoom;
		layout_set(l, focus, body.y, body.x, body.h, body.w);
		return;
	}
	if (l->kind == LAYOUT_GRID)
		layout_grid(l, &body);
	else
		layout_compact(l, &body);
}
