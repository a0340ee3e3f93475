#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "conninfo.h"

static void
expect_redacted(const char *conninfo, const char *msg, const char *want)
{
	char *got = conninfo_redact(conninfo, msg);

	assert_string_equal(got, want);
	free(got);
}

/* libpq's own parse errors, as libpq 15 words them. */
static void
test_libpq_parse_errors(void **state)
{
	(void)state;
	expect_redacted("postgresql://opsuser:Wr%zzong@127.0.0.1/demo",
	    "invalid percent-encoded token: \"Wr%zzong\"",
	    "invalid percent-encoded token: \"***\"");
	expect_redacted("postgresql://u:hunter22@[::1/demo",
	    "end of string reached when looking for matching \"]\" in IPv6 "
	    "host address in URI: \"postgresql://u:hunter22@[::1/demo\"",
	    "end of string reached when looking for matching \"]\" in IPv6 "
	    "host address in URI: \"postgresql://u:***@[::1/demo\"");
	expect_redacted("host=x password='abc def",
	    "unterminated quoted string in connection info string",
	    "unterminated quoted string in connection info string");
	expect_redacted("postgresql://u:pw@h/db?password=zz%41top&sslmode=x",
	    "invalid sslmode value: \"x\" (password zzAtop, zz%41top)",
	    "invalid sslmode value: \"x\" (password ***, ***)");
}

/* A token that is a piece of the password is masked whole; a short
 * password is masked inside quotes only, so words stay readable. */
static void
test_pieces_and_short(void **state)
{
	(void)state;
	expect_redacted("postgresql://u:ab%zzcd@h/db",
	    "bad token \"%zz\" near \"ab%zzcd\"",
	    "bad token \"***\" near \"***\"");
	expect_redacted("user=a password=ab host=h",
	    "a grab bag \"ab\" abc",
	    "a grab bag \"***\" abc");
	expect_redacted("user=a password=secret4 host=h",
	    "failed for secret4 and \"x secret4 y\"",
	    "failed for *** and \"x *** y\"");
	expect_redacted("user=a password='it\\'s long' host=h",
	    "saw \"it's long\" and \"it\\'s long\"",
	    "saw \"***\" and \"***\"");
}

/* The user meant the last '@'; libpq the first before a '/'. */
static void
test_slash_in_password(void **state)
{
	(void)state;
	expect_redacted("postgresql://ops:pa/ss99@127.0.0.1:1/db",
	    "could not translate host name \"ops:pa\" to address",
	    "could not translate host name \"ops:***\" to address");
	expect_redacted("postgresql://ops:pa/ss99@127.0.0.1:1/db",
	    "invalid port \"ss99@127.0.0.1:1\"",
	    "invalid port \"***@127.0.0.1:1\"");
}

static void
test_nothing_to_hide(void **state)
{
	(void)state;
	expect_redacted("host=db port=5432", "connection to \"db\" refused",
	    "connection to \"db\" refused");
	expect_redacted(NULL, "plain", "plain");
	expect_redacted("", "\"unbalanced", "\"unbalanced");
}

static void
expect_option(const char *kw, const char *v, int ok)
{
	char *cause = NULL;
	int rc = conninfo_check_option(kw, v, &cause);

	if (ok) {
		assert_int_equal(rc, 0);
		assert_null(cause);
	} else {
		assert_int_equal(rc, -1);
		assert_non_null(cause);
		assert_non_null(strstr(cause, kw));
		/* the value is never repeated */
		assert_null(strstr(cause, v));
		free(cause);
	}
}

static void
test_check_option(void **state)
{
	(void)state;
	expect_option("sslmode", "verify-full", 1);
	expect_option("sslmode", "bogus", 0);
	expect_option("port", "5432", 1);
	expect_option("port", "5432,5433", 1);
	expect_option("port", "5432,,5433", 1);
	expect_option("port", "abc", 0);
	expect_option("port", "99999", 0);
	expect_option("port", "0", 0);
	expect_option("port", "54x32", 0);
	expect_option("connect_timeout", "10", 1);
	expect_option("connect_timeout", "ten", 0);
	expect_option("target_session_attrs", "read-write", 1);
	expect_option("target_session_attrs", "whatever", 0);
	expect_option("gssencmode", "nope", 0);
	expect_option("channel_binding", "require", 1);
	expect_option("application_name", "anything at all", 1);
	expect_option("port", "", 1);
}

static void
test_trust_note(void **state)
{
	(void)state;
	assert_null(conninfo_trust_note("/run/postgresql", NULL, false, NULL));
	assert_null(conninfo_trust_note("localhost", NULL, false, "prefer"));
	assert_null(conninfo_trust_note("db", "127.0.0.1", false, "disable"));
	assert_null(conninfo_trust_note("::1", NULL, false, NULL));
	assert_null(conninfo_trust_note("db.example", "10.0.0.5", true,
	    "verify-full"));
	assert_string_equal(conninfo_trust_note("db.example", "10.0.0.5",
	    false, "prefer"), "no TLS");
	assert_string_equal(conninfo_trust_note("db.example", "10.0.0.5",
	    true, "require"), "TLS unverified");
	assert_string_equal(conninfo_trust_note("db.example", NULL, true,
	    NULL), "TLS unverified");
	/* a name that merely looks local is not loopback */
	assert_string_equal(conninfo_trust_note("localhost.evil.example",
	    "203.0.113.9", true, "verify-ca"), "TLS unverified");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libpq_parse_errors),
		cmocka_unit_test(test_pieces_and_short),
		cmocka_unit_test(test_slash_in_password),
		cmocka_unit_test(test_nothing_to_hide),
		cmocka_unit_test(test_check_option),
		cmocka_unit_test(test_trust_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
