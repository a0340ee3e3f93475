#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "xalloc.h"

/* ---- helpers ------------------------------------------------------------- */

static char *
write_file(const char *text, size_t len)
{
	const char	*dir = getenv("TMPDIR");
	char		*path;
	ssize_t		 n;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/opsdeck-config-test.XXXXXX", dir);
	fd = mkstemp(path);
	assert_true(fd != -1);
	while (len > 0) {
		n = write(fd, text, len);
		assert_true(n > 0);
		text += n;
		len -= (size_t)n;
	}
	assert_int_equal(close(fd), 0);
	return (path);
}

/* Loads text into *cfg, which must then be freed; fails the test on error. */
static void
load_ok(const char *text, struct config *cfg)
{
	char	*path = write_file(text, strlen(text)), *cause = NULL;

	config_init_defaults(cfg);
	if (config_load(cfg, path, &cause) != 0)
		fail_msg("unexpected error: %s", cause);
	assert_null(cause);
	assert_non_null(cfg->path);
	assert_string_equal(cfg->path, path);
	unlink(path);
	free(path);
}

/*
 * Loads len bytes of text, expects "FILE:LINE: ...phrase..." and returns the
 * whole message (caller frees).  A failed load must leave cfg alone.
 */
static char *
error_of(const char *text, size_t len, int line, const char *phrase)
{
	struct config	 cfg;
	char		*path = write_file(text, len), *cause = NULL, *prefix;

	config_init_defaults(&cfg);
	if (config_load(&cfg, path, &cause) == 0)
		fail_msg("loaded fine, wanted line %d: %s", line, phrase);
	assert_non_null(cause);
	prefix = xasprintf("%s:%d: ", path, line);
	if (strncmp(cause, prefix, strlen(prefix)) != 0 ||
	    strstr(cause + strlen(prefix), phrase) == NULL)
		fail_msg("got \"%s\", wanted \"%s...%s...\"", cause, prefix,
		    phrase);
	assert_null(cfg.path);
	assert_int_equal(cfg.n_services, 0);
	assert_int_equal(cfg.n_keys, 0);
	assert_true(cfg.db.refresh_s == 5);
	free(prefix);
	unlink(path);
	free(path);
	return (cause);
}

static void
expect_error(const char *text, int line, const char *phrase)
{
	free(error_of(text, strlen(text), line, phrase));
}

static void
assert_argv(char **argv, const char *const *want)
{
	size_t	i;

	assert_non_null(argv);
	for (i = 0; want[i] != NULL; i++) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], want[i]);
	}
	assert_null(argv[i]);
}

#define assert_double(a, b)	assert_true(fabs((a) - (b)) < 1e-9)

/* ---- valid files --------------------------------------------------------- */

static const char full_config[] =
    "# opsdeck test configuration\n"				/* 1 */
    "[database]\n"
    "conninfo = host=db.example port=5433 dbname=ops password=s3cret\n"
    "refresh = 2.5\n"
    "agent_stale_after = 3m\n"					/* 5 */
    "connect_timeout = 4s\n"
    "query_timeout = 1500ms\n"
    "\n"
    "[ui]\n"
    "theme = solarized\n"					/* 10 */
    "principal = jesse\n"
    "bell = no\n"
    "read_only = Yes\n"
    "wall_cycle = 15\n"
    "stale_after = 20s\n"					/* 15 */
    "\n"
    "[alerts]\n"
    "down_for = 1m\n"
    "error_rate = 2.5\n"
    "error_rate_for = 10m\n"					/* 20 */
    "p95_ms = 8000\n"
    "p95_for = 0.5h\n"
    "agents = off\n"
    "blocked = false\n"
    "\n"							/* 25 */
    "[service voice-commerce]\n"
    "health = http://127.0.0.1:8083/health\n"
    "metrics = https://127.0.0.1:8083/metrics\n"
    "interval = 7\n"
    "timeout = 2.5s\n"						/* 30 */
    "latency_threshold_ms = 1500\n"
    "p95_threshold_ms = 3000\n"
    "error_rate_threshold = 1.5\n"
    "latency_histogram = vc_request_seconds\n"
    "requests_counter = vc:requests_total\n"			/* 35 */
    "deploy = gcloud run deploy voice-commerce --source . "
	"--set-env-vars=\"NODE_ENV=production,SERVICE=voice commerce\"\n"
    "rollback = /opt/ops/rollback.sh 'vc' --to\\ previous \"\"\n"
    "verify_for = 90\n"
    "auto_rollback = TRUE\n"
    "\n"							/* 40 */
    "[service video-player]\n"
    "health = http://127.0.0.1:8084/health\n"
    "\n"
    "[keys]\n"
    "quit = q\n"						/* 45 */
    "refresh = C-r F5\n"
    "deploy = D\n";

static void
test_full(void **state)
{
	struct config		 cfg;
	struct svc_config	*svc;

	(void)state;
	load_ok(full_config, &cfg);

	assert_string_equal(cfg.db.conninfo,
	    "host=db.example port=5433 dbname=ops password=s3cret");
	assert_double(cfg.db.refresh_s, 2.5);
	assert_double(cfg.db.agent_stale_after_s, 180);
	assert_double(cfg.db.connect_timeout_s, 4);
	assert_double(cfg.db.query_timeout_s, 1.5);

	assert_string_equal(cfg.ui.theme, "solarized");
	assert_string_equal(cfg.ui.principal, "jesse");
	assert_false(cfg.ui.bell);
	assert_true(cfg.ui.read_only);
	assert_double(cfg.ui.wall_cycle_s, 15);
	assert_double(cfg.ui.stale_after_s, 20);

	assert_double(cfg.alerts.down_for_s, 60);
	assert_double(cfg.alerts.error_rate_pct, 2.5);
	assert_double(cfg.alerts.error_rate_for_s, 600);
	assert_double(cfg.alerts.p95_ms, 8000);
	assert_double(cfg.alerts.p95_for_s, 1800);
	assert_false(cfg.alerts.agents);
	assert_false(cfg.alerts.blocked);

	assert_int_equal(cfg.n_services, 2);
	svc = &cfg.services[0];
	assert_string_equal(svc->name, "voice-commerce");
	assert_int_equal(svc->line, 26);
	assert_string_equal(svc->health, "http://127.0.0.1:8083/health");
	assert_string_equal(svc->metrics, "https://127.0.0.1:8083/metrics");
	assert_double(svc->interval_s, 7);
	assert_double(svc->timeout_s, 2.5);
	assert_double(svc->latency_threshold_ms, 1500);
	assert_double(svc->p95_threshold_ms, 3000);
	assert_double(svc->error_rate_threshold, 1.5);
	assert_string_equal(svc->latency_histogram, "vc_request_seconds");
	assert_string_equal(svc->requests_counter, "vc:requests_total");
	assert_argv(svc->deploy, (const char *[]){ "gcloud", "run", "deploy",
	    "voice-commerce", "--source", ".",
	    "--set-env-vars=NODE_ENV=production,SERVICE=voice commerce",
	    NULL });
	assert_argv(svc->rollback, (const char *[]){ "/opt/ops/rollback.sh",
	    "'vc'", "--to previous", "", NULL });
	assert_double(svc->verify_for_s, 90);
	assert_true(svc->auto_rollback);

	/* The second service takes the defaults, and [alerts]' thresholds. */
	svc = &cfg.services[1];
	assert_string_equal(svc->name, "video-player");
	assert_int_equal(svc->line, 41);
	assert_null(svc->metrics);
	assert_double(svc->p95_threshold_ms, 8000);
	assert_double(svc->error_rate_threshold, 2.5);

	assert_int_equal(cfg.n_keys, 3);
	assert_string_equal(cfg.keys[0].action, "quit");
	assert_string_equal(cfg.keys[0].keys, "q");
	assert_int_equal(cfg.keys[0].line, 45);
	assert_string_equal(cfg.keys[1].action, "refresh");
	assert_string_equal(cfg.keys[1].keys, "C-r F5");
	assert_int_equal(cfg.keys[1].line, 46);
	assert_string_equal(cfg.keys[2].action, "deploy");
	assert_string_equal(cfg.keys[2].keys, "D");
	assert_int_equal(cfg.keys[2].line, 47);

	config_free(&cfg);
}

static void
check_defaults(const struct config *cfg)
{
	assert_null(cfg->db.conninfo);
	assert_double(cfg->db.refresh_s, 5);
	assert_double(cfg->db.agent_stale_after_s, 120);
	assert_double(cfg->db.connect_timeout_s, 10);
	assert_double(cfg->db.query_timeout_s, 30);
	assert_null(cfg->ui.theme);
	assert_null(cfg->ui.principal);
	assert_true(cfg->ui.bell);
	assert_false(cfg->ui.read_only);
	assert_double(cfg->ui.wall_cycle_s, 10);
	assert_double(cfg->ui.stale_after_s, 15);
	assert_double(cfg->alerts.down_for_s, 120);
	assert_double(cfg->alerts.error_rate_pct, 5);
	assert_double(cfg->alerts.error_rate_for_s, 300);
	assert_double(cfg->alerts.p95_ms, 10000);
	assert_double(cfg->alerts.p95_for_s, 600);
	assert_true(cfg->alerts.agents);
	assert_true(cfg->alerts.blocked);
}

static void
test_defaults(void **state)
{
	struct config		 cfg;
	struct svc_config	*svc;

	(void)state;
	config_init_defaults(&cfg);
	check_defaults(&cfg);
	assert_null(cfg.path);
	assert_int_equal(cfg.n_services, 0);
	assert_int_equal(cfg.n_keys, 0);

	load_ok("", &cfg);
	check_defaults(&cfg);
	assert_int_equal(cfg.n_services, 0);
	config_free(&cfg);

	load_ok("[database]\n[ui]\n[alerts]\n[keys]\n"
	    "[service lightspeed-bigquery]\n"
	    "health = http://127.0.0.1:8080/health\n", &cfg);
	check_defaults(&cfg);
	assert_int_equal(cfg.n_services, 1);
	svc = &cfg.services[0];
	assert_string_equal(svc->name, "lightspeed-bigquery");
	assert_int_equal(svc->line, 5);
	assert_null(svc->metrics);
	assert_double(svc->interval_s, 10);
	assert_double(svc->timeout_s, 5);
	assert_double(svc->latency_threshold_ms, 2000);
	assert_double(svc->p95_threshold_ms, 10000);
	assert_double(svc->error_rate_threshold, 5);
	assert_string_equal(svc->latency_histogram,
	    "http_request_duration_seconds");
	assert_string_equal(svc->requests_counter, "http_requests_total");
	assert_null(svc->deploy);
	assert_null(svc->rollback);
	assert_double(svc->verify_for_s, 60);
	assert_false(svc->auto_rollback);
	config_free(&cfg);
}

static void
test_alerts_after_services(void **state)
{
	struct config	cfg;

	(void)state;
	load_ok("[service a]\n"
	    "health = http://127.0.0.1:8080/health\n"
	    "[service b]\n"
	    "health = http://127.0.0.1:8081/health\n"
	    "p95_threshold_ms = 50\n"
	    "error_rate_threshold = 0\n"
	    "[alerts]\n"
	    "p95_ms = 1234\n"
	    "error_rate = 7\n", &cfg);
	assert_int_equal(cfg.n_services, 2);
	assert_double(cfg.services[0].p95_threshold_ms, 1234);
	assert_double(cfg.services[0].error_rate_threshold, 7);
	assert_double(cfg.services[1].p95_threshold_ms, 50);
	assert_double(cfg.services[1].error_rate_threshold, 0);
	config_free(&cfg);
}

static void
test_stale_after(void **state)
{
	struct config	cfg;

	(void)state;
	load_ok("[database]\nrefresh = 2\n", &cfg);
	assert_double(cfg.ui.stale_after_s, 6);
	config_free(&cfg);

	/* Given before refresh, and kept. */
	load_ok("[ui]\nstale_after = 4\n[database]\nrefresh = 2\n", &cfg);
	assert_double(cfg.ui.stale_after_s, 4);
	config_free(&cfg);
}

static void
test_durations(void **state)
{
	static const struct {
		const char	*text;
		double		 seconds;
	} good[] = {
		{ "30", 30 }, { "1.5", 1.5 }, { ".5", 0.5 }, { "5.", 5 },
		{ "+3", 3 }, { "1e2", 100 }, { "500ms", 0.5 }, { "30s", 30 },
		{ "2m", 120 }, { "1h", 3600 }, { "1.5m", 90 }, { "2 m", 120 },
		{ "0", 0 }, { "0ms", 0 }, { "1e3ms", 1 },
	};
	static const char *bad[] = {
		"abc", "5x", "ms", "s", "5mm", "5 s s", "1.5.2", "0x10",
		"nan", "inf", "-", "1,5", "5S", "5M", "1d", "5e", "e5",
		"\"5\"", "",
	};
	struct config	 cfg;
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		text = xasprintf("[alerts]\ndown_for = %s\n", good[i].text);
		load_ok(text, &cfg);
		if (fabs(cfg.alerts.down_for_s - good[i].seconds) > 1e-9)
			fail_msg("%s: got %g", good[i].text,
			    cfg.alerts.down_for_s);
		config_free(&cfg);
		free(text);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = xasprintf("[alerts]\n\ndown_for = %s\n", bad[i]);
		expect_error(text, 3, "bad duration");
		free(text);
	}
	expect_error("[alerts]\ndown_for = 5x\n", 2,
	    "bad duration '5x' for down_for");
	expect_error("[alerts]\ndown_for = -5\n", 2,
	    "down_for must not be negative");
	expect_error("[alerts]\np95_for = 1e999\n", 2,
	    "p95_for is out of range");
	expect_error("[alerts]\np95_for = 9000h\n", 2,
	    "p95_for must be at most one year");
	/* Zero makes no sense for a period. */
	expect_error("[database]\nrefresh = 0\n", 2,
	    "refresh must be greater than 0");
	expect_error("[database]\nrefresh = 0s\n", 2,
	    "refresh must be greater than 0");
	expect_error("[database]\nrefresh = 0.0001\n", 2,
	    "refresh must be at least 1ms");
	expect_error("[service a]\nhealth = http://h/\ninterval = 0\n", 3,
	    "interval must be greater than 0");
	expect_error("[service a]\nhealth = http://h/\ntimeout = 0ms\n", 3,
	    "timeout must be greater than 0");
	expect_error("[ui]\nwall_cycle = 0\n", 2,
	    "wall_cycle must be greater than 0");
	/* But a zero verify_for only means "do not watch". */
	load_ok("[service a]\nhealth = http://h/\nverify_for = 0\n", &cfg);
	assert_double(cfg.services[0].verify_for_s, 0);
	config_free(&cfg);
}

static void
test_booleans(void **state)
{
	static const char *yes[] = { "yes", "YES", "true", "True", "on", "ON",
	    "1" };
	static const char *no[] = { "no", "No", "false", "FALSE", "off", "Off",
	    "0" };
	static const char *bad[] = { "maybe", "2", "y", "n", "", "yes!",
	    "enabled" };
	struct config	 cfg;
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		text = xasprintf("[ui]\nread_only = %s\nbell = %s\n", yes[i],
		    no[i]);
		load_ok(text, &cfg);
		assert_true(cfg.ui.read_only);
		assert_false(cfg.ui.bell);
		config_free(&cfg);
		free(text);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = xasprintf("[alerts]\nagents = %s\n", bad[i]);
		expect_error(text, 2, "bad boolean");
		free(text);
	}
	expect_error("[ui]\nbell = maybe\n", 2,
	    "bad boolean 'maybe' for bell (use yes/no");
}

static void
test_numbers(void **state)
{
	static const char *bad[] = { "abc", "2000ms", "1.5.5", "nan", "inf",
	    "0x10", "12 13", "1e", "", "--1" };
	struct config	 cfg;
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = xasprintf("[service a]\nhealth = http://h/\n"
		    "latency_threshold_ms = %s\n", bad[i]);
		expect_error(text, 3, "bad number");
		free(text);
	}
	expect_error("[alerts]\np95_ms = 12abc\n", 2,
	    "bad number '12abc' for p95_ms");
	expect_error("[alerts]\np95_ms = -1\n", 2, "p95_ms must not be negative");
	expect_error("[alerts]\np95_ms = 0\n", 2,
	    "p95_ms must be greater than 0");
	expect_error("[alerts]\np95_ms = 1e400\n", 2, "p95_ms is out of range");
	expect_error("[alerts]\nerror_rate = 100.5\n", 2,
	    "error_rate must be between 0 and 100");
	expect_error("[service a]\nhealth = http://h/\n"
	    "error_rate_threshold = 101\n", 3,
	    "error_rate_threshold must be between 0 and 100");
	/* A value that cannot drive the terminal when shown. */
	expect_error("[alerts]\np95_ms = \x1b[31m\n", 2,
	    "bad number '\\x1b[31m' for p95_ms");

	load_ok("[alerts]\nerror_rate = 0\np95_ms = 1.25e3\n", &cfg);
	assert_double(cfg.alerts.error_rate_pct, 0);
	assert_double(cfg.alerts.p95_ms, 1250);
	config_free(&cfg);
}

static void
test_strings(void **state)
{
	struct config	cfg;

	(void)state;
	/* Values are kept as written, quotes included; empty means unset. */
	load_ok("[ui]\ntheme = \"dark\"\nprincipal =\n"
	    "[database]\nconninfo =\n", &cfg);
	assert_string_equal(cfg.ui.theme, "\"dark\"");
	assert_null(cfg.ui.principal);
	assert_null(cfg.db.conninfo);
	config_free(&cfg);

	load_ok("[database]\nconninfo = postgresql://ops@localhost/ops\n",
	    &cfg);
	assert_string_equal(cfg.db.conninfo, "postgresql://ops@localhost/ops");
	config_free(&cfg);
}

static void
test_comments(void **state)
{
	struct config	cfg;

	(void)state;
	load_ok("# hash comment\n"
	    "; semicolon comment\n"
	    "   # indented comment\n"
	    "[ui] ; after a header\n"
	    "theme = dark ; inline comment\n"
	    "principal = a;b\n"
	    "bell = yes\t; tab before\n"
	    "[service a];x\n"
	    "health = http://127.0.0.1:8080/health # not a comment\n"
	    "deploy = echo \";\" x#y\n"
	    "rollback = echo\n"
	    "\t; comment in a service\n"
	    "interval: 3\n", &cfg);
	assert_string_equal(cfg.ui.theme, "dark");
	assert_string_equal(cfg.ui.principal, "a;b");
	assert_true(cfg.ui.bell);
	assert_string_equal(cfg.services[0].health,
	    "http://127.0.0.1:8080/health # not a comment");
	assert_argv(cfg.services[0].deploy, (const char *[]){ "echo", ";",
	    "x#y", NULL });
	assert_double(cfg.services[0].interval_s, 3);
	config_free(&cfg);
}

static void
test_bom_crlf(void **state)
{
	struct config	cfg;

	(void)state;
	load_ok("\xef\xbb\xbf[ui]\r\n"
	    "theme = dark\r\n"
	    "\r\n"
	    "[database]\r\n"
	    "refresh = 3\r\n"
	    "[service a]\r\n"
	    "health = http://h/\r\n"
	    "deploy = a \"b\"\r\n", &cfg);
	assert_string_equal(cfg.ui.theme, "dark");
	assert_double(cfg.db.refresh_s, 3);
	assert_int_equal(cfg.services[0].line, 6);
	assert_argv(cfg.services[0].deploy, (const char *[]){ "a", "b", NULL });
	config_free(&cfg);

	/* A BOM alone on the first line, and no final newline. */
	load_ok("\xef\xbb\xbf\n[ui]\ntheme = x", &cfg);
	assert_string_equal(cfg.ui.theme, "x");
	config_free(&cfg);

	expect_error("\xef\xbb\xbf[ui]\r\n\r\nbogus = 1\r\n", 3,
	    "unknown key 'bogus' in [ui]");
	/* Only the first line may carry one. */
	expect_error("[ui]\n\xef\xbb\xbftheme = x\n", 2,
	    "unknown key '\\xef\\xbb\\xbftheme' in [ui]");
}

static void
test_indentation(void **state)
{
	struct config	cfg;

	(void)state;
	/* Indented keys are keys, not continuations of the value above. */
	load_ok("[service a]\n"
	    "    health = http://127.0.0.1:8080/health\n"
	    "\tinterval = 5\n"
	    "  deploy = echo one\n"
	    "  rollback = echo two\n", &cfg);
	assert_string_equal(cfg.services[0].health,
	    "http://127.0.0.1:8080/health");
	assert_double(cfg.services[0].interval_s, 5);
	assert_argv(cfg.services[0].deploy, (const char *[]){ "echo", "one",
	    NULL });
	config_free(&cfg);

	expect_error("[service a]\n"
	    "health = http://h/\n"
	    "deploy = echo one\n"
	    "    two three\n", 4,
	    "expected 'name = value' (an indented line does not continue");
	expect_error("[ui]\n\njust some words\n", 3, "expected 'name = value'");
}

static void
test_long_lines(void **state)
{
	struct config	 cfg;
	char		 value[300], *text;

	(void)state;
	/* "theme = " is 8 characters: 191 more make the longest line. */
	memset(value, 'x', 191);
	value[191] = '\0';
	text = xasprintf("[ui]\ntheme = %s\n", value);
	load_ok(text, &cfg);
	assert_int_equal(strlen(cfg.ui.theme), 191);
	config_free(&cfg);
	free(text);

	/* Neither CR nor BOM count. */
	text = xasprintf("\xef\xbb\xbf[ui]\r\ntheme = %s\r\n", value);
	load_ok(text, &cfg);
	assert_int_equal(strlen(cfg.ui.theme), 191);
	config_free(&cfg);
	free(text);

	memset(value, 'x', 197);
	value[197] = '\0';
	text = xasprintf("\xef\xbb\xbf# %s\r\n[ui]\ntheme = t\n", value);
	load_ok(text, &cfg);
	assert_string_equal(cfg.ui.theme, "t");
	config_free(&cfg);
	free(text);
	value[197] = 'x';
	value[198] = '\0';
	text = xasprintf("\xef\xbb\xbf# %s\r\n[ui]\n", value);
	expect_error(text, 1, "line longer than 199 characters");
	free(text);

	memset(value, 'x', 192);
	value[192] = '\0';
	text = xasprintf("[ui]\n\ntheme = %s\n", value);
	expect_error(text, 3, "line longer than 199 characters");
	free(text);

	memset(value, ' ', 250);
	value[250] = '\0';
	text = xasprintf("[ui]\n%s\n", value);
	expect_error(text, 2, "line longer than 199 characters");
	free(text);
}

static void
test_conninfo_never_shown(void **state)
{
	static const struct {
		const char	*text;
		int		 line;
	} cases[] = {
		{ "[database]\nconninfo = user=ops password=hunter2\n"
		    "conninfo = password=hunter2\n", 3 },
		{ "[ui]\nconninfo = password=hunter2\n", 2 },
		{ "[database]\nconninfo = host=db\npassword=hunter2\n", 3 },
		{ "[database]\nhost=db password=hunter2\n", 2 },
		{ "[database]\nconninfo = host=db\n    password=hunter2 x\n",
		    3 },
		{ "[database]\nconninfo = dbname=ops\n  password hunter2\n",
		    3 },
		{ "[service a]\nhealth = http://h/\n"
		    "metrics = ftp://u:hunter2@h/\n", 3 },
		{ "[service a]\nhealth = http://h/\n"
		    "deploy = tool --token=hunter2 \"x\n", 3 },
	};
	char	 value[300], *text, *cause;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cause = error_of(cases[i].text, strlen(cases[i].text),
		    cases[i].line, "");
		if (strstr(cause, "hunter2") != NULL)
			fail_msg("secret shown: %s", cause);
		free(cause);
	}

	memset(value, 'a', 200);
	value[200] = '\0';
	text = xasprintf("[database]\nconninfo = password=hunter2 %s\n",
	    value);
	cause = error_of(text, strlen(text), 2, "line longer than");
	assert_null(strstr(cause, "hunter2"));
	free(cause);
	free(text);
}

static void
test_duplicates(void **state)
{
	(void)state;
	expect_error("[database]\nrefresh = 1\nrefresh = 2\n", 3,
	    "duplicate key 'refresh' in [database] (first at line 2)");
	expect_error("[service a]\nhealth = http://h/\ninterval = 1\n"
	    "\ninterval = 2\n", 5,
	    "duplicate key 'interval' in [service a] (first at line 3)");
	expect_error("[ui]\ntheme = a\n[alerts]\n[ui]\n", 4,
	    "duplicate section [ui] (first at line 1)");
	expect_error("[keys]\nquit = q\nhelp = ?\nquit = Q\n", 4,
	    "duplicate key 'quit' in [keys] (first at line 2)");
	/* Adjacent... */
	expect_error("[service a]\nhealth = http://h/\n[service a]\n"
	    "health = http://h/\n", 3,
	    "duplicate service 'a' (first at line 1)");
	/* ...empty and adjacent, which inih alone would never notice... */
	expect_error("[service a]\n[service a]\n", 2,
	    "duplicate service 'a' (first at line 1)");
	/* ...and far apart. */
	expect_error("[database]\n"
	    "[service a]\n"
	    "health = http://127.0.0.1:8080/health\n"
	    "[ui]\n"
	    "theme = x\n"
	    "[service b]\n"
	    "health = http://127.0.0.1:8081/health\n"
	    "[service a]\n"
	    "health = http://127.0.0.1:8082/health\n", 8,
	    "duplicate service 'a' (first at line 2)");
}

static void
test_unknown(void **state)
{
	char	*cause;

	(void)state;
	expect_error("[database]\n[foo]\n", 2, "unknown section [foo]");
	expect_error("[Database]\n", 1, "unknown section [Database]");
	expect_error("[services a]\n", 1, "unknown section [services a]");
	expect_error("[]\n", 1, "unknown section []");
	expect_error("[database]\nrefersh = 5\n", 2,
	    "unknown key 'refersh' in [database] (did you mean 'refresh'?)");
	expect_error("[ui]\nbel = yes\n", 2,
	    "unknown key 'bel' in [ui] (did you mean 'bell'?)");
	expect_error("[ui]\nTheme = dark\n", 2,
	    "unknown key 'Theme' in [ui] (did you mean 'theme'?)");
	expect_error("[service voice-commerce]\nhelth = http://h/\n", 2,
	    "unknown key 'helth' in [service voice-commerce] "
	    "(did you mean 'health'?)");
	expect_error("[ui]\ninterval = 5\n", 2,
	    "unknown key 'interval' in [ui] (it belongs in [service NAME])");
	expect_error("[service a]\nrefresh = 5\n", 2,
	    "unknown key 'refresh' in [service a] (it belongs in [database])");
	cause = error_of("[alerts]\nxyzzy = 1\n", 19, 2,
	    "unknown key 'xyzzy' in [alerts]");
	assert_null(strstr(cause, "did you mean"));
	free(cause);
	/* Two edits are too many for a two-letter name. */
	cause = error_of("[ui]\nbe = 1\n", 11, 2, "unknown key 'be' in [ui]");
	assert_null(strstr(cause, "did you mean"));
	free(cause);
}

static void
test_service_errors(void **state)
{
	(void)state;
	/* Reported at the section header. */
	expect_error("[service a]\nhealth = http://h/\n\n[service b]\n"
	    "interval = 5\n", 4, "service 'b' has no health URL");
	expect_error("[service a]\n", 1, "service 'a' has no health URL");
	expect_error("[service a]\nhealth = ftp://h/\n", 2,
	    "health must be an http:// or https:// URL");
	expect_error("[service a]\nhealth =\n", 2,
	    "health must be an http:// or https:// URL");
	expect_error("[service a]\nhealth = http://\n", 2,
	    "health must be an http:// or https:// URL");
	expect_error("[service a]\nhealth = http://h/\nmetrics = h:9090\n", 3,
	    "metrics must be an http:// or https:// URL");
	expect_error("[service]\n", 1, "service section without a name");
	expect_error("[service   ]\n", 1, "service section without a name");
	expect_error("[service a b]\n", 1, "bad service name 'a b'");
	expect_error("[service a\x7f]\n", 1, "bad service name 'a\\x7f'");
	expect_error("[service a]\nhealth = http://h/\n"
	    "latency_histogram = 1bad\n", 3,
	    "bad metric name '1bad' for latency_histogram");
	expect_error("[service a]\nhealth = http://h/\n"
	    "requests_counter = a-b\n", 3,
	    "bad metric name 'a-b' for requests_counter");
	expect_error("[service a]\nhealth = http://h/\ndeploy =\n", 3,
	    "bad deploy command: empty command");
	expect_error("[service a]\nhealth = http://h/\nrollback = x\\\n", 3,
	    "bad rollback command: trailing backslash");
	expect_error("[service a]\nhealth = http://h/\ndeploy = a \"b\n", 3,
	    "bad deploy command: unterminated double quote "
	    "(opened at column 3)");
}

static void
test_syntax_errors(void **state)
{
	static const char nul[] = "[ui]\ntheme = a\0b\n";

	(void)state;
	expect_error("[ui\n", 1, "section header without closing ']'");
	expect_error("[ui ;]\n", 1, "section header without closing ']'");
	expect_error("[ui] junk\n", 1, "text after section header");
	expect_error("[ui]\n= value\n", 2, "missing key name before '='");
	expect_error("theme = dark\n[ui]\n", 1,
	    "key 'theme' before any [section]");
	free(error_of(nul, sizeof nul - 1, 2, "line contains a NUL byte"));
	/* The first of several errors is the one reported. */
	expect_error("[alerts]\np95_ms = x\n[nope]\n", 2, "bad number");
	expect_error("[alerts]\n[nope]\np95_ms = x\n", 2, "unknown section");
}

static void
test_file_errors(void **state)
{
	struct config	 cfg;
	char		*cause = NULL, *want;
	const char	*dir = getenv("TMPDIR");

	(void)state;
	config_init_defaults(&cfg);
	assert_int_equal(config_load(&cfg, "/nonexistent/opsdeck.conf",
	    &cause), -1);
	assert_string_equal(cause,
	    "/nonexistent/opsdeck.conf: cannot open: No such file or "
	    "directory");
	free(cause);

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	assert_int_equal(config_load(&cfg, dir, &cause), -1);
	want = xasprintf("%s: cannot read: %s", dir, strerror(EISDIR));
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	assert_null(cfg.path);
}

/* Opening a FIFO without a writer would wait for ever; /dev/null is the
 * usual "no configuration". */
static void
test_fifo_and_dev_null(void **state)
{
	struct config	 cfg;
	char		 tmpl[] = "/tmp/opsdeck-fifo.XXXXXX", *path, *cause = NULL;
	char		*want;

	(void)state;
	config_init_defaults(&cfg);
	assert_non_null(mkdtemp(tmpl));
	path = xasprintf("%s/conf", tmpl);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(config_load(&cfg, path, &cause), -1);
	want = xasprintf("%s: cannot read: not a regular file", path);
	assert_string_equal(cause, want);
	free(want);
	free(cause);
	unlink(path);
	rmdir(tmpl);
	free(path);

	assert_int_equal(config_load(&cfg, "/dev/null", &cause), 0);
	assert_null(cause);
	assert_string_equal(cfg.path, "/dev/null");
	config_free(&cfg);
}

static void
test_reload(void **state)
{
	struct config	 cfg, zero;
	char		*path, *cause = NULL;

	(void)state;
	load_ok("[service a]\nhealth = http://h/\ndeploy = x y\n"
	    "[keys]\nquit = q\n[ui]\ntheme = t\n", &cfg);

	/* A bad file leaves the loaded configuration as it was. */
	path = write_file("[service b]\n", 12);
	assert_int_equal(config_load(&cfg, path, &cause), -1);
	free(cause);
	unlink(path);
	free(path);
	assert_int_equal(cfg.n_services, 1);
	assert_string_equal(cfg.services[0].name, "a");
	assert_string_equal(cfg.ui.theme, "t");

	/* A good one replaces it (the sanitizers check the old is freed). */
	path = write_file("[service c]\nhealth = http://h/\n", 31);
	assert_int_equal(config_load(&cfg, path, &cause), 0);
	assert_null(cause);
	assert_int_equal(cfg.n_services, 1);
	assert_string_equal(cfg.services[0].name, "c");
	assert_null(cfg.ui.theme);
	assert_int_equal(cfg.n_keys, 0);
	unlink(path);
	free(path);

	config_free(&cfg);
	memset(&zero, 0, sizeof zero);
	assert_memory_equal(&cfg, &zero, sizeof cfg);
	config_free(&cfg);
	assert_memory_equal(&cfg, &zero, sizeof cfg);
}

static void
expect_path(const char *want)
{
	char	*path = config_default_path();

	if (want == NULL) {
		assert_null(path);
		return;
	}
	assert_non_null(path);
	assert_string_equal(path, want);
	free(path);
}

static void
test_default_path(void **state)
{
	(void)state;
	setenv("HOME", "/home/op", 1);
	setenv("XDG_CONFIG_HOME", "/xdg/conf", 1);
	expect_path("/xdg/conf/opsdeck/opsdeck.conf");
	setenv("XDG_CONFIG_HOME", "/xdg/conf//", 1);
	expect_path("/xdg/conf/opsdeck/opsdeck.conf");
	setenv("XDG_CONFIG_HOME", "/", 1);
	expect_path("/opsdeck/opsdeck.conf");
	setenv("XDG_CONFIG_HOME", "", 1);
	expect_path("/home/op/.config/opsdeck/opsdeck.conf");
	/* A relative XDG_CONFIG_HOME is invalid and ignored. */
	setenv("XDG_CONFIG_HOME", "conf", 1);
	expect_path("/home/op/.config/opsdeck/opsdeck.conf");
	unsetenv("XDG_CONFIG_HOME");
	expect_path("/home/op/.config/opsdeck/opsdeck.conf");
	unsetenv("HOME");
	expect_path(NULL);
	setenv("HOME", "", 1);
	expect_path(NULL);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	expect_path("/xdg/opsdeck/opsdeck.conf");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_alerts_after_services),
		cmocka_unit_test(test_stale_after),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_booleans),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_bom_crlf),
		cmocka_unit_test(test_indentation),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_conninfo_never_shown),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_service_errors),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_file_errors),
		cmocka_unit_test(test_fifo_and_dev_null),
		cmocka_unit_test(test_reload),
		cmocka_unit_test(test_default_path),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
