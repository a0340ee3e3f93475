/*
 * The orchestrator (see dashboard.h).  A refresh is one pipelined batch of
 * the model queries; a tick that finds the previous batch still in flight
 * is skipped rather than stacked, so a slow database never accumulates
 * work.  A new model replaces the old one only when the whole batch
 * succeeded.
 *
 * A change notified while a refresh is in flight may be missed by its
 * snapshot, so it marks the dashboard dirty and one more refresh follows.
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
#include "db-watch.h"
#include "deploy.h"
#include "deploys-sql.h"
#include "health.h"
#include "journal.h"
#include "model-load.h"
#include "outbox.h"
#include "pg.h"
#include "timefmt.h"
#include "xalloc.h"

/* Listening, a refresh at least this often all the same: ages and
 * windows move with the clock, not with the data. */
#define DASH_SAFETY_POLL_MS	30000

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
	struct db_watch		*watch;		/* live mode */
	struct outbox		*outbox;	/* live mode */
	struct deploy		*deploy;	/* running or the last, or NULL */
	struct deploy_history	 history;	/* opsdeck.deployments */
	uint64_t		 epoch_at_send;	/* outbox epoch of the refresh in flight */
	bool			 dirty;		/* a change came during a refresh */
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
static void	dashboard_on_refresh_tick(uv_timer_t *);

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
	v->read_only = d->opts.read_only;
	if (d->watch != NULL) {
		v->db.listening = db_watch_listening(d->watch);
		v->db.poll_reason = db_watch_poll_reason(d->watch);
		v->db.caps = *db_watch_caps(d->watch);
		v->events = db_watch_events(d->watch, &v->n_events);
	}
	v->deploy = d->deploy != NULL ? deploy_view(d->deploy) : NULL;
	v->deploys = &d->history;
	if (d->outbox != NULL) {
		v->writes = outbox_items(d->outbox, &v->n_writes);
		v->pending = outbox_pending(d->outbox);
		v->journal_note = outbox_journal_note(d->outbox);
		v->undoable = outbox_last_applied(d->outbox);
	}
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
dashboard_on_deploys(void *arg, PGresult *const *res, int n, const char *error)
{
	struct dashboard *d = arg;
	struct deploy_history h;
	char *cause = NULL;

	if (d->closing || error != NULL || n != 1 ||
	    deploys_load(&h, res[0], &cause) != 0) {
		free(cause);
		return;		/* the history is a nicety: keep the last */
	}
	deploy_history_free(&d->history);
	d->history = h;
	dashboard_changed(d, DASH_DEPLOY);
}

/* The deploy history rides on every refresh where opsdeck is installed. */
static void
dashboard_read_deploys(struct dashboard *d)
{
	struct pg_stmt st;

	if (!db_watch_caps(d->watch)->installed)
		return;
	deploys_stmt(&st);
	(void)pg_client_submit(d->pg, &st, 1, 0, dashboard_on_deploys, d);
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
	if (d->outbox != NULL)
		outbox_settle_shown(d->outbox, d->epoch_at_send);
	if (d->watch != NULL) {
		db_watch_resolve(d->watch, &d->view.model);
		dashboard_read_deploys(d);
	}
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
	if (d->dirty) {
		d->dirty = false;
		dashboard_refresh(d);
	}
}

static void
dashboard_refresh(struct dashboard *d)
{
	if (d->view.db.in_flight || d->view.db.state != DB_OK ||
	    (d->opts.once && d->db_done))
		return;
	d->notices_at_send = d->notices;
	d->epoch_at_send = d->outbox != NULL ? outbox_epoch(d->outbox) : 0;
	if (model_submit(d->pg, &d->opts.params, dashboard_on_batch, d) == 0)
		d->view.db.in_flight = true;
}

/* Something changed in the database: read it once the refresh in flight,
 * if any, is back (its snapshot may predate the change). */
static void
dashboard_refresh_soon(struct dashboard *d)
{
	if (d->view.db.in_flight)
		d->dirty = true;
	else
		dashboard_refresh(d);
}

/* Listening, the refresh timer is only a safety net; else it polls. */
static void
dashboard_arm_refresh(struct dashboard *d)
{
	uint64_t every = (uint64_t)(d->opts.cfg->db.refresh_s * 1000.0);

	if (every == 0)
		every = 1000;
	if (d->watch != NULL && db_watch_listening(d->watch) &&
	    every < DASH_SAFETY_POLL_MS)
		every = DASH_SAFETY_POLL_MS;
	if (uv_timer_get_repeat(&d->refresh_timer) != every)
		uv_timer_start(&d->refresh_timer, dashboard_on_refresh_tick,
		    every, every);
}

static void
dashboard_on_watch(void *arg, int what)
{
	struct dashboard *d = arg;

	if (d->closing)
		return;
	if (what & WATCH_CAPS)
		dashboard_arm_refresh(d);
	if (what & WATCH_REFRESH)
		dashboard_refresh_soon(d);
	dashboard_changed(d, (what & WATCH_EVENTS ? DASH_EVENTS : 0) |
	    (what & WATCH_CAPS ? DASH_DB_STATE : 0));
}

static void
dashboard_on_notify(void *arg, const char *channel, const char *payload,
    int backend_pid)
{
	struct dashboard *d = arg;

	if (d->watch != NULL)
		db_watch_notify(d->watch, channel, payload, backend_pid);
}

static void
dashboard_on_outbox(void *arg, const char *message, bool applied)
{
	struct dashboard *d = arg;

	if (d->closing)
		return;
	if (message != NULL && d->opts.on_message != NULL)
		d->opts.on_message(d->opts.arg, message);
	if (applied)
		dashboard_refresh_soon(d);
	dashboard_changed(d, DASH_WRITES);
}

static void
dashboard_say(struct dashboard *d, char *owned)
{
	if (d->opts.on_message != NULL)
		d->opts.on_message(d->opts.arg, owned);
	free(owned);
}

static void
dashboard_on_deploy(void *arg, int what, const char *message)
{
	struct dashboard *d = arg;

	if (d->closing)
		return;
	if (what == DEPLOY_OUTPUT && message == NULL) {
		/* The view points into the deploy's scrollback: nothing to
		 * publish again, no alert to evaluate. */
		if (d->opts.on_change != NULL)
			d->opts.on_change(d->opts.arg, DASH_OUTPUT, 0);
		return;
	}
	if (message != NULL && d->opts.on_message != NULL)
		d->opts.on_message(d->opts.arg, message);
	/* A run that ended changed the history. */
	if ((what & DEPLOY_STATE) && deploy_outcome(d->deploy) != DEPLOY_PENDING &&
	    d->view.db.state == DB_OK)
		dashboard_read_deploys(d);
	dashboard_changed(d, DASH_DEPLOY);
}

void
dashboard_deploy(struct dashboard *d, size_t service, enum deploy_kind kind,
    const char *operator)
{
	const struct db_caps *caps = d->watch ? db_watch_caps(d->watch) : NULL;
	const char *verb = deploy_kind_name(kind);
	struct deploy_opts o;
	char *cause = NULL;

	if (d->opts.once || d->opts.read_only) {
		dashboard_say(d, xasprintf("%s refused: read-only", verb));
		return;
	}
	if (caps != NULL && caps->known && (!caps->installed || !caps->deploy)) {
		dashboard_say(d, xasprintf("%s refused: %s", verb,
		    !caps->installed ? "opsdeck's objects are not in this "
		    "database (run `opsdeck migrate`)" :
		    "this database role may not deploy"));
		return;
	}
	if (d->deploy != NULL && deploy_outcome(d->deploy) == DEPLOY_PENDING) {
		dashboard_say(d, xasprintf("%s refused: the %s of %s is still "
		    "running (o shows it, x cancels it)", verb,
		    deploy_kind_name(deploy_view(d->deploy)->kind),
		    deploy_view(d->deploy)->service));
		return;
	}
	memset(&o, 0, sizeof o);
	o.cfg = d->opts.cfg;
	o.service = service;
	o.kind = kind;
	o.operator = operator;
	o.health = d->health;
	o.cb = dashboard_on_deploy;
	o.arg = d;
	if (d->deploy != NULL)
		deploy_close(d->deploy);
	d->deploy = deploy_start(d->loop, &o, &cause);
	if (d->deploy == NULL)
		dashboard_say(d, cause);
	dashboard_changed(d, DASH_DEPLOY);
}

void
dashboard_deploy_cancel(struct dashboard *d)
{
	if (d->deploy != NULL && deploy_outcome(d->deploy) == DEPLOY_PENDING)
		deploy_cancel(d->deploy);
	else
		dashboard_say(d, xstrdup("no deploy is running"));
}

void
dashboard_write(struct dashboard *d, const struct action_req *r)
{
	const struct db_caps *caps;
	char *msg = NULL;

	if (d->outbox == NULL || d->opts.read_only)
		msg = xasprintf("%s %s refused: read-only", action_kind_name(r->kind),
		    r->code);
	else if ((caps = db_watch_caps(d->watch))->known && !caps->installed)
		msg = xasprintf("%s %s refused: opsdeck's objects are not in this "
		    "database (run `opsdeck migrate`)", action_kind_name(r->kind),
		    r->code);
	if (msg != NULL) {
		if (d->opts.on_message != NULL)
			d->opts.on_message(d->opts.arg, msg);
		free(msg);
		return;
	}
	outbox_submit(d->outbox, r);
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
	d->dirty = false;
	if (d->watch != NULL) {
		if (state == PG_READY)
			db_watch_ready(d->watch);
		else
			db_watch_lost(d->watch);
	}
	if (d->outbox != NULL)
		outbox_kick(d->outbox);
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
	popts.on_notify = dashboard_on_notify;
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

/* The watch and the outbox: live mode only. */
static void
dashboard_open_writes(struct dashboard *d)
{
	char *path = NULL, *cause = NULL;

	d->watch = db_watch_new(d->loop, d->pg, dashboard_on_watch, d);
	if (d->opts.journal && (path = journal_default_path(&cause)) == NULL) {
		if (d->opts.on_message != NULL)
			d->opts.on_message(d->opts.arg, cause);
		free(cause);
	}
	d->outbox = outbox_new(d->loop, d->pg, path, dashboard_on_outbox, d);
	free(path);
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
	if (!opts->once)
		dashboard_open_writes(d);
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
	pg_client_start(d->pg);
	if (d->opts.once) {
		health_sweep(d->health, dashboard_on_sweep, d);
		return;
	}
	health_start(d->health);
	dashboard_arm_refresh(d);
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
	deploy_history_free(&d->history);
	free(d->error);
	free(d->notice);
	for (i = 0; i < 3; i++)
		free(d->filter[i]);
	alerts_free(d->alert_engine);
	free(d);
}

static void
dashboard_part_closed(void *arg)
{
	struct dashboard *d = arg;

	dashboard_on_closed((uv_handle_t *)&d->refresh_timer);
}

/* The client first: its queue fails synchronously, into a watch and an
 * outbox that are still there. */
void
dashboard_close(struct dashboard *d)
{
	d->closing = true;
	/* A deploy still running is killed with its group: the operator
	 * quit (the TUI asks first), and its row will read interrupted. */
	if (d->deploy != NULL)
		deploy_close(d->deploy);
	d->deploy = NULL;
	pg_client_close(d->pg);
	health_close(d->health);
	d->pending_closes = 2 + (d->watch != NULL) + (d->outbox != NULL);
	if (d->watch != NULL)
		db_watch_close(d->watch, dashboard_part_closed, d);
	if (d->outbox != NULL)
		outbox_close(d->outbox, dashboard_part_closed, d);
	uv_close((uv_handle_t *)&d->refresh_timer, dashboard_on_closed);
	uv_close((uv_handle_t *)&d->alert_timer, dashboard_on_closed);
}
