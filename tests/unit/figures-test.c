#include "autoconfig.h"

/*
 * core/base/figures.c: every figure in the report's form and in the
 * cockpit's, and where the two part.  The text snapshot's and the
 * cockpit's own tests hold the same outputs in context.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "figures.h"

#define EXPECT(call, want) do {						\
	char buf[FIG_LEN];						\
	const char *got = (call);					\
	(void)buf;							\
	assert_string_equal(got, want);					\
} while (0)

/* Each case formats into its own buffer, named buf by EXPECT. */
#define PCT(v, f)	fig_pct(v, f, buf, sizeof buf)
#define MONEY(v, f)	fig_money(v, f, buf, sizeof buf)
#define MS(v, f)	fig_ms(v, f, buf, sizeof buf)
#define AGE(v, f)	fig_age(v, f, buf, sizeof buf)
#define WHEN(ts, f)	fig_when(ts, f, buf, sizeof buf)
#define WEEK(a, b)	fig_week(a, b, buf, sizeof buf)

static void
test_num(void **state)
{
	EXPECT(fig_num(72.04, 1, buf, sizeof buf), "72.0");
	EXPECT(fig_num(71.6, 0, buf, sizeof buf), "72");
	EXPECT(fig_num(NAN, 1, buf, sizeof buf), "-");
	EXPECT(fig_num(INFINITY, 0, buf, sizeof buf), "-");
	EXPECT(fig_fraction(3, 7, buf, sizeof buf), "3/7");
}

static void
test_pct(void **state)
{
	EXPECT(PCT(67.94, 0), "67.9%");
	EXPECT(PCT(100, 0), "100.0%");
	EXPECT(PCT(NAN, 0), "-");
	EXPECT(PCT(-INFINITY, FIG_WHOLE), "-");
	/* Whole percent rounds half up, not to even as printf does. */
	EXPECT(PCT(67.5, FIG_WHOLE), "68%");
	EXPECT(PCT(0.5, FIG_WHOLE), "1%");
	EXPECT(PCT(-0.4, FIG_WHOLE), "0%");
	/* The cockpit's error column: tenths, but never "100.0%". */
	EXPECT(PCT(0, FIG_NARROW), "0.0%");
	EXPECT(PCT(99.94, FIG_NARROW), "99.9%");
	EXPECT(PCT(99.96, FIG_NARROW), "100%");
	EXPECT(PCT(100, FIG_NARROW), "100%");
}

static void
test_money(void **state)
{
	EXPECT(MONEY(98000, 0), "$98,000");
	EXPECT(MONEY(150000.00, 0), "$150,000");
	EXPECT(MONEY(999, 0), "$999");
	EXPECT(MONEY(1000, 0), "$1,000");
	EXPECT(MONEY(1234567.89, 0), "$1,234,568");
	EXPECT(MONEY(-1250, 0), "-$1,250");
	/* Half away from zero, and no "-$0". */
	EXPECT(MONEY(1234.5, 0), "$1,235");
	EXPECT(MONEY(-1234.5, 0), "-$1,235");
	EXPECT(MONEY(0.4, 0), "$0");
	EXPECT(MONEY(-0.4, 0), "$0");
	EXPECT(MONEY(1e16, 0), "$1e+16");
	EXPECT(MONEY(-2.5e15, 0), "-$2.5e+15");
	EXPECT(MONEY(NAN, 0), "-");
	EXPECT(MONEY(INFINITY, FIG_COMPACT), "-");
	/* Compact from $1,000 on. */
	EXPECT(MONEY(999, FIG_COMPACT), "$999");
	EXPECT(MONEY(1000, FIG_COMPACT), "$1K");
	EXPECT(MONEY(1500, FIG_COMPACT), "$1.5K");
	EXPECT(MONEY(98000, FIG_COMPACT), "$98K");
	EXPECT(MONEY(123456, FIG_COMPACT), "$123K");
	EXPECT(MONEY(1234567, FIG_COMPACT), "$1.2M");
}

static void
test_ms(void **state)
{
	EXPECT(MS(12.34, 0), "12.3ms");
	EXPECT(MS(99.9, 0), "99.9ms");
	EXPECT(MS(100, 0), "100ms");
	EXPECT(MS(99999, 0), "99999ms");
	EXPECT(MS(100000, 0), "100s");
	EXPECT(MS(NAN, 0), "-");
	EXPECT(MS(12.34, FIG_NARROW), "12ms");
	EXPECT(MS(9999, FIG_NARROW), "9999ms");
	EXPECT(MS(10000, FIG_NARROW), "10s");
	EXPECT(MS(NAN, FIG_NARROW), "-");
}

/* The report keeps two digits of a unit, the cockpit counts up to the
 * next unit: 75 s is "75s" in one and "1m" in the other. */
static void
test_age(void **state)
{
	EXPECT(AGE(45, 0), "45s");
	EXPECT(AGE(75, 0), "75s");
	EXPECT(AGE(99, 0), "99s");
	EXPECT(AGE(100, 0), "1m");
	EXPECT(AGE(5999, 0), "99m");
	EXPECT(AGE(6000, 0), "1h");
	EXPECT(AGE(7300, 0), "2h");
	EXPECT(AGE(172799, 0), "47h");
	EXPECT(AGE(172800, 0), "2d");
	EXPECT(AGE(NAN, 0), "-");
	/* Report seconds are rounded, the cockpit's whole seconds passed. */
	EXPECT(AGE(44.6, 0), "45s");
	EXPECT(AGE(44.6, FIG_NARROW), "44s");

	EXPECT(AGE(75, FIG_NARROW), "1m");
	EXPECT(AGE(59.9, FIG_NARROW), "59s");
	EXPECT(AGE(3599, FIG_NARROW), "59m");
	EXPECT(AGE(3600, FIG_NARROW), "1h");
	EXPECT(AGE(172799, FIG_NARROW), "47h");
	EXPECT(AGE(172800, FIG_NARROW), "2d");
	EXPECT(AGE(-90, FIG_NARROW), "1m");	/* a span: no sign */
	EXPECT(AGE(INFINITY, FIG_NARROW), "-");

	EXPECT(AGE(3, FIG_NARROW | FIG_COARSE), "<10s");
	EXPECT(AGE(-5, FIG_NARROW | FIG_COARSE), "<10s");
	EXPECT(AGE(10, FIG_NARROW | FIG_COARSE), "10s");
	EXPECT(AGE(59, FIG_NARROW | FIG_COARSE), "50s");
	EXPECT(AGE(60, FIG_NARROW | FIG_COARSE), "1m");
	EXPECT(AGE(NAN, FIG_NARROW | FIG_COARSE), "-");
}

static void
test_when(void **state)
{
	static const char date[] = "2025-10-29";
	char out[FIG_LEN];

	EXPECT(WHEN("2025-10-27T09:30:00", 0), "2025-10-27 09:30");
	EXPECT(WHEN("2025-10-29T00:00:00", 0), "2025-10-29");
	EXPECT(WHEN("2025-10-29T00:00:01", 0), "2025-10-29 00:00");
	EXPECT(WHEN(NULL, 0), "-");
	/* Anything that is no stamp is the report's as it is. */
	assert_ptr_equal(fig_when(date, 0, out, sizeof out), date);

	EXPECT(WHEN("2025-10-26T15:00:00", FIG_NARROW), "Oct 26 15:00");
	EXPECT(WHEN("2025-01-02T03:04:05", FIG_NARROW), "Jan 2 03:04");
	EXPECT(WHEN("2025-10-26", FIG_NARROW), "");
	EXPECT(WHEN("2025-13-26T15:00:00", FIG_NARROW), "");
	EXPECT(WHEN(NULL, FIG_NARROW), "");
}

static void
test_week(void **state)
{
	EXPECT(WEEK("2025-10-21", "2025-10-27"), "Oct 21-27, 2025");
	EXPECT(WEEK("2025-10-27", "2025-11-02"), "Oct 27-Nov 2, 2025");
	EXPECT(WEEK("2025-12-29", "2026-01-04"), "Dec 29, 2025-Jan 4, 2026");
	EXPECT(WEEK(NULL, "2025-10-27"), "-");
	EXPECT(WEEK("2025-10-21", ""), "-");
	EXPECT(WEEK("2025-00-21", "2025-10-27"), "-");
}

/* Every figure fits FIG_LEN, and a short buffer is cut, never overrun. */
static void
test_short_buffer(void **state)
{
	char small[4];

	assert_string_equal(fig_money(1234567, 0, small, sizeof small),
	    "$1,");
	assert_string_equal(fig_age(45, 0, small, sizeof small), "45s");
	assert_string_equal(fig_pct(NAN, 0, small, 1), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_pct),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_ms),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_when),
		cmocka_unit_test(test_week),
		cmocka_unit_test(test_short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
