#include "autoconfig.h"

/*
 * core/config.c against config.h and docs/configuration.md.
 *
 * Input: the whole file.  It is written to one temporary file (made on the
 * first run, rewritten on every run) and loaded over a copy of a good
 * configuration, the way the running program reloads.
 *
 * Promises checked: a failure says "FILE:LINE: reason" with LINE inside the
 * file and a reason fit for a terminal (printable ASCII), and leaves the
 * configuration that was running exactly as it was; a success records the
 * path, keeps every value within what the documentation allows, and does
 * not depend on the configuration it replaced.
 */

#include <sys/types.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"
#include "xalloc.h"

#define YEAR_S	(365.0 * 86400.0)

/* Something in every section, so that a stray change shows. */
static const char base_text[] =
	"[database]\n"
	"conninfo = host=db.example dbname=ops password=secret\n"
	"refresh = 2s\n"
	"[ui]\n"
	"theme = mono\n"
	"principal = alice\n"
	"bell = no\n"
	"[alerts]\n"
	"down_for = 1m\n"
	"error_rate = 2.5\n"
	"[keys]\n"
	"refresh = r F5\n"
	"[service checkout]\n"
	"health = https://checkout.example/health\n"
	"metrics = http://checkout.example:9100/metrics\n"
	"deploy = ./deploy.sh \"checkout svc\" --fast\n"
	"rollback = ./rollback.sh\n"
	"auto_rollback = yes\n"
	"[service search]\n"
	"health = http://search:8080/healthz\n";

static char		*path;
static int		 fd = -1;
static struct config	 base;

static void	setup(void);
static void	cleanup(void);
static void	die(const char *) __attribute__((noreturn));
static void	put_file(const uint8_t *, size_t);
static char	**argv_dup(char **);
static void	config_dup(struct config *, const struct config *);
static bool	str_eq(const char *, const char *);
static bool	argv_eq(char **, char **);
static bool	svc_eq(const struct svc_config *, const struct svc_config *);
static bool	config_eq(const struct config *, const struct config *);
static void	check_failure(const char *, const struct config *, size_t,
		    const uint8_t *, size_t);
static void	check_success(const struct config *, size_t);
static void	check_service(const struct config *, size_t, size_t);
static void	check_secret(const uint8_t *, size_t, long, const char *);
static void	check_word(const uint8_t *, size_t, const uint8_t *, size_t,
		    const char *);
static size_t	count_in(const uint8_t *, size_t, const char *, size_t);
static bool	is_url(const char *);
static bool	is_metric(const char *);

static void
cleanup(void)
{
	if (path != NULL)
		unlink(path);
	free(path);
	if (fd != -1)
		close(fd);
	config_free(&base);
}

/* The harness itself failed, not config.c. */
static void
die(const char *what)
{
	perror(what);
	abort();
}

static void
put_file(const uint8_t *data, size_t size)
{
	if (ftruncate(fd, 0) != 0)
		die(path);
	if (size > 0 && pwrite(fd, data, size, 0) != (ssize_t)size)
		die(path);
}

static void
setup(void)
{
	const char	*dir = getenv("TMPDIR");
	char		*cause;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/opsdeck-fuzz-config.XXXXXX", dir);
	if ((fd = mkstemp(path)) == -1)
		die(path);
	atexit(cleanup);
	put_file((const uint8_t *)base_text, sizeof base_text - 1);
	config_init_defaults(&base);
	PROMISE(config_load(&base, path, &cause) == 0);
}

/* ---- copies and comparisons -------------------------------------------- */

static char **
argv_dup(char **argv)
{
	char	**v;
	size_t	  n, i;

	if (argv == NULL)
		return NULL;
	for (n = 0; argv[n] != NULL; n++)
		/* nothing */;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = xstrdup(argv[i]);
	return v;
}

#define DUP(s)	((s) != NULL ? xstrdup(s) : NULL)

static void
config_dup(struct config *dst, const struct config *src)
{
	struct svc_config	*d;
	size_t			 i;

	*dst = *src;
	dst->path = DUP(src->path);
	dst->db.conninfo = DUP(src->db.conninfo);
	dst->ui.theme = DUP(src->ui.theme);
	dst->ui.principal = DUP(src->ui.principal);
	dst->services = xcalloc(src->n_services, sizeof *dst->services);
	for (i = 0; i < src->n_services; i++) {
		d = &dst->services[i];
		*d = src->services[i];
		d->name = DUP(d->name);
		d->health = DUP(d->health);
		d->metrics = DUP(d->metrics);
		d->latency_histogram = DUP(d->latency_histogram);
		d->requests_counter = DUP(d->requests_counter);
		d->deploy = argv_dup(d->deploy);
		d->rollback = argv_dup(d->rollback);
	}
	dst->keys = xcalloc(src->n_keys, sizeof *dst->keys);
	for (i = 0; i < src->n_keys; i++) {
		dst->keys[i] = src->keys[i];
		dst->keys[i].action = DUP(src->keys[i].action);
		dst->keys[i].keys = DUP(src->keys[i].keys);
	}
}

static bool
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool
argv_eq(char **a, char **b)
{
	size_t	i;

	if (a == NULL || b == NULL)
		return a == b;
	for (i = 0; a[i] != NULL && b[i] != NULL; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return a[i] == b[i];
}

static bool
svc_eq(const struct svc_config *a, const struct svc_config *b)
{
	return str_eq(a->name, b->name) && str_eq(a->health, b->health) &&
	    str_eq(a->metrics, b->metrics) && a->interval_s == b->interval_s &&
	    a->timeout_s == b->timeout_s &&
	    a->latency_threshold_ms == b->latency_threshold_ms &&
	    a->p95_threshold_ms == b->p95_threshold_ms &&
	    a->error_rate_threshold == b->error_rate_threshold &&
	    str_eq(a->latency_histogram, b->latency_histogram) &&
	    str_eq(a->requests_counter, b->requests_counter) &&
	    argv_eq(a->deploy, b->deploy) &&
	    argv_eq(a->rollback, b->rollback) &&
	    a->verify_for_s == b->verify_for_s &&
	    a->auto_rollback == b->auto_rollback && a->line == b->line;
}

static bool
config_eq(const struct config *a, const struct config *b)
{
	size_t	i;

	if (!str_eq(a->path, b->path) ||
	    !str_eq(a->db.conninfo, b->db.conninfo) ||
	    a->db.refresh_s != b->db.refresh_s ||
	    a->db.agent_stale_after_s != b->db.agent_stale_after_s ||
	    a->db.connect_timeout_s != b->db.connect_timeout_s ||
	    a->db.query_timeout_s != b->db.query_timeout_s ||
	    !str_eq(a->ui.theme, b->ui.theme) ||
	    !str_eq(a->ui.principal, b->ui.principal) ||
	    a->ui.bell != b->ui.bell || a->ui.read_only != b->ui.read_only ||
	    a->ui.wall_cycle_s != b->ui.wall_cycle_s ||
	    a->ui.stale_after_s != b->ui.stale_after_s ||
	    a->alerts.down_for_s != b->alerts.down_for_s ||
	    a->alerts.error_rate_pct != b->alerts.error_rate_pct ||
	    a->alerts.error_rate_for_s != b->alerts.error_rate_for_s ||
	    a->alerts.p95_ms != b->alerts.p95_ms ||
	    a->alerts.p95_for_s != b->alerts.p95_for_s ||
	    a->alerts.agents != b->alerts.agents ||
	    a->alerts.blocked != b->alerts.blocked ||
	    a->n_services != b->n_services || a->n_keys != b->n_keys)
		return false;
	for (i = 0; i < a->n_services; i++)
		if (!svc_eq(&a->services[i], &b->services[i]))
			return false;
	for (i = 0; i < a->n_keys; i++)
		if (!str_eq(a->keys[i].action, b->keys[i].action) ||
		    !str_eq(a->keys[i].keys, b->keys[i].keys) ||
		    a->keys[i].line != b->keys[i].line)
			return false;
	return true;
}

/* ---- the promises ------------------------------------------------------- */

static size_t
count_in(const uint8_t *data, size_t size, const char *s, size_t n)
{
	size_t	i, count = 0;

	for (i = 0; i + n <= size; i++)
		if (memcmp(data + i, s, n) == 0)
			count++;
	return count;
}

/*
 * "No message ever shows a conninfo, URL or command value."  When the
 * failing line sets one of those, no word of its value may be in the
 * reason.  Only words that cannot be there innocently are checked: unique
 * in the file (else a section or key name may hold them), with a byte no
 * message text has (@, $, &, ...), and without a blank or one of the
 * '[]() that messages put around names (else a word could span a name and
 * the text beside it).
 */
static void
check_secret(const uint8_t *data, size_t size, long line, const char *reason)
{
	static const char *const secret_keys[] = { "conninfo", "health",
	    "metrics", "deploy", "rollback" };
	const uint8_t	*p = data, *end = data + size, *eol, *sep, *k, *v;
	size_t		 i, klen;
	bool		 secret = false;

	for (; line > 1 && p < end; line--) {
		if ((p = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return;
		p++;
	}
	if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
		eol = end;
	if (eol > p && eol[-1] == '\r')
		eol--;
	for (k = p; k < eol && (*k == ' ' || *k == '\t'); k++)
		/* nothing */;
	for (sep = k; sep < eol && *sep != '=' && *sep != ':'; sep++)
		/* nothing */;
	if (sep == eol)
		return;
	for (klen = (size_t)(sep - k); klen > 0 &&
	    (k[klen - 1] == ' ' || k[klen - 1] == '\t'); klen--)
		/* nothing */;
	for (i = 0; i < sizeof secret_keys / sizeof secret_keys[0]; i++)
		if (strlen(secret_keys[i]) == klen &&
		    memcmp(k, secret_keys[i], klen) == 0)
			secret = true;
	if (!secret)
		return;
	for (v = sep + 1; v < eol; v = k) {
		for (k = v; k < eol && *k != ' ' && *k != '\t'; k++)
			/* nothing */;
		if (k == v) {
			k++;
			continue;
		}
		check_word(data, size, v, (size_t)(k - v), reason);
	}
}

/* One word of a secret value, if it is one that can be told apart. */
static void
check_word(const uint8_t *data, size_t size, const uint8_t *w, size_t n,
    const char *reason)
{
	char	*word;
	size_t	 i;
	bool	 marked = false;

	if (n < 8)
		return;
	for (i = 0; i < n; i++) {
		if (w[i] <= 0x20 || w[i] >= 0x7F || strchr("'[]()", w[i]))
			return;
		if (strchr("@$&!*^{}|<>~`%", w[i]) != NULL)
			marked = true;
	}
	if (!marked)
		return;
	word = xstrndup((const char *)w, n);
	if (count_in(data, size, word, n) == 1)
		PROMISE(strstr(reason, word) == NULL);
	free(word);
}

static void
check_failure(const char *cause, const struct config *cfg, size_t lines,
    const uint8_t *data, size_t size)
{
	size_t	 plen = strlen(path);
	long	 line;
	char	*end;

	PROMISE(cause != NULL);
	PROMISE(strncmp(cause, path, plen) == 0 && cause[plen] == ':');
	PROMISE(cause[plen + 1] >= '1' && cause[plen + 1] <= '9');
	line = strtol(cause + plen + 1, &end, 10);
	PROMISE(line >= 1 && (size_t)line <= lines);
	PROMISE(strncmp(end, ": ", 2) == 0 && end[2] != '\0');
	PROMISE(fuzz_printable_ascii(end + 2));
	check_secret(data, size, line, end + 2);
	PROMISE(config_eq(cfg, &base));
}

static bool
is_url(const char *s)
{
	return s != NULL && ((strncasecmp(s, "http://", 7) == 0 &&
	    s[7] != '\0') || (strncasecmp(s, "https://", 8) == 0 &&
	    s[8] != '\0'));
}

static bool
is_metric(const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '_' ||
		    s[i] == ':' || (i > 0 && s[i] >= '0' && s[i] <= '9')))
			return false;
	return i > 0;
}

#define PERIOD(v)	(isfinite(v) && (v) >= 0.001 && (v) <= YEAR_S)
#define DURATION(v)	(isfinite(v) && (v) >= 0 && (v) <= YEAR_S)
#define MS(v)		(isfinite(v) && (v) > 0)
#define PERCENT(v)	(isfinite(v) && (v) >= 0 && (v) <= 100)
#define UNSET_OR_SET(s)	((s) == NULL || *(s) != '\0')

static void
check_service(const struct config *cfg, size_t i, size_t lines)
{
	const struct svc_config	*svc = &cfg->services[i];
	const char		*p;
	size_t			 j;

	PROMISE(svc->name != NULL && *svc->name != '\0');
	for (p = svc->name; *p != '\0'; p++)
		PROMISE((unsigned char)*p > ' ' && (unsigned char)*p < 0x7F);
	for (j = 0; j < i; j++)
		PROMISE(strcmp(cfg->services[j].name, svc->name) != 0);
	PROMISE(is_url(svc->health));
	PROMISE(svc->metrics == NULL || is_url(svc->metrics));
	PROMISE(PERIOD(svc->interval_s) && PERIOD(svc->timeout_s));
	PROMISE(MS(svc->latency_threshold_ms) && MS(svc->p95_threshold_ms));
	PROMISE(PERCENT(svc->error_rate_threshold));
	PROMISE(is_metric(svc->latency_histogram));
	PROMISE(is_metric(svc->requests_counter));
	PROMISE(svc->deploy == NULL || svc->deploy[0] != NULL);
	PROMISE(svc->rollback == NULL || svc->rollback[0] != NULL);
	PROMISE(DURATION(svc->verify_for_s));
	PROMISE(svc->line >= 1 && (size_t)svc->line <= lines);
}

static void
check_success(const struct config *cfg, size_t lines)
{
	struct config	again;
	char		*cause;
	size_t		 i, j;

	PROMISE(str_eq(cfg->path, path));
	PROMISE(UNSET_OR_SET(cfg->db.conninfo));
	PROMISE(PERIOD(cfg->db.refresh_s) &&
	    PERIOD(cfg->db.agent_stale_after_s) &&
	    PERIOD(cfg->db.connect_timeout_s) &&
	    PERIOD(cfg->db.query_timeout_s));
	PROMISE(UNSET_OR_SET(cfg->ui.theme) &&
	    UNSET_OR_SET(cfg->ui.principal));
	PROMISE(PERIOD(cfg->ui.wall_cycle_s));
	/* Unset, it is 3 x refresh, which may pass the year. */
	PROMISE(isfinite(cfg->ui.stale_after_s) && cfg->ui.stale_after_s > 0);
	PROMISE(DURATION(cfg->alerts.down_for_s) &&
	    DURATION(cfg->alerts.error_rate_for_s) &&
	    DURATION(cfg->alerts.p95_for_s));
	PROMISE(PERCENT(cfg->alerts.error_rate_pct));
	PROMISE(MS(cfg->alerts.p95_ms));
	for (i = 0; i < cfg->n_services; i++)
		check_service(cfg, i, lines);
	for (i = 0; i < cfg->n_keys; i++) {
		PROMISE(cfg->keys[i].action != NULL &&
		    *cfg->keys[i].action != '\0' && cfg->keys[i].keys != NULL);
		PROMISE(cfg->keys[i].line >= 1 &&
		    (size_t)cfg->keys[i].line <= lines);
		for (j = 0; j < i; j++)
			PROMISE(strcmp(cfg->keys[j].action,
			    cfg->keys[i].action) != 0);
	}
	/* What was there before does not leak into the result. */
	config_init_defaults(&again);
	PROMISE(config_load(&again, path, &cause) == 0);
	PROMISE(config_eq(&again, cfg));
	config_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	 cfg;
	char		*cause = NULL;
	size_t		 lines = 1, i;

	if (path == NULL)
		setup();
	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			lines++;
	put_file(data, size);
	config_dup(&cfg, &base);
	if (config_load(&cfg, path, &cause) == 0) {
		PROMISE(cause == NULL);
		check_success(&cfg, lines);
	} else
		check_failure(cause, &cfg, lines, data, size);
	free(cause);
	config_free(&cfg);
	return 0;
}
