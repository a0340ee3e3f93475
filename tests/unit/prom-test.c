#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "prom.h"

#define assert_near(a, b, eps) \
	assert_true(fabs((double)(a) - (double)(b)) <= (eps))

/* client_golang as a Go service writes it (promhttp, text format). */
static const char go_text[] =
    "# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.\n"
    "# TYPE go_gc_duration_seconds summary\n"
    "go_gc_duration_seconds{quantile=\"0\"} 2.8e-05\n"
    "go_gc_duration_seconds{quantile=\"0.25\"} 4.1667e-05\n"
    "go_gc_duration_seconds{quantile=\"0.5\"} 5.3208e-05\n"
    "go_gc_duration_seconds{quantile=\"0.75\"} 7.9e-05\n"
    "go_gc_duration_seconds{quantile=\"1\"} 0.000412375\n"
    "go_gc_duration_seconds_sum 0.017871292\n"
    "go_gc_duration_seconds_count 214\n"
    "# HELP go_goroutines Number of goroutines that currently exist.\n"
    "# TYPE go_goroutines gauge\n"
    "go_goroutines 42\n"
    "# HELP go_info Information about the Go environment.\n"
    "# TYPE go_info gauge\n"
    "go_info{version=\"go1.22.3\"} 1\n"
    "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
    "# TYPE process_cpu_seconds_total counter\n"
    "process_cpu_seconds_total 12.47\n"
    "# HELP process_open_fds Number of open file descriptors.\n"
    "# TYPE process_open_fds gauge\n"
    "process_open_fds 17\n"
    "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
    "# TYPE process_resident_memory_bytes gauge\n"
    "process_resident_memory_bytes 2.3891968e+07\n"
    "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
    "# TYPE process_start_time_seconds gauge\n"
    "process_start_time_seconds 1.71234567812e+09\n"
    "# HELP http_request_duration_seconds Latency of HTTP requests.\n"
    "# TYPE http_request_duration_seconds histogram\n"
    "http_request_duration_seconds_bucket{handler=\"/api/orders\",method=\"GET\",le=\"0.05\"} 20000\n"
    "http_request_duration_seconds_bucket{handler=\"/api/orders\",method=\"GET\",le=\"0.1\"} 28000\n"
    "http_request_duration_seconds_bucket{handler=\"/api/orders\",method=\"GET\",le=\"0.2\"} 90000\n"
    "http_request_duration_seconds_bucket{handler=\"/api/orders\",method=\"GET\",le=\"0.5\"} 115000\n"
    "http_request_duration_seconds_bucket{handler=\"/api/orders\",method=\"GET\",le=\"1\"} 119000\n"
    "http_request_duration_seconds_bucket{handler=\"/api/orders\",method=\"GET\",le=\"+Inf\"} 128000\n"
    "http_request_duration_seconds_sum{handler=\"/api/orders\",method=\"GET\"} 47000\n"
    "http_request_duration_seconds_count{handler=\"/api/orders\",method=\"GET\"} 128000\n"
    "http_request_duration_seconds_bucket{handler=\"/api/users\",method=\"POST\",le=\"0.05\"} 4054\n"
    "http_request_duration_seconds_bucket{handler=\"/api/users\",method=\"POST\",le=\"0.1\"} 5444\n"
    "http_request_duration_seconds_bucket{handler=\"/api/users\",method=\"POST\",le=\"0.2\"} 10392\n"
    "http_request_duration_seconds_bucket{handler=\"/api/users\",method=\"POST\",le=\"0.5\"} 14389\n"
    "http_request_duration_seconds_bucket{handler=\"/api/users\",method=\"POST\",le=\"1\"} 14988\n"
    "http_request_duration_seconds_bucket{handler=\"/api/users\",method=\"POST\",le=\"+Inf\"} 16320\n"
    "http_request_duration_seconds_sum{handler=\"/api/users\",method=\"POST\"} 6423\n"
    "http_request_duration_seconds_count{handler=\"/api/users\",method=\"POST\"} 16320\n"
    "# HELP http_requests_total Total number of HTTP requests by status code.\n"
    "# TYPE http_requests_total counter\n"
    "http_requests_total{code=\"200\",handler=\"/api/orders\",method=\"get\"} 120000\n"
    "http_requests_total{code=\"404\",handler=\"/api/orders\",method=\"get\"} 3000\n"
    "http_requests_total{code=\"500\",handler=\"/api/orders\",method=\"get\"} 4000\n"
    "http_requests_total{code=\"503\",handler=\"/api/orders\",method=\"get\"} 1000\n"
    "http_requests_total{code=\"201\",handler=\"/api/users\",method=\"post\"} 16320\n"
    "# HELP promhttp_metric_handler_errors_total Total number of internal errors encountered by the promhttp metric handler.\n"
    "# TYPE promhttp_metric_handler_errors_total counter\n"
    "promhttp_metric_handler_errors_total{cause=\"encoding\"} 0\n"
    "promhttp_metric_handler_errors_total{cause=\"gathering\"} 0\n";

/* Python prometheus_client: floats everywhere, le after other labels. */
static const char python_text[] =
    "# HELP python_gc_objects_collected_total Objects collected during gc\n"
    "# TYPE python_gc_objects_collected_total counter\n"
    "python_gc_objects_collected_total{generation=\"0\"} 1234.0\n"
    "python_gc_objects_collected_total{generation=\"1\"} 321.0\n"
    "python_gc_objects_collected_total{generation=\"2\"} 0.0\n"
    "# HELP python_info Python platform information\n"
    "# TYPE python_info gauge\n"
    "python_info{implementation=\"CPython\",major=\"3\",minor=\"11\",patchlevel=\"2\",version=\"3.11.2\"} 1.0\n"
    "# HELP http_requests_total Requests served\n"
    "# TYPE http_requests_total counter\n"
    "http_requests_total{method=\"GET\",status=\"200\"} 1027.0\n"
    "http_requests_total{method=\"POST\",status=\"500\"} 3.0\n"
    "http_requests_total{method=\"GET\",status=\"5xx\"} 2.0\n"
    "# HELP http_requests_created Requests served\n"
    "# TYPE http_requests_created gauge\n"
    "http_requests_created{method=\"GET\",status=\"200\"} 1.7123456789e+09\n"
    "http_requests_created{method=\"POST\",status=\"500\"} 1.7123456789e+09\n"
    "# HELP request_latency_seconds Request latency\n"
    "# TYPE request_latency_seconds histogram\n"
    "request_latency_seconds_bucket{path=\"/\",le=\"0.1\"} 2.0\n"
    "request_latency_seconds_bucket{path=\"/\",le=\"0.5\"} 6.0\n"
    "request_latency_seconds_bucket{path=\"/\",le=\"1.0\"} 9.0\n"
    "request_latency_seconds_bucket{path=\"/\",le=\"+Inf\"} 10.0\n"
    "request_latency_seconds_count{path=\"/\"} 10.0\n"
    "request_latency_seconds_sum{path=\"/\"} 4.2\n"
    "request_latency_seconds_bucket{path=\"/x\",le=\"0.1\"} 1.0\n"
    "request_latency_seconds_bucket{path=\"/x\",le=\"0.5\"} 1.0\n"
    "request_latency_seconds_bucket{path=\"/x\",le=\"1\"} 3.0\n"
    "request_latency_seconds_bucket{path=\"/x\",le=\"+Inf\"} 4.0\n"
    "request_latency_seconds_count{path=\"/x\"} 4.0\n"
    "request_latency_seconds_sum{path=\"/x\"} 3.0\n";

/* Node prom-client: le first, CRLF from a proxy, no final newline. */
static const char node_text[] =
    "# HELP nodejs_eventloop_lag_seconds Lag of event loop in seconds.\r\n"
    "# TYPE nodejs_eventloop_lag_seconds gauge\r\n"
    "nodejs_eventloop_lag_seconds 0.003413\r\n"
    "\r\n"
    "# HELP http_request_duration_seconds Duration of HTTP requests in seconds\r\n"
    "# TYPE http_request_duration_seconds histogram\r\n"
    "http_request_duration_seconds_bucket{le=\"0.1\",route=\"/\",status_code=\"200\"} 5\r\n"
    "http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/\",status_code=\"200\"} 7\r\n"
    "http_request_duration_seconds_sum{route=\"/\",status_code=\"200\"} 0.9\r\n"
    "http_request_duration_seconds_count{route=\"/\",status_code=\"200\"} 7";

static void
parse_ok(const char *text, size_t len, struct prom_scrape *sc)
{
	char *cause = NULL;

	assert_int_equal(prom_parse(text, len, sc, &cause), 0);
	assert_null(cause);
}

static const struct prom_sample *
find(const struct prom_scrape *sc, const char *name, const char *label,
    const char *value)
{
	for (size_t i = 0; i < sc->n_samples; i++) {
		const struct prom_sample *s = &sc->samples[i];
		const char *v;

		if (strcmp(s->name, name) != 0)
			continue;
		if (label == NULL)
			return s;
		v = prom_label_value(s, label);
		if (v != NULL && strcmp(v, value) == 0)
			return s;
	}
	return NULL;
}

static void
test_go_exporter(void **state)
{
	struct prom_scrape sc;
	const struct prom_sample *s;

	(void)state;
	parse_ok(go_text, sizeof go_text - 1, &sc);
	assert_int_equal(sc.n_errors, 0);
	assert_null(sc.first_error);
	assert_int_equal(sc.n_samples, 36);
	assert_int_equal(prom_type_of(&sc, "go_gc_duration_seconds"),
	    PROM_SUMMARY);
	assert_int_equal(prom_type_of(&sc, "http_request_duration_seconds"),
	    PROM_HISTOGRAM);
	assert_int_equal(prom_type_of(&sc, "http_requests_total"),
	    PROM_COUNTER);
	assert_int_equal(prom_type_of(&sc, "go_goroutines"), PROM_GAUGE);
	assert_int_equal(prom_type_of(&sc, "nope"), PROM_UNTYPED);
	assert_string_equal(prom_type_name(PROM_HISTOGRAM), "histogram");

	s = find(&sc, "go_gc_duration_seconds", "quantile", "0.25");
	assert_non_null(s);
	assert_near(s->value, 4.1667e-05, 1e-12);
	assert_false(s->has_ts);
	s = find(&sc, "process_start_time_seconds", NULL, NULL);
	assert_non_null(s);
	assert_near(s->value, 1712345678.12, 1e-3);
	s = find(&sc, "go_info", NULL, NULL);
	assert_string_equal(prom_label_value(s, "version"), "go1.22.3");
	assert_null(prom_label_value(s, "le"));
	s = find(&sc, "http_request_duration_seconds_bucket", "le", "+Inf");
	assert_non_null(s);
	assert_int_equal(s->n_labels, 3);
	assert_string_equal(s->labels[0].name, "handler");
	assert_string_equal(s->labels[2].name, "le");
	prom_scrape_free(&sc);
	/* Freeing twice is harmless: the struct is zeroed. */
	prom_scrape_free(&sc);
}

static void
test_python_and_node_exporters(void **state)
{
	struct prom_scrape sc;
	const struct prom_sample *s;

	(void)state;
	parse_ok(python_text, sizeof python_text - 1, &sc);
	assert_int_equal(sc.n_errors, 0);
	assert_int_equal(sc.n_samples, 21);
	s = find(&sc, "python_info", NULL, NULL);
	assert_int_equal(s->n_labels, 5);
	assert_string_equal(prom_label_value(s, "version"), "3.11.2");
	prom_scrape_free(&sc);

	parse_ok(node_text, sizeof node_text - 1, &sc);
	assert_int_equal(sc.n_errors, 0);
	assert_int_equal(sc.n_samples, 5);
	s = find(&sc, "http_request_duration_seconds_count", NULL, NULL);
	assert_non_null(s);
	assert_near(s->value, 7, 1e-12);
	assert_string_equal(prom_label_value(s, "status_code"), "200");
	s = find(&sc, "nodejs_eventloop_lag_seconds", NULL, NULL);
	assert_near(s->value, 0.003413, 1e-12);
	prom_scrape_free(&sc);
}

static void
test_escapes_and_odd_label_values(void **state)
{
	static const char text[] =
	    "# A comment that is neither HELP nor TYPE { \" }\n"
	    "#\n"
	    "#HELPER not a help line\n"
	    "msg{text=\"say \\\"hi\\\"\",path=\"C:\\\\temp\\\\x\",ml=\"a\\nb\"} 1\n"
	    "odd{v=\"a b,c}{d=e\",empty=\"\"} 2\n"
	    "  spaced  {  a = \"1\" ,  b=\"2\" ,  }   3   \n"
	    "trailing{a=\"1\",} 4\n"
	    "nolabels{} 5\n"
	    "utf8{city=\"K\xc3\xb8" "benhavn \xe2\x82\xac\"} 6\n"
	    "colon:name_total 7\n";
	struct prom_scrape sc;
	const struct prom_sample *s;

	(void)state;
	parse_ok(text, sizeof text - 1, &sc);
	assert_int_equal(sc.n_errors, 0);
	assert_int_equal(sc.n_samples, 7);
	s = find(&sc, "msg", NULL, NULL);
	assert_string_equal(prom_label_value(s, "text"), "say \"hi\"");
	assert_string_equal(prom_label_value(s, "path"), "C:\\temp\\x");
	assert_string_equal(prom_label_value(s, "ml"), "a\nb");
	s = find(&sc, "odd", NULL, NULL);
	assert_string_equal(prom_label_value(s, "v"), "a b,c}{d=e");
	assert_string_equal(prom_label_value(s, "empty"), "");
	s = find(&sc, "spaced", NULL, NULL);
	assert_non_null(s);
	assert_int_equal(s->n_labels, 2);
	assert_string_equal(prom_label_value(s, "b"), "2");
	assert_near(s->value, 3, 0);
	s = find(&sc, "trailing", NULL, NULL);
	assert_int_equal(s->n_labels, 1);
	s = find(&sc, "nolabels", NULL, NULL);
	assert_int_equal(s->n_labels, 0);
	s = find(&sc, "utf8", NULL, NULL);
	assert_string_equal(prom_label_value(s, "city"),
	    "K\xc3\xb8" "benhavn \xe2\x82\xac");
	assert_non_null(find(&sc, "colon:name_total", NULL, NULL));
	prom_scrape_free(&sc);
}

static void
test_values_and_timestamps(void **state)
{
	static const char text[] =
	    "a NaN\n"
	    "b +Inf\n"
	    "c -Inf\n"
	    "d Inf\n"
	    "e 1.5e3\n"
	    "f -0.25E-2\n"
	    "g 0x1p-2\n"
	    "h nan\n"
	    "i -infinity\n"
	    "j 17 1712345678000\n"
	    "k{x=\"y\"} 3.5 -1000\n"
	    "l 1e-400\n"
	    "m 42\t+5\n"
	    "# TYPE Upper COUNTER\n";
	struct prom_scrape sc;
	const struct prom_sample *s;

	(void)state;
	parse_ok(text, sizeof text - 1, &sc);
	assert_int_equal(sc.n_errors, 0);
	assert_int_equal(sc.n_samples, 13);
	assert_true(isnan(find(&sc, "a", NULL, NULL)->value));
	assert_true(isinf(find(&sc, "b", NULL, NULL)->value));
	assert_true(find(&sc, "b", NULL, NULL)->value > 0);
	assert_true(find(&sc, "c", NULL, NULL)->value < 0);
	assert_true(isinf(find(&sc, "d", NULL, NULL)->value));
	assert_near(find(&sc, "e", NULL, NULL)->value, 1500, 1e-9);
	assert_near(find(&sc, "f", NULL, NULL)->value, -0.0025, 1e-15);
	assert_near(find(&sc, "g", NULL, NULL)->value, 0.25, 0);
	assert_true(isnan(find(&sc, "h", NULL, NULL)->value));
	assert_true(isinf(find(&sc, "i", NULL, NULL)->value));
	s = find(&sc, "j", NULL, NULL);
	assert_true(s->has_ts);
	assert_true(s->ts_ms == INT64_C(1712345678000));
	s = find(&sc, "k", NULL, NULL);
	assert_true(s->has_ts);
	assert_true(s->ts_ms == -1000);
	assert_true(find(&sc, "l", NULL, NULL)->value >= 0);
	s = find(&sc, "m", NULL, NULL);
	assert_true(s->has_ts && s->ts_ms == 5);
	assert_int_equal(prom_type_of(&sc, "Upper"), PROM_COUNTER);
	prom_scrape_free(&sc);
}

/* One malformed line next to a good one: skipped, counted, described. */
static void
test_malformed_lines(void **state)
{
	static const struct {
		const char	*line;
		const char	*why;
	} cases[] = {
		{ "x{a=\"unterminated} 1", "unterminated label value" },
		{ "x{a=\"v\\\"} 1", "unterminated label value" },
		{ "x{a=\"v\\t\"} 1", "invalid escape" },
		{ "x{a=\"v\"", "unterminated label set" },
		{ "x{a=\"v\" b=\"w\"} 1", "expected ','" },
		{ "x{a} 1", "label without '='" },
		{ "x{a\"v\"} 1", "label without '='" },
		{ "x{a=v} 1", "not quoted" },
		{ "x{1a=\"v\"} 1", "bad label name" },
		{ "x{a=\"1\",a=\"2\"} 1", "duplicate label" },
		{ "x", "missing value" },
		{ "x{a=\"v\"}", "missing value" },
		{ "x{a=\"v\"}   ", "missing value" },
		{ "x abc", "bad value" },
		{ "x 1.2.3", "bad value" },
		{ "x nan(0x1)", "bad value" },
		{ "x +nan", "bad value" },
		{ "x 1e999", "bad value" },
		{ "x 1_000", "bad value" },
		{ "x 1 2.5", "bad timestamp" },
		{ "x 1 99999999999999999999", "bad timestamp" },
		{ "x 1 2 3", "unexpected text" },
		{ "9x 1", "bad metric name" },
		{ "x-y 1", "bad metric name" },
		{ "x{a=\"\xff\"} 1", "invalid UTF-8" },
		{ "x{a=\"\xed\xa0\x80\"} 1", "invalid UTF-8" },
		{ "# TYPE x countr", "unknown metric type" },
		{ "# TYPE x counter extra", "unexpected text" },
		{ "# TYPE 0x counter", "bad metric name" },
		{ "# HELP 0x help", "bad metric name" },
		{ "{a=\"b\"} 1", "bad metric name" },
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct prom_scrape sc;
		int n = snprintf(buf, sizeof buf, "good 1\n%s\ngood 2\n",
		    cases[i].line);

		parse_ok(buf, (size_t)n, &sc);
		if (sc.n_errors != 1 || sc.n_samples != 2 ||
		    strstr(sc.first_error, cases[i].why) == NULL)
			fail_msg("case %zu \"%s\": %zu errors, %zu samples, %s",
			    i, cases[i].line, sc.n_errors, sc.n_samples,
			    sc.first_error ? sc.first_error : "(none)");
		assert_true(strncmp(sc.first_error, "line 2: ", 8) == 0);
		prom_scrape_free(&sc);
	}
}

static void
test_errors_counted_first_kept(void **state)
{
	static const char text[] =
	    "ok_metric 1\n"
	    "\n"
	    "bad{ 1\n"
	    "also bad\n"
	    "ok_metric{a=\"b\"} 2\n"
	    "x{a=\"1\"} \n";
	struct prom_scrape sc;

	(void)state;
	parse_ok(text, sizeof text - 1, &sc);
	assert_int_equal(sc.n_samples, 2);
	assert_int_equal(sc.n_errors, 3);
	assert_non_null(strstr(sc.first_error, "line 3: "));
	prom_scrape_free(&sc);
}

static void
test_nothing_parsed(void **state)
{
	static const char html[] = "<html><body>502 Bad Gateway</body></html>\n";
	static const char comments[] = "# just\n# comments\n\n# TYPE x gauge\n";
	struct prom_scrape sc;
	char *cause = NULL;

	(void)state;
	assert_int_equal(prom_parse(html, sizeof html - 1, &sc, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, "line 1: bad metric name");
	assert_int_equal(sc.n_samples, 0);
	assert_null(sc.samples);
	prom_scrape_free(&sc);
	free(cause);

	/* No cause pointer: still refused, nothing leaked. */
	assert_int_equal(prom_parse(html, sizeof html - 1, &sc, NULL), -1);

	/* Empty and comment-only input are valid, if empty, scrapes. */
	parse_ok("", 0, &sc);
	assert_int_equal(sc.n_samples, 0);
	prom_scrape_free(&sc);
	parse_ok(NULL, 0, &sc);
	prom_scrape_free(&sc);
	parse_ok(comments, sizeof comments - 1, &sc);
	assert_int_equal(sc.n_samples, 0);
	assert_int_equal(sc.n_types, 1);
	prom_scrape_free(&sc);
}

static void
test_nul_bytes(void **state)
{
	static const char text[] =
	    "a 1\n"
	    "b\0 2\n"
	    "c{l=\"x\0y\"} 3\n"
	    "d 4\0\n"
	    "\0\0\0\n"
	    "e 5";
	struct prom_scrape sc;

	(void)state;
	parse_ok(text, sizeof text - 1, &sc);
	assert_int_equal(sc.n_samples, 2);
	assert_int_equal(sc.n_errors, 4);
	assert_string_equal(sc.first_error, "line 2: NUL byte");
	assert_non_null(find(&sc, "e", NULL, NULL));
	prom_scrape_free(&sc);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * 10 MB of hostile input in a few shapes.  A quadratic step anywhere would
 * take hours here; the bound is loose enough for sanitizer builds.
 */
static void
test_ten_megabytes_of_garbage(void **state)
{
	static const struct {
		const char	*prefix;
		const char	*unit;
	} fill[] = {
		{ "x{a=\"", "\\\\" },	/* an endless escaped label value */
		{ "x{", " " },			/* an endless label set */
		{ "x ", "1" },			/* an endless value */
		{ "# HELP x ", "doc " },	/* an endless HELP text */
		{ "", "{{{{" },
		{ "", "http_requests_total{code=\"200\",handler=\"/\"} 12345\n" },
	};
	size_t len = 10u << 20;
	char *buf = malloc(len);
	uint32_t seed = 2463534242u;
	struct timespec t0;

	(void)state;
	assert_non_null(buf);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Random bytes, NULs included, with a newline now and then. */
	for (size_t i = 0; i < len; i++) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		buf[i] = (char)(seed & 0xff);
	}
	for (int pass = 0; pass < 2; pass++) {
		struct prom_scrape sc;
		char *cause = NULL;
		int r = prom_parse(buf, len, &sc, &cause);

		assert_true(r == -1 || sc.n_samples > 0);
		if (r == -1)
			assert_non_null(cause);
		assert_true(sc.n_errors > 0 || r == -1);
		free(cause);
		prom_scrape_free(&sc);
		/* Then the same bytes as one single 10 MB line. */
		for (size_t i = 0; i < len; i++)
			if (buf[i] == '\n')
				buf[i] = ' ';
	}
	for (size_t f = 0; f < sizeof fill / sizeof fill[0]; f++) {
		struct prom_scrape sc;
		size_t pl = strlen(fill[f].prefix), ul = strlen(fill[f].unit);
		char *cause = NULL;
		int r;

		memcpy(buf, fill[f].prefix, pl);
		for (size_t i = pl; i < len; i++)
			buf[i] = fill[f].unit[(i - pl) % ul];
		r = prom_parse(buf, len, &sc, &cause);
		if (fill[f].prefix[0] == '#')
			assert_int_equal(r, 0);
		else if (fill[f].unit[0] == 'h')
			assert_true(sc.n_samples > 100000);
		else
			assert_int_equal(r, -1);
		free(cause);
		prom_scrape_free(&sc);
	}
	free(buf);
	assert_true(seconds_since(&t0) < 60);
}

/* The example from the exposition format docs (field notes §10). */
static const char docs_hist[] =
    "# HELP http_request_duration_seconds A histogram of the request duration.\n"
    "# TYPE http_request_duration_seconds histogram\n"
    "http_request_duration_seconds_bucket{le=\"0.05\"} 24054\n"
    "http_request_duration_seconds_bucket{le=\"0.1\"} 33444\n"
    "http_request_duration_seconds_bucket{le=\"0.2\"} 100392\n"
    "http_request_duration_seconds_bucket{le=\"0.5\"} 129389\n"
    "http_request_duration_seconds_bucket{le=\"1\"} 133988\n"
    "http_request_duration_seconds_bucket{le=\"+Inf\"} 144320\n"
    "http_request_duration_seconds_sum 53423\n"
    "http_request_duration_seconds_count 144320\n";

static void
load_hist(const char *text, const char *family, struct prom_hist *h)
{
	struct prom_scrape sc;

	parse_ok(text, strlen(text), &sc);
	assert_int_equal(prom_histogram(&sc, family, h), 0);
	prom_scrape_free(&sc);
}

static void
test_worked_example(void **state)
{
	struct prom_hist h;

	(void)state;
	load_hist(docs_hist, "http_request_duration_seconds", &h);
	assert_int_equal(h.n_buckets, 6);
	assert_true(isinf(h.buckets[5].le));
	assert_near(h.buckets[5].count, 144320, 0);
	assert_true(h.has_count && h.has_sum);
	assert_near(h.count, 144320, 0);
	assert_near(prom_hist_quantile(0.5, NULL, &h), 0.15783, 1e-5);
	assert_near(prom_hist_quantile(0.9, NULL, &h), 0.55425, 1e-5);
	assert_near(prom_hist_quantile(0.95, NULL, &h), 1.0, 1e-12);
	assert_near(prom_hist_mean(NULL, &h), 0.3702, 1e-4);
	/* Below the first bound: interpolated from 0. */
	assert_near(prom_hist_quantile(0.1, NULL, &h),
	    0.05 * 14432 / 24054, 1e-9);
	assert_true(isinf(prom_hist_quantile(-0.1, NULL, &h)));
	assert_true(prom_hist_quantile(-0.1, NULL, &h) < 0);
	assert_true(isinf(prom_hist_quantile(1.5, NULL, &h)));
	assert_true(isnan(prom_hist_quantile(NAN, NULL, &h)));
	prom_hist_free(&h);
}

static void
test_interval_delta_and_reset(void **state)
{
	struct prom_hist prev, cur, restarted;

	(void)state;
	load_hist(docs_hist, "http_request_duration_seconds", &prev);
	/* 1000 new requests: 900 under 0.1 s, 100 between 0.2 and 0.5 s. */
	load_hist("h_bucket{le=\"0.05\"} 24054\n"
	    "h_bucket{le=\"0.1\"} 34344\n"
	    "h_bucket{le=\"0.2\"} 101292\n"
	    "h_bucket{le=\"0.5\"} 130389\n"
	    "h_bucket{le=\"1\"} 134988\n"
	    "h_bucket{le=\"+Inf\"} 145320\n", "h", &cur);
	/* rank 950: 50 into the 100 of (0.2, 0.5]. */
	assert_near(prom_hist_quantile(0.95, &prev, &cur), 0.35, 1e-9);
	assert_near(prom_hist_quantile(0.5, &prev, &cur),
	    0.05 + 0.05 * 500 / 900, 1e-9);

	/* Same counts again: nothing happened in between. */
	assert_true(isnan(prom_hist_quantile(0.95, &cur, &cur)));
	assert_true(isnan(prom_hist_mean(&cur, &cur)));

	/* The target restarted: its fresh counts are the interval. */
	load_hist("h_bucket{le=\"0.05\"} 0\n"
	    "h_bucket{le=\"0.1\"} 0\n"
	    "h_bucket{le=\"0.2\"} 10\n"
	    "h_bucket{le=\"0.5\"} 20\n"
	    "h_bucket{le=\"1\"} 20\n"
	    "h_bucket{le=\"+Inf\"} 20\n"
	    "h_count 20\nh_sum 5\n", "h", &restarted);
	assert_near(prom_hist_quantile(0.95, &cur, &restarted),
	    0.2 + 0.3 * 9 / 10, 1e-9);
	assert_near(prom_hist_mean(&cur, &restarted), 0.25, 1e-12);
	prom_hist_free(&prev);
	prom_hist_free(&cur);
	prom_hist_free(&restarted);
}

static void
test_le_merge_and_series_summed(void **state)
{
	struct prom_scrape sc;
	struct prom_hist h;

	(void)state;
	/* Python writes le="1.0" and le="1", Go le="1"; all are one bound. */
	parse_ok(python_text, sizeof python_text - 1, &sc);
	assert_int_equal(prom_histogram(&sc, "request_latency_seconds", &h),
	    0);
	assert_int_equal(h.n_buckets, 4);
	assert_near(h.buckets[0].le, 0.1, 1e-15);
	assert_near(h.buckets[0].count, 3, 0);
	assert_near(h.buckets[1].count, 7, 0);
	assert_near(h.buckets[2].le, 1, 0);
	assert_near(h.buckets[2].count, 12, 0);
	assert_near(h.buckets[3].count, 14, 0);
	assert_near(h.count, 14, 0);
	assert_near(h.sum, 7.2, 1e-12);
	/* rank 7 is exactly the top of (0.1, 0.5]. */
	assert_near(prom_hist_quantile(0.5, NULL, &h), 0.5, 1e-12);
	prom_hist_free(&h);
	assert_int_equal(prom_histogram(&sc, "nope", &h), -1);
	assert_null(h.buckets);
	prom_scrape_free(&sc);

	/* Two handlers of the Go exporter summed: the docs example again. */
	parse_ok(go_text, sizeof go_text - 1, &sc);
	assert_int_equal(prom_histogram(&sc, "http_request_duration_seconds",
	    &h), 0);
	assert_int_equal(h.n_buckets, 6);
	assert_near(h.buckets[5].count, 144320, 0);
	assert_near(h.sum, 53423, 0);
	assert_near(prom_hist_quantile(0.5, NULL, &h), 0.15783, 1e-5);
	assert_near(prom_hist_quantile(0.95, NULL, &h), 1.0, 0);
	prom_hist_free(&h);
	prom_scrape_free(&sc);
}

static void
test_histogram_edges(void **state)
{
	struct prom_hist h;

	(void)state;
	/* No +Inf bucket: PromQL gives NaN, so do we. */
	load_hist("h_bucket{le=\"1\"} 5\nh_bucket{le=\"2\"} 10\n", "h", &h);
	assert_true(isnan(prom_hist_quantile(0.5, NULL, &h)));
	prom_hist_free(&h);
	/* Only +Inf: no finite bound to report. */
	load_hist("h_bucket{le=\"+Inf\"} 10\n", "h", &h);
	assert_true(isnan(prom_hist_quantile(0.5, NULL, &h)));
	prom_hist_free(&h);
	/* Non-monotonic counts are lifted to the running maximum. */
	load_hist("h_bucket{le=\"1\"} 10\nh_bucket{le=\"2\"} 4\n"
	    "h_bucket{le=\"4\"} 20\nh_bucket{le=\"+Inf\"} 20\n", "h", &h);
	assert_near(prom_hist_quantile(0.5, NULL, &h), 1, 1e-12);
	assert_near(prom_hist_quantile(0.75, NULL, &h), 3, 1e-12);
	prom_hist_free(&h);
	/* A negative first bound is returned as is. */
	load_hist("h_bucket{le=\"-1\"} 10\nh_bucket{le=\"+Inf\"} 10\n", "h", &h);
	assert_near(prom_hist_quantile(0.5, NULL, &h), -1, 0);
	prom_hist_free(&h);
	/* Unusable le values are ignored, out of order input sorted. */
	load_hist("h_bucket{le=\"+Inf\"} 4\nh_bucket{le=\"oops\"} 1\n"
	    "h_bucket 3\nh_bucket{le=\"NaN\"} 2\nh_bucket{le=\"2e0\"} 2\n",
	    "h", &h);
	assert_int_equal(h.n_buckets, 2);
	assert_near(h.buckets[0].le, 2, 0);
	assert_false(h.has_count);
	assert_true(isnan(prom_hist_mean(NULL, &h)));
	prom_hist_free(&h);
	assert_true(isnan(prom_hist_quantile(0.5, NULL, NULL)));
}

/*
 * Found by tests/fuzz/fuzz-prom: a -Inf bound came back as the quantile
 * (also when it was the only bound besides +Inf, where "no finite bucket"
 * means NaN), and bounds a whole double range apart overflowed the
 * interpolation to +Inf, outside the bucket.
 */
static void
test_extreme_bounds(void **state)
{
	struct prom_hist h;
	double q;

	(void)state;
	load_hist("h_bucket{le=\"-Inf\"} 1\nh_bucket{le=\"+Inf\"} 2\n", "h",
	    &h);
	assert_int_equal(h.n_buckets, 1);
	assert_true(isnan(prom_hist_quantile(0.5, NULL, &h)));
	prom_hist_free(&h);
	load_hist("h_bucket{le=\"-Inf\"} 5\nh_bucket{le=\"1\"} 10\n"
	    "h_bucket{le=\"+Inf\"} 10\n", "h", &h);
	assert_near(prom_hist_quantile(0.25, NULL, &h), 0.25, 1e-12);
	prom_hist_free(&h);
	load_hist("h_bucket{le=\"-1.7e308\"} 1\nh_bucket{le=\"1.7e308\"} 3\n"
	    "h_bucket{le=\"+Inf\"} 3\n", "h", &h);
	q = prom_hist_quantile(0.5, NULL, &h);
	assert_true(isfinite(q));
	assert_near(q, -1.7e308 / 2, 1e295);
	assert_near(prom_hist_quantile(1, NULL, &h), 1.7e308, 0);
	prom_hist_free(&h);
}

static void
test_counter_by_class(void **state)
{
	static const char odd[] =
	    "reqs{code=\"500\"} 1\nreqs{code=\"5000\"} 10\n"
	    "reqs{code=\"50\"} 100\nreqs{status=\"599\"} 1000\n"
	    "reqs{code=\"600\"} 10000\nreqs{code=\"5xy\"} 100000\n"
	    "reqs{code=\"503\"} NaN\n";
	struct prom_scrape sc;
	double total, err;

	(void)state;
	parse_ok(go_text, sizeof go_text - 1, &sc);
	assert_int_equal(prom_counter_by_class(&sc, "http_requests_total",
	    &total, &err), 0);
	assert_near(total, 144320, 0);
	assert_near(err, 5000, 0);
	/* Without the suffix the _total series is found. */
	assert_int_equal(prom_counter_by_class(&sc, "http_requests", &total,
	    &err), 0);
	assert_near(total, 144320, 0);
	assert_int_equal(prom_counter_by_class(&sc, "no_such_total", &total,
	    &err), -1);
	assert_near(total, 0, 0);
	prom_scrape_free(&sc);

	/* Python: status label, "5xx" class label, http_requests_created
	 * never mixed in. */
	parse_ok(python_text, sizeof python_text - 1, &sc);
	assert_int_equal(prom_counter_by_class(&sc, "http_requests_total",
	    &total, &err), 0);
	assert_near(total, 1032, 0);
	assert_near(err, 5, 0);
	prom_scrape_free(&sc);

	/* An exporter without the _total convention; odd code values. */
	parse_ok(odd, sizeof odd - 1, &sc);
	assert_int_equal(prom_counter_by_class(&sc, "reqs_total", &total,
	    &err), 0);
	assert_near(total, 111111, 0);
	assert_near(err, 1001, 0);
	prom_scrape_free(&sc);
}

static void
test_error_rate(void **state)
{
	(void)state;
	/* 200 more requests, 10 more 5xx: 5 %. */
	assert_near(prom_error_rate(1000, 50, 1200, 60), 5, 1e-12);
	/* Nothing in between: idle, not 0 %. */
	assert_true(isnan(prom_error_rate(1000, 50, 1000, 50)));
	/* Restart: the fresh counts are the increase. */
	assert_near(prom_error_rate(1000, 50, 40, 4), 10, 1e-12);
	assert_true(isnan(prom_error_rate(1000, 50, 0, 0)));
	/* Error counter reset alone also counts as a restart. */
	assert_near(prom_error_rate(1000, 50, 1100, 5), 5.0 / 11, 1e-12);
	assert_near(prom_error_rate(0, 0, 10, 0), 0, 0);
	assert_true(isnan(prom_error_rate(NAN, 0, 10, 0)));
	assert_true(isnan(prom_error_rate(0, 0, INFINITY, 0)));
	/* Racy scrapes cannot push it past 100 %. */
	assert_near(prom_error_rate(100, 0, 110, 20), 100, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_go_exporter),
		cmocka_unit_test(test_python_and_node_exporters),
		cmocka_unit_test(test_escapes_and_odd_label_values),
		cmocka_unit_test(test_values_and_timestamps),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_errors_counted_first_kept),
		cmocka_unit_test(test_nothing_parsed),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_ten_megabytes_of_garbage),
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_interval_delta_and_reset),
		cmocka_unit_test(test_le_merge_and_series_summed),
		cmocka_unit_test(test_histogram_edges),
		cmocka_unit_test(test_extreme_bounds),
		cmocka_unit_test(test_counter_by_class),
		cmocka_unit_test(test_error_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
