#include "autoconfig.h"

/*
 * The counters behind each service's /metrics: answers per status code and
 * a latency histogram, both of what the sim really served, plus the
 * synthetic series a profile asks for (errors=, p95=, burst5xx), added at
 * each scrape.
 */

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "buf.h"
#include "sim.h"

/* Histogram bounds in seconds; the last three only with a p95 above 10 s. */
static const double bounds[NB_MAX] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
};
#define NB_STD		11
#define NB_WIDE		NB_MAX

static void
metrics_count(struct metrics *m, int code, uint64_t n)
{
	int i;

	for (i = 0; i < m->ncodes && m->codes[i] < code; i++)
		;
	if (i == m->ncodes || m->codes[i] != code) {
		if (m->ncodes == MAX_CODES)
			return;
		memmove(&m->codes[i + 1], &m->codes[i],
		    (size_t)(m->ncodes - i) * sizeof m->codes[0]);
		memmove(&m->code_n[i + 1], &m->code_n[i],
		    (size_t)(m->ncodes - i) * sizeof m->code_n[0]);
		m->codes[i] = code;
		m->code_n[i] = 0;
		m->ncodes++;
	}
	m->code_n[i] += n;
}

static void
metrics_observe(struct metrics *m, double secs, uint64_t n)
{
	int i;

	for (i = 0; i < m->nbounds && secs > bounds[i]; i++)
		;
	m->bucket[i] += n;		/* i == nbounds is +Inf */
	m->sum += secs * (double)n;
	m->count += n;
}

void
metrics_init(struct metrics *m, double p95_ms)
{
	m->nbounds = p95_ms > 10000 ? NB_WIDE : NB_STD;
	metrics_count(m, 200, 0);	/* the series exists at once */
}

/*
 * Adds 100 synthetic answers so that the 5xx share of everything counted
 * since the last scrape (real answers included) is pct.
 */
static void
metrics_inject_errors(struct metrics *m, double pct)
{
	double want;
	uint64_t bad;

	want = pct / 100.0 * (double)(m->since_total + 100) -
	    (double)m->since_5xx;
	bad = want <= 0 ? 0 : want >= 100 ? 100 : (uint64_t)llround(want);
	metrics_count(m, 500, bad);
	metrics_count(m, 200, 100 - bad);
}

/*
 * Adds synthetic observations so that histogram_quantile(0.95) over them,
 * with its linear interpolation inside a bucket, lands on ms: 100 in the
 * bucket holding ms, enough below it to put rank 0.95 at the right place,
 * and the rest above it.
 */
static void
metrics_inject_p95(struct metrics *m, double ms)
{
	double t = ms / 1000.0, lo, hi, x, n, low, high;
	int i;

	if (t > bounds[m->nbounds - 1])
		t = bounds[m->nbounds - 1];
	for (i = 0; i < m->nbounds - 1 && bounds[i] < t; i++)
		;
	hi = bounds[i];
	if (i == 0) {
		metrics_observe(m, t, 100);	/* below 5 ms: roughly */
		return;
	}
	lo = bounds[i - 1];
	x = (t - lo) / (hi - lo);
	n = fmax(200, ceil(2000 * (1 - x)));
	low = round(0.95 * n - 100 * x);
	high = fmax(0, n - low - 100);
	metrics_observe(m, lo * 0.9, (uint64_t)low);
	metrics_observe(m, lo + (hi - lo) / 2, 100);
	metrics_observe(m, hi * 1.5, (uint64_t)high);
}

void
metrics_record(struct metrics *m, int code, double secs)
{
	metrics_count(m, code, 1);
	metrics_observe(m, secs, 1);
	m->since_total++;
	if (code >= 500)
		m->since_5xx++;
}

/* burst5xx: a 5xx share that grows by 10 points a scrape, to 95 %. */
static void
metrics_inject(struct metrics *m, const struct profile *p)
{
	double pct;

	if (p->b == B_BURST5XX) {
		pct = (p->errors_pct >= 0 ? p->errors_pct : 20) +
		    10.0 * (double)(m->scrapes - 1);
		metrics_inject_errors(m, fmin(pct, 95));
	} else if (p->errors_pct >= 0)
		metrics_inject_errors(m, p->errors_pct);
	if (p->p95_ms >= 0)
		metrics_inject_p95(m, p->p95_ms);
}

static void
metrics_render_counters(const struct metrics *m, struct buf *b)
{
	uint64_t cum = 0;
	int i;

	buf_printf(b, "# HELP http_requests_total Requests answered by this "
	    "service (scrapes of /metrics not included).\n"
	    "# TYPE http_requests_total counter\n");
	for (i = 0; i < m->ncodes; i++)
		buf_printf(b, "http_requests_total{code=\"%d\"} %" PRIu64 "\n",
		    m->codes[i], m->code_n[i]);

	buf_printf(b, "# HELP http_request_duration_seconds Time from the "
	    "request to its answer.\n"
	    "# TYPE http_request_duration_seconds histogram\n");
	for (i = 0; i < m->nbounds; i++) {
		cum += m->bucket[i];
		buf_printf(b, "http_request_duration_seconds_bucket{le=\"%g\"} "
		    "%" PRIu64 "\n", bounds[i], cum);
	}
	cum += m->bucket[m->nbounds];
	buf_printf(b, "http_request_duration_seconds_bucket{le=\"+Inf\"} "
	    "%" PRIu64 "\n", cum);
	buf_printf(b, "http_request_duration_seconds_sum %.6f\n", m->sum);
	buf_printf(b, "http_request_duration_seconds_count %" PRIu64 "\n",
	    m->count);
}

static void
metrics_render_process(const struct svc *s, struct buf *b)
{
	size_t rss = 0;

	if (uv_resident_set_memory(&rss) != 0)
		rss = 0;
	buf_printf(b, "# HELP process_resident_memory_bytes Resident memory "
	    "of the simulator process.\n"
	    "# TYPE process_resident_memory_bytes gauge\n"
	    "process_resident_memory_bytes %zu\n"
	    "# HELP process_start_time_seconds Start time of the simulator "
	    "since the epoch.\n"
	    "# TYPE process_start_time_seconds gauge\n"
	    "process_start_time_seconds %.3f\n", rss, sim.start_time);
	buf_printf(b, "# HELP opsdeck_sim_open_connections Open client "
	    "connections of this service.\n"
	    "# TYPE opsdeck_sim_open_connections gauge\n"
	    "opsdeck_sim_open_connections %u\n"
	    "# HELP opsdeck_sim_info The behaviour this service plays.\n"
	    "# TYPE opsdeck_sim_info gauge\n"
	    "opsdeck_sim_info{behaviour=\"%s\"} 1\n",
	    s->nconns, behaviours[s->p.b].name);
}

void
metrics_scrape(struct svc *s, struct buf *b)
{
	struct metrics *m = &s->m;

	m->scrapes++;
	metrics_inject(m, &s->p);
	m->since_total = m->since_5xx = 0;
	metrics_render_counters(m, b);
	metrics_render_process(s, b);
}

void
metrics_switch(struct metrics *m, const struct profile *p)
{
	m->scrapes = 0;		/* a burst5xx share grows from its start */
	/*
	 * A p95 above 10 s needs the wide bounds.  Widen only, never narrow
	 * (a series must not vanish): what +Inf held stays in +Inf and the
	 * three new buckets start empty, so every cumulative count still
	 * only grows from scrape to scrape.
	 */
	if (p->p95_ms > 10000 && m->nbounds < NB_WIDE) {
		m->bucket[NB_WIDE] = m->bucket[NB_STD];
		m->bucket[NB_STD] = 0;
		m->nbounds = NB_WIDE;
	}
}
