/*
 * A deploy run (see deploy.h), as a chain of steps on the loop:
 *
 *   connect -> try the lock -> [held: who holds it -> refused]
 *           -> insert the deployments row -> spawn -> output ... exit
 *           -> record (row + audit) -> verify (timer) -> record the
 *              verification -> [failed + auto_rollback: insert, spawn, ...]
 *           -> close the session (which releases the lock)
 *
 * Every statement is parameterized.  The lock is a session-level advisory
 * lock on (hashtext('opsdeck deploy'), hashtext(service)), taken with
 * pg_try_advisory_lock so a second operator is refused at once instead of
 * queued behind a deploy that may take ten minutes.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "deploy.h"
#include "pg.h"
#include "proc.h"
#include "sanitize.h"
#include "scrollback.h"
#include "xalloc.h"

#define DEPLOY_TAIL_BYTES	4096
/* The verification checks at most this often (and at the service's
 * interval when that is shorter). */
#define DEPLOY_VERIFY_EVERY_MS	5000

static const char lock_sql[] =
	"SELECT pg_try_advisory_lock(hashtext('opsdeck deploy'), hashtext($1))";
static const char unlock_sql[] =
	"SELECT pg_advisory_unlock(hashtext('opsdeck deploy'), hashtext($1))";
static const char holder_sql[] =
	"SELECT operator, kind, to_char(started_at, 'YYYY-MM-DD HH24:MI:SS')"
	" FROM opsdeck.deployments WHERE service = $1 AND finished_at IS NULL"
	" ORDER BY started_at DESC LIMIT 1";
static const char insert_sql[] =
	"INSERT INTO opsdeck.deployments (service, kind, operator)"
	" VALUES ($1, $2, $3) RETURNING id";
static const char finish_sql[] =
	"UPDATE opsdeck.deployments SET finished_at = clock_timestamp(),"
	" exit_code = $2::int, outcome = $3, output_tail = $4 WHERE id = $1::bigint";
static const char verified_sql[] =
	"UPDATE opsdeck.deployments SET verification = $2 WHERE id = $1::bigint";
static const char audit_sql[] =
	"SELECT opsdeck.audit_add($1::uuid, $2, $3, $4, NULL, NULL, $5, $6::jsonb)";

struct deploy {
	uv_loop_t		*loop;
	struct deploy_opts	 opts;
	const struct svc_config	*svc;
	struct pg_client	*pg;
	struct proc		*proc;
	struct scrollback	 out;
	struct view_deploy	 view;
	char			*operator;	/* opts.operator's copy, owned */
	char			*status;	/* view.status, owned */
	char			*message;	/* view.message, owned */
	char			 row_id[24];	/* opsdeck.deployments.id */
	bool			 locked;
	bool			 recorded;	/* the row is there */
	uv_timer_t		 verify_timer;
	uint64_t		 last_tick_ms;
	enum svc_state		 base_state;	/* the baseline */
	struct opt_num		 base_err, base_p95;
	char			*last_bad;	/* why the last check was bad */
	bool			 cancelled;
	enum deploy_outcome	 after_record;	/* how the run ends once recorded */
	enum deploy_outcome	 outcome;
	bool			 closing;
	int			 pending_closes;
};

static void	deploy_run(struct deploy *, enum deploy_kind);
static void	deploy_end(struct deploy *, enum deploy_outcome);

/* ---- telling ------------------------------------------------------------ */

static void
deploy_set_status(struct deploy *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
deploy_set_status(struct deploy *d, const char *fmt, ...)
{
	va_list ap;

	free(d->status);
	va_start(ap, fmt);
	d->status = xvasprintf(fmt, ap);
	va_end(ap);
	d->view.status = d->status;
}

/* A step to read, in the view and through the callback. */
static void
deploy_say(struct deploy *d, char *owned)
{
	free(d->message);
	d->message = owned;
	d->view.message = owned;
	if (!d->closing && d->opts.cb != NULL)
		d->opts.cb(d->opts.arg, DEPLOY_STATE, owned);
}

static const char *
svc_name(const struct deploy *d)
{
	return d->svc->name;
}

/* ---- the database's part ------------------------------------------------ */

static int
deploy_submit(struct deploy *d, const char *sql, int n, const char *const *p,
    int flags, pg_batch_cb cb)
{
	struct pg_stmt st;
	int i;

	memset(&st, 0, sizeof st);
	st.sql = sql;
	st.nparams = n;
	for (i = 0; i < n; i++)
		st.params[i] = p[i];
	return pg_client_submit(d->pg, &st, 1, flags, cb, d);
}

/* Closing the session releases the lock; the run is over once it is. */
static void
deploy_end(struct deploy *d, enum deploy_outcome o)
{
	if (d->outcome != DEPLOY_PENDING)
		return;
	d->outcome = o;
	d->view.phase = DEPLOY_DONE;
	if (d->view.ended_ms == 0)
		d->view.ended_ms = uv_now(d->loop);
	uv_timer_stop(&d->verify_timer);
	if (d->pg != NULL)
		pg_client_close(d->pg);
	d->pg = NULL;
	if (!d->closing && d->opts.cb != NULL)
		d->opts.cb(d->opts.arg, DEPLOY_STATE, NULL);
}

/* The run ends once everything queued before has been answered: the
 * session closes only then, so no row or audit update is lost. */
static void
deploy_on_drained(void *arg, PGresult *const *res, int n, const char *error)
{
	struct deploy *d = arg;

	(void)res;
	(void)n;
	(void)error;
	deploy_end(d, d->after_record);
}

/* The lock is released by the last statement, not left to the session's
 * end: whoever reads the history next must see the run finished. */
static void
deploy_end_when_drained(struct deploy *d, enum deploy_outcome o)
{
	const char *p[1] = { svc_name(d) };

	d->after_record = o;
	if (d->pg == NULL || deploy_submit(d, d->locked ? unlock_sql :
	    "SELECT 1", d->locked ? 1 : 0, p, 0, deploy_on_drained) != 0)
		deploy_end(d, o);
}

static void
deploy_on_holder(void *arg, PGresult *const *res, int n, const char *error)
{
	struct deploy *d = arg;

	deploy_set_status(d, "refused");
	if (error == NULL && n == 1 && PQntuples(res[0]) == 1)
		deploy_say(d, xasprintf("%s refused: %s is being %s by %s "
		    "since %s", deploy_kind_name(d->opts.kind), svc_name(d),
		    strcmp(PQgetvalue(res[0], 0, 1), "deploy") == 0 ?
		    "deployed" : "rolled back", PQgetvalue(res[0], 0, 0),
		    PQgetvalue(res[0], 0, 2)));
	else
		deploy_say(d, xasprintf("%s refused: %s is locked by another "
		    "session", deploy_kind_name(d->opts.kind), svc_name(d)));
	deploy_end(d, DEPLOY_REFUSED);
}

/* The baseline: how the service was before we touched it. */
static void
deploy_note_baseline(struct deploy *d)
{
	const struct svc_status *s;
	size_t n;

	s = health_statuses(d->opts.health, &n);
	if (d->opts.service >= n)
		return;
	s += d->opts.service;
	d->base_state = s->state;
	d->base_err = s->error_rate;
	d->base_p95 = s->p95_ms;
}

/* "up, 0.4% errors, p95 120 ms": what the verification is told against. */
static void
deploy_baseline_words(const struct deploy *d, char *buf, size_t len)
{
	char err[32] = "no error rate", p95[32] = "no p95";

	if (d->base_err.has)
		snprintf(err, sizeof err, "%.1f%% errors", d->base_err.v);
	if (d->base_p95.has)
		snprintf(p95, sizeof p95, "p95 %.0f ms", d->base_p95.v);
	snprintf(buf, len, "%s, %s, %s", svc_state_name(d->base_state), err,
	    p95);
}

static void
deploy_on_lock(void *arg, PGresult *const *res, int n, const char *error)
{
	struct deploy *d = arg;
	const char *p[1] = { svc_name(d) };

	if (error != NULL || n != 1 || PQntuples(res[0]) != 1) {
		deploy_set_status(d, "refused");
		deploy_say(d, xasprintf("%s refused: %s", deploy_kind_name(
		    d->opts.kind), error ? error : "no answer to the lock"));
		deploy_end(d, DEPLOY_REFUSED);
		return;
	}
	if (strcmp(PQgetvalue(res[0], 0, 0), "t") != 0) {
		if (deploy_submit(d, holder_sql, 1, p, 0, deploy_on_holder) != 0)
			deploy_on_holder(d, NULL, 0, "lost");
		return;
	}
	d->locked = true;
	deploy_note_baseline(d);
	deploy_run(d, d->opts.kind);
}

static void
deploy_on_pg_state(void *arg, enum pg_state state, const char *error)
{
	struct deploy *d = arg;
	const char *p[1];

	if (d->closing || d->outcome != DEPLOY_PENDING)
		return;
	if (state == PG_READY && !d->locked) {
		p[0] = svc_name(d);
		if (deploy_submit(d, lock_sql, 1, p, 0, deploy_on_lock) != 0)
			deploy_on_lock(d, NULL, 0, "connection lost");
	} else if (state == PG_FAILED && !d->locked) {
		deploy_set_status(d, "no database");
		deploy_say(d, xasprintf("%s %s not run: no database, no deploy "
		    "(%s)", deploy_kind_name(d->opts.kind), svc_name(d),
		    error ? error : "unreachable"));
		deploy_end(d, DEPLOY_NO_DB);
	} else if (state == PG_FAILED) {
		/* The lock went with the session: say so, the command goes
		 * on, its outcome cannot be recorded. */
		deploy_say(d, xasprintf("database connection lost during the "
		    "%s: the lock is released and the outcome will not be "
		    "recorded (%s)", deploy_kind_name(d->view.kind),
		    error ? error : "closed"));
		d->pg = NULL;
	}
}

/* ---- the command ------------------------------------------------------- */

static void
deploy_on_output(void *arg, enum proc_stream stream, const char *data,
    size_t len)
{
	struct deploy *d = arg;

	(void)stream;
	scrollback_append(&d->out, data, len);
	if (!d->closing && d->opts.on_bytes != NULL)
		d->opts.on_bytes(d->opts.arg, data, len);
	if (!d->closing && d->opts.cb != NULL)
		d->opts.cb(d->opts.arg, DEPLOY_OUTPUT, NULL);
}

static const char *
end_words(const struct proc_result *r, char *buf, size_t len)
{
	switch (r->end) {
	case PROC_EXITED:
		snprintf(buf, len, "exit %d", r->exit_code);
		break;
	case PROC_SIGNALED:
		snprintf(buf, len, "killed by signal %d", r->term_signal);
		break;
	case PROC_TIMED_OUT:
		snprintf(buf, len, "timed out after %.0f s", r->seconds);
		break;
	case PROC_CANCELLED:
		snprintf(buf, len, "cancelled");
		break;
	}
	return buf;
}

/* Row and audit in one transaction; the next step follows the answer. */
static void
deploy_record(struct deploy *d, const char *exit_code, const char *outcome,
    const char *detail_json, pg_batch_cb next)
{
	char id[ACTION_ID_LEN + 1], *tail, *safe_tail;
	struct pg_stmt st[2];

	tail = scrollback_tail(&d->out, DEPLOY_TAIL_BYTES);
	/* text columns take valid UTF-8 without NUL only */
	safe_tail = utf8_repair(tail, strlen(tail));
	free(tail);
	memset(st, 0, sizeof st);
	st[0].sql = finish_sql;
	st[0].nparams = 4;
	st[0].params[0] = d->row_id;
	st[0].params[1] = exit_code;
	st[0].params[2] = outcome;
	st[0].params[3] = safe_tail;
	st[1].sql = audit_sql;
	st[1].nparams = 6;
	if (action_new_id(id) != 0)
		snprintf(id, sizeof id, "00000000-0000-4000-8000-000000000000");
	st[1].params[0] = id;
	st[1].params[1] = d->opts.operator;
	st[1].params[2] = deploy_kind_name(d->view.kind);
	st[1].params[3] = svc_name(d);
	st[1].params[4] = outcome;
	st[1].params[5] = detail_json;
	if (d->pg == NULL || !d->recorded ||
	    pg_client_submit(d->pg, st, 2, PG_BATCH_WRITE, next, d) != 0)
		next(d, NULL, 0, "not recorded");
	free(safe_tail);
}

static void	deploy_verify_start(struct deploy *);

static void
deploy_after_record(void *arg, PGresult *const *res, int n, const char *error)
{
	struct deploy *d = arg;

	(void)res;
	(void)n;
	if (error != NULL && strcmp(error, "not recorded") != 0)
		deploy_say(d, xasprintf("the outcome could not be recorded: %s",
		    error));
	if (d->view.phase == DEPLOY_VERIFYING)
		deploy_verify_start(d);
	else
		deploy_end_when_drained(d, d->after_record);
}

static void
deploy_on_exit(void *arg, const struct proc_result *r)
{
	struct deploy *d = arg;
	char words[64], code[16], *detail;
	bool ok = r->end == PROC_EXITED && r->exit_code == 0;

	scrollback_flush(&d->out);
	d->view.pid = 0;
	d->view.ended_ms = uv_now(d->loop);
	end_words(r, words, sizeof words);
	deploy_set_status(d, "%s", words);
	snprintf(code, sizeof code, "%d", r->end == PROC_EXITED ?
	    r->exit_code : 128 + r->term_signal);
	detail = xasprintf("{\"deployment\": %s, \"seconds\": %.1f, "
	    "\"end\": \"%s\"}", *d->row_id ? d->row_id : "null", r->seconds,
	    words);
	if (ok && d->svc->verify_for_s > 0 && d->opts.health != NULL &&
	    !d->cancelled)
		d->view.phase = DEPLOY_VERIFYING;
	else
		d->after_record = ok ? DEPLOY_OK : DEPLOY_FAILED;
	deploy_say(d, xasprintf("%s of %s: %s%s", deploy_kind_name(d->view.kind),
	    svc_name(d), words, d->view.phase == DEPLOY_VERIFYING ?
	    "; verifying" : ""));
	deploy_record(d, code, words, detail, deploy_after_record);
	free(detail);
}

static void
deploy_spawn(struct deploy *d)
{
	char *const *argv = d->view.kind == DEPLOY_KIND_DEPLOY ?
	    d->svc->deploy : d->svc->rollback;
	char *env[4], *cause = NULL;
	struct proc_opts po;

	env[0] = xasprintf("OPSDECK_SERVICE=%s", svc_name(d));
	env[1] = xasprintf("OPSDECK_ACTION=%s",
	    d->view.kind == DEPLOY_KIND_DEPLOY ? "deploy" : "rollback");
	env[2] = xasprintf("OPSDECK_OPERATOR=%s", d->opts.operator);
	env[3] = NULL;
	memset(&po, 0, sizeof po);
	po.argv = argv;
	po.env_extra = env;
	po.timeout_s = d->svc->command_timeout_s;
	po.grace_s = d->opts.grace_s;
	po.on_output = deploy_on_output;
	po.on_exit = deploy_on_exit;
	po.arg = d;
	d->view.phase = DEPLOY_RUNNING;
	d->view.started_ms = uv_now(d->loop);
	d->view.ended_ms = 0;
	if (proc_start(d->loop, &po, &d->proc, &cause) != 0) {
		d->proc = NULL;
		deploy_set_status(d, "failed to start");
		d->after_record = DEPLOY_FAILED;
		deploy_say(d, xasprintf("%s of %s failed to start: %s",
		    deploy_kind_name(d->view.kind), svc_name(d), cause));
		deploy_record(d, NULL, "failed to start", "{}",
		    deploy_after_record);
		free(cause);
	} else {
		d->view.pid = (long)proc_pid(d->proc);
		deploy_set_status(d, "running");
		if (d->opts.cb != NULL)
			d->opts.cb(d->opts.arg, DEPLOY_STATE, NULL);
	}
	free(env[0]);
	free(env[1]);
	free(env[2]);
}

static void
deploy_on_row(void *arg, PGresult *const *res, int n, const char *error)
{
	struct deploy *d = arg;

	if (error != NULL || n != 1 || PQntuples(res[0]) != 1) {
		deploy_set_status(d, "refused");
		deploy_say(d, xasprintf("%s %s refused: %s",
		    deploy_kind_name(d->view.kind), svc_name(d),
		    error ? error : "no row"));
		deploy_end(d, DEPLOY_REFUSED);
		return;
	}
	snprintf(d->row_id, sizeof d->row_id, "%s", PQgetvalue(res[0], 0, 0));
	d->recorded = true;
	deploy_spawn(d);
}

/* One run (the deploy, a rollback, the automatic rollback): its row
 * first, so a crash during the command leaves it `interrupted`. */
static void
deploy_run(struct deploy *d, enum deploy_kind kind)
{
	const char *p[3];

	if (d->proc != NULL) {
		proc_close(d->proc);
		d->proc = NULL;
	}
	scrollback_free(&d->out);
	scrollback_init(&d->out);
	d->view.kind = kind;
	d->view.checks = d->view.bad_in_row = 0;
	d->recorded = false;
	d->row_id[0] = '\0';
	deploy_set_status(d, "starting");
	p[0] = svc_name(d);
	p[1] = deploy_kind_name(kind);
	p[2] = d->opts.operator;
	if (d->pg == NULL ||
	    deploy_submit(d, insert_sql, 3, p, PG_BATCH_WRITE, deploy_on_row) != 0)
		deploy_on_row(d, NULL, 0, "connection lost");
}

/* ---- verification -------------------------------------------------------- */

/* Why check s is bad, or NULL when it is good: down, or an error rate
 * above the threshold, or no answer since the last tick. */
static const char *
deploy_check_bad(struct deploy *d, const struct svc_status *s, char *buf,
    size_t len)
{
	if (s->checked_ms == 0 || s->checked_ms < d->last_tick_ms)
		return "no answer";
	if (s->state == SVC_DOWN || s->state == SVC_UNKNOWN) {
		snprintf(buf, len, "%s%s%s", svc_state_name(s->state),
		    s->detail ? ": " : "", s->detail ? s->detail : "");
		return buf;
	}
	if (s->error_rate.has && s->error_rate.v > d->svc->error_rate_threshold) {
		snprintf(buf, len, "error rate %.1f%% above %.1f%%",
		    s->error_rate.v, d->svc->error_rate_threshold);
		return buf;
	}
	return NULL;
}

static void
deploy_verdict(struct deploy *d, bool good)
{
	const char *p[2];
	bool roll;

	uv_timer_stop(&d->verify_timer);
	deploy_set_status(d, good ? "verified" : "failed verification");
	p[0] = d->row_id;
	p[1] = d->status;
	if (d->pg != NULL && d->recorded)
		(void)deploy_submit(d, verified_sql, 2, p, PG_BATCH_WRITE, NULL);
	roll = !good && d->svc->auto_rollback && d->view.kind ==
	    DEPLOY_KIND_DEPLOY && d->svc->rollback != NULL && !d->cancelled;
	deploy_say(d, xasprintf("%s of %s %s%s%s%s", deploy_kind_name(d->view.kind),
	    svc_name(d), good ? "verified" : "failed verification",
	    good ? "" : " (", good ? "" : d->last_bad ? d->last_bad : "bad",
	    good ? "" : roll ? "): rolling back automatically" : ")"));
	if (roll) {
		d->view.rolled_back = true;
		deploy_run(d, DEPLOY_KIND_AUTO_ROLLBACK);
		return;
	}
	deploy_end_when_drained(d, good && d->view.kind == d->opts.kind ?
	    DEPLOY_OK : DEPLOY_FAILED);
}

static void
deploy_on_verify_tick(uv_timer_t *t)
{
	struct deploy *d = t->data;
	const struct svc_status *s;
	char why[256];
	const char *bad;
	size_t n;

	s = health_statuses(d->opts.health, &n);
	if (d->opts.service < n) {
		bad = deploy_check_bad(d, &s[d->opts.service], why, sizeof why);
		d->view.checks++;
		if (bad != NULL) {
			d->view.bad_in_row++;
			free(d->last_bad);
			d->last_bad = xstrdup(bad);
		} else
			d->view.bad_in_row = 0;
	}
	if (d->view.bad_in_row >= d->svc->verify_failures) {
		deploy_verdict(d, false);
		return;
	}
	if (uv_now(d->loop) - d->view.verify_started_ms >=
	    (uint64_t)(d->svc->verify_for_s * 1000)) {
		deploy_verdict(d, true);
		return;
	}
	d->last_tick_ms = uv_now(d->loop);
	health_check_now(d->opts.health, d->opts.service);
	if (d->opts.cb != NULL)
		d->opts.cb(d->opts.arg, DEPLOY_STATE, NULL);
}

static void
deploy_verify_start(struct deploy *d)
{
	uint64_t every = DEPLOY_VERIFY_EVERY_MS;
	double iv = d->svc->interval_s > 0 ? d->svc->interval_s : 10;
	char base[128];

	if (iv * 1000 < every)
		every = (uint64_t)(iv * 1000);
	if (every < 200)
		every = 200;
	d->view.verify_for_s = d->svc->verify_for_s;
	d->view.verify_started_ms = uv_now(d->loop);
	d->last_tick_ms = uv_now(d->loop);
	deploy_set_status(d, "verifying");
	deploy_baseline_words(d, base, sizeof base);
	deploy_say(d, xasprintf("verifying the %s of %s for %.0f s; before "
	    "it: %s; %d bad checks in a row fail it",
	    deploy_kind_name(d->view.kind), svc_name(d), d->svc->verify_for_s,
	    base, d->svc->verify_failures));
	health_check_now(d->opts.health, d->opts.service);
	uv_timer_start(&d->verify_timer, deploy_on_verify_tick, every, every);
}

/* ---- the public side ------------------------------------------------------ */

struct deploy *
deploy_start(uv_loop_t *loop, const struct deploy_opts *o, char **cause)
{
	const struct svc_config *svc = &o->cfg->services[o->service];
	struct pg_client_opts popts;
	struct deploy *d;

	if ((o->kind == DEPLOY_KIND_DEPLOY ? svc->deploy : svc->rollback) == NULL) {
		*cause = xasprintf("%s refused: no %s command is configured for "
		    "%s", deploy_kind_name(o->kind), deploy_kind_name(o->kind),
		    svc->name);
		return NULL;
	}
	d = xcalloc(1, sizeof *d);
	d->loop = loop;
	d->opts = *o;
	d->operator = xstrdup(o->operator);
	d->opts.operator = d->operator;
	d->svc = svc;
	d->view.service = svc->name;
	d->view.kind = o->kind;
	d->view.phase = DEPLOY_LOCKING;
	d->view.output = &d->out;
	scrollback_init(&d->out);
	deploy_set_status(d, "locking");
	uv_timer_init(loop, &d->verify_timer);
	d->verify_timer.data = d;
	memset(&popts, 0, sizeof popts);
	popts.conninfo = o->conninfo != NULL ? o->conninfo : o->cfg->db.conninfo;
	popts.connect_timeout_s = o->cfg->db.connect_timeout_s;
	popts.query_timeout_s = o->cfg->db.query_timeout_s;
	popts.on_state = deploy_on_pg_state;
	popts.arg = d;
	if (pg_client_new(loop, &popts, &d->pg, cause) != 0) {
		d->pg = NULL;
		deploy_close(d);
		return NULL;
	}
	pg_client_start(d->pg);
	return d;
}

void
deploy_cancel(struct deploy *d)
{
	char id[ACTION_ID_LEN + 1];
	const char *p[6];

	if (d->outcome != DEPLOY_PENDING || d->cancelled)
		return;
	d->cancelled = true;
	if (d->pg != NULL && action_new_id(id) == 0) {
		p[0] = id;
		p[1] = d->opts.operator;
		p[2] = "cancel";
		p[3] = svc_name(d);
		p[4] = d->view.phase == DEPLOY_VERIFYING ? "verification cancelled" :
		    "cancelled";
		p[5] = "{}";
		(void)deploy_submit(d, audit_sql, 6, p, PG_BATCH_WRITE, NULL);
	}
	if (d->proc != NULL && proc_running(d->proc)) {
		deploy_say(d, xasprintf("cancelling the %s of %s: SIGTERM to its "
		    "process group", deploy_kind_name(d->view.kind), svc_name(d)));
		proc_cancel(d->proc);
	} else if (d->view.phase == DEPLOY_VERIFYING) {
		deploy_set_status(d, "verification cancelled");
		deploy_say(d, xasprintf("verification of %s cancelled",
		    svc_name(d)));
		uv_timer_stop(&d->verify_timer);
		deploy_end_when_drained(d, DEPLOY_FAILED);
	} else if (d->view.phase == DEPLOY_LOCKING) {
		deploy_set_status(d, "cancelled");
		deploy_end(d, DEPLOY_FAILED);
	}
}

const struct view_deploy *
deploy_view(const struct deploy *d)
{
	return &d->view;
}

enum deploy_outcome
deploy_outcome(const struct deploy *d)
{
	return d->outcome;
}

static void
deploy_on_closed(uv_handle_t *h)
{
	struct deploy *d = h->data;

	scrollback_free(&d->out);
	free(d->status);
	free(d->message);
	free(d->last_bad);
	free(d->operator);
	free(d);
}

void
deploy_close(struct deploy *d)
{
	d->closing = true;
	if (d->proc != NULL)
		proc_close(d->proc);
	d->proc = NULL;
	if (d->pg != NULL)
		pg_client_close(d->pg);
	d->pg = NULL;
	uv_close((uv_handle_t *)&d->verify_timer, deploy_on_closed);
}
