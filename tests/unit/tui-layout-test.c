/*
 * The cockpit's layout (tui/layout.c) for 120x40, 80x24, 60x20 and 20x4,
 * with every focus, zoomed and not: the header, the status line and the
 * visible panes lie inside the screen, never overlap, and together tile
 * it (every cell belongs to exactly one of them).  Plus the kind chosen at
 * the edges of each size class.  No terminal: the layout is a pure
 * function of the size, the focus and the zoom.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "tui-int.h"

/* Marks r's cells in owner[] (rows x cols) with id; fails on a cell that
 * is already someone's or outside the screen. */
static void
claim(int *owner, int rows, int cols, const struct rect *r, int id,
    const char *what)
{
	int y, x;

	if (r->h <= 0 || r->w <= 0)
		fail_msg("%dx%d: %s is empty (%dx%d)", cols, rows, what, r->w,
		    r->h);
	if (r->y < 0 || r->x < 0 || r->y + r->h > rows || r->x + r->w > cols)
		fail_msg("%dx%d: %s (%d,%d %dx%d) leaves the screen", cols,
		    rows, what, r->x, r->y, r->w, r->h);
	for (y = r->y; y < r->y + r->h; y++) {
		for (x = r->x; x < r->x + r->w; x++) {
			if (owner[y * cols + x] != -1)
				fail_msg("%dx%d: %s overlaps %d at (%d,%d)",
				    cols, rows, what, owner[y * cols + x], x,
				    y);
			owner[y * cols + x] = id;
		}
	}
}

/* The layout for one size, focus and zoom: a tiling of the screen. */
static void
check_tiles(int rows, int cols, int focus, bool zoom,
    enum layout_kind want_kind, int want_visible)
{
	static const char *const names[PANE_COUNT] = {
		"SERVICES", "WEEK", "ACTIONS", "AGENTS", "REVENUE", "FUNNEL"
	};
	struct layout	 l;
	int		*owner, i, n = 0;

	layout_compute(&l, rows, cols, focus, zoom);
	assert_int_equal(l.kind, want_kind);
	if (want_kind == LAYOUT_TINY) {
		/* Nothing but the notice, which takes the whole screen. */
		for (i = 0; i < PANE_COUNT; i++)
			assert_false(l.visible[i]);
		assert_int_equal(l.header.w, 0);
		assert_int_equal(l.status.w, 0);
		return;
	}
	owner = malloc((size_t)rows * (size_t)cols * sizeof *owner);
	assert_non_null(owner);
	for (i = 0; i < rows * cols; i++)
		owner[i] = -1;
	claim(owner, rows, cols, &l.header, 100, "the header");
	claim(owner, rows, cols, &l.status, 101, "the status line");
	assert_int_equal(l.header.y, 0);
	assert_int_equal(l.header.h, 1);
	assert_int_equal(l.status.y, rows - 1);
	assert_int_equal(l.status.h, 1);
	for (i = 0; i < PANE_COUNT; i++) {
		if (!l.visible[i])
			continue;
		claim(owner, rows, cols, &l.pane[i], i, names[i]);
		n++;
	}
	assert_int_equal(n, want_visible);
	/* One pane on screen: the focused one. */
	if (want_visible == 1)
		assert_true(l.visible[focus]);
	for (i = 0; i < rows * cols; i++) {
		if (owner[i] == -1)
			fail_msg("%dx%d focus %d%s: cell (%d,%d) is nobody's",
			    cols, rows, focus, zoom ? " zoomed" : "",
			    i % cols, i / cols);
	}
	assert_int_equal(l.zoomed, zoom);
	free(owner);
}

static void
check_size(int cols, int rows, enum layout_kind kind, int visible)
{
	int focus;

	for (focus = 0; focus < PANE_COUNT; focus++) {
		check_tiles(rows, cols, focus, false, kind, visible);
		check_tiles(rows, cols, focus, true, kind, 1);
	}
}

static void
test_grid_120x40(void **state)
{
	struct layout l;

	(void)state;
	check_size(120, 40, LAYOUT_GRID, PANE_COUNT);
	/* SERVICES, WEEK, ACTIONS over AGENTS, REVENUE, FUNNEL. */
	layout_compute(&l, 40, 120, 0, false);
	assert_int_equal(l.pane[PANE_SERVICES].y, l.pane[PANE_ACTIONS].y);
	assert_int_equal(l.pane[PANE_AGENTS].y, l.pane[PANE_FUNNEL].y);
	assert_true(l.pane[PANE_AGENTS].y > l.pane[PANE_SERVICES].y);
	assert_true(l.pane[PANE_WEEK].x > l.pane[PANE_SERVICES].x);
	assert_true(l.pane[PANE_ACTIONS].x > l.pane[PANE_WEEK].x);
}

static void
test_compact_80x24(void **state)
{
	struct layout l;

	(void)state;
	check_size(80, 24, LAYOUT_COMPACT, PANE_COUNT);
	/* Reading order 1-6 in two columns of three rows. */
	layout_compute(&l, 24, 80, 0, false);
	assert_int_equal(l.pane[PANE_SERVICES].y, l.pane[PANE_WEEK].y);
	assert_int_equal(l.pane[PANE_ACTIONS].y, l.pane[PANE_AGENTS].y);
	assert_int_equal(l.pane[PANE_REVENUE].y, l.pane[PANE_FUNNEL].y);
	assert_int_equal(l.pane[PANE_SERVICES].x, 0);
	assert_int_equal(l.pane[PANE_ACTIONS].x, 0);
	assert_true(l.pane[PANE_WEEK].x > 0);
	/* The spare rows go to the middle row first. */
	assert_true(l.pane[PANE_ACTIONS].h >= l.pane[PANE_SERVICES].h);
}

static void
test_single_60x20(void **state)
{
	(void)state;
	check_size(60, 20, LAYOUT_SINGLE, 1);
}

static void
test_tiny_20x4(void **state)
{
	int focus;

	(void)state;
	for (focus = 0; focus < PANE_COUNT; focus++) {
		check_tiles(4, 20, focus, false, LAYOUT_TINY, 0);
		check_tiles(4, 20, focus, true, LAYOUT_TINY, 0);
	}
	assert_string_equal(layout_name(LAYOUT_TINY), "tiny");
}

/* Each class from its smallest size on. */
static void
test_edges(void **state)
{
	(void)state;
	check_size(120, 30, LAYOUT_GRID, PANE_COUNT);
	check_size(200, 50, LAYOUT_GRID, PANE_COUNT);
	check_size(119, 40, LAYOUT_COMPACT, PANE_COUNT);
	check_size(120, 29, LAYOUT_COMPACT, PANE_COUNT);
	check_size(79, 24, LAYOUT_SINGLE, 1);
	check_size(80, 23, LAYOUT_SINGLE, 1);
	check_size(30, 10, LAYOUT_SINGLE, 1);
	check_size(24, 5, LAYOUT_SINGLE, 1);
	check_tiles(5, 23, 0, false, LAYOUT_TINY, 0);
	check_tiles(4, 24, 0, false, LAYOUT_TINY, 0);
	assert_string_equal(layout_name(LAYOUT_GRID), "grid");
	assert_string_equal(layout_name(LAYOUT_COMPACT), "compact");
	assert_string_equal(layout_name(LAYOUT_SINGLE), "single");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grid_120x40),
		cmocka_unit_test(test_compact_80x24),
		cmocka_unit_test(test_single_60x20),
		cmocka_unit_test(test_tiny_20x4),
		cmocka_unit_test(test_edges),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
