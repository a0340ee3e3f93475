/*
 * The checker behind health.h.  Each service has a timer; a tick starts the
 * health GET and, with a metrics URL, the metrics GET, unless the previous
 * ones are still in flight (then the tick is skipped, never stacked).  The
 * service's state is recomputed whenever either answer arrives, from the
 * latest of each:
 *
 *   down      no HTTP answer, HTTP outside 200-399, or a body saying fail
 *   degraded  body says warn, or latency / p95 / error rate over threshold
 *   up        otherwise
 *
 * p95 and error rate come from the change between two scrapes; on the first
 * scrape the counters' whole life stands in for the interval, so a single
 * snapshot sweep still shows them.
 */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "health.h"
#include "health-body.h"
#include "http.h"
#include "prom.h"
#include "timefmt.h"
#include "xalloc.h"

#define HEALTH_MAX_BODY		(64 * 1024)
#define METRICS_MAX_BODY	(8 * 1024 * 1024)

struct svc_check {
	struct health_checker	*hc;
	const struct svc_config	*cfg;
	struct svc_status	*st;
	uv_timer_t		 timer;
	bool			 health_busy;
	bool			 metrics_busy;
	/* the latest health answer */
	bool			 answered;
	bool			 reachable;
	enum health_verdict	 verdict;
	char			*health_detail;
	/* the previous scrape, for deltas */
	bool			 has_prev;
	struct prom_hist	 prev_hist;
	double			 prev_total;
	double			 prev_errors;
	char			*metrics_error;
};

struct health_checker {
	uv_loop_t		*loop;
	const struct config	*cfg;
	struct http_pool	*http;
	struct svc_check	*checks;
	struct svc_status	*statuses;
	size_t			 n;
	health_change_cb	 on_change;
	void			*arg;
	bool			 one_shot;	/* a single sweep: nothing reused */
	health_sweep_cb		 sweep_done;
	void			*sweep_arg;
	size_t			 sweep_pending;
	int			 pending_closes;
	bool			 closing;
};

static void	svc_check_start(struct svc_check *);

static void
svc_recompute(struct svc_check *c)
{
	const struct svc_config *cfg = c->cfg;
	struct svc_status *st = c->st;
	char *why = NULL;

	if (!c->answered)
		return;
	if (!c->reachable || c->verdict == HEALTH_FAIL)
		st->state = SVC_DOWN;
	else {
		st->state = SVC_UP;
		if (c->verdict == HEALTH_WARN)
			st->state = SVC_DEGRADED;
		else if (st->latency_ms.has &&
		    st->latency_ms.v > cfg->latency_threshold_ms) {
			st->state = SVC_DEGRADED;
			why = xasprintf("latency %.0f ms over %.0f ms",
			    st->latency_ms.v, cfg->latency_threshold_ms);
		} else if (st->p95_ms.has && st->p95_ms.v > cfg->p95_threshold_ms) {
			st->state = SVC_DEGRADED;
			why = xasprintf("p95 %.0f ms over %.0f ms", st->p95_ms.v,
			    cfg->p95_threshold_ms);
		} else if (st->error_rate.has &&
		    st->error_rate.v > cfg->error_rate_threshold) {
			st->state = SVC_DEGRADED;
			why = xasprintf("error rate %.1f%% over %.1f%%",
			    st->error_rate.v, cfg->error_rate_threshold);
		}
	}
	free(st->detail);
	if (why == NULL && c->metrics_error != NULL && st->state == SVC_UP)
		why = xasprintf("%s; metrics: %s", c->health_detail ?
		    c->health_detail : "ok", c->metrics_error);
	/* Every detail keeps health-body.h's bound, even with a p95 of 1e300. */
	st->detail = health_detail_fit(why != NULL ? why :
	    c->health_detail != NULL ? c->health_detail : "", "");
	free(why);
}

/* During a sweep, a service with nothing left in flight has answered; the
 * last one to answer ends the sweep. */
static void
sweep_count_answer(struct svc_check *c)
{
	struct health_checker *hc = c->hc;
	health_sweep_cb done = hc->sweep_done;

	if (done == NULL || c->health_busy || c->metrics_busy ||
	    hc->sweep_pending == 0 || --hc->sweep_pending > 0)
		return;
	hc->sweep_done = NULL;
	done(hc->sweep_arg);
}

static void
svc_check_finished(struct svc_check *c)
{
	struct health_checker *hc = c->hc;

	svc_recompute(c);
	if (hc->on_change != NULL)
		hc->on_change(hc->arg);
	sweep_count_answer(c);
}

/* A body over the cap was classified from its start: say so, last, so
 * that a long detail loses its own end rather than this. */
static void
svc_note_cut(struct svc_check *c)
{
	char	 tail[64], *d;

	snprintf(tail, sizeof tail, " (body over %d KiB, cut)",
	    HEALTH_MAX_BODY / 1024);
	d = health_detail_fit(c->health_detail ? c->health_detail : "", tail);
	free(c->health_detail);
	c->health_detail = d;
}

static void
svc_on_health(void *arg, const struct http_response *r)
{
	struct svc_check *c = arg;
	struct svc_status *st = c->st;

	c->health_busy = false;
	c->answered = true;
	free(c->health_detail);
	c->health_detail = NULL;
	ts_format_local(time(NULL), st->checked_at);
	st->checked_ms = uv_now(c->hc->loop);
	st->latency_ms.has = true;
	st->latency_ms.v = r->total_ms;
	st->http_status = r->ok ? r->status : 0;
	c->reachable = r->ok && r->status > 0;
	if (!c->reachable) {
		c->verdict = HEALTH_FAIL;
		c->health_detail = health_detail_fit(r->error ? r->error :
		    "no answer", "");
	} else {
		c->verdict = health_body_classify(r->status, r->content_type,
		    r->body, r->body_len, &c->health_detail);
		if (r->truncated)
			svc_note_cut(c);
	}
	svc_check_finished(c);
}

static void
svc_take_scrape(struct svc_check *c, const struct prom_scrape *s)
{
	struct svc_status *st = c->st;
	struct prom_hist hist;
	double total = 0, errors = 0, q, rate;

	memset(&hist, 0, sizeof hist);
	st->p95_ms.has = false;
	if (prom_histogram(s, c->cfg->latency_histogram, &hist) == 0) {
		q = prom_hist_quantile(0.95, c->has_prev ? &c->prev_hist : NULL,
		    &hist);
		if (isfinite(q)) {
			st->p95_ms.has = true;
			st->p95_ms.v = q * 1000.0;
		}
	}
	st->error_rate.has = false;
	if (prom_counter_by_class(s, c->cfg->requests_counter, &total,
	    &errors) == 0) {
		rate = prom_error_rate(c->has_prev ? c->prev_total : 0,
		    c->has_prev ? c->prev_errors : 0, total, errors);
		if (isfinite(rate)) {
			st->error_rate.has = true;
			st->error_rate.v = rate;
		}
	}
	prom_hist_free(&c->prev_hist);
	c->prev_hist = hist;
	c->prev_total = total;
	c->prev_errors = errors;
	c->has_prev = true;
}

static void
svc_on_metrics(void *arg, const struct http_response *r)
{
	struct svc_check *c = arg;
	struct prom_scrape scrape;
	char *cause = NULL;

	c->metrics_busy = false;
	free(c->metrics_error);
	c->metrics_error = NULL;
	memset(&scrape, 0, sizeof scrape);
	if (!r->ok)
		c->metrics_error = xstrdup(r->error ? r->error : "no answer");
	else if (r->status < 200 || r->status > 299)
		c->metrics_error = xasprintf("HTTP %ld", r->status);
	else if (r->truncated)
		c->metrics_error = xasprintf("over %d MiB, ignored",
		    METRICS_MAX_BODY / (1024 * 1024));
	else if (prom_parse(r->body, r->body_len, &scrape, &cause) != 0)
		c->metrics_error = cause;
	else
		svc_take_scrape(c, &scrape);
	prom_scrape_free(&scrape);
	svc_check_finished(c);
}

static void
svc_check_start(struct svc_check *c)
{
	struct http_get g = {
		.timeout_s = c->cfg->timeout_s,
		.verify_tls = true,
		.one_shot = c->hc->one_shot,
	};

	if (c->hc->closing)
		return;
	if (!c->health_busy) {
		g.url = c->cfg->health;
		g.max_body = HEALTH_MAX_BODY;
		if (http_pool_get(c->hc->http, &g, svc_on_health, c) == 0)
			c->health_busy = true;
	}
	if (c->cfg->metrics != NULL && !c->metrics_busy) {
		g.url = c->cfg->metrics;
		g.max_body = METRICS_MAX_BODY;
		if (http_pool_get(c->hc->http, &g, svc_on_metrics, c) == 0)
			c->metrics_busy = true;
	}
}

static void
svc_on_tick(uv_timer_t *t)
{
	svc_check_start(t->data);
}

struct health_checker *
health_new(uv_loop_t *loop, const struct config *cfg, health_change_cb cb,
    void *arg, char **cause)
{
	struct health_checker *hc;
	size_t i;

	hc = xcalloc(1, sizeof *hc);
	/* No services, no libcurl: its initialization alone is resident
	 * memory an idle cockpit would carry for nothing. */
	if (cfg->n_services > 0 &&
	    (hc->http = http_pool_new(loop, cause)) == NULL) {
		free(hc);
		return NULL;
	}
	hc->loop = loop;
	hc->cfg = cfg;
	hc->on_change = cb;
	hc->arg = arg;
	hc->n = cfg->n_services;
	hc->checks = xcalloc(hc->n, sizeof *hc->checks);
	hc->statuses = xcalloc(hc->n, sizeof *hc->statuses);
	for (i = 0; i < hc->n; i++) {
		hc->checks[i].hc = hc;
		hc->checks[i].cfg = &cfg->services[i];
		hc->checks[i].st = &hc->statuses[i];
		hc->statuses[i].name = xstrdup(cfg->services[i].name);
		hc->statuses[i].detail = xstrdup("not checked yet");
		uv_timer_init(loop, &hc->checks[i].timer);
		hc->checks[i].timer.data = &hc->checks[i];
	}
	return hc;
}

/* Services start spread over the shortest interval instead of all at
 * once: the load on them, and the transfers in flight here, stay even. */
void
health_start(struct health_checker *hc)
{
	double shortest = 0;
	size_t i;

	for (i = 0; i < hc->n; i++)
		if (shortest == 0 || hc->checks[i].cfg->interval_s < shortest)
			shortest = hc->checks[i].cfg->interval_s;
	for (i = 0; i < hc->n; i++) {
		uint64_t every = (uint64_t)(hc->checks[i].cfg->interval_s * 1000.0);
		uint64_t first = (uint64_t)(shortest * 1000.0 * i / hc->n);

		uv_timer_start(&hc->checks[i].timer, svc_on_tick, first,
		    every > 0 ? every : 1000);
	}
}

void
health_sweep(struct health_checker *hc, health_sweep_cb done, void *arg)
{
	size_t i;

	if (hc->n == 0) {
		done(arg);
		return;
	}
	hc->one_shot = true;
	hc->sweep_done = done;
	hc->sweep_arg = arg;
	hc->sweep_pending = hc->n;
	for (i = 0; i < hc->n; i++)
		svc_check_start(&hc->checks[i]);
	/* A service whose request could not even be set up answers now. */
	for (i = 0; i < hc->n; i++)
		sweep_count_answer(&hc->checks[i]);
}

void
health_check_all_now(struct health_checker *hc)
{
	size_t i;

	for (i = 0; i < hc->n; i++)
		svc_check_start(&hc->checks[i]);
}

void
health_check_now(struct health_checker *hc, size_t i)
{
	if (i < hc->n)
		svc_check_start(&hc->checks[i]);
}

const struct svc_status *
health_statuses(const struct health_checker *hc, size_t *n)
{
	*n = hc->n;
	return hc->statuses;
}

static void
health_free(struct health_checker *hc)
{
	size_t i;

	for (i = 0; i < hc->n; i++) {
		free(hc->checks[i].health_detail);
		free(hc->checks[i].metrics_error);
		prom_hist_free(&hc->checks[i].prev_hist);
		free(hc->statuses[i].name);
		free(hc->statuses[i].detail);
	}
	free(hc->checks);
	free(hc->statuses);
	free(hc);
}

static void
health_on_timer_closed(uv_handle_t *h)
{
	struct health_checker *hc = ((struct svc_check *)h->data)->hc;

	if (--hc->pending_closes == 0)
		health_free(hc);
}

void
health_close(struct health_checker *hc)
{
	size_t i;

	hc->closing = true;
	hc->sweep_done = NULL;
	if (hc->http != NULL)
		http_pool_close(hc->http);
	if (hc->n == 0) {
		health_free(hc);
		return;
	}
	for (i = 0; i < hc->n; i++) {
		hc->pending_closes++;
		uv_close((uv_handle_t *)&hc->checks[i].timer,
		    health_on_timer_closed);
	}
}
