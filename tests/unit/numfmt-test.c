#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "numfmt.h"

static void
expect_money(double v, const char *want)
{
	char buf[64];

	money_whole(v, buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void
test_money_whole(void **state)
{
	expect_money(98000, "$98,000");
	expect_money(150000.00, "$150,000");
	expect_money(999, "$999");
	expect_money(1000, "$1,000");
	expect_money(1234567.89, "$1,234,568");
	expect_money(-1250, "-$1,250");
	/* Half away from zero, and no "-$0". */
	expect_money(1234.5, "$1,235");
	expect_money(-1234.5, "-$1,235");
	expect_money(0.4, "$0");
	expect_money(-0.4, "$0");
	expect_money(1e16, "$1e+16");
	expect_money(-2.5e15, "-$2.5e+15");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
