/*
 * The dashboard (see dashboard.h).  A refresh is one pipelined batch of the
 * model queries; a tick that finds the previous batch still in flight is
 * skipped rather than stacked, so a slow database never accumulates work.
 * A new model replaces the old one only when the whole batch succeeded.
 *
 * Alerts are re-evaluated after every change and once a second, because a
 * condition can reach its duration without anything else changing.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dashboard.h"
#include "health.h"
#include "timefmt.h"
#include "xalloc.h"

static void	dashboard_refresh(struct dashboard *);

static void
dashboard_changed(struct dashboard *d, int what)
{
	char wall[MODEL_TS_LEN];
	int crit;

	if (d->closing)
		return;
	ts_format_local(time(NULL), wall);
	d->services = health_statuses(d->health, &d->n_services);
	crit = alerts_evaluate(d->alert_engine, uv_now(d->loop), wall,
	    d->services, d->n_services, d->db.has_model ? &d->model : NULL);
	d->alerts = alerts_list(d->alert_engine, &d->n_alerts);
	if (d->on_change != NULL)
		d->on_change(d->arg, what | DASH_ALERTS, crit);
}

static void
dashboard_on_batch(void *arg, PGresult *const *res, int n, const char *error)
{
	struct dashboard *d = arg;
	struct model fresh;
	char *cause = NULL;

	d->db.in_flight = false;
	free(d->db.error);
	d->db.error = NULL;
	if (error == NULL && model_load(&fresh, res, n, &cause) == 0) {
		/* A notice stays on screen until a refresh passes without one. */
		if (d->notices == d->notices_at_send) {
			free(d->db.notice);
			d->db.notice = NULL;
		}
		model_free(&d->model);
		d->model = fresh;
		d->db.has_model = true;
		d->db.last_ok = true;
		d->db.refreshed_ms = uv_now(d->loop);
		ts_format_local(time(NULL), d->db.refreshed_at);
	} else {
		if (error == NULL)
			model_free(&fresh);
		d->db.last_ok = false;
		d->db.error = cause != NULL ? cause : xstrdup(error);
	}
	dashboard_changed(d, DASH_MODEL);
}

static void
dashboard_refresh(struct dashboard *d)
{
	if (d->db.in_flight || d->db.state != PG_READY)
		return;
	d->notices_at_send = d->notices;
	if (model_submit(d->pg, &d->params, dashboard_on_batch, d) == 0)
		d->db.in_flight = true;
}

static void
dashboard_on_notice(void *arg, const char *notice)
{
	struct dashboard *d = arg;

	free(d->db.notice);
	d->db.notice = xstrdup(notice);
	d->notices++;
	dashboard_changed(d, DASH_DB_STATE);
}

static void
dashboard_on_db_state(void *arg, enum pg_state state, const char *error)
{
	struct dashboard *d = arg;

	d->db.state = state;
	d->db.trust_note = pg_client_trust_note(d->pg);
	if (error != NULL) {
		free(d->db.error);
		d->db.error = xstrdup(error);
		d->db.last_ok = false;
	}
	d->db.in_flight = false;
	if (state == PG_READY)
		dashboard_refresh(d);
	dashboard_changed(d, DASH_DB_STATE);
}

static void
dashboard_on_health(void *arg)
{
	dashboard_changed(arg, DASH_SERVICES);
}

static void
dashboard_on_refresh_tick(uv_timer_t *t)
{
	dashboard_refresh(t->data);
}

/* Durations elapse without any event: re-evaluate on a clock. */
static void
dashboard_on_alert_tick(uv_timer_t *t)
{
	dashboard_changed(t->data, 0);
}

struct dashboard *
dashboard_new(uv_loop_t *loop, const struct config *cfg,
    const struct model_params *params, dashboard_change_cb cb, void *arg,
    char **cause)
{
	struct pg_client_opts popts;
	struct dashboard *d;

	d = xcalloc(1, sizeof *d);
	d->loop = loop;
	d->cfg = cfg;
	d->params = *params;
	d->on_change = cb;
	d->arg = arg;
	memset(&popts, 0, sizeof popts);
	popts.conninfo = cfg->db.conninfo;
	popts.connect_timeout_s = cfg->db.connect_timeout_s;
	popts.query_timeout_s = cfg->db.query_timeout_s;
	popts.reconnect = true;
	popts.on_state = dashboard_on_db_state;
	popts.on_notice = dashboard_on_notice;
	popts.arg = d;
	if (pg_client_new(loop, &popts, &d->pg, cause) != 0) {
		free(d);
		return NULL;
	}
	d->health = health_new(loop, cfg, dashboard_on_health, d, cause);
	if (d->health == NULL) {
		pg_client_close(d->pg);
		free(d);
		return NULL;
	}
	d->db.target = pg_client_target(d->pg);
	d->alert_engine = alerts_new(cfg);
	d->services = health_statuses(d->health, &d->n_services);
	uv_timer_init(loop, &d->refresh_timer);
	uv_timer_init(loop, &d->alert_timer);
	d->refresh_timer.data = d;
	d->alert_timer.data = d;
	return d;
}

void
dashboard_start(struct dashboard *d)
{
	uint64_t every = (uint64_t)(d->cfg->db.refresh_s * 1000.0);

	pg_client_start(d->pg);
	health_start(d->health);
	uv_timer_start(&d->refresh_timer, dashboard_on_refresh_tick,
	    every > 0 ? every : 1000, every > 0 ? every : 1000);
	uv_timer_start(&d->alert_timer, dashboard_on_alert_tick, 1000, 1000);
}

void
dashboard_refresh_now(struct dashboard *d)
{
	dashboard_refresh(d);
	health_check_all_now(d->health);
}

void
dashboard_set_filters(struct dashboard *d, const char *owner,
    const char *stage, const char *status)
{
	const char *v[3] = { owner, stage, status };
	int i;

	for (i = 0; i < 3; i++) {
		free(d->filter[i]);
		d->filter[i] = v[i] != NULL && *v[i] != '\0' ? xstrdup(v[i]) : NULL;
	}
	d->params.owner = d->filter[0];
	d->params.stage = d->filter[1];
	d->params.status = d->filter[2];
	dashboard_refresh(d);
}

double
dashboard_model_age_s(const struct dashboard *d)
{
	if (!d->db.has_model)
		return -1;
	return (uv_now(d->loop) - d->db.refreshed_ms) / 1000.0;
}

static void
dashboard_on_closed(uv_handle_t *h)
{
	struct dashboard *d = h->data;
	int i;

	if (--d->pending_closes > 0)
		return;
	model_free(&d->model);
	free(d->db.error);
	free(d->db.notice);
	for (i = 0; i < 3; i++)
		free(d->filter[i]);
	alerts_free(d->alert_engine);
	free(d);
}

void
dashboard_close(struct dashboard *d)
{
	d->closing = true;
	pg_client_close(d->pg);
	health_close(d->health);
	d->pending_closes = 2;
	uv_close((uv_handle_t *)&d->refresh_timer, dashboard_on_closed);
	uv_close((uv_handle_t *)&d->alert_timer, dashboard_on_closed);
}
