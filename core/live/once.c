/*
 * One-shot database work (see once.h): a client with reconnect off, a
 * chain of batches started when it is ready, and uv_run until every
 * handle is closed.  A failed connect is PG_FAILED: unreachable.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include <uv.h>

#include "action-sql.h"
#include "caps-sql.h"
#include "migrate.h"
#include "once.h"
#include "pg.h"
#include "sql-script.h"
#include "xalloc.h"

struct once_run {
	const struct once_opts	*opts;
	struct pg_client	*pg;
	enum once_status	 status;
	char			*cause;
	bool			 started;
	/* the work: an action write, or a migration */
	const struct action_req	*req;
	struct action_outcome	*out;
	bool			 migrate;
	bool			 roles;
};

static void
once_finish(struct once_run *r, enum once_status s, const char *cause)
{
	if (r->cause == NULL && cause != NULL)
		r->cause = xstrdup(cause);
	r->status = s;
	pg_client_close(r->pg);
}

static void
once_on_write(void *arg, PGresult *const *res, int n, const char *error)
{
	struct once_run *r = arg;
	char *cause = NULL;

	if (error != NULL || n != 1) {
		once_finish(r, ONCE_DB_ERROR, error ? error : "no answer");
		return;
	}
	if (action_outcome_load(r->out, res[0], &cause) != 0) {
		once_finish(r, ONCE_DB_ERROR, cause);
		free(cause);
		return;
	}
	once_finish(r, ONCE_OK, NULL);
}

static void
once_on_probe(void *arg, PGresult *const *res, int n, const char *error)
{
	struct once_run *r = arg;
	struct pg_stmt st;
	bool installed = false;
	char *cause = NULL;

	if (error != NULL || n != 1 ||
	    caps_probe_load(res[0], &installed, &cause) != 0) {
		once_finish(r, ONCE_DB_ERROR, error ? error : cause);
		free(cause);
		return;
	}
	if (!installed) {
		once_finish(r, ONCE_NOT_INSTALLED, NULL);
		return;
	}
	action_stmt(r->req, &st);
	if (pg_client_submit(r->pg, &st, 1, PG_BATCH_WRITE, once_on_write, r) != 0)
		once_finish(r, ONCE_UNREACHABLE, "connection lost");
}

static void
once_on_migrated(void *arg, PGresult *const *res, int n, const char *error)
{
	(void)res;
	(void)n;
	once_finish(arg, error != NULL ? ONCE_DB_ERROR : ONCE_OK, error);
}

static int
once_submit_migration(struct once_run *r)
{
	size_t n, i;
	char **sql = migrate_statements(r->roles, &n);
	struct pg_stmt *st = xcalloc(n, sizeof *st);
	int rc;

	for (i = 0; i < n; i++)
		st[i].sql = sql[i];
	rc = pg_client_submit(r->pg, st, (int)n, PG_BATCH_WRITE,
	    once_on_migrated, r);
	free(st);
	sql_script_free(sql, n);
	return rc;
}

static void
once_on_state(void *arg, enum pg_state state, const char *error)
{
	struct once_run *r = arg;
	struct pg_stmt st;
	int rc;

	if (state == PG_FAILED) {
		if (!r->started)
			r->status = ONCE_UNREACHABLE;
		else if (r->status == ONCE_OK && r->cause == NULL)
			r->status = ONCE_DB_ERROR;
		if (r->cause == NULL)
			r->cause = xstrdup(error ? error : "connection failed");
		pg_client_close(r->pg);
		return;
	}
	if (state != PG_READY || r->started)
		return;
	r->started = true;
	if (r->migrate)
		rc = once_submit_migration(r);
	else {
		caps_probe_stmt(&st);
		rc = pg_client_submit(r->pg, &st, 1, 0, once_on_probe, r);
	}
	if (rc != 0)
		once_finish(r, ONCE_UNREACHABLE, "connection lost");
}

static void
once_on_notice(void *arg, const char *notice)
{
	struct once_run *r = arg;

	if (r->opts->on_notice != NULL)
		r->opts->on_notice(r->opts->arg, notice);
}

static enum once_status
once_run(struct once_run *r, char **target, char **cause)
{
	const struct config *cfg = r->opts->cfg;
	struct pg_client_opts popts;
	uv_loop_t loop;

	memset(&popts, 0, sizeof popts);
	popts.conninfo = r->opts->conninfo != NULL ? r->opts->conninfo :
	    cfg->db.conninfo;
	popts.connect_timeout_s = cfg->db.connect_timeout_s;
	popts.query_timeout_s = cfg->db.query_timeout_s;
	popts.on_state = once_on_state;
	popts.on_notice = once_on_notice;
	popts.arg = r;
	uv_loop_init(&loop);
	r->status = ONCE_UNREACHABLE;
	if (pg_client_new(&loop, &popts, &r->pg, cause) != 0) {
		uv_loop_close(&loop);
		return ONCE_BAD_CONNINFO;
	}
	if (target != NULL)
		*target = xstrdup(pg_client_target(r->pg));
	pg_client_start(r->pg);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	*cause = r->cause;
	return r->status;
}

enum once_status
once_action(const struct once_opts *o, const struct action_req *req,
    struct action_outcome *out, char **cause)
{
	struct once_run r = { .opts = o, .req = req, .out = out };

	memset(out, 0, sizeof *out);
	return once_run(&r, NULL, cause);
}

enum once_status
once_migrate(const struct once_opts *o, bool roles, char **target,
    char **cause)
{
	struct once_run r = { .opts = o, .migrate = true, .roles = roles };

	return once_run(&r, target, cause);
}
