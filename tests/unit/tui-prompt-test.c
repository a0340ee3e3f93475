/*
 * The search and filter prompts (tui/prompt.c): the line editor (UTF-8
 * insertion, deleting a character, a word, the line, the size limit), the
 * editor driven through the prompt's key table as the cockpit drives it,
 * and the filter syntax both ways ("owner=a,b stage=top" to three values
 * and back).  No terminal: the editor is pure.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "keys.h"
#include "prompt.h"
#include "xalloc.h"

#define CTRL(c)		((c) & 0x1f)

/* ---- the editor ---------------------------------------------------------- */

static void
expect_line(const struct prompt *p, const char *want)
{
	assert_string_equal(p->buf, want);
	assert_int_equal(p->len, strlen(want));
}

static void
test_reset(void **state)
{
	struct prompt p;

	(void)state;
	prompt_reset(&p, "owner=Jesse");
	expect_line(&p, "owner=Jesse");
	prompt_reset(&p, NULL);
	expect_line(&p, "");
	prompt_reset(&p, "");
	expect_line(&p, "");
}

static void
test_insert(void **state)
{
	struct prompt p;

	(void)state;
	prompt_reset(&p, "");
	assert_true(prompt_edit(&p, ACT_INSERT, 'a'));
	assert_true(prompt_edit(&p, ACT_INSERT, ' '));
	assert_true(prompt_edit(&p, ACT_INSERT, 0xE9));		/* é */
	assert_true(prompt_edit(&p, ACT_INSERT, 0x20AC));	/* € */
	assert_true(prompt_edit(&p, ACT_INSERT, 0x1F600));	/* 😀 */
	expect_line(&p, "a \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* Controls, C1, surrogates, curses keys: never into the line. */
	assert_false(prompt_edit(&p, ACT_INSERT, KEYC_ESCAPE));
	assert_false(prompt_edit(&p, ACT_INSERT, '\t'));
	assert_false(prompt_edit(&p, ACT_INSERT, 0x7f));
	assert_false(prompt_edit(&p, ACT_INSERT, 0x9b));
	assert_false(prompt_edit(&p, ACT_INSERT, 0xDC00));
	assert_false(prompt_edit(&p, ACT_INSERT, 0x110000));
	assert_false(prompt_edit(&p, ACT_INSERT, KEYC_FN + KEY_UP));
	expect_line(&p, "a \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	/* What is no edit leaves the line alone. */
	assert_false(prompt_edit(&p, ACT_ACCEPT, 0));
	assert_false(prompt_edit(&p, ACT_CLOSE, 0));
	assert_false(prompt_edit(&p, ACT_QUIT, 'q'));
	assert_false(prompt_edit(&p, ACT_NONE, 'x'));
	expect_line(&p, "a \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
}

static void
test_delete(void **state)
{
	struct prompt p;

	(void)state;
	/* A character is a whole UTF-8 sequence. */
	prompt_reset(&p, "a\xc3\xa9\xf0\x9f\x98\x80");
	assert_true(prompt_edit(&p, ACT_DELETE_CHAR, 0));
	expect_line(&p, "a\xc3\xa9");
	assert_true(prompt_edit(&p, ACT_DELETE_CHAR, 0));
	expect_line(&p, "a");
	assert_true(prompt_edit(&p, ACT_DELETE_CHAR, 0));
	expect_line(&p, "");
	assert_false(prompt_edit(&p, ACT_DELETE_CHAR, 0));

	/* A word: the blanks before the end, then back to a blank. */
	prompt_reset(&p, "owner=Mary Ann  ");
	assert_true(prompt_edit(&p, ACT_DELETE_WORD, 0));
	expect_line(&p, "owner=Mary ");
	assert_true(prompt_edit(&p, ACT_DELETE_WORD, 0));
	expect_line(&p, "");
	assert_false(prompt_edit(&p, ACT_DELETE_WORD, 0));
	prompt_reset(&p, "   ");
	assert_true(prompt_edit(&p, ACT_DELETE_WORD, 0));
	expect_line(&p, "");

	prompt_reset(&p, "stage=top");
	assert_true(prompt_edit(&p, ACT_DELETE_LINE, 0));
	expect_line(&p, "");
	assert_false(prompt_edit(&p, ACT_DELETE_LINE, 0));
}

/* The line holds PROMPT_MAX - 1 bytes; a character that does not fit
 * whole is refused whole. */
static void
test_full(void **state)
{
	struct prompt	p;
	int		i;

	(void)state;
	prompt_reset(&p, "");
	for (i = 0; i < PROMPT_MAX - 2; i++)
		assert_true(prompt_edit(&p, ACT_INSERT, 'x'));
	assert_int_equal(p.len, PROMPT_MAX - 2);
	assert_false(prompt_edit(&p, ACT_INSERT, 0xE9));
	assert_int_equal(p.len, PROMPT_MAX - 2);
	assert_true(prompt_edit(&p, ACT_INSERT, 'y'));
	assert_int_equal(p.len, PROMPT_MAX - 1);
	assert_false(prompt_edit(&p, ACT_INSERT, 'z'));
	assert_int_equal(p.len, PROMPT_MAX - 1);
	assert_int_equal(p.buf[PROMPT_MAX - 1], '\0');
	assert_int_equal(p.buf[PROMPT_MAX - 2], 'y');
}

/* Keys as the cockpit feeds them: through the prompt table, whatever
 * [keys] says (quit = x there does not stop x from being typed). */
static void
test_typing(void **state)
{
	const struct keytable	*t;
	struct keytables	 kts;
	struct config		 cfg;
	struct prompt		 p;
	const char		*s;
	char			*cause = NULL;

	(void)state;
	config_init_defaults(&cfg);
	cfg.keys = xcalloc(1, sizeof *cfg.keys);
	cfg.keys[0].action = xstrdup("quit");
	cfg.keys[0].keys = xstrdup("x");
	cfg.keys[0].line = 2;
	cfg.n_keys = 1;
	assert_int_equal(keytables_init(&kts, &cfg, &cause), 0);
	t = keytables_get(&kts, KT_PROMPT);
	prompt_reset(&p, "");
	for (s = "owner=x q"; *s != '\0'; s++)
		assert_true(prompt_edit(&p, keytable_lookup(t, *s), *s));
	expect_line(&p, "owner=x q");
	assert_true(prompt_edit(&p, keytable_lookup(t, KEYC_BSPACE), 0));
	expect_line(&p, "owner=x ");
	assert_true(prompt_edit(&p, keytable_lookup(t, CTRL('w')), 0));
	expect_line(&p, "");
	assert_int_equal(keytable_lookup(t, KEYC_ENTER), ACT_ACCEPT);
	assert_int_equal(keytable_lookup(t, KEYC_ESCAPE), ACT_CLOSE);
	keytables_free(&kts);
	config_free(&cfg);
}

/* ---- the filter syntax --------------------------------------------------- */

static void
expect_filter(const char *text, const char *owner, const char *stage,
    const char *status)
{
	const char	*want[3] = { owner, stage, status };
	char		*out[3], *cause = NULL;
	int		 i;

	if (prompt_parse_filter(text, out, &cause) != 0)
		fail_msg("'%s': unexpected error: %s", text, cause);
	assert_null(cause);
	for (i = 0; i < 3; i++) {
		if (want[i] == NULL)
			assert_null(out[i]);
		else {
			assert_non_null(out[i]);
			assert_string_equal(out[i], want[i]);
		}
		free(out[i]);
	}
}

static void
expect_filter_error(const char *text, const char *want)
{
	char	*out[3], *cause = NULL;
	int	 i;

	assert_int_equal(prompt_parse_filter(text, out, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	for (i = 0; i < 3; i++)
		assert_null(out[i]);
	free(cause);
}

static void
test_filter_parse(void **state)
{
	(void)state;
	expect_filter("owner=a,b stage=top", "a,b", "top", NULL);
	expect_filter("owner=Jesse stage=middle status=blocked,in_progress",
	    "Jesse", "middle", "blocked,in_progress");
	expect_filter("status=blocked owner=Jesse", "Jesse", NULL, "blocked");
	/* A word without '=' continues the value before it. */
	expect_filter("owner=Mary Ann", "Mary Ann", NULL, NULL);
	expect_filter("owner=Mary  Ann   stage=top", "Mary Ann", "top", NULL);
	expect_filter("\towner=a\tstage=top\t", "a", "top", NULL);
	/* The last of a field wins; an empty value is no filter. */
	expect_filter("owner=a owner=b", "b", NULL, NULL);
	expect_filter("owner=a owner=", NULL, NULL, NULL);
	expect_filter("stage=", NULL, NULL, NULL);
	/* Only the first '=' separates. */
	expect_filter("owner=a=b", "a=b", NULL, NULL);
	expect_filter("owner=J\xc3\xa9r\xc3\xb4me", "J\xc3\xa9r\xc3\xb4me",
	    NULL, NULL);
	/* An empty line clears every filter. */
	expect_filter("", NULL, NULL, NULL);
	expect_filter("   ", NULL, NULL, NULL);
}

static void
test_filter_errors(void **state)
{
	(void)state;
	expect_filter_error("Jesse",
	    "expected field=value at 'Jesse' (owner=, stage=, status=)");
	expect_filter_error("owner= Jesse",
	    "expected field=value at 'Jesse' (owner=, stage=, status=)");
	expect_filter_error("team=ops",
	    "unknown filter field 'team' (owner, stage, status)");
	expect_filter_error("Owner=Jesse",
	    "unknown filter field 'Owner' (owner, stage, status)");
	expect_filter_error("owner=a =b",
	    "unknown filter field '' (owner, stage, status)");
	/* What was parsed before the error is not handed out. */
	expect_filter_error("owner=a stage=top colour=red",
	    "unknown filter field 'colour' (owner, stage, status)");
}

static void
test_filter_text(void **state)
{
	char	 buf[PROMPT_MAX], *out[3], *cause = NULL;
	int	 i;

	(void)state;
	prompt_filter_text(NULL, NULL, NULL, buf, sizeof buf);
	assert_string_equal(buf, "");
	prompt_filter_text("Jesse", NULL, "blocked", buf, sizeof buf);
	assert_string_equal(buf, "owner=Jesse status=blocked");
	prompt_filter_text("a,b", "top", "blocked,in_progress", buf,
	    sizeof buf);
	assert_string_equal(buf, "owner=a,b stage=top "
	    "status=blocked,in_progress");
	/* What the prompt shows reads back as the same filters. */
	prompt_filter_text("Mary Ann", "middle", NULL, buf, sizeof buf);
	assert_string_equal(buf, "owner=Mary Ann stage=middle");
	assert_int_equal(prompt_parse_filter(buf, out, &cause), 0);
	assert_string_equal(out[0], "Mary Ann");
	assert_string_equal(out[1], "middle");
	assert_null(out[2]);
	for (i = 0; i < 3; i++)
		free(out[i]);
	/* Short of room: whole fields only. */
	prompt_filter_text("Jesse", "middle", NULL, buf, 16);
	assert_string_equal(buf, "owner=Jesse");
	prompt_filter_text("Jesse", NULL, NULL, buf, 5);
	assert_string_equal(buf, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_insert),
		cmocka_unit_test(test_delete),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_typing),
		cmocka_unit_test(test_filter_parse),
		cmocka_unit_test(test_filter_errors),
		cmocka_unit_test(test_filter_text),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
