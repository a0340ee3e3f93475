#include "autoconfig.h"

/* core/base/buf.c: the growing string and who owns its bytes. */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"

static void
test_put(void **state)
{
	struct buf b = BUF_INIT;

	buf_put(&b, "HTTP ");
	buf_printf(&b, "%d", 503);
	buf_putn(&b, ", x", 2);
	buf_fill(&b, '.', 3);
	assert_string_equal(b.s, "HTTP 503, ...");
	assert_int_equal(b.len, strlen(b.s));
	buf_free(&b);
	assert_null(b.s);
	assert_int_equal(b.len, 0);
}

/* Any bytes, NULs too; the NUL after them is always there. */
static void
test_binary(void **state)
{
	struct buf b = BUF_INIT;

	buf_putn(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.s, "a\0b", 4);
	buf_putn(&b, NULL, 0);
	assert_int_equal(b.len, 3);
	buf_free(&b);
}

/* Growth keeps what was there, whatever the size. */
static void
test_grow(void **state)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < 10000; i++)
		buf_putn(&b, i % 2 ? "b" : "a", 1);
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	for (i = 0; i < 10000; i++)
		assert_int_equal(b.s[i], i % 2 ? 'b' : 'a');
	assert_int_equal(b.s[10000], '\0');
	buf_free(&b);
}

static void
test_truncate(void **state)
{
	struct buf b = BUF_INIT;

	buf_put(&b, "trailing   ");
	buf_truncate(&b, 8);
	assert_string_equal(b.s, "trailing");
	buf_truncate(&b, 100);		/* longer: nothing changes */
	assert_string_equal(b.s, "trailing");
	buf_free(&b);
}

/* take hands the bytes over and leaves an empty buffer; "" when empty. */
static void
test_take(void **state)
{
	struct buf	 b = BUF_INIT;
	char		*s;

	s = buf_take(&b);
	assert_string_equal(s, "");
	free(s);
	buf_printf(&b, "%s-%s", "a", "b");
	s = buf_take(&b);
	assert_string_equal(s, "a-b");
	assert_null(b.s);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);
	buf_put(&b, "again");
	assert_string_equal(b.s, "again");
	buf_free(&b);
	buf_free(&b);			/* twice is harmless */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_take),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
