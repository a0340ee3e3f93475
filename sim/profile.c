#include "autoconfig.h"

/*
 * Behaviour specs, BEHAVIOUR[,OPTION...], into a struct profile, and the
 * numbers of the command line.  Nothing here exits: the command line dies
 * on a bad spec (main.c), the control endpoint answers 400 and keeps the
 * old behaviour (control.c), so both get the reason as text.
 */

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "xalloc.h"

static const struct option_def {
	const char	*name;
	unsigned	 bit;
	const char	*want;		/* for error messages */
} option_defs[] = {
	{ "delay", O_DELAY, "milliseconds" },
	{ "mdelay", O_MDELAY, "milliseconds" },
	{ "p95", O_P95, "milliseconds, at most 120000" },
	{ "errors", O_ERRORS, "a percentage" },
	{ "style", O_STYLE, "json, ietf, spring or text" },
	{ "period", O_PERIOD, "a count from 1" },
	{ "to", O_TO, "a path or http(s) URL without blanks" },
	{ "loop", O_LOOP, "no value" },
	{ "size", O_SIZE, "bytes, with K/M/G, 0 for endless" },
	{ "status", O_STATUS, "an HTTP status from 400 to 599" },
};

static const char *const style_names[] = { "json", "ietf", "spring", "text" };

int
parse_u64(const char *s, uint64_t max, int suffix, uint64_t *out)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (suffix && *end != '\0' && end[1] == '\0') {
		switch (*end) {
		case 'k': case 'K': mult = 1ULL << 10; end++; break;
		case 'm': case 'M': mult = 1ULL << 20; end++; break;
		case 'g': case 'G': mult = 1ULL << 30; end++; break;
		}
	}
	if (*end != '\0' || v > max / mult)
		return -1;
	*out = v * mult;
	return 0;
}

int
parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) ||
	    v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Sets option o of p from val; -1 if val is not acceptable. */
static int
option_set(struct profile *p, const struct option_def *o, const char *val)
{
	uint64_t v;
	size_t i;

	if ((o->bit == O_LOOP) != (val == NULL))
		return -1;
	switch (o->bit) {
	case O_DELAY:
		return parse_u64(val, 3600000, 0, &p->delay_ms);
	case O_MDELAY:
		return parse_u64(val, 3600000, 0, &p->mdelay_ms);
	case O_PERIOD:
		return parse_u64(val, 1000000, 0, &p->period) || !p->period;
	case O_SIZE:
		return parse_u64(val, UINT64_MAX, 1, &p->size);
	case O_P95:
		return parse_double(val, 0, 120000, &p->p95_ms);
	case O_ERRORS:
		return parse_double(val, 0, 100, &p->errors_pct);
	case O_STATUS:
		if (parse_u64(val, 599, 0, &v) != 0 || v < 400)
			return -1;
		p->status = (int)v;
		return 0;
	case O_LOOP:
		p->loop = 1;
		return 0;
	case O_TO:
		if (strlen(val) >= sizeof p->to || strpbrk(val, " \t\r\n") ||
		    (val[0] != '/' && strncmp(val, "http://", 7) != 0 &&
		    strncmp(val, "https://", 8) != 0))
			return -1;
		strcpy(p->to, val);
		return 0;
	case O_STYLE:
		for (i = 0; i < NITEMS(style_names); i++) {
			if (strcmp(val, style_names[i]) == 0) {
				p->style = (enum style)i;
				return 0;
			}
		}
		return -1;
	}
	return -1;
}

static const struct behaviour_def *
behaviour_find(const char *name)
{
	size_t i;

	for (i = 0; i < n_behaviours; i++)
		if (strcmp(name, behaviours[i].name) == 0)
			return &behaviours[i];
	return NULL;
}

/* p as behaviour d with its defaults. */
static void
profile_start(const struct behaviour_def *d, struct profile *p)
{
	memset(p, 0, sizeof *p);
	p->b = (enum behaviour)(d - behaviours);
	p->delay_ms = d->delay_ms;
	p->mdelay_ms = d->mdelay_ms;
	p->period = d->period;
	p->status = 500;
	p->size = 1ULL << 30;
	p->p95_ms = p->errors_pct = -1;
	strcpy(p->to, "/health/real");
}

static const struct option_def *
option_find(const char *name)
{
	const struct option_def *o;

	for (o = option_defs; o < option_defs + NITEMS(option_defs); o++)
		if (strcmp(name, o->name) == 0)
			return o;
	return NULL;
}

static int
fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes the reason into err; always -1, for `return fail(...)`. */
static int
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* Applies one OPTION[=VALUE] token of behaviour d to p. */
static int
profile_option(struct profile *p, const struct behaviour_def *d, char *tok,
    char *err, size_t errlen)
{
	const struct option_def *o;
	char *val;

	if ((val = strchr(tok, '=')) != NULL)
		*val++ = '\0';
	if ((o = option_find(tok)) == NULL)
		return fail(err, errlen, "unknown option '%s'", tok);
	if (((O_COMMON | d->opts) & o->bit) == 0)
		return fail(err, errlen, "option '%s' does not apply to %s",
		    tok, d->name);
	if (option_set(p, o, val) != 0)
		return fail(err, errlen, "bad %s%s%s (want %s)", tok,
		    val ? "=" : "", val ? val : "", o->want);
	return 0;
}

int
profile_parse(const char *text, struct profile *p, char *err, size_t errlen)
{
	char *copy = xstrdup(text), *save = NULL, *tok;
	const struct behaviour_def *d;
	int r = 0;

	if ((tok = strtok_r(copy, ",", &save)) == NULL)
		r = fail(err, errlen, "no behaviour");
	else if ((d = behaviour_find(tok)) == NULL)
		r = fail(err, errlen, "unknown behaviour '%s'", tok);
	else {
		profile_start(d, p);
		while (r == 0 && (tok = strtok_r(NULL, ",", &save)) != NULL)
			r = profile_option(p, d, tok, err, errlen);
	}
	free(copy);
	return r;
}
