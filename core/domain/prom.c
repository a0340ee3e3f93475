#include "autoconfig.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "prom.h"
#include "utf8.h"
#include "xalloc.h"

/*
 * The parser works line by line: memchr finds the end of a line, and every
 * token scanner below advances a cursor that never passes that end.  Nothing
 * looks back, so the whole input is read a small constant number of times.
 */

struct cursor {
	const char	*p;
	const char	*end;
};

struct parse_state {
	struct prom_scrape	*out;
	size_t			 samples_cap;
	size_t			 types_cap;
};

/* The longest value or le we accept; Go's shortest float form is < 30. */
#define FLOAT_TOKEN_MAX 64

static const char *const type_names[] = {
	[PROM_UNTYPED] = "untyped",
	[PROM_COUNTER] = "counter",
	[PROM_GAUGE] = "gauge",
	[PROM_HISTOGRAM] = "histogram",
	[PROM_SUMMARY] = "summary",
};

/* ASCII only, on purpose: <ctype.h> follows the locale. */
static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static char
to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static void
skip_blanks(struct cursor *c)
{
	while (c->p < c->end && is_blank(*c->p))
		c->p++;
}

static bool
at_end(const struct cursor *c)
{
	return c->p >= c->end;
}

/* Length of the token starting at c->p that ends at a blank or the end. */
static size_t
token_len(const struct cursor *c)
{
	const char *q = c->p;

	while (q < c->end && !is_blank(*q))
		q++;
	return (size_t)(q - c->p);
}

static bool
token_is(const char *tok, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(tok, word, n) == 0;
}

size_t
prom_metric_name_len(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !(is_alpha(s[0]) || s[0] == '_' || s[0] == ':'))
		return 0;
	for (i = 1; i < n; i++)
		if (!(is_alpha(s[i]) || is_digit(s[i]) || s[i] == '_' ||
		    s[i] == ':'))
			break;
	return i;
}

bool
prom_is_metric_name(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && prom_metric_name_len(s, n) == n;
}

static size_t
scan_metric_name(const struct cursor *c)
{
	return prom_metric_name_len(c->p, (size_t)(c->end - c->p));
}

/* Label names: [a-zA-Z_][a-zA-Z0-9_]*. */
static size_t
scan_label_name(const struct cursor *c)
{
	const char *q = c->p;

	if (q >= c->end || !(is_alpha(*q) || *q == '_'))
		return 0;
	for (q++; q < c->end; q++)
		if (!(is_alpha(*q) || is_digit(*q) || *q == '_'))
			break;
	return (size_t)(q - c->p);
}

static bool
prefix_ci(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);

	if (n < wl)
		return false;
	for (size_t i = 0; i < wl; i++)
		if (to_lower(s[i]) != word[i])
			return false;
	return true;
}

/*
 * Go's strconv.ParseFloat syntax, which is what client_golang writes and
 * what the format refers to: decimal or hex floats, and Inf / Infinity / NaN
 * in any case, Inf with an optional sign.  strtod alone would also take
 * "nan(...)", leading blanks and the locale's decimal point (the program
 * pins LC_NUMERIC to "C", see field notes §7), so the special words are
 * handled here and strtod only sees digits, signs, dots and exponents.
 * Out-of-range values (1e999) are refused as Go refuses them.
 */
static bool
parse_go_float(const char *tok, size_t n, double *v)
{
	char buf[FLOAT_TOKEN_MAX + 1];
	const char *s = tok;
	size_t sn = n;
	double sign = 1;
	char *endp;

	if (n == 0 || n > FLOAT_TOKEN_MAX)
		return false;
	if (n == 3 && prefix_ci(tok, n, "nan")) {
		*v = NAN;
		return true;
	}
	if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		s++;
		sn--;
	}
	if ((sn == 3 && prefix_ci(s, sn, "inf")) ||
	    (sn == 8 && prefix_ci(s, sn, "infinity"))) {
		*v = sign * INFINITY;
		return true;
	}
	for (size_t i = 0; i < n; i++) {
		char ch = tok[i];

		if (!(is_digit(ch) || ch == '.' || ch == '+' || ch == '-' ||
		    (to_lower(ch) >= 'a' && to_lower(ch) <= 'f') ||
		    to_lower(ch) == 'x' || to_lower(ch) == 'p'))
			return false;
	}
	memcpy(buf, tok, n);
	buf[n] = '\0';
	errno = 0;
	*v = strtod(buf, &endp);
	if (endp != buf + n)
		return false;
	if (errno == ERANGE && isinf(*v))
		return false;
	return true;
}

/* A decimal int64 with an optional sign, as strconv.ParseInt(s, 10, 64). */
static bool
parse_int64(const char *tok, size_t n, int64_t *v)
{
	size_t i = 0;
	bool neg = false;
	uint64_t acc = 0;
	uint64_t limit;

	if (n > 0 && (tok[0] == '+' || tok[0] == '-')) {
		neg = tok[0] == '-';
		i++;
	}
	if (i == n)
		return false;
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		unsigned d;

		if (!is_digit(tok[i]))
			return false;
		d = (unsigned)(tok[i] - '0');
		if (acc > (limit - d) / 10)
			return false;
		acc = acc * 10 + d;
	}
	if (neg)
		*v = acc == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)acc;
	else
		*v = (int64_t)acc;
	return true;
}

static void
sample_free(struct prom_sample *s)
{
	for (size_t i = 0; i < s->n_labels; i++) {
		free(s->labels[i].name);
		free(s->labels[i].value);
	}
	free(s->labels);
	free(s->name);
}

/*
 * A quoted label value, c->p on the opening quote.  The first pass finds the
 * closing quote and checks the escapes, the second decodes into a buffer no
 * longer than the raw text.
 */
static const char *
read_label_value(struct cursor *c, char **out)
{
	const char *start, *q;
	char *dst, *w;

	start = ++c->p;
	for (q = start; q < c->end && *q != '"'; q++) {
		if (*q != '\\')
			continue;
		if (++q >= c->end)
			return "unterminated label value";
		if (*q != '\\' && *q != '"' && *q != 'n')
			return "invalid escape in label value";
	}
	if (q >= c->end)
		return "unterminated label value";
	dst = w = xmalloc((size_t)(q - start) + 1);
	for (const char *r = start; r < q; r++) {
		if (*r == '\\') {
			r++;
			*w++ = *r == 'n' ? '\n' : *r;
		} else
			*w++ = *r;
	}
	*w = '\0';
	/* Label values end up on the operator's terminal and in the snapshot
	 * JSON: strict UTF-8 only. */
	if (!utf8_valid(dst, (size_t)(w - dst))) {
		free(dst);
		return "invalid UTF-8 in label value";
	}
	c->p = q + 1;
	*out = dst;
	return NULL;
}

static bool
has_label(const struct prom_sample *s, const char *name, size_t n)
{
	for (size_t i = 0; i < s->n_labels; i++)
		if (strlen(s->labels[i].name) == n &&
		    memcmp(s->labels[i].name, name, n) == 0)
			return true;
	return false;
}

/* One name="value" pair, c->p on the name. */
static const char *
read_label(struct cursor *c, struct prom_sample *s, size_t *cap)
{
	size_t n = scan_label_name(c);
	const char *name = c->p;
	const char *why;
	char *value;

	if (n == 0)
		return "bad label name";
	if (s->n_labels == PROM_MAX_LABELS)
		return "too many labels";
	if (has_label(s, name, n))
		return "duplicate label name";
	c->p += n;
	skip_blanks(c);
	if (at_end(c) || *c->p != '=')
		return "label without '='";
	c->p++;
	skip_blanks(c);
	if (at_end(c) || *c->p != '"')
		return "label value not quoted";
	if ((why = read_label_value(c, &value)) != NULL)
		return why;
	if (s->n_labels == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		s->labels = xreallocarray(s->labels, *cap, sizeof *s->labels);
	}
	s->labels[s->n_labels].name = xstrndup(name, n);
	s->labels[s->n_labels].value = value;
	s->n_labels++;
	return NULL;
}

/* {a="x",b="y",} with c->p on the brace; a trailing comma is allowed. */
static const char *
read_labels(struct cursor *c, struct prom_sample *s)
{
	size_t cap = 0;
	const char *why;

	c->p++;
	for (;;) {
		skip_blanks(c);
		if (at_end(c))
			return "unterminated label set";
		if (*c->p == '}')
			break;
		if ((why = read_label(c, s, &cap)) != NULL)
			return why;
		skip_blanks(c);
		if (at_end(c))
			return "unterminated label set";
		if (*c->p == ',')
			c->p++;
		else if (*c->p != '}')
			return "expected ',' or '}' after label";
	}
	c->p++;
	return NULL;
}

/* value [timestamp], then only blanks to the end of the line. */
static const char *
read_value_and_ts(struct cursor *c, struct prom_sample *s)
{
	size_t n;

	skip_blanks(c);
	if (at_end(c))
		return "missing value";
	n = token_len(c);
	if (!parse_go_float(c->p, n, &s->value))
		return "bad value";
	c->p += n;
	skip_blanks(c);
	if (at_end(c))
		return NULL;
	n = token_len(c);
	if (!parse_int64(c->p, n, &s->ts_ms))
		return "bad timestamp";
	s->has_ts = true;
	c->p += n;
	skip_blanks(c);
	if (!at_end(c))
		return "unexpected text after timestamp";
	return NULL;
}

static void
push_sample(struct parse_state *st, struct prom_sample *s)
{
	struct prom_scrape *out = st->out;

	if (out->n_samples == st->samples_cap) {
		st->samples_cap = st->samples_cap ? st->samples_cap * 2 : 64;
		out->samples = xreallocarray(out->samples, st->samples_cap,
		    sizeof *out->samples);
	}
	out->samples[out->n_samples++] = *s;
}

static const char *
parse_sample_line(struct parse_state *st, struct cursor *c)
{
	struct prom_sample s;
	size_t n = scan_metric_name(c);
	const char *why = NULL;

	if (n == 0)
		return "bad metric name";
	memset(&s, 0, sizeof s);
	s.name = xstrndup(c->p, n);
	c->p += n;
	/*
	 * Demand a separator after the name: "x-1 2" is garbage, not x = -1
	 * at time 2.
	 */
	if (at_end(c))
		why = "missing value";
	else if (*c->p != '{' && !is_blank(*c->p))
		why = "bad metric name";
	if (why == NULL) {
		skip_blanks(c);
		if (!at_end(c) && *c->p == '{')
			why = read_labels(c, &s);
	}
	if (why == NULL)
		why = read_value_and_ts(c, &s);
	if (why != NULL) {
		sample_free(&s);
		return why;
	}
	push_sample(st, &s);
	return NULL;
}

static const char *
parse_type(struct parse_state *st, struct cursor *c)
{
	struct prom_scrape *out = st->out;
	size_t n = scan_metric_name(c), tn;
	const char *name = c->p;
	int t;

	if (n == 0 || (c->p + n < c->end && !is_blank(c->p[n])))
		return "bad metric name in # TYPE";
	c->p += n;
	skip_blanks(c);
	tn = token_len(c);
	/* Case-insensitive, like the Go parser. */
	for (t = PROM_UNTYPED; t <= PROM_SUMMARY; t++)
		if (tn == strlen(type_names[t]) &&
		    prefix_ci(c->p, tn, type_names[t]))
			break;
	if (t > PROM_SUMMARY)
		return "unknown metric type in # TYPE";
	c->p += tn;
	skip_blanks(c);
	if (!at_end(c))
		return "unexpected text after # TYPE";
	if (out->n_types == st->types_cap) {
		st->types_cap = st->types_cap ? st->types_cap * 2 : 16;
		out->types = xreallocarray(out->types, st->types_cap,
		    sizeof *out->types);
	}
	out->types[out->n_types].family = xstrndup(name, n);
	out->types[out->n_types].type = (enum prom_type)t;
	out->n_types++;
	return NULL;
}

/*
 * "# HELP name text" and "# TYPE name type" are the only comments with a
 * meaning; "# HELP" or "# TYPE" with nothing after them is a plain comment,
 * as in the Go parser.  HELP text is free-form and not kept.
 */
static const char *
parse_comment(struct parse_state *st, struct cursor *c)
{
	size_t n;
	bool help, type;

	c->p++;
	skip_blanks(c);
	n = token_len(c);
	help = token_is(c->p, n, "HELP");
	type = token_is(c->p, n, "TYPE");
	if (!help && !type)
		return NULL;
	c->p += n;
	skip_blanks(c);
	if (at_end(c))
		return NULL;
	if (type)
		return parse_type(st, c);
	n = scan_metric_name(c);
	if (n == 0 || (c->p + n < c->end && !is_blank(c->p[n])))
		return "bad metric name in # HELP";
	return NULL;
}

static const char *
parse_line(struct parse_state *st, const char *line, size_t n)
{
	struct cursor c = { line, line + n };

	if (memchr(line, '\0', n) != NULL)
		return "NUL byte";
	skip_blanks(&c);
	if (at_end(&c))
		return NULL;
	if (*c.p == '#')
		return parse_comment(st, &c);
	return parse_sample_line(st, &c);
}

int
prom_parse(const char *buf, size_t len, struct prom_scrape *out, char **cause)
{
	struct parse_state st = { out, 0, 0 };
	const char *p, *end;
	size_t lineno = 0;

	memset(out, 0, sizeof *out);
	if (cause != NULL)
		*cause = NULL;
	if (buf == NULL || len == 0)
		return 0;
	p = buf;
	end = buf + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl != NULL ? nl : end;
		size_t n = (size_t)(eol - p);
		const char *why;

		lineno++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if ((why = parse_line(&st, p, n)) != NULL) {
			if (out->n_errors++ == 0)
				out->first_error = xasprintf("line %zu: %s",
				    lineno, why);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	if (out->n_errors > 0 && out->n_samples == 0) {
		if (cause != NULL)
			*cause = xstrdup(out->first_error);
		prom_scrape_free(out);
		return -1;
	}
	return 0;
}

void
prom_scrape_free(struct prom_scrape *sc)
{
	if (sc == NULL)
		return;
	for (size_t i = 0; i < sc->n_samples; i++)
		sample_free(&sc->samples[i]);
	free(sc->samples);
	for (size_t i = 0; i < sc->n_types; i++)
		free(sc->types[i].family);
	free(sc->types);
	free(sc->first_error);
	memset(sc, 0, sizeof *sc);
}

enum prom_type
prom_type_of(const struct prom_scrape *sc, const char *family)
{
	for (size_t i = 0; i < sc->n_types; i++)
		if (strcmp(sc->types[i].family, family) == 0)
			return sc->types[i].type;
	return PROM_UNTYPED;
}

const char *
prom_type_name(enum prom_type t)
{
	if ((unsigned)t > PROM_SUMMARY)
		return "untyped";
	return type_names[t];
}

const char *
prom_label_value(const struct prom_sample *s, const char *name)
{
	for (size_t i = 0; i < s->n_labels; i++)
		if (strcmp(s->labels[i].name, name) == 0)
			return s->labels[i].value;
	return NULL;
}

/* ---- histograms ---------------------------------------------------- */

static int
bucket_cmp(const void *a, const void *b)
{
	double x = ((const struct prom_bucket *)a)->le;
	double y = ((const struct prom_bucket *)b)->le;

	return (x > y) - (x < y);
}

/*
 * Adds one _bucket sample to the (unsorted) list, if its le is usable.  A
 * bound of -Inf is not: nothing is observed below it, and as the first
 * bound it would be returned as the quantile.
 */
static void
add_bucket(struct prom_hist *h, size_t *cap, const struct prom_sample *s)
{
	const char *le = prom_label_value(s, "le");
	double bound;

	if (le == NULL || !parse_go_float(le, strlen(le), &bound) ||
	    isnan(bound) || bound == -INFINITY || isnan(s->value))
		return;
	if (h->n_buckets == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		h->buckets = xreallocarray(h->buckets, *cap, sizeof *h->buckets);
	}
	h->buckets[h->n_buckets].le = bound;
	h->buckets[h->n_buckets].count = s->value;
	h->n_buckets++;
}

/* Sorts by le and sums the entries that share one: "1" and "1.0" merge. */
static void
merge_buckets(struct prom_hist *h)
{
	size_t w = 0;

	qsort(h->buckets, h->n_buckets, sizeof *h->buckets, bucket_cmp);
	for (size_t r = 0; r < h->n_buckets; r++) {
		if (w > 0 && h->buckets[w - 1].le == h->buckets[r].le)
			h->buckets[w - 1].count += h->buckets[r].count;
		else
			h->buckets[w++] = h->buckets[r];
	}
	h->n_buckets = w;
}

static bool
is_series_of(const char *name, const char *family, const char *suffix)
{
	size_t fl = strlen(family);

	return strncmp(name, family, fl) == 0 && strcmp(name + fl, suffix) == 0;
}

int
prom_histogram(const struct prom_scrape *sc, const char *family,
    struct prom_hist *out)
{
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < sc->n_samples; i++) {
		const struct prom_sample *s = &sc->samples[i];

		if (is_series_of(s->name, family, "_bucket"))
			add_bucket(out, &cap, s);
		else if (is_series_of(s->name, family, "_count") &&
		    !isnan(s->value)) {
			out->count += s->value;
			out->has_count = true;
		} else if (is_series_of(s->name, family, "_sum") &&
		    !isnan(s->value)) {
			out->sum += s->value;
			out->has_sum = true;
		}
	}
	if (out->n_buckets == 0) {
		prom_hist_free(out);
		return -1;
	}
	merge_buckets(out);
	return 0;
}

void
prom_hist_free(struct prom_hist *h)
{
	if (h == NULL)
		return;
	free(h->buckets);
	memset(h, 0, sizeof *h);
}

/*
 * Fills cum[] with cur's cumulative counts minus prev's, bound by bound.  A
 * bound that prev lacks counts from 0 (a series appeared); if any bound went
 * down, the target restarted and cur's own counts are the interval.
 */
static void
interval_counts(const struct prom_hist *prev, const struct prom_hist *cur,
    double *cum)
{
	bool reset = false;
	size_t j = 0;

	for (size_t i = 0; i < cur->n_buckets; i++) {
		double before = 0;

		while (prev != NULL && j < prev->n_buckets &&
		    prev->buckets[j].le < cur->buckets[i].le)
			j++;
		if (prev != NULL && j < prev->n_buckets &&
		    prev->buckets[j].le == cur->buckets[i].le)
			before = prev->buckets[j].count;
		if (cur->buckets[i].count < before)
			reset = true;
		cum[i] = cur->buckets[i].count - before;
	}
	if (reset)
		for (size_t i = 0; i < cur->n_buckets; i++)
			cum[i] = cur->buckets[i].count;
	/*
	 * Summed series with different layouts, or scrapes racing with
	 * observations, can make the sequence dip; PromQL takes the running
	 * maximum, and so do we.
	 */
	for (size_t i = 1; i < cur->n_buckets; i++)
		if (cum[i] < cum[i - 1])
			cum[i] = cum[i - 1];
}

static double
quantile_of(double q, const struct prom_bucket *b, const double *cum, size_t n)
{
	double total = cum[n - 1], rank, lower, upper, below, count, f;
	size_t i;

	if (!(total > 0))
		return NAN;
	rank = q * total;
	/* Only the finite buckets are searched; past them is the +Inf one. */
	for (i = 0; i < n - 1; i++)
		if (cum[i] >= rank)
			break;
	if (i == n - 1)
		return b[n - 2].le;
	upper = b[i].le;
	if (i == 0 && upper <= 0)
		return upper;
	lower = i == 0 ? 0 : b[i - 1].le;
	below = i == 0 ? 0 : cum[i - 1];
	count = cum[i] - below;
	if (!(count > 0))
		return lower;
	/* A weighted mean: bounds far apart (-1e308, 1e308) cannot overflow. */
	f = (rank - below) / count;
	return lower * (1 - f) + upper * f;
}

double
prom_hist_quantile(double q, const struct prom_hist *prev,
    const struct prom_hist *cur)
{
	double *cum, r;
	size_t n;

	if (isnan(q) || cur == NULL)
		return NAN;
	if (q < 0)
		return -INFINITY;
	if (q > 1)
		return INFINITY;
	n = cur->n_buckets;
	if (n < 2 || !(isinf(cur->buckets[n - 1].le) &&
	    cur->buckets[n - 1].le > 0))
		return NAN;
	cum = xreallocarray(NULL, n, sizeof *cum);
	interval_counts(prev, cur, cum);
	r = quantile_of(q, cur->buckets, cum, n);
	free(cum);
	return r;
}

double
prom_hist_mean(const struct prom_hist *prev, const struct prom_hist *cur)
{
	double dc, ds;

	if (cur == NULL || !cur->has_count || !cur->has_sum)
		return NAN;
	dc = cur->count;
	ds = cur->sum;
	/* _sum may go down legitimately (negative observations); _count not. */
	if (prev != NULL && prev->has_count && prev->has_sum &&
	    prev->count <= cur->count) {
		dc -= prev->count;
		ds -= prev->sum;
	}
	if (!(dc > 0))
		return NAN;
	return ds / dc;
}

/* ---- error rate ---------------------------------------------------- */

/* "500".."599", "5xx": the class of an HTTP status label. */
static bool
is_5xx(const char *v)
{
	if (v == NULL || strlen(v) != 3 || v[0] != '5')
		return false;
	if (is_digit(v[1]) && is_digit(v[2]))
		return true;
	return to_lower(v[1]) == 'x' && to_lower(v[2]) == 'x';
}

static size_t
sum_counter(const struct prom_scrape *sc, const char *name, double *total,
    double *errors)
{
	size_t found = 0;

	*total = 0;
	*errors = 0;
	for (size_t i = 0; i < sc->n_samples; i++) {
		const struct prom_sample *s = &sc->samples[i];

		if (strcmp(s->name, name) != 0)
			continue;
		found++;
		if (!isfinite(s->value))
			continue;
		*total += s->value;
		if (is_5xx(prom_label_value(s, "code")) ||
		    is_5xx(prom_label_value(s, "status")))
			*errors += s->value;
	}
	return found;
}

int
prom_counter_by_class(const struct prom_scrape *sc, const char *counter,
    double *total, double *errors5xx)
{
	static const char suffix[] = "_total";
	size_t len = strlen(counter), sl = sizeof suffix - 1;
	char *other;
	size_t found;

	if (sum_counter(sc, counter, total, errors5xx) > 0)
		return 0;
	if (len > sl && strcmp(counter + len - sl, suffix) == 0)
		other = xstrndup(counter, len - sl);
	else
		other = xasprintf("%s%s", counter, suffix);
	found = sum_counter(sc, other, total, errors5xx);
	free(other);
	return found > 0 ? 0 : -1;
}

double
prom_error_rate(double prev_total, double prev_err, double cur_total,
    double cur_err)
{
	double dt, de, r;

	if (!isfinite(prev_total) || !isfinite(prev_err) ||
	    !isfinite(cur_total) || !isfinite(cur_err))
		return NAN;
	if (cur_total < prev_total || cur_err < prev_err) {
		dt = cur_total;
		de = cur_err;
	} else {
		dt = cur_total - prev_total;
		de = cur_err - prev_err;
	}
	if (!(dt > 0))
		return NAN;
	r = 100 * de / dt;
	/* Two scrapes are not atomic: keep a racy reading inside 0..100. */
	if (r < 0)
		r = 0;
	if (r > 100)
		r = 100;
	return r;
}
