#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "health-body.h"

#define JSON "application/json"
#define HJSON "application/health+json"
#define SPRING "application/vnd.spring-boot.actuator.v3+json"
#define TEXT "text/plain; charset=utf-8"

/* A body given by its exact bytes, embedded NULs included. */
#define B(lit) lit, sizeof lit - 1

struct hcase {
	const char		*name;
	long			 status;
	const char		*ctype;
	const char		*body;
	size_t			 len;
	enum health_verdict	 want;
	const char		*detail;	/* substring of the detail */
};

static const struct hcase cases[] = {
	/* The field notes' fixtures (§11), with the spec's choices. */
	{ "pass", 200, HJSON, B("{\"status\":\"pass\"}"), HEALTH_PASS,
	    "body status \"pass\"" },
	{ "warn", 200, HJSON, B("{\"status\":\"warn\"}"), HEALTH_WARN,
	    "body status \"warn\"" },
	{ "503 DOWN", 503, SPRING, B("{\"status\":\"DOWN\"}"), HEALTH_FAIL,
	    "HTTP 503, body status \"DOWN\"" },
	{ "UP", 200, SPRING, B("{\"status\":\"UP\"}"), HEALTH_PASS,
	    "body status \"UP\"" },
	{ "ok", 200, JSON, B("{\"status\":\"ok\"}"), HEALTH_PASS,
	    "body status \"ok\"" },
	{ "text ok", 200, TEXT, B("ok\n"), HEALTH_PASS, "body \"ok\"" },
	{ "500 empty", 500, NULL, B(""), HEALTH_FAIL, "HTTP 500" },
	{ "status 1", 200, JSON, B("{\"status\":1}"), HEALTH_PASS,
	    "HTTP 200, non-string status" },

	/* Every word, any case. */
	{ "healthy", 200, JSON, B("{\"status\":\"Healthy\"}"), HEALTH_PASS,
	    "\"Healthy\"" },
	{ "degraded", 200, JSON, B("{\"status\":\"DEGRADED\"}"), HEALTH_WARN,
	    "\"DEGRADED\"" },
	{ "fail on 200", 200, HJSON, B("{\"status\":\"fail\"}"), HEALTH_FAIL,
	    "body status \"fail\"" },
	{ "error", 200, JSON, B("{\"status\":\"error\"}"), HEALTH_FAIL, NULL },
	{ "critical", 200, JSON, B("{\"status\":\"Critical\"}"), HEALTH_FAIL,
	    NULL },
	{ "OUT_OF_SERVICE 503", 503, SPRING,
	    B("{\"status\":\"OUT_OF_SERVICE\"}"), HEALTH_FAIL,
	    "HTTP 503, body status \"OUT_OF_SERVICE\"" },
	{ "OUT_OF_SERVICE remapped to 200", 200, SPRING,
	    B("{\"status\":\"OUT_OF_SERVICE\"}"), HEALTH_FAIL, NULL },
	{ "503 but UP", 503, SPRING, B("{\"status\":\"UP\"}"), HEALTH_FAIL,
	    "HTTP 503, body status \"UP\"" },
	{ "500 warn", 500, JSON, B("{\"status\":\"warn\"}"), HEALTH_FAIL,
	    "HTTP 500" },
	{ "302 pass", 302, JSON, B("{\"status\":\"pass\"}"), HEALTH_PASS,
	    NULL },
	{ "399", 399, NULL, B(""), HEALTH_PASS, "HTTP 399" },
	{ "400", 400, NULL, B(""), HEALTH_FAIL, "HTTP 400" },
	{ "404 html", 404, "text/html",
	    B("<html><body>Not Found</body></html>"), HEALTH_FAIL, "HTTP 404" },
	{ "199", 199, NULL, B(""), HEALTH_FAIL, "HTTP 199" },
	{ "no response", 0, NULL, B(""), HEALTH_UNKNOWN, "no HTTP response" },

	/* Plain text: Kubernetes, ASP.NET Core, others. */
	{ "text OK CRLF", 200, TEXT, B("  OK\r\n"), HEALTH_PASS, "body \"OK\"" },
	{ "aspnet Healthy", 200, "text/plain", B("Healthy"), HEALTH_PASS,
	    NULL },
	{ "aspnet Degraded", 200, "text/plain", B("Degraded"), HEALTH_WARN,
	    "body \"Degraded\"" },
	{ "aspnet Unhealthy", 503, "text/plain", B("Unhealthy"), HEALTH_FAIL,
	    "HTTP 503, body \"Unhealthy\"" },
	{ "text down on 200", 200, NULL, B("down\n"), HEALTH_FAIL, NULL },
	{ "k8s verbose", 200, TEXT,
	    B("[+]ping ok\n[+]log ok\n[+]etcd ok\nlivez check passed\n"),
	    HEALTH_PASS, "HTTP 200" },
	{ "other text", 200, TEXT, B("all systems nominal"), HEALTH_PASS,
	    "HTTP 200" },
	{ "200 empty", 200, NULL, B(""), HEALTH_PASS, "HTTP 200" },
	{ "200 blank", 204, TEXT, B(" \r\n\t"), HEALTH_PASS, "HTTP 204" },

	/* Bodies that say nothing usable: the HTTP status decides. */
	{ "unknown word", 200, SPRING, B("{\"status\":\"UNKNOWN\"}"),
	    HEALTH_PASS, "HTTP 200, unrecognized status \"UNKNOWN\"" },
	{ "custom word", 200, JSON, B("{\"status\":\"STARTING\"}"),
	    HEALTH_PASS, "unrecognized status \"STARTING\"" },
	{ "status null", 200, JSON, B("{\"status\":null}"), HEALTH_PASS,
	    "non-string status" },
	{ "status object", 200, JSON, B("{\"status\":{\"code\":\"UP\"}}"),
	    HEALTH_PASS, "non-string status" },
	{ "status 1e999", 200, JSON, B("{\"status\":1e999}"), HEALTH_PASS,
	    "non-string status" },
	{ "1e999 elsewhere", 200, JSON,
	    B("{\"status\":\"warn\",\"load\":1e999}"), HEALTH_WARN,
	    "body status \"warn\"" },
	{ "no status key", 200, JSON, B("{\"state\":\"down\"}"), HEALTH_PASS,
	    "JSON body without status" },
	{ "Status key", 200, JSON, B("{\"Status\":\"down\"}"), HEALTH_PASS,
	    "JSON body without status" },
	{ "array", 200, JSON, B("[{\"status\":\"down\"}]"), HEALTH_PASS,
	    "JSON body without status" },
	{ "JSON scalar", 200, JSON, B("\"down\""), HEALTH_PASS,
	    "JSON body without status" },
	{ "truncated", 200, JSON, B("{\"status\":\"pa"), HEALTH_PASS,
	    "HTTP 200, unparseable JSON body" },
	{ "truncated escape", 200, JSON, B("{\"status\":\"pass\\"),
	    HEALTH_PASS, "unparseable JSON body" },
	{ "truncated 503", 503, JSON, B("{\"status\":"), HEALTH_FAIL,
	    "HTTP 503, unparseable JSON body" },
	{ "trailing garbage", 200, JSON, B("{\"status\":\"fail\"} trailing"),
	    HEALTH_PASS, "unparseable JSON body" },
	{ "json type, text body", 200, JSON, B("ok"), HEALTH_PASS,
	    "unparseable JSON body" },
	{ "duplicate keys", 200, JSON,
	    B("{\"status\":\"fail\",\"status\":\"pass\"}"), HEALTH_FAIL,
	    "body status \"fail\"" },
	{ "duplicate keys 2", 200, JSON,
	    B("{\"status\":\"pass\",\"status\":\"fail\"}"), HEALTH_PASS,
	    "body status \"pass\"" },
	{ "trailing blanks", 200, JSON, B("\n {\"status\":\"warn\"} \r\n"),
	    HEALTH_WARN, NULL },

	/* Bytes that are not text. */
	{ "invalid UTF-8 in status", 200, JSON,
	    B("{\"status\":\"\xff\xfeok\"}"), HEALTH_PASS,
	    "unrecognized status \"??ok\"" },
	{ "invalid UTF-8 elsewhere", 200, JSON,
	    B("{\"status\":\"down\",\"note\":\"\xc3\x28\xa0\xa1\"}"),
	    HEALTH_FAIL, "body status \"down\"" },
	{ "invalid UTF-8 text", 200, NULL, B("\xff\xfe\xfd"), HEALTH_PASS,
	    "HTTP 200" },
	{ "NUL after JSON", 200, JSON, B("{\"status\":\"ok\"}\0\0junk"),
	    HEALTH_PASS, "unparseable JSON body" },
	{ "NUL in status", 200, JSON, B("{\"status\":\"fa\0il\"}"),
	    HEALTH_PASS, "HTTP 200" },
	{ "NUL text", 200, NULL, B("ok\0"), HEALTH_PASS, "HTTP 200" },
	{ "NULs only", 500, NULL, B("\0\0\0\0"), HEALTH_FAIL, "HTTP 500" },
	{ "escape injection", 200, JSON,
	    B("{\"status\":\"\\u001b[2J\\u001b]0;pwned\\u0007\"}"),
	    HEALTH_PASS, "unrecognized status \"?[2J?]0;pwned?\"" },

	/* IETF draft health+json with checks; checks never override. */
	{ "health+json checks warn", 200, HJSON,
	    B("{\"status\":\"warn\",\"version\":\"1\",\"releaseId\":\"1.2.3\","
	    "\"notes\":[\"\"],\"output\":\"\",\"serviceId\":\"f03e522f\","
	    "\"description\":\"health of authz service\","
	    "\"checks\":{\"cassandra:responseTime\":[{\"componentId\":"
	    "\"dfd6cf2b\",\"componentType\":\"datastore\",\"observedValue\":"
	    "250,\"observedUnit\":\"ms\",\"status\":\"warn\",\"affectedEndpoints\":"
	    "[\"/users/{userId}\"],\"time\":\"2018-01-17T03:36:48Z\"},"
	    "{\"componentId\":\"6fd416e0\",\"componentType\":\"datastore\","
	    "\"observedValue\":100,\"observedUnit\":\"ms\",\"status\":\"pass\"}],"
	    "\"uptime\":[{\"componentType\":\"system\",\"observedValue\":"
	    "1209600.245,\"observedUnit\":\"s\",\"status\":\"pass\","
	    "\"time\":\"2018-01-17T03:36:48Z\"}]},"
	    "\"links\":{\"about\":\"http://api.example.com/about/authz\"}}"),
	    HEALTH_WARN,
	    "body status \"warn\"; not passing: cassandra:responseTime warn" },
	{ "health+json pass, failing check", 200, HJSON,
	    B("{\"status\":\"pass\",\"checks\":{\"db:connections\":"
	    "[{\"status\":\"pass\"},{\"status\":\"fail\"}],"
	    "\"cpu:utilization\":[{\"status\":\"pass\"}]}}"),
	    HEALTH_PASS,
	    "body status \"pass\"; not passing: db:connections fail" },
	{ "spring components", 200, SPRING,
	    B("{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"DOWN\","
	    "\"details\":{\"error\":\"org.springframework.jdbc.Cannot\"}},"
	    "\"diskSpace\":{\"status\":\"UP\",\"details\":{\"total\":"
	    "499963174912,\"free\":91300212736,\"threshold\":10485760,"
	    "\"exists\":true}},\"ping\":{\"status\":\"UP\"}}}"),
	    HEALTH_PASS, "body status \"UP\"; not passing: db DOWN" },
	{ "spring down 503", 503, SPRING,
	    B("{\"status\":\"DOWN\",\"components\":{\"db\":{\"status\":\"DOWN\"},"
	    "\"redis\":{\"status\":\"OUT_OF_SERVICE\"},\"mail\":{\"status\":"
	    "\"UNKNOWN\"}}}"), HEALTH_FAIL,
	    "HTTP 503, body status \"DOWN\"; not passing: db DOWN, "
	    "redis OUT_OF_SERVICE" },
	{ "spring boot 2.0 details", 200, SPRING,
	    B("{\"status\":\"UP\",\"details\":{\"db\":{\"status\":\"UP\"},"
	    "\"kafka\":{\"status\":\"DEGRADED\"}}}"), HEALTH_PASS,
	    "not passing: kafka DEGRADED" },
	{ "many failing checks", 200, JSON,
	    B("{\"status\":\"UP\",\"components\":{\"a\":{\"status\":\"DOWN\"},"
	    "\"b\":{\"status\":\"DOWN\"},\"c\":{\"status\":\"DOWN\"},"
	    "\"d\":{\"status\":\"DOWN\"},\"e\":{\"status\":\"DOWN\"}}}"),
	    HEALTH_PASS, "not passing: a DOWN, b DOWN, c DOWN, +2 more" },
	{ "odd checks", 200, JSON,
	    B("{\"status\":\"ok\",\"checks\":{\"x\":1,\"y\":[1,\"s\",null],"
	    "\"z\":{\"status\":5}},\"components\":[1,2]}"), HEALTH_PASS,
	    "body status \"ok\"" },
};

static bool
printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return false;
	return true;
}

static void
check_case(const struct hcase *c)
{
	char *detail = NULL;
	enum health_verdict v;

	v = health_body_classify(c->status, c->ctype, c->body, c->len,
	    &detail);
	if (detail == NULL)
		fail_msg("%s: no detail", c->name);
	if (v != c->want || (c->detail != NULL &&
	    strstr(detail, c->detail) == NULL))
		fail_msg("%s: got %s \"%s\", want %s \"%s\"", c->name,
		    health_verdict_name(v), detail,
		    health_verdict_name(c->want),
		    c->detail ? c->detail : "");
	if (!printable_ascii(detail) || strlen(detail) > 256)
		fail_msg("%s: detail not short printable ASCII", c->name);
	free(detail);
	/* No detail wanted: same verdict, nothing leaked. */
	assert_int_equal(health_body_classify(c->status, c->ctype, c->body,
	    c->len, NULL), c->want);
}

/*
 * Each body also goes through in an exactly sized heap block, so that ASan
 * sees any read past len.
 */
static void
test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct hcase c = cases[i];
		char *exact = malloc(c.len ? c.len : 1);

		assert_non_null(exact);
		check_case(&c);
		memcpy(exact, c.body, c.len);
		c.body = exact;
		check_case(&c);
		free(exact);
	}
}

static char *
nested(size_t depth, const char *open, const char *inner,
    const char *close, size_t *len)
{
	size_t ol = strlen(open), il = strlen(inner), cl = strlen(close);
	char *s = malloc(depth * (ol + cl) + il + 1), *p = s;

	assert_non_null(s);
	for (size_t i = 0; i < depth; i++, p += ol)
		memcpy(p, open, ol);
	memcpy(p, inner, il);
	p += il;
	for (size_t i = 0; i < depth; i++, p += cl)
		memcpy(p, close, cl);
	*p = '\0';
	*len = (size_t)(p - s);
	return s;
}

static void
expect(long status, const char *body, size_t len, enum health_verdict want,
    const char *substr)
{
	char *detail = NULL;
	enum health_verdict v = health_body_classify(status, JSON, body, len,
	    &detail);

	if (v != want || strstr(detail, substr) == NULL)
		fail_msg("got %s \"%s\", want %s \"%s\"",
		    health_verdict_name(v), detail, health_verdict_name(want),
		    substr);
	free(detail);
}

static void
test_deep_nesting(void **state)
{
	size_t len;
	char *s;

	(void)state;
	/* 2000 deep: beyond cJSON's own limit, and far beyond ours. */
	s = nested(2000, "[", "", "]", &len);
	expect(200, s, len, HEALTH_PASS, "JSON body nested too deep");
	free(s);
	s = nested(2000, "{\"a\":", "1", "}", &len);
	expect(503, s, len, HEALTH_FAIL, "HTTP 503, JSON body nested too deep");
	free(s);
	/* Unbalanced: opened and never closed. */
	s = nested(100000, "[", "", "", &len);
	expect(200, s, len, HEALTH_PASS, "nested too deep");
	free(s);
	/* Brackets inside strings do not count. */
	s = nested(1, "{\"status\":\"warn\",\"x\":\"", "[[[[[[[[[[[[[[[["
	    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
	    "\"}", &len);
	expect(200, s, len, HEALTH_WARN, "body status \"warn\"");
	free(s);
	/* A status inside deep-but-allowed nesting still counts. */
	s = nested(HEALTH_JSON_MAX_DEPTH - 1, "{\"status\":\"fail\",\"n\":",
	    "0", "}", &len);
	expect(200, s, len, HEALTH_FAIL, "body status \"fail\"");
	free(s);
}

static void
test_long_and_random_bodies(void **state)
{
	size_t len = 1u << 20;
	char *buf = malloc(len);
	uint32_t seed = 88172645u;
	char *detail;

	(void)state;
	assert_non_null(buf);
	/* A status a megabyte long is cut short in the detail. */
	memset(buf, 'x', len);
	memcpy(buf, "{\"status\":\"", 11);
	memcpy(buf + len - 2, "\"}", 2);
	assert_int_equal(health_body_classify(200, JSON, buf, len, &detail),
	    HEALTH_PASS);
	assert_true(strlen(detail) < 100);
	assert_non_null(strstr(detail, "xxx...\""));
	free(detail);
	/* Random bytes, opening as JSON and as text: no crash, a verdict. */
	for (int round = 0; round < 64; round++) {
		size_t n = 1 + (seed % 4096);

		for (size_t i = 0; i < n; i++) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			buf[i] = (char)(seed & 0xff);
		}
		if (round % 2 == 0)
			buf[0] = '{';
		assert_true(health_body_classify(200, NULL, buf, n, NULL) !=
		    HEALTH_UNKNOWN);
		assert_int_equal(health_body_classify(500, JSON, buf, n, NULL),
		    HEALTH_FAIL);
	}
	free(buf);
	/* NULL body with length 0 is an empty body. */
	assert_int_equal(health_body_classify(200, NULL, NULL, 0, NULL),
	    HEALTH_PASS);
}

/*
 * Found by tests/fuzz/fuzz-health-body: an unknown status and three long
 * check names added up to 245 bytes of detail on a 503 (261 with the
 * largest status), past the header's "under about 200 bytes".
 */
static void
test_detail_bounded(void **state)
{
	static const char body[] = "{\"status\":\"teapot-with-a-very-long-"
	    "status-word\",\"checks\":{"
	    "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":[{\"status\":\"down\"}],"
	    "\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\":[{\"status\":"
	    "\"out_of_service\"}],"
	    "\"cccccccccccccccccccccccccccccccccccccccc\":[{\"status\":"
	    "\"out_of_service\"}],"
	    "\"d\":[{\"status\":\"down\"}]}}";
	static const long statuses[] = { 503, 200, LONG_MAX };
	char *detail;

	(void)state;
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		health_body_classify(statuses[i], HJSON, body, sizeof body - 1,
		    &detail);
		assert_true(strlen(detail) < 200);
		assert_non_null(strstr(detail, "; not passing: aaaa"));
		assert_string_equal(detail + strlen(detail) - 3, "...");
		free(detail);
	}
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(health_verdict_name(HEALTH_PASS), "pass");
	assert_string_equal(health_verdict_name(HEALTH_WARN), "warn");
	assert_string_equal(health_verdict_name(HEALTH_FAIL), "fail");
	assert_string_equal(health_verdict_name(HEALTH_UNKNOWN), "unknown");
}

/*
 * A NULL body is allowed with length 0 (and ignored with any length).
 * read_body once computed body + len before its NULL check: undefined, and
 * reported by clang's UBSan ("applying zero offset to null pointer").
 */
static void
test_null_body(void **state)
{
	char *detail;

	(void)state;
	assert_int_equal(health_body_classify(200, JSON, NULL, 0, &detail),
	    HEALTH_PASS);
	assert_string_equal(detail, "HTTP 200");
	free(detail);
	assert_int_equal(health_body_classify(503, NULL, NULL, 0, &detail),
	    HEALTH_FAIL);
	assert_string_equal(detail, "HTTP 503");
	free(detail);
	assert_int_equal(health_body_classify(200, TEXT, NULL, 16, &detail),
	    HEALTH_PASS);
	assert_string_equal(detail, "HTTP 200");
	free(detail);
}

/* Strict UTF-8: every sequence whole, shortest form, no surrogates. */
static bool
valid_utf8(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	static const uint32_t	 min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t		 cp;
	int			 n, i;

	for (; *p != '\0'; p += n) {
		n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 :
		    (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
		if (n == 0)
			return false;
		cp = n == 1 ? *p : *p & (0x7F >> n);
		for (i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if (cp < min[n] || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
	}
	return true;
}

/* health_detail_fit on about 600 bytes: off ASCII bytes, then ch again
 * and again; checks the result against the head and the tail. */
static void
fit_long(const char *ch, size_t off, const char *tail)
{
	char	 head[1024], *d;
	size_t	 len, keep;

	memset(head, 'x', off);
	for (len = off; len + 4 < 600; len += strlen(ch))
		memcpy(head + len, ch, strlen(ch));
	head[len] = '\0';
	d = health_detail_fit(head, tail);
	if (strlen(d) >= HEALTH_DETAIL_MAX || !valid_utf8(d))
		fail_msg("%zu-byte characters after %zu: %zu bytes, %s UTF-8",
		    strlen(ch), off, strlen(d), valid_utf8(d) ? "valid" :
		    "invalid");
	/* The head's start, short of one character at most, "...", and
	 * the whole tail. */
	keep = strlen(d) - 3 - strlen(tail);
	assert_true(keep + 3 + strlen(tail) + 3 >= HEALTH_DETAIL_MAX - 1);
	assert_memory_equal(d, head, keep);
	assert_memory_equal(d + keep, "...", 3);
	assert_string_equal(d + keep + 3, tail);
	free(d);
}

/*
 * health_detail_fit, which every detail of a service goes through (a
 * transport error, a body cut at 64 KiB, a p95 over its threshold): short
 * text stays as it is; long text, ASCII or of 2-, 3- and 4-byte
 * characters at every alignment, is cut to under HEALTH_DETAIL_MAX bytes,
 * never inside a character, and keeps its tail.
 */
static void
test_detail_fit(void **state)
{
	static const char *chars[] = { "a", "\xc3\xa9", "\xe2\x82\xac",
	    "\xf0\x9f\x98\x80" };
	static const char *tail = " (body over 64 KiB, cut)";
	char	 head[256], *d;
	size_t	 c, off;

	(void)state;
	d = health_detail_fit("Could not resolve host: db", "");
	assert_string_equal(d, "Could not resolve host: db");
	free(d);
	d = health_detail_fit("HTTP 200", tail);
	assert_string_equal(d, "HTTP 200 (body over 64 KiB, cut)");
	free(d);

	/* At the bound: 199 bytes stay whole, 200 are cut. */
	memset(head, 'x', 200);
	head[199] = '\0';
	d = health_detail_fit(head, "");
	assert_string_equal(d, head);
	free(d);
	head[199] = 'x';
	head[200] = '\0';
	d = health_detail_fit(head, "");
	assert_int_equal(strlen(d), HEALTH_DETAIL_MAX - 1);
	assert_string_equal(d + strlen(d) - 3, "...");
	free(d);

	for (c = 0; c < sizeof chars / sizeof chars[0]; c++) {
		for (off = 0; off < 4; off++) {
			fit_long(chars[c], off, "");
			fit_long(chars[c], off, tail);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_long_and_random_bodies),
		cmocka_unit_test(test_detail_bounded),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_null_body),
		cmocka_unit_test(test_detail_fit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
