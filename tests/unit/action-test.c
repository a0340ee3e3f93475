/*
 * The action write's pure parts: the checks on what the operator typed,
 * the request's journal payload both ways, the outcome in words, the ids;
 * and the SQL splitter that turns the files of db/ into statements.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "action.h"
#include "migrate.h"
#include "sql-script.h"
#include "xalloc.h"

static void
test_hours(void **state)
{
	static const char *const good[] = { "0", "2", "2.5", "0.25", ".5",
	    "999.99", "12." };
	static const char *const bad[] = { "", "abc", "-1", "1000", "999.999",
	    "0x10", "inf", "nan", "1e2", " 1", "1 ", "1.2.3", "." };
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		cause = NULL;
		assert_int_equal(action_hours_check(good[i], &cause), 0);
		assert_null(cause);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cause = NULL;
		assert_int_equal(action_hours_check(bad[i], &cause), -1);
		assert_non_null(strstr(cause, "hours"));
		free(cause);
	}
}

static void
test_reason(void **state)
{
	char *cause = NULL;

	(void)state;
	assert_int_equal(action_reason_check("waiting on legal", &cause), 0);
	assert_int_equal(action_reason_check(NULL, &cause), -1);
	free(cause);
	assert_int_equal(action_reason_check(" \t ", &cause), -1);
	free(cause);
}

/* What goes into the journal comes back the same, hostile text included. */
static void
test_json_round_trip(void **state)
{
	struct action_req r, back;
	char *json, *cause = NULL;

	(void)state;
	memset(&r, 0, sizeof r);
	assert_int_equal(action_new_id(r.id), 0);
	r.kind = ACTION_BLOCK;
	r.code = xstrdup("ARCH-CLOUD-002");
	r.operator = xstrdup("op");
	r.seen = xstrdup("1761566400.123456");
	r.reason = xstrdup("it's '); DROP TABLE x; --\x1b]2;PWN\x07 \xc3\xa9");
	json = action_req_to_json(&r);
	assert_int_equal(action_req_from_json(&back, json, &cause), 0);
	assert_string_equal(back.id, r.id);
	assert_int_equal(back.kind, ACTION_BLOCK);
	assert_string_equal(back.code, r.code);
	assert_string_equal(back.reason, r.reason);
	assert_string_equal(back.seen, r.seen);
	assert_null(back.hours);
	assert_null(back.now);
	free(json);
	action_req_free(&back);
	action_req_free(&r);

	assert_int_equal(action_req_from_json(&back, "{\"kind\":\"start\"}",
	    &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(action_req_from_json(&back, "not json", &cause), -1);
	free(cause);
}

static void
test_ids(void **state)
{
	char a[ACTION_ID_LEN + 1], b[ACTION_ID_LEN + 1];

	(void)state;
	assert_int_equal(action_new_id(a), 0);
	assert_int_equal(action_new_id(b), 0);
	assert_int_equal(strlen(a), 36);
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');	/* version 4 */
	assert_non_null(strchr("89ab", a[19]));
}

static void
expect_message(enum action_kind k, struct action_outcome *o, const char *want)
{
	struct action_req r;
	char *msg;

	memset(&r, 0, sizeof r);
	r.kind = k;
	r.code = "ARCH-CLOUD-002";
	msg = action_outcome_message(&r, o);
	assert_string_equal(msg, want);
	free(msg);
}

static void
test_messages(void **state)
{
	struct action_outcome o;

	(void)state;
	memset(&o, 0, sizeof o);
	o.result = ACTION_APPLIED;
	o.after = "completed";
	expect_message(ACTION_COMPLETE, &o, "ARCH-CLOUD-002 completed");
	o.result = ACTION_CONFLICT;
	o.changed_by = "Planning";
	o.has_ago = true;
	o.ago_s = 12.4;
	expect_message(ACTION_BLOCK, &o,
	    "ARCH-CLOUD-002 was completed by Planning 12 s ago; nothing written");
	o.changed_by = NULL;
	o.ago_s = 7200;
	expect_message(ACTION_BLOCK, &o,
	    "ARCH-CLOUD-002 changed 2 h ago (now completed); nothing written");
	o.result = ACTION_REFUSED;
	o.detail = "not one of your actions";
	expect_message(ACTION_START, &o,
	    "start ARCH-CLOUD-002 refused: not one of your actions");
	o.result = ACTION_NOT_FOUND;
	expect_message(ACTION_START, &o, "no action ARCH-CLOUD-002; nothing written");
}

static void
expect_split(const char *text, size_t n, const char *const *want)
{
	size_t got, i;
	char **v = sql_script_split(text, &got);

	assert_int_equal(got, n);
	for (i = 0; i < n; i++)
		assert_string_equal(v[i], want[i]);
	sql_script_free(v, got);
}

static void
test_split(void **state)
{
	static const char *const two[] = { "SELECT 1", "SELECT 'a;b'" };
	static const char *const quoted[] = {
		"SELECT \"x;y\", E'it\\'s;', 'don''t;'", "SELECT 2" };
	static const char *const dollar[] = {
		"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
		"DO $body$ BEGIN PERFORM 1; END $body$" };
	static const char *const comments[] = { "SELECT 1", "SELECT /* ; /* ; */ ; */ 3" };

	(void)state;
	expect_split("SELECT 1;\n  SELECT 'a;b' ;\n\n", 2, two);
	expect_split("SELECT \"x;y\", E'it\\'s;', 'don''t;'; SELECT 2", 2, quoted);
	expect_split("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
	    "DO $body$ BEGIN PERFORM 1; END $body$;", 2, dollar);
	expect_split("-- a; comment\nSELECT 1; -- trailing; one\n"
	    "SELECT /* ; /* ; */ ; */ 3;\n-- only a comment;\n", 2, comments);
	expect_split("", 0, NULL);
}

/* The embedded migration: every statement is whole (none is a lone
 * fragment of a function body); with --roles, the roles' version last. */
static void
test_migration(void **state)
{
	size_t n, i, roles_n;
	char **v = migrate_statements(false, &n), **r;

	(void)state;
	assert_true(n > 20);
	assert_non_null(strstr(v[0], "client_min_messages"));
	for (i = 0; i < n; i++) {
		assert_true(strlen(v[i]) > 5);
		/* a function body split apart would leave BEGIN without END */
		if (strstr(v[i], "LANGUAGE plpgsql") != NULL)
			assert_non_null(strstr(v[i], "END"));
	}
	r = migrate_statements(true, &roles_n);
	assert_true(roles_n > n);
	assert_non_null(strstr(r[roles_n - 1], "101"));
	sql_script_free(v, n);
	sql_script_free(r, roles_n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_migration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
