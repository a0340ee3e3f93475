/*
 * opsdeck snapshot: one database read (one pipelined batch) and one health
 * sweep, both on the loop and concurrently, then one document on stdout.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "commands.h"
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
	struct model		 model;
	bool			 model_ok;
	bool			 unreachable;	/* never connected */
	char			*db_error;
	char			 refreshed_at[MODEL_TS_LEN];
};

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
	pg_client_close(run->pg);
}

static void
snapshot_on_db_state(void *arg, enum pg_state state, const char *error)
{
	struct snapshot_run *run = arg;
	const struct config *cfg = run->cfg;
	const struct options *o = run->opts;
	struct model_params p = {
		.now = o->has_now ? o->now : NULL,
		.week = o->has_week ? o->week : NULL,
		.owner = o->owner, .stage = o->stage, .status = o->status,
		.stale_after_s = cfg->db.agent_stale_after_s,
	};
	struct pg_stmt stmts[MQ_COUNT];
	char buf[32];

	if (state == PG_FAILED) {
		run->unreachable = true;
		run->db_error = xstrdup(error ? error : "connection failed");
		pg_client_close(run->pg);
	} else if (state == PG_READY) {
		model_build_stmts(&p, stmts, buf);
		if (pg_client_submit(run->pg, stmts, MQ_COUNT, PG_BATCH_SNAPSHOT,
		    snapshot_on_batch, run) != 0) {
			run->db_error = xstrdup("could not send the queries");
			pg_client_close(run->pg);
		}
	}
}

static int
snapshot_print(const struct snapshot_run *run)
{
	struct snapshot snap;
	char *out;

	memset(&snap, 0, sizeof snap);
	ts_format_local(time(NULL), snap.generated_at);
	snap.db_ok = run->model_ok;
	snap.db_error = run->db_error;
	memcpy(snap.refreshed_at, run->refreshed_at, sizeof snap.refreshed_at);
	snap.model = run->model_ok ? &run->model : NULL;
	if (strcmp(run->opts->format, "text") == 0)
		out = snapshot_text(&snap, 80);
	else
		out = snapshot_json(&snap);
	fputs(out, stdout);
	if (*out != '\0' && out[strlen(out) - 1] != '\n')
		fputc('\n', stdout);
	free(out);
	return fflush(stdout) == 0 ? 0 : 1;
}

int
cmd_snapshot(const struct options *o, const struct config *cfg)
{
	struct snapshot_run run;
	struct pg_client_opts popts;
	uv_loop_t loop;
	char *cause = NULL, *safe;
	int rc;

	memset(&run, 0, sizeof run);
	run.opts = o;
	run.cfg = cfg;
	uv_loop_init(&loop);
	memset(&popts, 0, sizeof popts);
	popts.conninfo = cfg->db.conninfo;
	popts.connect_timeout_s = cfg->db.connect_timeout_s;
	popts.query_timeout_s = cfg->db.query_timeout_s;
	popts.reconnect = false;
	popts.on_state = snapshot_on_db_state;
	popts.arg = &run;
	if (pg_client_new(&loop, &popts, &run.pg, &cause) != 0) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		uv_loop_close(&loop);
		return EXIT_USAGE;
	}
	pg_client_start(run.pg);
	uv_run(&loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&loop) != 0)
		fprintf(stderr, "opsdeck: internal error: handles left open\n");

	if (!run.model_ok) {
		safe = sanitize_text(run.db_error ? run.db_error : "no data", 0);
		fprintf(stderr, "opsdeck: %s: %s\n", run.unreachable ?
		    "database unreachable" : "database error", safe);
		free(safe);
		rc = EXIT_DB;
	} else
		rc = snapshot_print(&run);
	model_free(&run.model);
	free(run.db_error);
	return rc;
}
