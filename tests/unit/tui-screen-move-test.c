/*
 * Who is asked for left and right margins, and what the answer means
 * (tui/screen-move.c): a terminal whose terminfo entry has DEC margins
 * (xterm-256color) is asked with DECRQM for mode 69; one without (tmux,
 * screen, dumb) is not asked, and rows are then never moved by us.  Only
 * "set", "reset" and "permanently set" mean the terminal has them.  No
 * terminal: each entry is loaded by a screen that writes to /dev/null.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "screen-move.h"
#include "tui-int.h"

/* The current screen: a terminal of type name writing to /dev/null. */
static SCREEN	*screen;
static FILE	*devnull_out, *devnull_in;

static void
unload_entry(void)
{
	if (screen != NULL) {
		endwin();
		delscreen(screen);
		screen = NULL;
	}
	if (devnull_out != NULL)
		fclose(devnull_out);
	if (devnull_in != NULL)
		fclose(devnull_in);
	devnull_out = devnull_in = NULL;
}

/* Loads a terminfo entry as the current terminal; false when the system
 * does not have it. */
static bool
load_entry(const char *name)
{
	unload_entry();
	devnull_out = fopen("/dev/null", "w");
	devnull_in = fopen("/dev/null", "r");
	if (devnull_out == NULL || devnull_in == NULL)
		return false;
	screen = newterm(name, devnull_out, devnull_in);
	if (screen == NULL)
		return false;
	set_term(screen);
	return true;
}

static void
test_xterm_is_asked(void **state)
{
	struct screen_move_caps	 c;
	const char		*q;

	(void)state;
	if (!load_entry("xterm-256color"))
		skip();
	screen_move_caps_init(&c);
	assert_true(c.lines);
	assert_false(c.margins);
	q = screen_move_margins_query(&c);
	assert_non_null(q);
	assert_string_equal(q, "\033[?69$p");
	unload_entry();
}

static void
test_others_are_not_asked(void **state)
{
	static const char *const names[] = { "tmux-256color", "screen",
	    "dumb", "linux" };
	struct screen_move_caps	 c;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (!load_entry(names[i]))
			continue;
		screen_move_caps_init(&c);
		if (screen_move_margins_query(&c) != NULL)
			fail_msg("%s is asked for margins", names[i]);
	}
	unload_entry();
}

static void
test_answers(void **state)
{
	struct screen_move_caps c;
	int i;

	(void)state;
	for (i = 0; i < SCREEN_MOVE_REPLIES; i++) {
		char want[16];

		snprintf(want, sizeof want, "\033[?69;%d$y", i);
		assert_string_equal(screen_move_margins_reply(i), want);
	}
	assert_null(screen_move_margins_reply(-1));
	assert_null(screen_move_margins_reply(SCREEN_MOVE_REPLIES));

	memset(&c, 0, sizeof c);
	c.lines = true;
	screen_move_margins_answer(&c, 0);	/* mode not recognized */
	assert_false(c.margins);
	screen_move_margins_answer(&c, 2);	/* reset: xterm's answer */
	assert_true(c.margins);
	screen_move_margins_answer(&c, 4);	/* permanently reset */
	assert_false(c.margins);
	screen_move_margins_answer(&c, 1);
	assert_true(c.margins);
	screen_move_margins_answer(&c, 3);
	assert_true(c.margins);
	c.lines = false;			/* no scroll region: never */
	screen_move_margins_answer(&c, 2);
	assert_false(c.margins);
}

/* Rectangle copy only after a DA1 answer that lists it. */
static void
test_rects_answers(void **state)
{
	struct screen_move_caps c;

	(void)state;
	memset(&c, 0, sizeof c);
	c.lines = true;
	assert_false(c.rects);
	screen_move_rects_answer(&c, false);
	assert_false(c.rects);
	screen_move_rects_answer(&c, true);
	assert_true(c.rects);
	c.lines = false;
	screen_move_rects_answer(&c, true);
	assert_false(c.rects);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xterm_is_asked),
		cmocka_unit_test(test_others_are_not_asked),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_rects_answers),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
