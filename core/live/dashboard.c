/*
 * The orchestrator (see dashboard.h).  A refresh is one pipelined batch of
 * the model queries; a tick that finds the previous batch still in flight
 * is skipped rather than stacked, so a slow database never accumulates
 * work.  A new model replaces the old one only when the whole batch
 * succeeded.
 *
 * Alerts are re-evaluated for the input that changed: the model after a
 * refresh, the services after a check and, in live mode, when a condition
 * reaches its duration without anything else changing (a one-shot timer
 * armed for the next one, so an idle cockpit evaluates nothing).  In once
 * mode they are evaluated a single time, when both halves are in: a
 * snapshot is one instant, so only conditions without a duration can show.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dashboard.h"
#include "health.h"
#include "model-load.h"
#include "pg.h"
#include "timefmt.h"
#include "xalloc.h"

struct dashboard {
	struct dash_view	 view;		/* what readers see */
	char			*error;		/* view.db.error, owned */
	char			*notice;	/* view.db.notice, owned */
	char			*filter[3];	/* owner, stage, status; owned */
	struct dashboard_opts	 opts;
	uv_loop_t		*loop;
	struct pg_client	*pg;
	struct health_checker	*health;
	struct alert_engine	*alert_engine;
	uv_timer_t		 refresh_timer;
	uv_timer_t		 alert_timer;
	unsigned		 notices;	/* how many arrived so far */
	unsigned		 notices_at_send; /* ... when the refresh went */
	bool			 db_done;	/* once mode: the batch is in */
	bool			 sweep_done;	/* once mode: the sweep is in */
	int			 pending_closes;
	bool			 closing;
};

static void	dashboard_refresh(struct dashboard *);

static void
dashboard_set_error(struct dashboard *d, char *owned)
{
	free(d->error);
	d->error = owned;
	d->view.db.error = owned;
}

/* [ui] principal, else the plan's owner. */
static void
dashboard_publish(struct dashboard *d)
{
	struct dash_view *v = &d->view;

	v->services = health_statuses(d->health, &v->n_services);
	v->principal = d->opts.cfg->ui.principal != NULL ?
	    d->opts.cfg->ui.principal :
	    v->db.has_model && v->model.has_plan ? v->model.plan.owner : NULL;
}

static void	dashboard_on_alert_due(uv_timer_t *);

/* Evaluates the alerts of what changed (DASH_ALERTS: a duration ran out,
 * which only the services have) and arms the alert timer for the next
 * duration to run out.  Returns the new critical alerts. */
static int
dashboard_alerts(struct dashboard *d, int what)
{
	struct alert_engine	*e = d->alert_engine;
	char			 wall[MODEL_TS_LEN];
	uint64_t		 now = uv_now(d->loop), due;
	int			 crit = 0;

	ts_format_local(time(NULL), wall);
	if (what & (DASH_SERVICES | DASH_ALERTS))
		crit += alerts_update_services(e, now, wall, d->view.services,
		    d->view.n_services);
	if (what & DASH_MODEL)
		crit += alerts_update_model(e, now, wall,
		    d->view.db.has_model ? &d->view.model : NULL);
	d->view.alerts = alerts_list(e, &d->view.n_alerts);
	d->view.alert_groups = alerts_groups(e, &d->view.n_alert_groups);
	if (d->opts.once)
		return crit;
	if ((due = alerts_next_due_ms(e)) != 0)
		uv_timer_start(&d->alert_timer, dashboard_on_alert_due,
		    due > now ? due - now : 0, 0);
	else
		uv_timer_stop(&d->alert_timer);
	return crit;
}

static void
dashboard_changed(struct dashboard *d, int what)
{
	int crit;

	if (d->closing || (d->opts.once && !(d->db_done && d->sweep_done)))
		return;
	dashboard_publish(d);
	crit = dashboard_alerts(d, what);
	if (d->opts.on_change != NULL)
		d->opts.on_change(d->opts.arg, what | DASH_ALERTS, crit);
}

/* Once mode: both halves are in, the view is whole. */
static void
dashboard_maybe_done(struct dashboard *d)
{
	if (!d->opts.once || !d->db_done || !d->sweep_done)
		return;
	dashboard_changed(d, DASH_MODEL | DASH_SERVICES);
	if (d->opts.on_done != NULL)
		d->opts.on_done(d->opts.arg, &d->view);
}

static void
dashboard_take_model(struct dashboard *d, struct model *fresh)
{
	/* A notice stays on screen until a refresh passes without one. */
	if (d->notices == d->notices_at_send) {
		free(d->notice);
		d->notice = NULL;
		d->view.db.notice = NULL;
	}
	model_free(&d->view.model);
	d->view.model = *fresh;
	d->view.db.has_model = true;
	d->view.db.last_ok = true;
	d->view.db.refreshed_ms = uv_now(d->loop);
	ts_format_local(time(NULL), d->view.db.refreshed_at);
	dashboard_set_error(d, NULL);
}

static void
dashboard_on_batch(void *arg, PGresult *const *res, int n, const char *error)
{
	struct dashboard *d = arg;
	struct model fresh;
	char *cause = NULL;

	d->view.db.in_flight = false;
	if (error == NULL && model_load(&fresh, res, n, &cause) == 0)
		dashboard_take_model(d, &fresh);
	else {
		if (error == NULL)
			model_free(&fresh);
		d->view.db.last_ok = false;
		dashboard_set_error(d, cause != NULL ? cause : xstrdup(error));
	}
	d->db_done = true;
	dashboard_changed(d, DASH_MODEL);
	dashboard_maybe_done(d);
}

static void
dashboard_refresh(struct dashboard *d)
{
	if (d->view.db.in_flight || d->view.db.state != DB_OK ||
	    (d->opts.once && d->db_done))
		return;
	d->notices_at_send = d->notices;
	if (model_submit(d->pg, &d->opts.params, dashboard_on_batch, d) == 0)
		d->view.db.in_flight = true;
}

static void
dashboard_on_notice(void *arg, const char *notice)
{
	struct dashboard *d = arg;

	free(d->notice);
	d->notice = xstrdup(notice);
	d->view.db.notice = d->notice;
	d->notices++;
	if (d->opts.on_notice != NULL)
		d->opts.on_notice(d->opts.arg, notice);
	dashboard_changed(d, DASH_DB_STATE);
}

static enum db_state
db_state_of(enum pg_state s)
{
	switch (s) {
	case PG_IDLE:		return DB_STARTING;
	case PG_RESOLVING:
	case PG_CONNECTING:	return DB_CONNECTING;
	case PG_READY:		return DB_OK;
	case PG_BACKOFF:	return DB_RECONNECTING;
	case PG_FAILED:		return DB_FAILED;
	case PG_CLOSING:	return DB_CLOSING;
	}
	return DB_FAILED;
}

static void
dashboard_on_db_state(void *arg, enum pg_state state, const char *error)
{
	struct dashboard *d = arg;

	d->view.db.state = db_state_of(state);
	d->view.db.trust_note = pg_client_trust_note(d->pg);
	if (state == PG_READY)
		d->view.db.reached = true;
	if (error != NULL) {
		dashboard_set_error(d, xstrdup(error));
		d->view.db.last_ok = false;
	}
	d->view.db.in_flight = false;
	if (state == PG_READY)
		dashboard_refresh(d);
	else if (state == PG_FAILED && d->opts.once && !d->db_done) {
		d->db_done = true;
		dashboard_maybe_done(d);
		return;
	}
	dashboard_changed(d, DASH_DB_STATE);
}

static void
dashboard_on_health(void *arg)
{
	dashboard_changed(arg, DASH_SERVICES);
}

static void
dashboard_on_sweep(void *arg)
{
	struct dashboard *d = arg;

	d->sweep_done = true;
	dashboard_maybe_done(d);
}

static void
dashboard_on_refresh_tick(uv_timer_t *t)
{
	dashboard_refresh(t->data);
}

/* A held condition reached its duration without any other event. */
static void
dashboard_on_alert_due(uv_timer_t *t)
{
	dashboard_changed(t->data, DASH_ALERTS);
}

static int
dashboard_open_clients(struct dashboard *d, char **cause)
{
	const struct config *cfg = d->opts.cfg;
	struct pg_client_opts popts;

	memset(&popts, 0, sizeof popts);
	popts.conninfo = cfg->db.conninfo;
	popts.connect_timeout_s = cfg->db.connect_timeout_s;
	popts.query_timeout_s = cfg->db.query_timeout_s;
	popts.reconnect = !d->opts.once;
	popts.on_state = dashboard_on_db_state;
	popts.on_notice = dashboard_on_notice;
	popts.arg = d;
	if (pg_client_new(d->loop, &popts, &d->pg, cause) != 0)
		return -1;
	d->health = health_new(d->loop, cfg, dashboard_on_health, d, cause);
	if (d->health == NULL) {
		pg_client_close(d->pg);
		return -1;
	}
	return 0;
}

struct dashboard *
dashboard_new(uv_loop_t *loop, const struct dashboard_opts *opts,
    char **cause)
{
	struct dashboard *d;

	d = xcalloc(1, sizeof *d);
	d->loop = loop;
	d->opts = *opts;
	if (dashboard_open_clients(d, cause) != 0) {
		free(d);
		return NULL;
	}
	dashboard_set_filters(d, opts->params.owner, opts->params.stage,
	    opts->params.status);
	d->view.db.target = pg_client_target(d->pg);
	d->alert_engine = alerts_new(opts->cfg);
	dashboard_publish(d);
	uv_timer_init(loop, &d->refresh_timer);
	uv_timer_init(loop, &d->alert_timer);
	d->refresh_timer.data = d;
	d->alert_timer.data = d;
	return d;
}

void
dashboard_start(struct dashboard *d)
{
	uint64_t every = (uint64_t)(d->opts.cfg->db.refresh_s * 1000.0);

	pg_client_start(d->pg);
	if (d->opts.once) {
		health_sweep(d->health, dashboard_on_sweep, d);
		return;
	}
	health_start(d->health);
	uv_timer_start(&d->refresh_timer, dashboard_on_refresh_tick,
	    every > 0 ? every : 1000, every > 0 ? every : 1000);
}

const struct dash_view *
dashboard_view(const struct dashboard *d)
{
	return &d->view;
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
	d->opts.params.owner = d->view.owner = d->filter[0];
	d->opts.params.stage = d->view.stage = d->filter[1];
	d->opts.params.status = d->view.status = d->filter[2];
	dashboard_refresh(d);
}

static void
dashboard_on_closed(uv_handle_t *h)
{
	struct dashboard *d = h->data;
	int i;

	if (--d->pending_closes > 0)
		return;
	model_free(&d->view.model);
	free(d->error);
	free(d->notice);
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
