/*
 * The DA1 answer taken out of the keys (tui/term-reply.c): what is kept
 * back, what is given back as keys and in which order, and what an
 * answer says.  The characters are fed as wget_wch returns them, one at a
 * time; "the read found nothing more" is term_reply_release(..., false).
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "term-reply.h"

/* Feeds s; the keys given back, as a string (ESC shown as '^'). */
static char keys[512];

static void
feed(struct term_reply *r, const char *s)
{
	wint_t	out[TERM_REPLY_MAX + 1];
	size_t	len = strlen(keys);
	int	n, i;

	for (; *s != '\0'; s++) {
		n = term_reply_take(r, (wint_t)(unsigned char)*s, out);
		for (i = 0; i < n && len + 1 < sizeof keys; i++)
			keys[len++] = out[i] == 0x1b ? '^' : (char)out[i];
	}
	keys[len] = '\0';
}

static void
read_ends(struct term_reply *r, bool all)
{
	wint_t	out[TERM_REPLY_MAX + 1];
	size_t	len = strlen(keys);
	int	n, i;

	n = term_reply_release(r, all, out);
	for (i = 0; i < n && len + 1 < sizeof keys; i++)
		keys[len++] = out[i] == 0x1b ? '^' : (char)out[i];
	keys[len] = '\0';
}

static void
asked(struct term_reply *r)
{
	keys[0] = '\0';
	term_reply_asked(r);
}

static void
test_xterm_answer_is_no_key(void **state)
{
	struct term_reply r;

	(void)state;
	asked(&r);
	feed(&r, "\033[?64;1;2;6;9;15;16;17;18;21;22;28c");
	read_ends(&r, false);
	assert_string_equal(keys, "");
	assert_true(r.answered);
	assert_false(r.owed);
	assert_true(r.rects);
	/* Keys after the answer pass straight through. */
	feed(&r, "\033q");
	assert_string_equal(keys, "^q");
}

static void
test_answer_without_rectangles(void **state)
{
	static const char *const answers[] = {
		"\033[?1;2c",			/* tmux */
		"\033[?62;22c",
		"\033[?65;1;9;280c",		/* 280 is not 28 */
		"\033[?6;2;8c",			/* neither is 2 and 8 */
		"\033[?c",
	};
	struct term_reply r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof answers / sizeof answers[0]; i++) {
		asked(&r);
		feed(&r, answers[i]);
		read_ends(&r, false);
		assert_string_equal(keys, "");
		assert_true(r.answered);
		assert_false(r.rects);
	}
}

static void
test_keys_before_the_answer(void **state)
{
	struct term_reply r;

	(void)state;
	asked(&r);
	feed(&r, "jk");
	assert_string_equal(keys, "jk");
	/* The Esc key alone: kept until the read ends, then a key. */
	feed(&r, "\033");
	assert_string_equal(keys, "jk");
	read_ends(&r, false);
	assert_string_equal(keys, "jk^");
	/* ESC then another key: both given back, in order. */
	feed(&r, "\033x");
	assert_string_equal(keys, "jk^^x");
	/* ESC [ A (an arrow curses did not know) is given back whole. */
	feed(&r, "\033[A");
	assert_string_equal(keys, "jk^^x^[A");
	assert_true(r.owed);
	feed(&r, "\033[?64;28c");
	assert_true(r.rects);
	assert_string_equal(keys, "jk^^x^[A");
}

static void
test_answer_split_between_reads(void **state)
{
	struct term_reply r;

	(void)state;
	asked(&r);
	feed(&r, "\033[?64;1;2");
	read_ends(&r, false);		/* kept: only an answer starts so */
	assert_string_equal(keys, "");
	feed(&r, ";28c");
	read_ends(&r, false);
	assert_string_equal(keys, "");
	assert_true(r.rects);
}

static void
test_not_an_answer_after_all(void **state)
{
	struct term_reply r;
	char long_one[TERM_REPLY_MAX + 16];

	(void)state;
	asked(&r);
	feed(&r, "\033[?64x");
	assert_string_equal(keys, "^[?64x");
	assert_true(r.owed);
	/* A function key while characters are kept: they go first. */
	feed(&r, "\033[?6");
	read_ends(&r, true);
	assert_string_equal(keys, "^[?64x^[?6");
	/* Longer than any answer: all of it given back, in order. */
	keys[0] = '\0';
	memset(long_one, '1', sizeof long_one - 1);
	long_one[0] = '\033';
	long_one[1] = '[';
	long_one[2] = '?';
	long_one[sizeof long_one - 1] = '\0';
	feed(&r, long_one);
	long_one[0] = '^';
	assert_string_equal(keys, long_one);
	assert_false(r.answered);
}

static void
test_not_asked(void **state)
{
	struct term_reply r;

	(void)state;
	keys[0] = '\0';
	memset(&r, 0, sizeof r);
	feed(&r, "\033[?64;28c");
	assert_string_equal(keys, "^[?64;28c");
	assert_false(r.rects);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xterm_answer_is_no_key),
		cmocka_unit_test(test_answer_without_rectangles),
		cmocka_unit_test(test_keys_before_the_answer),
		cmocka_unit_test(test_answer_split_between_reads),
		cmocka_unit_test(test_not_an_answer_after_all),
		cmocka_unit_test(test_not_asked),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
