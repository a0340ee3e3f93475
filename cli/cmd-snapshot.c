/*
 * opsdeck snapshot: one database read (one pipelined batch) and one health
 * sweep, both on the loop at the same time, then one document on stdout.
 * The wall time is the slower of the two, not their sum.  Without the
 * database the document still comes, with the services (spec §4): an
 * operator paged for a database outage still sees which services are up.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "alerts.h"
#include "commands.h"
#include "health.h"
#include "model-load.h"
#include "pg.h"
#include "sanitize.h"
#include "snapshot.h"
#include "timefmt.h"
#include "xalloc.h"

struct snapshot_run {
	const struct options	*opts;
	const struct config	*cfg;
	struct pg_client	*pg;
	struct health_checker	*health;
	bool			 db_done;
	bool			 health_done;
	struct model		 model;
	bool			 model_ok;
	bool			 unreachable;	/* never connected */
	char			*db_error;
	char			 refreshed_at[MODEL_TS_LEN];
	int			 rc;
};

static int
snapshot_print(struct snapshot_run *run)
{
	struct alert_engine *alerts;
	struct snapshot snap;
	char *out;

	memset(&snap, 0, sizeof snap);
	ts_format_local(time(NULL), snap.generated_at);
	if (run->opts->has_now)
		snprintf(snap.now, sizeof snap.now, "%s", run->opts->now);
	snap.db_ok = run->model_ok;
	snap.db_error = run->model_ok ? NULL :
	    run->db_error != NULL ? run->db_error : "no data";
	memcpy(snap.refreshed_at, run->refreshed_at, sizeof snap.refreshed_at);
	snap.model = run->model_ok ? &run->model : NULL;
	snap.services = health_statuses(run->health, &snap.n_services);
	/* One instant: only conditions without a duration can show. */
	alerts = alerts_new(run->cfg);
	alerts_evaluate(alerts, uv_hrtime() / 1000000, snap.generated_at,
	    snap.services, snap.n_services, snap.model);
	snap.alerts = alerts_list(alerts, &snap.n_alerts);
	if (strcmp(run->opts->format, "text") == 0)
		out = snapshot_text(&snap, 80);
	else
		out = snapshot_json(&snap);
	fputs(out, stdout);
	if (*out != '\0' && out[strlen(out) - 1] != '\n')
		fputc('\n', stdout);
	free(out);
	alerts_free(alerts);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void
snapshot_report_db_error(struct snapshot_run *run)
{
	char *safe = sanitize_text(run->db_error ? run->db_error : "no data", 0);

	fprintf(stderr, "opsdeck: %s (%s): %s\n", run->unreachable ?
	    "database unreachable" : "database error", pg_client_target(run->pg),
	    safe);
	free(safe);
}

/* Both halves are in: print while the checker still owns its statuses,
 * then close everything so that uv_run returns. */
static void
snapshot_maybe_done(struct snapshot_run *run)
{
	if (!run->db_done || !run->health_done)
		return;
	run->rc = snapshot_print(run);
	if (!run->model_ok) {
		snapshot_report_db_error(run);
		run->rc = EXIT_DB;
	}
	health_close(run->health);
	pg_client_close(run->pg);
}

static void
snapshot_on_sweep(void *arg)
{
	struct snapshot_run *run = arg;

	run->health_done = true;
	snapshot_maybe_done(run);
}

static void
snapshot_on_batch(void *arg, PGresult *const *res, int n, const char *error)
{
	struct snapshot_run *run = arg;
	char *cause = NULL;

	if (error != NULL)
		run->db_error = xstrdup(error);
	else if (model_load(&run->model, res, n, &cause) != 0)
		run->db_error = cause;
	else {
		run->model_ok = true;
		ts_format_local(time(NULL), run->refreshed_at);
	}
	run->db_done = true;
	snapshot_maybe_done(run);
}

static void
snapshot_send(struct snapshot_run *run)
{
	const struct options *o = run->opts;
	struct model_params p = {
		.now = o->has_now ? o->now : NULL,
		.week = o->has_week ? o->week : NULL,
		.owner = o->owner, .stage = o->stage, .status = o->status,
		.stale_after_s = run->cfg->db.agent_stale_after_s,
	};

	if (model_submit(run->pg, &p, snapshot_on_batch, run) != 0) {
		run->db_error = xstrdup("could not send the queries");
		run->db_done = true;
		snapshot_maybe_done(run);
	}
}

/* A command has no status line: a notice goes to stderr, made safe. */
static void
snapshot_on_notice(void *arg, const char *notice)
{
	char *safe = sanitize_text(notice, 0);

	(void)arg;
	fprintf(stderr, "opsdeck: database says: %s\n", safe);
	free(safe);
}

static void
snapshot_on_db_state(void *arg, enum pg_state state, const char *error)
{
	struct snapshot_run *run = arg;

	if (run->db_done)
		return;
	if (state == PG_FAILED) {
		run->unreachable = true;
		run->db_error = xstrdup(error ? error : "connection failed");
		run->db_done = true;
		snapshot_maybe_done(run);
	} else if (state == PG_READY)
		snapshot_send(run);
}

int
cmd_snapshot(const struct options *o, const struct config *cfg)
{
	struct snapshot_run run;
	struct pg_client_opts popts;
	uv_loop_t loop;
	char *cause = NULL;

	memset(&run, 0, sizeof run);
	run.opts = o;
	run.cfg = cfg;
	uv_loop_init(&loop);
	memset(&popts, 0, sizeof popts);
	popts.conninfo = cfg->db.conninfo;
	popts.connect_timeout_s = cfg->db.connect_timeout_s;
	popts.query_timeout_s = cfg->db.query_timeout_s;
	popts.on_state = snapshot_on_db_state;
	popts.on_notice = snapshot_on_notice;
	popts.arg = &run;
	if (pg_client_new(&loop, &popts, &run.pg, &cause) != 0) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		uv_loop_close(&loop);
		return EXIT_USAGE;
	}
	run.health = health_new(&loop, cfg, NULL, NULL, &cause);
	if (run.health == NULL) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		pg_client_close(run.pg);
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		return EXIT_USAGE;
	}
	pg_client_start(run.pg);
	health_sweep(run.health, snapshot_on_sweep, &run);
	uv_run(&loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&loop) != 0)
		fprintf(stderr, "opsdeck: internal error: handles left open\n");
	model_free(&run.model);
	free(run.db_error);
	return run.rc;
}
