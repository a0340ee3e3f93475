#include "autoconfig.h"

/*
 * The configuration file (spec §5), read with inih.
 *
 * inih alone cannot say what users need to hear: its handler gets no line
 * number, it never reports section headers (so two [service a] sections
 * would quietly merge), it cuts an overlong line in two and it reads an
 * indented line as the continuation of the previous value, which turns an
 * indented key into part of the value above it.  So inih reads through
 * read_line() below, which counts lines, drops the BOM, the CR of CRLF and
 * the indentation (keys may be indented; there are no continuation lines),
 * refuses overlong lines and parses section headers itself.  Because inih
 * handles each line before it asks for the next, the handler then knows the
 * line and the section of every key.
 *
 * Every error is kept once, the first one, and ends the parse: the reader
 * returns end-of-file as soon as one is recorded.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "argv.h"
#include "config.h"
#include "prom.h"
#include "sanitize.h"
#include "xalloc.h"

#define MAX_SECTION_KEYS	16
/* Timers are armed in milliseconds: keep every duration in range. */
#define MAX_DURATION_S		(365.0 * 86400.0)
#define MIN_PERIOD_S		0.001
/* How much of a bad value an error message shows. */

enum section {
	SEC_NONE,
	SEC_DATABASE,
	SEC_UI,
	SEC_ALERTS,
	SEC_KEYS,
	SEC_SERVICE,
	SEC_COUNT
};

enum kind {
	K_STRING,	/* anything; empty means unset (NULL) */
	K_URL,		/* http:// or https:// URL */
	K_METRIC,	/* Prometheus metric name */
	K_ARGV,		/* command line for argv_split */
	K_BOOL,
	K_DURATION,	/* seconds, zero allowed */
	K_PERIOD,	/* seconds, more than zero */
	K_MS,		/* milliseconds, more than zero */
	K_PERCENT,	/* 0 to 100 */
	K_COUNT		/* a whole number, 1 to 100 (an int) */
};

struct key_def {
	const char	*name;
	enum kind	 kind;
	size_t		 off;
};

#define DB_KEY(n, k, f)		{ n, k, offsetof(struct db_config, f) }
static const struct key_def db_keys[] = {
	DB_KEY("conninfo", K_STRING, conninfo),
	DB_KEY("refresh", K_PERIOD, refresh_s),
	DB_KEY("agent_stale_after", K_PERIOD, agent_stale_after_s),
	DB_KEY("connect_timeout", K_PERIOD, connect_timeout_s),
	DB_KEY("query_timeout", K_PERIOD, query_timeout_s),
	{ NULL, K_STRING, 0 }
};

#define UI_KEY(n, k, f)		{ n, k, offsetof(struct ui_config, f) }
static const struct key_def ui_keys[] = {
	UI_KEY("theme", K_STRING, theme),
	UI_KEY("principal", K_STRING, principal),
	UI_KEY("operator", K_STRING, operator),
	UI_KEY("bell", K_BOOL, bell),
	UI_KEY("read_only", K_BOOL, read_only),
	UI_KEY("wall_cycle", K_PERIOD, wall_cycle_s),
	UI_KEY("stale_after", K_PERIOD, stale_after_s),
	{ NULL, K_STRING, 0 }
};

#define AL_KEY(n, k, f)		{ n, k, offsetof(struct alert_config, f) }
static const struct key_def alert_keys[] = {
	AL_KEY("down_for", K_DURATION, down_for_s),
	AL_KEY("error_rate", K_PERCENT, error_rate_pct),
	AL_KEY("error_rate_for", K_DURATION, error_rate_for_s),
	AL_KEY("p95_ms", K_MS, p95_ms),
	AL_KEY("p95_for", K_DURATION, p95_for_s),
	AL_KEY("agents", K_BOOL, agents),
	AL_KEY("blocked", K_BOOL, blocked),
	{ NULL, K_STRING, 0 }
};

#define SVC_KEY(n, k, f)	{ n, k, offsetof(struct svc_config, f) }
static const struct key_def svc_keys[] = {
	SVC_KEY("health", K_URL, health),
	SVC_KEY("metrics", K_URL, metrics),
	SVC_KEY("interval", K_PERIOD, interval_s),
	SVC_KEY("timeout", K_PERIOD, timeout_s),
	SVC_KEY("latency_threshold_ms", K_MS, latency_threshold_ms),
	SVC_KEY("p95_threshold_ms", K_MS, p95_threshold_ms),
	SVC_KEY("error_rate_threshold", K_PERCENT, error_rate_threshold),
	SVC_KEY("latency_histogram", K_METRIC, latency_histogram),
	SVC_KEY("requests_counter", K_METRIC, requests_counter),
	SVC_KEY("deploy", K_ARGV, deploy),
	SVC_KEY("rollback", K_ARGV, rollback),
	SVC_KEY("verify_for", K_DURATION, verify_for_s),
	SVC_KEY("auto_rollback", K_BOOL, auto_rollback),
	SVC_KEY("verify_failures", K_COUNT, verify_failures),
	SVC_KEY("command_timeout", K_DURATION, command_timeout_s),
	{ NULL, K_STRING, 0 }
};

_Static_assert(sizeof svc_keys / sizeof svc_keys[0] <= MAX_SECTION_KEYS + 1,
    "struct seen holds too few keys");

struct section_def {
	const char		*name;
	const struct key_def	*keys;
};

static const struct section_def sections[SEC_COUNT] = {
	[SEC_NONE] = { "", NULL },
	[SEC_DATABASE] = { "database", db_keys },
	[SEC_UI] = { "ui", ui_keys },
	[SEC_ALERTS] = { "alerts", alert_keys },
	[SEC_KEYS] = { "keys", NULL },
	[SEC_SERVICE] = { "service NAME", svc_keys }
};

/* Which keys a section has set, and where: for duplicates and defaults. */
struct seen {
	uint32_t	 mask;
	int		 line[MAX_SECTION_KEYS];
};

struct parser {
	struct config	*cfg;
	FILE		*fp;
	locale_t	 c_locale;	/* numbers are read the same everywhere */
	char		*raw;		/* the line as read */
	size_t		 rawsize;
	int		 line;
	bool		 eof;
	int		 read_errno;
	enum section	 section;
	int		 header_line[SEC_COUNT];	/* 0: not seen */
	struct seen	 seen[SEC_COUNT];	/* the fixed sections */
	struct seen	*svc_seen;		/* one per service */
	char		*err;		/* the first error, without FILE:LINE */
	int		 err_line;
};

static void	fail(struct parser *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
fail(struct parser *p, int line, const char *fmt, ...)
{
	va_list	ap;

	if (p->err != NULL)
		return;
	va_start(ap, fmt);
	p->err = xvasprintf(fmt, ap);
	va_end(ap);
	p->err_line = line;
}

/*
 * Text from the file made fit for an error message: short, and with no byte
 * that could drive the terminal.  Never used on a conninfo, a URL or a
 * command, which may hold secrets.
 */
static char *
show(const char *s)
{
	return text_escape(s, TEXT_SHOW_MAX);
}

/* The blanks inih's lskip() would skip. */
static bool
is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/*
 * Where inih would stop looking for one of chars: at one of them, at the end,
 * or at an inline comment (a ';' after a blank).  Copied in behaviour so that
 * the reader and inih agree on what is a header and what is a key.
 */
static const char *
find_sep(const char *s, const char *chars)
{
	bool	was_space = false;

	while (*s != '\0' && strchr(chars, *s) == NULL &&
	    !(was_space && *s == ';')) {
		was_space = isspace((unsigned char)*s) != 0;
		s++;
	}
	return s;
}

/* ---- values -------------------------------------------------------- */

/*
 * The length of the decimal number at the start of s, 0 if none.  strtod
 * alone would also take hex, "inf", "nan" and the locale's decimal comma.
 */
static size_t
number_len(const char *s)
{
	size_t	i = 0, j, digits = 0;

	if (s[i] == '+' || s[i] == '-')
		i++;
	for (; isdigit((unsigned char)s[i]); i++)
		digits++;
	if (s[i] == '.')
		for (i++; isdigit((unsigned char)s[i]); i++)
			digits++;
	if (digits == 0)
		return 0;
	if (s[i] == 'e' || s[i] == 'E') {
		j = i + 1;
		if (s[j] == '+' || s[j] == '-')
			j++;
		if (isdigit((unsigned char)s[j])) {
			while (isdigit((unsigned char)s[j]))
				j++;
			i = j;
		}
	}
	return i;
}

static double
to_double(struct parser *p, const char *s)
{
	if (p->c_locale != (locale_t)0)
		return strtod_l(s, NULL, p->c_locale);
	return strtod(s, NULL);
}

/* 0 with *out set, -1 when s is not a plain decimal number. */
static int
parse_number(struct parser *p, const char *s, double *out)
{
	size_t	n = number_len(s);

	if (n == 0 || s[n] != '\0')
		return -1;
	*out = to_double(p, s);
	return 0;
}

/* Seconds: a number alone, or followed by ms, s, m or h. */
static int
parse_duration(struct parser *p, const char *s, double *out)
{
	static const struct {
		const char	*suffix;
		double		 scale;
	} units[] = {
		{ "", 1 }, { "ms", 0.001 }, { "s", 1 }, { "m", 60 },
		{ "h", 3600 }
	};
	const char	*u;
	size_t		 n = number_len(s), i;

	if (n == 0)
		return -1;
	for (u = s + n; *u == ' ' || *u == '\t'; u++)
		/* nothing */;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(u, units[i].suffix) == 0) {
			*out = to_double(p, s) * units[i].scale;
			return 0;
		}
	}
	return -1;
}

static int
parse_bool(const char *s, bool *out)
{
	static const char	*yes[] = { "yes", "true", "on", "1" };
	static const char	*no[] = { "no", "false", "off", "0" };
	size_t			 i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static bool
is_http_url(const char *s)
{
	if (strncasecmp(s, "http://", 7) == 0)
		return s[7] != '\0';
	if (strncasecmp(s, "https://", 8) == 0)
		return s[8] != '\0';
	return false;
}

static void
set_string(char **dst, const char *value)
{
	free(*dst);
	*dst = *value == '\0' ? NULL : xstrdup(value);
}

/* Range checks shared by numbers and durations; false when refused. */
static bool
check_range(struct parser *p, const struct key_def *k, double v)
{
	if (!isfinite(v))
		fail(p, p->line, "%s is out of range", k->name);
	else if (v < 0)
		fail(p, p->line, "%s must not be negative", k->name);
	else if (v == 0 && (k->kind == K_PERIOD || k->kind == K_MS))
		fail(p, p->line, "%s must be greater than 0", k->name);
	else if (k->kind == K_PERIOD && v < MIN_PERIOD_S)
		fail(p, p->line, "%s must be at least 1ms", k->name);
	else if ((k->kind == K_PERIOD || k->kind == K_DURATION) &&
	    v > MAX_DURATION_S)
		fail(p, p->line, "%s must be at most one year", k->name);
	else if (k->kind == K_PERCENT && v > 100)
		fail(p, p->line, "%s must be between 0 and 100 (percent)",
		    k->name);
	else if (k->kind == K_COUNT && (v < 1 || v > 100 || v != floor(v)))
		fail(p, p->line, "%s must be a whole number from 1 to 100",
		    k->name);
	return p->err == NULL;
}

static void
set_number(struct parser *p, const struct key_def *k, double *dst,
    const char *value)
{
	double	 v;
	char	*shown;
	int	 rv;

	if (k->kind == K_DURATION || k->kind == K_PERIOD)
		rv = parse_duration(p, value, &v);
	else
		rv = parse_number(p, value, &v);
	if (rv == -1) {
		shown = show(value);
		if (k->kind == K_DURATION || k->kind == K_PERIOD)
			fail(p, p->line, "bad duration '%s' for %s (write "
			    "seconds, or a number with ms, s, m or h)",
			    shown, k->name);
		else
			fail(p, p->line, "bad number '%s' for %s", shown,
			    k->name);
		free(shown);
		return;
	}
	if (!check_range(p, k, v))
		return;
	if (k->kind == K_COUNT)
		*(int *)(void *)dst = (int)v;
	else
		*dst = v;
}

static void
set_value(struct parser *p, const struct key_def *k, void *dst,
    const char *value)
{
	char	**argv, *why, *shown;

	switch (k->kind) {
	case K_STRING:
		set_string(dst, value);
		break;
	case K_URL:
		/* The URL may carry credentials: never shown. */
		if (!is_http_url(value))
			fail(p, p->line, "%s must be an http:// or https:// "
			    "URL", k->name);
		else
			set_string(dst, value);
		break;
	case K_METRIC:
		/* The parser's own rule: a name it would refuse never matches. */
		if (!prom_is_metric_name(value)) {
			shown = show(value);
			fail(p, p->line, "bad metric name '%s' for %s", shown,
			    k->name);
			free(shown);
		} else
			set_string(dst, value);
		break;
	case K_ARGV:
		/* argv_split's reasons never quote the command. */
		if (argv_split(value, &argv, &why) != 0) {
			fail(p, p->line, "bad %s command: %s", k->name, why);
			free(why);
		} else {
			argv_free(*(char ***)dst);
			*(char ***)dst = argv;
		}
		break;
	case K_BOOL:
		if (parse_bool(value, dst) != 0) {
			shown = show(value);
			fail(p, p->line, "bad boolean '%s' for %s (use yes/no, "
			    "true/false, on/off or 1/0)", shown, k->name);
			free(shown);
		}
		break;
	default:
		set_number(p, k, dst, value);
		break;
	}
}

/* ---- keys ------------------------------------------------------------ */

static int
find_key(const struct key_def *keys, const char *name)
{
	int	i;

	for (i = 0; keys[i].name != NULL; i++) {
		if (strcmp(keys[i].name, name) == 0)
			return i;
	}
	return -1;
}

/* Case-blind edit distance, for "did you mean". */
static size_t
distance(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b), i, j, *row, diag, up, d;

	row = xcalloc(lb + 1, sizeof *row);
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			up = row[j];
			d = diag + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (up + 1 < d)
				d = up + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			row[j] = d;
			diag = up;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* The key of this section the user most likely meant, or NULL. */
static const char *
near_miss(const struct key_def *keys, const char *name)
{
	const char	*best = NULL;
	size_t		 d, best_d = SIZE_MAX;
	int		 i;

	if (strlen(name) > 64)
		return NULL;
	for (i = 0; keys[i].name != NULL; i++) {
		d = distance(name, keys[i].name);
		if (d < best_d) {
			best_d = d;
			best = keys[i].name;
		}
	}
	/* Two edits at most, and fewer than half the name. */
	if (best_d > 2 || 2 * best_d >= strlen(name))
		return NULL;
	return best;
}

static char *
section_label(struct parser *p)
{
	struct config	*cfg = p->cfg;

	if (p->section == SEC_SERVICE)
		return xasprintf("service %s",
		    cfg->services[cfg->n_services - 1].name);
	return xstrdup(sections[p->section].name);
}

/* Where a known key was meant to go, if not here. */
static const char *
home_of(struct parser *p, const char *name)
{
	int	s;

	for (s = SEC_DATABASE; s < SEC_COUNT; s++) {
		if (s != (int)p->section && sections[s].keys != NULL &&
		    find_key(sections[s].keys, name) != -1)
			return sections[s].name;
	}
	return NULL;
}

static void
unknown_key(struct parser *p, const char *name)
{
	const char	*home, *guess;
	char		*shown, *label;

	shown = show(name);
	label = section_label(p);
	if ((home = home_of(p, name)) != NULL)
		fail(p, p->line, "unknown key '%s' in [%s] (it belongs in "
		    "[%s])", shown, label, home);
	else if ((guess = near_miss(sections[p->section].keys, name)) != NULL)
		fail(p, p->line, "unknown key '%s' in [%s] (did you mean "
		    "'%s'?)", shown, label, guess);
	else
		fail(p, p->line, "unknown key '%s' in [%s]", shown, label);
	free(label);
	free(shown);
}

static struct seen *
current_seen(struct parser *p)
{
	if (p->section == SEC_SERVICE)
		return &p->svc_seen[p->cfg->n_services - 1];
	return &p->seen[p->section];
}

static void *
current_base(struct parser *p)
{
	struct config	*cfg = p->cfg;

	switch (p->section) {
	case SEC_DATABASE:
		return &cfg->db;
	case SEC_UI:
		return &cfg->ui;
	case SEC_ALERTS:
		return &cfg->alerts;
	default:
		return &cfg->services[cfg->n_services - 1];
	}
}

static void
set_key(struct parser *p, const char *name, const char *value)
{
	const struct key_def	*keys = sections[p->section].keys;
	struct seen		*seen = current_seen(p);
	char			*label;
	int			 i;

	if ((i = find_key(keys, name)) == -1) {
		unknown_key(p, name);
		return;
	}
	if (seen->mask & (1U << i)) {
		label = section_label(p);
		fail(p, p->line, "duplicate key '%s' in [%s] (first at line "
		    "%d)", name, label, seen->line[i]);
		free(label);
		return;
	}
	seen->mask |= 1U << i;
	seen->line[i] = p->line;
	set_value(p, &keys[i], (char *)current_base(p) + keys[i].off, value);
}

/* [keys] is kept as written: the cockpit knows the actions and keys. */
static void
add_binding(struct parser *p, const char *action, const char *keys)
{
	struct config		*cfg = p->cfg;
	struct key_config	*kc;
	char			*shown;
	size_t			 i;

	for (i = 0; i < cfg->n_keys; i++) {
		if (strcmp(cfg->keys[i].action, action) == 0) {
			shown = show(action);
			fail(p, p->line, "duplicate key '%s' in [keys] (first "
			    "at line %d)", shown, cfg->keys[i].line);
			free(shown);
			return;
		}
	}
	cfg->keys = xreallocarray(cfg->keys, cfg->n_keys + 1,
	    sizeof *cfg->keys);
	kc = &cfg->keys[cfg->n_keys++];
	kc->action = xstrdup(action);
	kc->keys = xstrdup(keys);
	kc->line = p->line;
}

static int
on_value(void *user, const char *section, const char *name, const char *value)
{
	struct parser	*p = user;
	char		*shown;

	(void)section;	/* inih's copy is cut at 49 bytes: use ours */
	if (p->err != NULL)
		return 1;
	if (*name == '\0')
		fail(p, p->line, "missing key name before '='");
	else if (p->section == SEC_NONE) {
		shown = show(name);
		fail(p, p->line, "key '%s' before any [section]", shown);
		free(shown);
	} else if (p->section == SEC_KEYS)
		add_binding(p, name, value);
	else
		set_key(p, name, value);
	return p->err == NULL;
}

/* ---- sections -------------------------------------------------------- */

static void
service_defaults(struct svc_config *svc)
{
	memset(svc, 0, sizeof *svc);
	svc->interval_s = 10;
	svc->timeout_s = 5;
	svc->latency_threshold_ms = 2000;
	svc->latency_histogram = xstrdup("http_request_duration_seconds");
	svc->requests_counter = xstrdup("http_requests_total");
	svc->verify_for_s = 60;
	svc->auto_rollback = false;
	svc->verify_failures = 3;
	svc->command_timeout_s = 600;
}

static void
begin_service(struct parser *p, const char *name)
{
	struct config	*cfg = p->cfg;
	struct svc_config *svc;
	char		*shown;
	size_t		 i;

	if (*name == '\0') {
		fail(p, p->line, "service section without a name (write "
		    "[service NAME])");
		return;
	}
	for (i = 0; name[i] != '\0'; i++) {
		/* The name travels to a pane title and an environment. */
		if ((unsigned char)name[i] <= ' ' ||
		    (unsigned char)name[i] >= 0x7f) {
			shown = show(name);
			fail(p, p->line, "bad service name '%s' (printable "
			    "ASCII, no blanks)", shown);
			free(shown);
			return;
		}
	}
	for (i = 0; i < cfg->n_services; i++) {
		if (strcmp(cfg->services[i].name, name) == 0) {
			fail(p, p->line, "duplicate service '%s' (first at "
			    "line %d)", name, cfg->services[i].line);
			return;
		}
	}
	cfg->services = xreallocarray(cfg->services, cfg->n_services + 1,
	    sizeof *cfg->services);
	p->svc_seen = xreallocarray(p->svc_seen, cfg->n_services + 1,
	    sizeof *p->svc_seen);
	memset(&p->svc_seen[cfg->n_services], 0, sizeof *p->svc_seen);
	svc = &cfg->services[cfg->n_services++];
	service_defaults(svc);
	svc->name = xstrdup(name);
	svc->line = p->line;
	p->section = SEC_SERVICE;
}

static void
begin_section(struct parser *p, const char *name)
{
	char	*shown;
	int	 s;

	if (strncmp(name, "service", 7) == 0 &&
	    (name[7] == '\0' || name[7] == ' ' || name[7] == '\t')) {
		for (name += 7; *name == ' ' || *name == '\t'; name++)
			/* nothing */;
		begin_service(p, name);
		return;
	}
	for (s = SEC_DATABASE; s <= SEC_KEYS; s++) {
		if (strcmp(name, sections[s].name) != 0)
			continue;
		if (p->header_line[s] != 0) {
			fail(p, p->line, "duplicate section [%s] (first at "
			    "line %d)", name, p->header_line[s]);
			return;
		}
		p->header_line[s] = p->line;
		p->section = s;
		return;
	}
	shown = show(name);
	fail(p, p->line, "unknown section [%s] (expected database, ui, "
	    "alerts, keys or service NAME)", shown);
	free(shown);
}

/* A "[name]" line; false when refused. */
static bool
parse_header(struct parser *p, const char *s)
{
	const char	*end, *rest, *start;
	char		*name;

	end = find_sep(s + 1, "]");
	if (*end != ']') {
		fail(p, p->line, "section header without closing ']'");
		return false;
	}
	for (rest = end + 1; is_blank(*rest); rest++)
		/* nothing */;
	if (*rest != '\0' && *rest != ';') {
		fail(p, p->line, "text after section header");
		return false;
	}
	for (start = s + 1; start < end && is_blank(*start); start++)
		/* nothing */;
	while (end > start && is_blank(end[-1]))
		end--;
	name = xstrndup(start, end - start);
	begin_section(p, name);
	free(name);
	return p->err == NULL;
}

/* ---- reading ----------------------------------------------------------- */

/*
 * One line into p->raw, without its LF or CRLF and, on line 1, without a
 * UTF-8 byte order mark.  False at the end of the file, on a read error or
 * when the line is refused.
 */
static bool
read_raw(struct parser *p, size_t max, char **linep)
{
	size_t	 cap = max + 4, len = 0;	/* room for a BOM and a CR */
	char	*s;
	int	 c;
	bool	 too_long = false, nul = false;

	if (p->rawsize < cap + 1) {
		p->raw = xreallocarray(p->raw, cap + 1, 1);
		p->rawsize = cap + 1;
	}
	for (;;) {
		if ((c = getc(p->fp)) == EOF) {
			if (ferror(p->fp)) {
				p->read_errno = errno != 0 ? errno : EIO;
				return false;
			}
			p->eof = true;
			if (len == 0)
				return false;
			break;
		}
		if (c == '\n')
			break;
		if (c == '\0')
			nul = true;
		if (len == cap)
			too_long = true;
		if (nul || too_long)
			break;
		p->raw[len++] = c;
	}
	p->line++;
	p->raw[len] = '\0';
	s = p->raw;
	if (p->line == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		len -= 3;
	}
	if (len > 0 && s[len - 1] == '\r')
		s[--len] = '\0';
	if (nul)
		fail(p, p->line, "line contains a NUL byte");
	else if (too_long || len > max)
		fail(p, p->line, "line longer than %zu characters", max);
	*linep = s;
	return p->err == NULL;
}

/* The ini_reader: hands inih one checked, unindented line. */
static char *
read_line(char *buf, int size, void *stream)
{
	struct parser	*p = stream;
	const char	*sep;
	char		*s;
	bool		 indented;

	if (p->err != NULL || p->eof || p->read_errno != 0 || size < 2)
		return NULL;
	if (!read_raw(p, (size_t)size - 1, &s))
		return NULL;

	/*
	 * With the indentation gone inih never sees a continuation line:
	 * an indented "key = value" stays a key of its own.
	 */
	indented = is_blank(*s);
	while (is_blank(*s))
		s++;
	if (*s == '[') {
		if (!parse_header(p, s))
			return NULL;
	} else if (*s != '\0' && *s != ';' && *s != '#') {
		sep = find_sep(s, "=:");
		if (*sep != '=' && *sep != ':') {
			fail(p, p->line, "expected 'name = value'%s",
			    indented ? " (an indented line does not continue "
			    "the value above)" : "");
			return NULL;
		}
	}
	memmove(buf, s, strlen(s) + 1);
	return buf;
}

/* ---- after the file ----------------------------------------------------- */

static void
finish(struct parser *p)
{
	struct config		*cfg = p->cfg;
	struct svc_config	*svc;
	size_t			 i;
	int			 health, p95, err_rate, stale;

	health = find_key(svc_keys, "health");
	p95 = find_key(svc_keys, "p95_threshold_ms");
	err_rate = find_key(svc_keys, "error_rate_threshold");
	stale = find_key(ui_keys, "stale_after");

	for (i = 0; i < cfg->n_services; i++) {
		svc = &cfg->services[i];
		if (!(p->svc_seen[i].mask & (1U << health))) {
			fail(p, svc->line, "service '%s' has no health URL",
			    svc->name);
			return;
		}
		/* [alerts] may come after the services. */
		if (!(p->svc_seen[i].mask & (1U << p95)))
			svc->p95_threshold_ms = cfg->alerts.p95_ms;
		if (!(p->svc_seen[i].mask & (1U << err_rate)))
			svc->error_rate_threshold = cfg->alerts.error_rate_pct;
	}
	if (!(p->seen[SEC_UI].mask & (1U << stale)))
		cfg->ui.stale_after_s = 3 * cfg->db.refresh_s;
}

void
config_init_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->db.refresh_s = 5;
	cfg->db.agent_stale_after_s = 120;
	cfg->db.connect_timeout_s = 10;
	cfg->db.query_timeout_s = 30;
	cfg->ui.bell = true;
	cfg->ui.read_only = false;
	cfg->ui.wall_cycle_s = 10;
	cfg->ui.stale_after_s = 3 * cfg->db.refresh_s;
	cfg->alerts.down_for_s = 120;
	cfg->alerts.error_rate_pct = 5;
	cfg->alerts.error_rate_for_s = 300;
	cfg->alerts.p95_ms = 10000;
	cfg->alerts.p95_for_s = 600;
	cfg->alerts.agents = true;
	cfg->alerts.blocked = true;
}

/* /dev/null is the usual way to say "no configuration". */
static bool
is_dev_null(const struct stat *st)
{
	struct stat null;

	return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 &&
	    st->st_rdev == null.st_rdev;
}

/*
 * Opening a FIFO waits for a writer, and a terminal or a device may never
 * end: only a regular file (or /dev/null) is read.  The open itself must
 * not block, so it is non-blocking until the type is known.
 */
static FILE *
config_open(const char *path, char **cause)
{
	struct stat	 st;
	FILE		*fp;
	int		 fd, flags;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: cannot open: %s", path,
		    strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || (!S_ISREG(st.st_mode) &&
	    !is_dev_null(&st))) {
		*cause = xasprintf("%s: cannot read: %s", path,
		    S_ISDIR(st.st_mode) ? strerror(EISDIR) :
		    "not a regular file");
		close(fd);
		return NULL;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1 ||
	    (fp = fdopen(fd, "r")) == NULL) {
		*cause = xasprintf("%s: cannot open: %s", path,
		    strerror(errno));
		close(fd);
		return NULL;
	}
	return fp;
}

/*
 * The file is read into a fresh struct that replaces *cfg only when all of
 * it is good, so a failed reload leaves the running configuration alone.
 */
int
config_load(struct config *cfg, const char *path, char **cause)
{
	struct parser	p;
	struct config	next;
	int		rv;

	*cause = NULL;
	memset(&p, 0, sizeof p);
	if ((p.fp = config_open(path, cause)) == NULL)
		return -1;
	config_init_defaults(&next);
	p.cfg = &next;
	/* Without it (out of memory) strtod's own locale is the fallback. */
	p.c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);

	errno = 0;
	rv = ini_parse_stream(read_line, &p, on_value, &p);
	if (rv != 0 && (p.err == NULL || rv < p.err_line)) {
		/* inih saw something the reader let through. */
		free(p.err);
		p.err = NULL;
		fail(&p, rv > 0 ? rv : p.line, "syntax error");
	}
	if (p.err == NULL && p.read_errno == 0)
		finish(&p);

	fclose(p.fp);
	if (p.c_locale != (locale_t)0)
		freelocale(p.c_locale);
	free(p.raw);
	free(p.svc_seen);

	if (p.err != NULL || p.read_errno != 0) {
		if (p.err != NULL)
			*cause = xasprintf("%s:%d: %s", path, p.err_line,
			    p.err);
		else
			*cause = xasprintf("%s: cannot read: %s", path,
			    strerror(p.read_errno));
		free(p.err);
		config_free(&next);
		return -1;
	}
	next.path = xstrdup(path);
	config_free(cfg);
	*cfg = next;
	return 0;
}

char *
config_default_path(void)
{
	const char	*xdg, *home;
	size_t		 len;

	/* XDG says a relative XDG_CONFIG_HOME is invalid and ignored. */
	xdg = getenv("XDG_CONFIG_HOME");
	if (xdg != NULL && xdg[0] == '/') {
		len = strlen(xdg);
		while (len > 1 && xdg[len - 1] == '/')
			len--;
		if (len == 1)
			len = 0;
		return xasprintf("%.*s/opsdeck/opsdeck.conf", (int)len, xdg);
	}
	home = getenv("HOME");
	if (home == NULL || *home == '\0')
		return NULL;
	return xasprintf("%s/.config/opsdeck/opsdeck.conf", home);
}

void
config_free(struct config *cfg)
{
	struct svc_config	*svc;
	size_t			 i;

	free(cfg->path);
	free(cfg->db.conninfo);
	free(cfg->ui.theme);
	free(cfg->ui.principal);
	free(cfg->ui.operator);
	for (i = 0; i < cfg->n_services; i++) {
		svc = &cfg->services[i];
		free(svc->name);
		free(svc->health);
		free(svc->metrics);
		free(svc->latency_histogram);
		free(svc->requests_counter);
		argv_free(svc->deploy);
		argv_free(svc->rollback);
	}
	free(cfg->services);
	for (i = 0; i < cfg->n_keys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].keys);
	}
	free(cfg->keys);
	memset(cfg, 0, sizeof *cfg);
}
