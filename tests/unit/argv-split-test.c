#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"

/* Splits s and checks the words against the NULL-terminated list. */
static void
expect_words(const char *s, const char *const *want)
{
	char	**argv = (char **)(uintptr_t)0x1, *cause = NULL;
	size_t	  i;

	assert_int_equal(argv_split(s, &argv, &cause), 0);
	assert_null(cause);
	assert_non_null(argv);
	for (i = 0; want[i] != NULL; i++) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], want[i]);
	}
	assert_null(argv[i]);
	argv_free(argv);
}

static void
expect_error(const char *s, const char *reason)
{
	char	**argv = (char **)(uintptr_t)0x1, *cause = NULL;

	assert_int_equal(argv_split(s, &argv, &cause), -1);
	assert_null(argv);
	assert_non_null(cause);
	assert_string_equal(cause, reason);
	free(cause);
}

static void
test_blanks(void **state)
{
	(void)state;
	expect_words("deploy", (const char *[]){ "deploy", NULL });
	expect_words("a b c", (const char *[]){ "a", "b", "c", NULL });
	expect_words("  \ta \t  b\t", (const char *[]){ "a", "b", NULL });
	expect_words("/usr/bin/gcloud run deploy voice-commerce --port=8083",
	    (const char *[]){ "/usr/bin/gcloud", "run", "deploy",
	    "voice-commerce", "--port=8083", NULL });
}

static void
test_double_quotes(void **state)
{
	(void)state;
	expect_words("echo \"a b\"", (const char *[]){ "echo", "a b", NULL });
	/* Quotes touch other text and join it into one word. */
	expect_words("a\"b c\"d", (const char *[]){ "ab cd", NULL });
	expect_words("--msg=\"hello  world\"!",
	    (const char *[]){ "--msg=hello  world!", NULL });
	/* "" is how an empty argument is written. */
	expect_words("a \"\" b", (const char *[]){ "a", "", "b", NULL });
	expect_words("\"\"", (const char *[]){ "", NULL });
	expect_words("\"a\"\"b\"", (const char *[]){ "ab", NULL });
	expect_words("x \"\t\"", (const char *[]){ "x", "\t", NULL });
}

static void
test_backslash(void **state)
{
	(void)state;
	expect_words("a\\ b c", (const char *[]){ "a b", "c", NULL });
	expect_words("say \\\"hi\\\"", (const char *[]){ "say", "\"hi\"",
	    NULL });
	/* Inside quotes too. */
	expect_words("\"a\\\"b\"", (const char *[]){ "a\"b", NULL });
	expect_words("\"c:\\\\dir\"", (const char *[]){ "c:\\dir", NULL });
	/* No C escapes: \n is just n. */
	expect_words("\\n\\t", (const char *[]){ "nt", NULL });
	expect_words("\\\\", (const char *[]){ "\\", NULL });
	/* An escaped blank makes a word of its own. */
	expect_words("\\ ", (const char *[]){ " ", NULL });
}

static void
test_single_quotes_are_ordinary(void **state)
{
	(void)state;
	expect_words("echo 'a b'", (const char *[]){ "echo", "'a", "b'",
	    NULL });
	expect_words("\"it's\"", (const char *[]){ "it's", NULL });
	expect_words("'", (const char *[]){ "'", NULL });
}

static void
test_no_shell(void **state)
{
	(void)state;
	expect_words("echo $HOME ~ *.c | wc > out; rm -rf /",
	    (const char *[]){ "echo", "$HOME", "~", "*.c", "|", "wc", ">",
	    "out;", "rm", "-rf", "/", NULL });
}

static void
test_many_words(void **state)
{
	char	**argv, *cause = NULL, buf[16];
	size_t	  i;

	(void)state;
	assert_int_equal(argv_split("0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 "
	    "17 18 19", &argv, &cause), 0);
	for (i = 0; i < 20; i++) {
		snprintf(buf, sizeof buf, "%zu", i);
		assert_string_equal(argv[i], buf);
	}
	assert_null(argv[20]);
	argv_free(argv);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("echo \"abc",
	    "unterminated double quote (opened at column 6)");
	expect_error("\"", "unterminated double quote (opened at column 1)");
	expect_error("a \"b\" \"c", "unterminated double quote "
	    "(opened at column 7)");
	expect_error("echo abc\\", "trailing backslash");
	expect_error("echo \"abc\\", "trailing backslash");
	expect_error("", "empty command");
	expect_error("   ", "empty command");
	expect_error(" \t ", "empty command");
}

static void
test_free_null(void **state)
{
	(void)state;
	argv_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blanks),
		cmocka_unit_test(test_double_quotes),
		cmocka_unit_test(test_backslash),
		cmocka_unit_test(test_single_quotes_are_ordinary),
		cmocka_unit_test(test_no_shell),
		cmocka_unit_test(test_many_words),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_free_null),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
