#include "autoconfig.h"

/*
 * core/prom.c against the promises of prom.h.
 *
 * Input: one scrape, or two split at the first form feed: the previous
 * scrape before it, the current one after.  Each is parsed from a buffer of
 * its exact size.  Then the figures the services pane takes are computed,
 * for the default histogram and counter names and for the names the input
 * itself uses.
 *
 * Promises checked: the parse result and error text as documented; names,
 * labels and label values as the format allows them (values valid UTF-8);
 * histogram buckets sorted, each bound once; a quantile in 0..1 is absent
 * (NaN) or finite and inside the bucket bounds; an error rate is absent or
 * within 0..100.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "prom.h"
#include "xalloc.h"

#define DEFAULT_HIST	"http_request_duration_seconds"
#define DEFAULT_COUNTER	"http_requests_total"

struct scrape {
	struct prom_scrape	sc;
	int			rv;
};

static void	parse(const uint8_t *, size_t, struct scrape *);
static void	check_scrape(const struct scrape *, size_t lines);
static void	check_sample(const struct prom_sample *);
static bool	is_name(const char *, bool colon);
static void	check_hist(const struct prom_scrape *,
		    const struct prom_scrape *, const char *);
static void	check_quantiles(const struct prom_hist *,
		    const struct prom_hist *);
static void	check_rate(const struct prom_scrape *,
		    const struct prom_scrape *, const char *);
static char	*family_of(const struct prom_scrape *, const char *suffix);

/* Metric names ([a-zA-Z_:][a-zA-Z0-9_:]*) or, without colon, labels. */
static bool
is_name(const char *s, bool colon)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    c == '_' || (colon && c == ':') ||
		    (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return i > 0;
}

static void
check_sample(const struct prom_sample *s)
{
	size_t	i, j;

	PROMISE(is_name(s->name, true));
	PROMISE(s->n_labels <= PROM_MAX_LABELS);
	PROMISE(s->n_labels == 0 || s->labels != NULL);
	for (i = 0; i < s->n_labels; i++) {
		const struct prom_label *l = &s->labels[i];

		PROMISE(is_name(l->name, false));
		PROMISE(fuzz_utf8_valid(l->value, strlen(l->value)));
		for (j = 0; j < i; j++)
			PROMISE(strcmp(s->labels[j].name, l->name) != 0);
		PROMISE(prom_label_value(s, l->name) == l->value);
	}
}

static void
check_scrape(const struct scrape *p, size_t lines)
{
	const struct prom_scrape	*sc = &p->sc;
	size_t				 i, line;
	int				 used;

	PROMISE(p->rv == 0 || p->rv == -1);
	if (p->rv == -1) {
		PROMISE(sc->n_samples == 0 && sc->samples == NULL);
		PROMISE(sc->n_types == 0 && sc->types == NULL);
		PROMISE(sc->first_error == NULL);
		return;
	}
	PROMISE((sc->n_errors == 0) == (sc->first_error == NULL));
	if (sc->first_error != NULL) {
		used = 0;
		PROMISE(sscanf(sc->first_error, "line %zu: %n", &line,
		    &used) == 1 && used > 0);
		PROMISE(line >= 1 && line <= lines);
		PROMISE(fuzz_printable_ascii(sc->first_error));
	}
	/* A line gives one sample, one type or one error at most. */
	PROMISE(sc->n_samples + sc->n_types + sc->n_errors <= lines);
	for (i = 0; i < sc->n_samples; i++)
		check_sample(&sc->samples[i]);
	for (i = 0; i < sc->n_types; i++) {
		PROMISE(is_name(sc->types[i].family, true));
		PROMISE(sc->types[i].type >= PROM_UNTYPED &&
		    sc->types[i].type <= PROM_SUMMARY);
		PROMISE(prom_type_name(sc->types[i].type) != NULL);
	}
	if (sc->n_types > 0)
		PROMISE(prom_type_of(sc, sc->types[0].family) ==
		    sc->types[0].type);
}

static void
parse(const uint8_t *data, size_t len, struct scrape *p)
{
	char	*buf = xmalloc(len), *cause = NULL;
	size_t	 lines = 1, i;

	if (len > 0)
		memcpy(buf, data, len);
	for (i = 0; i < len; i++)
		if (data[i] == '\n')
			lines++;
	p->rv = prom_parse(buf, len, &p->sc, &cause);
	if (p->rv == -1) {
		PROMISE(cause != NULL && strncmp(cause, "line ", 5) == 0);
		free(cause);
	} else
		PROMISE(cause == NULL);
	check_scrape(p, lines);
	free(buf);
}

/* The name of the first sample ending in suffix, without it; or NULL. */
static char *
family_of(const struct prom_scrape *sc, const char *suffix)
{
	size_t	i, n, sl = strlen(suffix);

	for (i = 0; i < sc->n_samples; i++) {
		n = strlen(sc->samples[i].name);
		if (n >= sl && strcmp(sc->samples[i].name + n - sl,
		    suffix) == 0)
			return xstrndup(sc->samples[i].name, n - sl);
	}
	return NULL;
}

static void
check_quantiles(const struct prom_hist *prev, const struct prom_hist *cur)
{
	static const double	 qs[] = { 0, 0.25, 0.5, 0.95, 0.99, 1 };
	double			 lo = 0, hi = -INFINITY, r;
	bool			 has_finite = false;
	size_t			 i, n = cur->n_buckets;

	for (i = 0; i < n; i++) {
		if (!isfinite(cur->buckets[i].le))
			continue;
		if (cur->buckets[i].le < lo)
			lo = cur->buckets[i].le;
		if (cur->buckets[i].le > hi)
			hi = cur->buckets[i].le;
		has_finite = true;
	}
	for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		r = prom_hist_quantile(qs[i], prev, cur);
		if (isnan(r))
			continue;
		/* "NaN when there is no +Inf bucket or no finite one." */
		PROMISE(has_finite);
		PROMISE(isinf(cur->buckets[n - 1].le) &&
		    cur->buckets[n - 1].le > 0);
		/* Inside the bounds, give or take rounding. */
		PROMISE(isfinite(r));
		PROMISE(r >= lo - fabs(lo) * 1e-12);
		PROMISE(r <= hi + fabs(hi) * 1e-12);
	}
	PROMISE(isinf(prom_hist_quantile(-0.5, prev, cur)) &&
	    prom_hist_quantile(-0.5, prev, cur) < 0);
	PROMISE(isinf(prom_hist_quantile(1.5, prev, cur)) &&
	    prom_hist_quantile(1.5, prev, cur) > 0);
	PROMISE(isnan(prom_hist_quantile(NAN, prev, cur)));
	(void)prom_hist_mean(prev, cur);
}

static void
check_hist(const struct prom_scrape *prev, const struct prom_scrape *cur,
    const char *family)
{
	struct prom_hist	h, hp;
	size_t			i;
	int			rv, rvp;

	rv = prom_histogram(cur, family, &h);
	PROMISE(rv == 0 || rv == -1);
	if (rv == -1) {
		PROMISE(h.n_buckets == 0 && h.buckets == NULL);
		return;
	}
	PROMISE(h.n_buckets > 0);
	for (i = 0; i < h.n_buckets; i++) {
		PROMISE(!isnan(h.buckets[i].le));
		PROMISE(i == 0 || h.buckets[i - 1].le < h.buckets[i].le);
	}
	PROMISE(h.has_count || h.count == 0);
	PROMISE(h.has_sum || h.sum == 0);
	check_quantiles(NULL, &h);
	if (prev != NULL) {
		rvp = prom_histogram(prev, family, &hp);
		check_quantiles(rvp == 0 ? &hp : NULL, &h);
		prom_hist_free(&hp);
	}
	prom_hist_free(&h);
	prom_hist_free(&h);
}

static void
check_rate(const struct prom_scrape *prev, const struct prom_scrape *cur,
    const char *counter)
{
	double	pt = 0, pe = 0, ct, ce, r;
	int	rv;

	rv = prom_counter_by_class(cur, counter, &ct, &ce);
	PROMISE(rv == 0 || rv == -1);
	if (rv == -1) {
		PROMISE(ct == 0 && ce == 0);
		return;
	}
	/* Non-finite samples are skipped, so a sum is never NaN. */
	PROMISE(!isnan(ct) && !isnan(ce));
	if (prev != NULL && prom_counter_by_class(prev, counter, &pt,
	    &pe) == 0)
		PROMISE(!isnan(pt) && !isnan(pe));
	r = prom_error_rate(pt, pe, ct, ce);
	PROMISE(isnan(r) || (r >= 0 && r <= 100));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*ff = memchr(data, '\f', size);
	struct scrape	 prev, cur;
	struct prom_scrape *pp = NULL;
	char		*fam;

	if (ff != NULL) {
		parse(data, (size_t)(ff - data), &prev);
		pp = &prev.sc;
		size -= (size_t)(ff + 1 - data);
		data = ff + 1;
	}
	parse(data, size, &cur);

	check_hist(pp, &cur.sc, DEFAULT_HIST);
	if ((fam = family_of(&cur.sc, "_bucket")) != NULL)
		check_hist(pp, &cur.sc, fam);
	free(fam);
	check_rate(pp, &cur.sc, DEFAULT_COUNTER);
	if (cur.sc.n_samples > 0)
		check_rate(pp, &cur.sc, cur.sc.samples[0].name);

	prom_scrape_free(&cur.sc);
	prom_scrape_free(&cur.sc);
	if (pp != NULL)
		prom_scrape_free(pp);
	return 0;
}
