/*
 * Prometheus text exposition format (version 0.0.4) and the figures the
 * services pane takes from it (spec §3 "Services"): p95 from a histogram and
 * the share of 5xx in a request counter, both over the interval between two
 * scrapes.
 *
 * The input is untrusted: any bytes, any length.  Parsing is linear in the
 * input and never reads outside buf[0..len); the caller caps the body size,
 * since every sample kept costs a few small allocations.  A malformed line is
 * skipped and counted rather than throwing away a whole scrape, because one
 * odd exporter line should not blank the latency column.
 *
 * Ownership: a struct prom_scrape owns every string and array reachable from
 * it; prom_scrape_free() releases them.  Same for prom_hist / prom_hist_free().
 */
#ifndef OPSDECK_PROM_H
#define OPSDECK_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum prom_type {
	PROM_UNTYPED,		/* also: no # TYPE line seen */
	PROM_COUNTER,
	PROM_GAUGE,
	PROM_HISTOGRAM,
	PROM_SUMMARY
};

struct prom_label {
	char	*name;
	char	*value;		/* escapes resolved; valid UTF-8, no NUL */
};

struct prom_sample {
	char			*name;
	struct prom_label	*labels;	/* in input order */
	size_t			 n_labels;
	double			 value;		/* may be NaN or +-Inf */
	bool			 has_ts;
	int64_t			 ts_ms;
};

struct prom_type_decl {
	char		*family;	/* the name on the # TYPE line */
	enum prom_type	 type;
};

struct prom_scrape {
	struct prom_sample	*samples;	/* in input order */
	size_t			 n_samples;
	struct prom_type_decl	*types;		/* in input order */
	size_t			 n_types;
	size_t			 n_errors;	/* malformed lines skipped */
	char			*first_error;	/* "line 12: ...", NULL if none */
};

/*
 * Parses buf[0..len) (need not be NUL-terminated; CRLF and a missing final
 * newline are fine).  Malformed lines are skipped, counted in out->n_errors,
 * and the first one described in out->first_error.  # HELP lines are checked
 * but not kept; other # comments are ignored.
 *
 * Returns 0, or -1 when there were errors and not a single sample survived
 * (the body was not exposition text at all); then *cause (if cause is not
 * NULL) gets the first error, caller frees, and *out is left empty.  Either
 * way prom_scrape_free(out) is safe.  A sample line with more than
 * PROM_MAX_LABELS labels, or a repeated label name, is malformed.
 */
#define PROM_MAX_LABELS 64
int		 prom_parse(const char *buf, size_t len, struct prom_scrape *out,
		    char **cause);
void		 prom_scrape_free(struct prom_scrape *);

/* The metric-name grammar, [a-zA-Z_:][a-zA-Z0-9_:]*, in ASCII whatever the
 * locale: one rule for the parser and for the configuration's metric
 * names.  The length of the name at the start of s[0..n), 0 if none. */
size_t		 prom_metric_name_len(const char *s, size_t n);
/* Whether the whole of s is a metric name. */
bool		 prom_is_metric_name(const char *s);

/* The type from the first # TYPE line for family, else PROM_UNTYPED. */
enum prom_type	 prom_type_of(const struct prom_scrape *, const char *family);
const char	*prom_type_name(enum prom_type);
/* The value of label name on s, or NULL. */
const char	*prom_label_value(const struct prom_sample *s, const char *name);

struct prom_bucket {
	double	le;		/* upper bound; +Inf for the last bucket */
	double	count;		/* cumulative, as exposed */
};

struct prom_hist {
	struct prom_bucket	*buckets;	/* ascending le, each le once */
	size_t			 n_buckets;
	double			 count;		/* sum of family_count, 0 if none */
	double			 sum;		/* sum of family_sum, 0 if none */
	bool			 has_count;
	bool			 has_sum;
};

/*
 * Collects histogram `family` from a scrape: every family_bucket series,
 * whatever its other labels, summed per numeric le ("1" and "1.0" are one
 * bound), sorted; _count and _sum summed likewise.  Bucket series whose le
 * is missing, not a number or -Inf are ignored.  Returns 0, or -1 (and an
 * empty *out) when the scrape has no usable bucket of that family.
 */
int		 prom_histogram(const struct prom_scrape *, const char *family,
		    struct prom_hist *out);
void		 prom_hist_free(struct prom_hist *);

/*
 * The q-quantile (0..1) of the observations made between two scrapes, in
 * the histogram's unit, the way PromQL histogram_quantile() estimates it:
 * linear interpolation inside the bucket holding rank q*total, the lower
 * bound of the first bucket being 0 when its le is positive, and the highest
 * finite le when the rank lands in the +Inf bucket.
 *
 * prev may be NULL: cur's absolute counts are used (the whole lifetime of
 * the process).  If any bucket of cur is below the same bucket of prev the
 * target restarted, and cur alone is the interval.  Cumulative counts are
 * forced monotonic first.
 *
 * NaN ("no data") when nothing was observed in the interval, when there is
 * no +Inf bucket or no finite one.  q < 0 gives -Inf and q > 1 +Inf, as in
 * PromQL.
 */
double		 prom_hist_quantile(double q, const struct prom_hist *prev,
		    const struct prom_hist *cur);
/* Mean observation over the interval (delta sum / delta count); NaN if none. */
double		 prom_hist_mean(const struct prom_hist *prev,
		    const struct prom_hist *cur);

/*
 * Sums every series of `counter` into *total and those whose `code` or
 * `status` label is a 5xx ("500".."599", or "5xx"/"5XX") into *errors5xx.
 * Non-finite sample values are skipped.
 *
 * Name matching: the exact name first.  If no sample has it, the name with
 * "_total" added (or removed, if it already ends in "_total") is tried, so
 * `http_requests` and `http_requests_total` both find a counter whichever
 * convention the exporter follows.  Only one of the two names is ever summed,
 * never both.  Returns 0, or -1 (totals 0) when neither name has a sample.
 */
int		 prom_counter_by_class(const struct prom_scrape *,
		    const char *counter, double *total, double *errors5xx);

/*
 * Percent (0..100) of 5xx among the requests made between two scrapes.  A
 * counter that went down means a restart: the current values are the
 * increase.  NaN ("idle", not 0 %) when there was no request in between, or
 * when any argument is NaN.
 */
double		 prom_error_rate(double prev_total, double prev_err,
		    double cur_total, double cur_err);

#endif
