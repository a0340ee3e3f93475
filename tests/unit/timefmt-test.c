#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "timefmt.h"

static void
expect_ts(const char *in, const char *want)
{
	char out[TS_LEN], *cause = NULL;

	assert_int_equal(ts_parse_iso(in, out, &cause), 0);
	assert_string_equal(out, want);
	assert_null(cause);
}

static void
expect_ts_error(const char *in, const char *phrase)
{
	char out[TS_LEN], *cause = NULL;

	assert_int_equal(ts_parse_iso(in, out, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, phrase));
	free(cause);
}

static void
test_ts_forms(void **state)
{
	expect_ts("2025-10-27T12:00:00", "2025-10-27T12:00:00");
	expect_ts("2025-10-27 08:05", "2025-10-27T08:05:00");
	expect_ts("2025-10-27", "2025-10-27T00:00:00");
	expect_ts("2025-10-27T23:59:59.999", "2025-10-27T23:59:59");
	expect_ts("2024-02-29T00:00:00", "2024-02-29T00:00:00");
}

static void
test_ts_errors(void **state)
{
	expect_ts_error("2025-10-27T12:00:00Z", "time zone");
	expect_ts_error("2025-10-27T12:00:00+02:00", "time zone");
	expect_ts_error("2025-13-01", "YYYY-MM-DD");
	expect_ts_error("2023-02-29", "YYYY-MM-DD");
	expect_ts_error("2025-10-27T24:00", "YYYY-MM-DD");
	expect_ts_error("2025-10-27T12:60", "YYYY-MM-DD");
	expect_ts_error("2025-10-27T12", "YYYY-MM-DD");
	expect_ts_error("yesterday", "YYYY-MM-DD");
	expect_ts_error("", "YYYY-MM-DD");
	expect_ts_error("2025-10-27T12:00:00.", "YYYY-MM-DD");
	expect_ts_error("2025-10-27T12:00:00 junk", "YYYY-MM-DD");
}

static void
test_dates(void **state)
{
	char out[DATE_LEN], *cause = NULL;

	assert_int_equal(date_parse_iso("2025-10-21", out, &cause), 0);
	assert_string_equal(out, "2025-10-21");
	assert_int_equal(date_parse_iso("2025-10-21T00:00", out, &cause), -1);
	assert_non_null(cause);
	free(cause);
	cause = NULL;
	assert_int_equal(date_parse_iso("2025-04-31", out, &cause), -1);
	free(cause);
}

/* Model stamps read as UTC seconds: only differences matter. */
static void
test_seconds(void **state)
{
	struct ts_fields f;

	assert_int_equal(ts_seconds("1970-01-01"), 0);
	assert_int_equal(ts_seconds("1970-01-02T00:00:01"), 86401);
	assert_int_equal(ts_seconds("2000-03-01") - ts_seconds("2000-02-28"),
	    2 * 86400);
	assert_int_equal(ts_seconds("1900-03-01") - ts_seconds("1900-02-28"),
	    86400);
	/* Year 0 is a leap year of the proleptic calendar. */
	assert_int_equal(ts_seconds("0000-03-01") - ts_seconds("0000-02-28"),
	    2 * 86400);
	assert_int_equal(ts_seconds("2025-10-27 12:00:30") -
	    ts_seconds("2025-10-27T12:00:00"), 30);
	assert_int_equal(ts_seconds(NULL), -1);
	assert_int_equal(ts_seconds("yesterday"), -1);
	assert_int_equal(ts_seconds("2025-13-01"), -1);
	assert_int_equal(ts_seconds("2025-10-32"), -1);

	assert_int_equal(ts_split("2025-10-27T12:34", &f), 0);
	assert_int_equal(f.n, 5);
	assert_int_equal(f.y, 2025);
	assert_int_equal(f.mo, 10);
	assert_int_equal(f.d, 27);
	assert_int_equal(f.h, 12);
	assert_int_equal(f.mi, 34);
	assert_int_equal(f.s, 0);
	assert_int_equal(ts_split("2025-00-27", &f), -1);
	assert_int_equal(ts_split(NULL, &f), -1);
}

static void
test_format_local(void **state)
{
	char out[TS_LEN];

	setenv("TZ", "UTC", 1);
	tzset();
	ts_format_local(1761566400, out);	/* 2025-10-27 12:00:00 UTC */
	assert_string_equal(out, "2025-10-27T12:00:00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ts_forms),
		cmocka_unit_test(test_ts_errors),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_seconds),
		cmocka_unit_test(test_format_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
