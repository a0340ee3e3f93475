/*
 * opsdeck snapshot: the orchestrator's once mode (one database read and one
 * health sweep side by side), then one document on stdout.  Without the
 * database the document still comes, with the services (spec §4): an
 * operator paged for a database outage still sees which services are up.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <uv.h>

#include "commands.h"
#include "dashboard.h"
#include "sanitize.h"
#include "snapshot.h"
#include "timefmt.h"

struct snapshot_run {
	const struct options	*opts;
	struct dashboard	*dash;
	int			 rc;
};

static int
snapshot_print(const struct options *o, const struct dash_view *v)
{
	struct snapshot snap;
	char *out;

	memset(&snap, 0, sizeof snap);
	ts_format_local(time(NULL), snap.generated_at);
	if (o->has_now)
		snprintf(snap.now, sizeof snap.now, "%s", o->now);
	snap.db_ok = v->db.has_model;
	snap.db_error = v->db.has_model ? NULL :
	    v->db.error != NULL ? v->db.error : "no data";
	memcpy(snap.refreshed_at, v->db.refreshed_at, sizeof snap.refreshed_at);
	snap.model = v->db.has_model ? &v->model : NULL;
	snap.services = v->services;
	snap.n_services = v->n_services;
	snap.alerts = v->alerts;
	snap.n_alerts = v->n_alerts;
	snap.alert_groups = v->alert_groups;
	snap.n_alert_groups = v->n_alert_groups;
	if (strcmp(o->format, "text") == 0)
		out = snapshot_text(&snap, 80);
	else
		out = snapshot_json(&snap);
	fputs(out, stdout);
	if (*out != '\0' && out[strlen(out) - 1] != '\n')
		fputc('\n', stdout);
	free(out);
	return fflush(stdout) == 0 ? 0 : 1;
}

static void
snapshot_report_db_error(const struct dash_view *v)
{
	char *safe = sanitize_text(v->db.error ? v->db.error : "no data", 0);

	fprintf(stderr, "opsdeck: %s (%s): %s\n", v->db.reached ?
	    "database error" : "database unreachable", v->db.target, safe);
	free(safe);
}

/* Both halves are in: print while the dashboard still owns the view, then
 * close it so that uv_run returns. */
static void
snapshot_on_done(void *arg, const struct dash_view *v)
{
	struct snapshot_run *run = arg;

	run->rc = snapshot_print(run->opts, v);
	if (!v->db.has_model) {
		snapshot_report_db_error(v);
		run->rc = EXIT_DB;
	}
	dashboard_close(run->dash);
}

int
cmd_snapshot(const struct options *o, const struct config *cfg)
{
	struct snapshot_run run = { .opts = o, .rc = 0 };
	struct dashboard_opts dopts;
	uv_loop_t loop;
	char *cause = NULL;

	uv_loop_init(&loop);
	memset(&dopts, 0, sizeof dopts);
	dopts.cfg = cfg;
	options_model_params(o, cfg, &dopts.params);
	dopts.once = true;
	dopts.on_notice = cli_notice;
	dopts.on_done = snapshot_on_done;
	dopts.arg = &run;
	run.dash = dashboard_new(&loop, &dopts, &cause);
	if (run.dash == NULL) {
		fprintf(stderr, "opsdeck: %s\n", cause);
		free(cause);
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		return EXIT_USAGE;
	}
	dashboard_start(run.dash);
	uv_run(&loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&loop) != 0)
		fprintf(stderr, "opsdeck: internal error: handles left open\n");
	return run.rc;
}
