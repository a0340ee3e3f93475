#include "autoconfig.h"

/*
 * core/base/utf8.c: the one decoder, its encoder and its cut.  Its
 * behaviour on the whole range of input is held by the sanitizer's tests
 * and fuzzer; these name the edges.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "utf8.h"

static void
expect_next(const char *s, size_t len, size_t want_n, uint32_t want_cp)
{
	uint32_t cp;

	assert_int_equal(utf8_next(s, len, &cp), want_n);
	assert_int_equal(cp, want_cp);
}

static void
test_next(void **state)
{
	expect_next("A", 1, 1, 'A');
	expect_next("\xc3\xa9", 2, 2, 0xE9);
	expect_next("\xe2\x82\xac", 3, 3, 0x20AC);
	expect_next("\xf0\x9f\x98\x80", 4, 4, 0x1F600);
	expect_next("\xf4\x8f\xbf\xbf", 4, 4, 0x10FFFF);
	/* Invalid: one maximal prefix each. */
	expect_next("\xc0\xaf", 2, 1, UTF8_BAD);	/* overlong lead */
	expect_next("\xe0\x80\x80", 3, 1, UTF8_BAD);	/* overlong */
	expect_next("\xed\xa0\x80", 3, 1, UTF8_BAD);	/* surrogate */
	expect_next("\xf4\x90\x80\x80", 4, 1, UTF8_BAD); /* > U+10FFFF */
	expect_next("\xe2\x82(", 3, 2, UTF8_BAD);	/* cut short */
	expect_next("\xe2\x82", 2, 2, UTF8_BAD);	/* at the end */
	expect_next("\x80", 1, 1, UTF8_BAD);
	expect_next("\xff", 1, 1, UTF8_BAD);
}

static void
test_put(void **state)
{
	static const uint32_t cps[] = { 0, 'z', 0x7FF, 0x800, 0xFFFD,
	    0x10000, 0x10FFFF };
	char		out[UTF8_MAX];
	size_t		i, n;
	uint32_t	cp;

	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		n = utf8_put(out, cps[i]);
		assert_int_equal(utf8_next(out, n, &cp), n);
		assert_int_equal(cp, cps[i]);
	}
}

static void
test_valid(void **state)
{
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("caf\xc3\xa9", 5));
	assert_true(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("caf\xc3", 4));
	assert_false(utf8_valid("\xed\xa0\x80", 3));
	assert_false(utf8_valid("ok\xff", 3));
}

static void
test_cut(void **state)
{
	const char *s = "ab\xe2\x82\xac" "cd";	/* ab, the euro sign, cd */

	assert_int_equal(utf8_cut(s, 2), 2);
	assert_int_equal(utf8_cut(s, 3), 2);	/* inside the euro sign */
	assert_int_equal(utf8_cut(s, 4), 2);
	assert_int_equal(utf8_cut(s, 5), 5);
	assert_int_equal(utf8_cut(s, 0), 0);
	/* Stray continuation bytes: at most three are given back. */
	assert_int_equal(utf8_cut("a\x80\x80\x80\x80\x80", 5), 2);
	assert_true(UTF8_CONT('\x80'));
	assert_false(UTF8_CONT('a'));
	assert_false(UTF8_CONT('\xc3'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_put),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_cut),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
