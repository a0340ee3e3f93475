/*
 * refresh-bench: the cost of one model refresh, measured on the real code.
 *
 * Runs what the cockpit runs on every refresh -- model_submit(): one
 * PG_BATCH_SNAPSHOT batch of all MQ_COUNT queries on the
 * libuv loop, model_load() of the results -- a number of times in a row
 * against one database, and prints a table: wall time per refresh, what was
 * sent (statements, send/recv calls, round trips), server time and buffers
 * per refresh (pg_stat_statements, when the server has it loaded), rows and
 * bytes received, client CPU, peak RSS and the size of the model built.
 * --summary FILE also writes the headline figures as "name value" lines,
 * for tests/bench/refresh's side-by-side table.
 *
 * Round trips are counted, not assumed: this program defines send() and
 * recv(), which libpq resolves to ahead of libc's, and counts the calls
 * made during each refresh.  A send that follows a receive within the same
 * refresh starts a new round trip.
 *
 * Built by tests/bench/refresh against the built tree (the core/ layer libraries).
 */
#define _GNU_SOURCE
#include "autoconfig.h"

#include <dlfcn.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/types.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>
#include <uv.h>

#include "model-load.h"
#include "model-sql.h"
#include "pg.h"

/* ---- send()/recv() accounting ---------------------------------------- */

static bool	io_counting;		/* only inside a measured refresh */
static long	io_sends, io_recvs, io_phases;
static bool	io_received;		/* a recv returned data this phase */

typedef ssize_t (*send_fn)(int, const void *, size_t, int);
typedef ssize_t (*recv_fn)(int, void *, size_t, int);

ssize_t
send(int fd, const void *buf, size_t len, int flags)
{
	static send_fn real;

	if (real == NULL)
		real = (send_fn)dlsym(RTLD_NEXT, "send");
	if (io_counting) {
		io_sends++;
		if (io_phases == 0 || io_received) {
			io_phases++;
			io_received = false;
		}
	}
	return real(fd, buf, len, flags);
}

ssize_t
recv(int fd, void *buf, size_t len, int flags)
{
	static recv_fn real;
	ssize_t r;

	if (real == NULL)
		real = (recv_fn)dlsym(RTLD_NEXT, "recv");
	r = real(fd, buf, len, flags);
	if (io_counting) {
		io_recvs++;
		if (r > 0)
			io_received = true;
	}
	return r;
}

/* ---- the run ---------------------------------------------------------- */

struct sample {
	double	wall_ms;	/* submit -> model loaded */
	double	load_ms;	/* model_load alone */
};

struct model_size {
	long	plan_actions;
	size_t	results, owners, trend, feed[FEED_NGROUPS], agents, top,
		revenue_trend, stages;
};

static struct {
	const char	*conninfo;
	const char	*now;
	const char	*week;
	int		 iterations;
	int		 warmup;
	bool		 stats;
	int		 explain_reps;
	const char	*explain_one;
	const char	*summary_file;

	uv_loop_t	 loop;
	uv_timer_t	 next;
	struct pg_client *pg;
	bool		 started;
	int		 done;		/* refreshes finished, warm-up included */
	uint64_t	 t_submit;
	struct sample	*samples;
	double		 first_ms;
	long		 sends, recvs, phases, rows, bytes;
	long		 max_phases;
	int		 stmts_per_refresh;
	struct model_size size;
	struct rusage	 ru_start, ru_end;
	int		 rc;
	bool		 have_pgss;
	bool		 track_planning;
	bool		 have_explain;
} B = {
	.conninfo = "",
	.now = "2025-11-05T12:00:00",
	.iterations = 200,
	.warmup = 5,
	.explain_reps = 10,
};

struct query_figures {
	char	queryid[32];
	double	explain_plan_ms;
	double	explain_exec_ms;
	long	explain_rows;
	/* pg_stat_statements totals; buffers: shared_blks_hit and _read,
	 * planning included (track_planning) */
	double	calls, plan_ms, exec_ms, rows, hits, reads;
};

static struct query_figures Q[MQ_COUNT];
static struct query_figures Q_begin, Q_commit, Q_other;

static void	refresh_submit(void);

static double
ms_between(uint64_t a, uint64_t b)
{
	return (double)(b - a) / 1e6;
}

static double
tv_ms(struct timeval tv)
{
	return tv.tv_sec * 1000.0 + tv.tv_usec / 1000.0;
}

static void
die(const char *fmt, const char *arg)
{
	fprintf(stderr, "refresh-bench: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

static struct model_params
params(void)
{
	struct model_params p = {
		.now = B.now, .week = B.week, .stale_after_s = 120,
	};
	return p;
}

/* ---- synchronous side channel: EXPLAIN and pg_stat_statements --------- */

static PGconn *
side_connect(void)
{
	/* Quiet (CREATE EXTENSION IF NOT EXISTS notices) by a startup option,
	 * not a SET, which pg_stat_statements would count. */
	const char *kw[] = { "dbname", "options", NULL };
	const char *val[] = { B.conninfo, "-c client_min_messages=warning", NULL };
	PGconn *c = PQconnectdbParams(kw, val, 1);

	if (PQstatus(c) != CONNECTION_OK)
		die("side connection: %s", PQerrorMessage(c));
	return c;
}

static PGresult *
side_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);

	if (PQresultStatus(r) != PGRES_TUPLES_OK &&
	    PQresultStatus(r) != PGRES_COMMAND_OK) {
		PQclear(r);
		return NULL;
	}
	return r;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* EXPLAIN (ANALYZE) of each query with the refresh's parameters: per-query
 * planning and execution time, the median of a few runs. */
static void
explain_pass(PGconn *c)
{
	struct model_params p = params();
	struct pg_stmt stmts[MQ_COUNT];
	char buf[32], *sql;
	double plan[64], exec[64];
	int i, k, reps = B.explain_reps > 64 ? 64 : B.explain_reps;

	model_build_stmts(&p, stmts, buf);
	B.have_explain = true;
	for (i = 0; i < MQ_COUNT; i++) {
		size_t len = strlen(stmts[i].sql) + 64;

		sql = malloc(len);
		snprintf(sql, len, "EXPLAIN (ANALYZE, FORMAT JSON) %s",
		    stmts[i].sql);
		for (k = 0; k < reps; k++) {
			PGresult *r = PQexecParams(c, sql, stmts[i].nparams, NULL,
			    stmts[i].params, NULL, NULL, 0);
			cJSON *doc, *top, *x;

			if (PQresultStatus(r) != PGRES_TUPLES_OK) {
				fprintf(stderr, "refresh-bench: EXPLAIN %s: %s",
				    model_queries[i].name, PQresultErrorMessage(r));
				PQclear(r);
				B.have_explain = false;
				free(sql);
				return;
			}
			doc = cJSON_Parse(PQgetvalue(r, 0, 0));
			top = cJSON_GetArrayItem(doc, 0);
			x = cJSON_GetObjectItem(top, "Planning Time");
			plan[k] = cJSON_IsNumber(x) ? x->valuedouble : 0;
			x = cJSON_GetObjectItem(top, "Execution Time");
			exec[k] = cJSON_IsNumber(x) ? x->valuedouble : 0;
			x = cJSON_GetObjectItem(cJSON_GetObjectItem(top, "Plan"),
			    "Actual Rows");
			Q[i].explain_rows = cJSON_IsNumber(x) ? (long)x->valuedouble : 0;
			cJSON_Delete(doc);
			PQclear(r);
		}
		Q[i].explain_plan_ms = median(plan, reps);
		Q[i].explain_exec_ms = median(exec, reps);
		free(sql);
	}
}

/* Each query's identifier, which names its pg_stat_statements row: EXPLAIN
 * VERBOSE prints it (as text: a 64-bit value would not survive a double). */
static void
explain_queryids(PGconn *c)
{
	struct model_params p = params();
	struct pg_stmt stmts[MQ_COUNT];
	char buf[32], *sql;
	int i, row;

	model_build_stmts(&p, stmts, buf);
	for (i = 0; i < MQ_COUNT; i++) {
		size_t len = strlen(stmts[i].sql) + 32;
		PGresult *r;

		Q[i].queryid[0] = '\0';
		sql = malloc(len);
		snprintf(sql, len, "EXPLAIN (VERBOSE) %s", stmts[i].sql);
		r = PQexecParams(c, sql, stmts[i].nparams, NULL, stmts[i].params,
		    NULL, NULL, 0);
		free(sql);
		if (PQresultStatus(r) == PGRES_TUPLES_OK)
			for (row = 0; row < PQntuples(r); row++) {
				const char *s = strstr(PQgetvalue(r, row, 0),
				    "Query Identifier: ");
				if (s != NULL)
					snprintf(Q[i].queryid, sizeof Q[i].queryid,
					    "%s", s + strlen("Query Identifier: "));
			}
		PQclear(r);
	}
}

/* --explain NAME: the plan of one query, as text, for a closer look. */
static int
explain_print(const char *name)
{
	struct model_params p = params();
	struct pg_stmt stmts[MQ_COUNT];
	char buf[32], *sql;
	PGconn *c;
	PGresult *r;
	int i, row;

	for (i = 0; i < MQ_COUNT; i++)
		if (strcmp(model_queries[i].name, name) == 0)
			break;
	if (i == MQ_COUNT)
		die("no query named %s", name);
	model_build_stmts(&p, stmts, buf);
	c = side_connect();
	sql = malloc(strlen(stmts[i].sql) + 64);
	sprintf(sql, "EXPLAIN (ANALYZE, BUFFERS) %s", stmts[i].sql);
	r = PQexecParams(c, sql, stmts[i].nparams, NULL, stmts[i].params, NULL,
	    NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		die("%s", PQresultErrorMessage(r));
	for (row = 0; row < PQntuples(r); row++)
		puts(PQgetvalue(r, row, 0));
	PQclear(r);
	free(sql);
	PQfinish(c);
	return 0;
}

static bool
pgss_prepare(PGconn *c)
{
	PGresult *r;

	r = side_exec(c, "SELECT setting FROM pg_settings WHERE name ="
	    " 'shared_preload_libraries'");
	if (r == NULL || PQntuples(r) != 1 ||
	    strstr(PQgetvalue(r, 0, 0), "pg_stat_statements") == NULL) {
		PQclear(r);
		return false;
	}
	PQclear(r);
	r = side_exec(c, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
	if (r == NULL)
		return false;
	PQclear(r);
	r = side_exec(c, "SELECT setting FROM pg_settings WHERE name ="
	    " 'pg_stat_statements.track_planning'");
	B.track_planning = r != NULL && PQntuples(r) == 1 &&
	    strcmp(PQgetvalue(r, 0, 0), "on") == 0;
	PQclear(r);
	return true;
}

static void
pgss_reset(PGconn *c)
{
	PGresult *r = side_exec(c, "SELECT pg_stat_statements_reset()");

	if (r == NULL)
		die("%s", "pg_stat_statements_reset() failed");
	PQclear(r);
}

static void
pgss_add(struct query_figures *q, PGresult *r, int row)
{
	q->calls += atof(PQgetvalue(r, row, 2));
	q->plan_ms += atof(PQgetvalue(r, row, 3));
	q->exec_ms += atof(PQgetvalue(r, row, 4));
	q->rows += atof(PQgetvalue(r, row, 5));
	q->hits += atof(PQgetvalue(r, row, 6));
	q->reads += atof(PQgetvalue(r, row, 7));
}

/* Everything the database recorded since the reset, except this side
 * connection's own queries, sorted into the model's queries, BEGIN,
 * COMMIT and anything else (which should not exist). */
static void
pgss_collect(PGconn *c)
{
	PGresult *r;
	int row, i;

	r = side_exec(c, "SELECT queryid::text, query, calls, total_plan_time,"
	    " total_exec_time, rows, shared_blks_hit, shared_blks_read"
	    " FROM pg_stat_statements"
	    " WHERE dbid = (SELECT oid FROM pg_database"
	    "               WHERE datname = current_database())"
	    " AND query NOT LIKE '%pg_stat_statements%'");
	if (r == NULL)
		die("%s", "cannot read pg_stat_statements");
	for (row = 0; row < PQntuples(r); row++) {
		const char *id = PQgetvalue(r, row, 0), *q = PQgetvalue(r, row, 1);
		bool found = false;

		for (i = 0; i < MQ_COUNT && !found; i++)
			if (Q[i].queryid[0] != '\0' && strcmp(Q[i].queryid, id) == 0) {
				pgss_add(&Q[i], r, row);
				found = true;
			}
		if (found)
			continue;
		if (strncasecmp(q, "BEGIN", 5) == 0)
			pgss_add(&Q_begin, r, row);
		else if (strncasecmp(q, "COMMIT", 6) == 0)
			pgss_add(&Q_commit, r, row);
		else {
			pgss_add(&Q_other, r, row);
			fprintf(stderr, "refresh-bench: unexpected statement: %.70s\n",
			    q);
		}
	}
	PQclear(r);
}

/* ---- the loop --------------------------------------------------------- */

static void
model_measure(const struct model *m)
{
	struct model_size *s = &B.size;
	int g;

	s->plan_actions = m->has_plan ? m->plan.total_actions : -1;
	s->results = m->n_results;
	s->owners = m->plan.n_owners;
	s->trend = m->plan.n_trend;
	for (g = 0; g < FEED_NGROUPS; g++)
		s->feed[g] = m->feed[g].n;
	s->agents = m->n_agents;
	s->top = m->revenue.n_top;
	s->revenue_trend = m->revenue.n_trend;
	s->stages = m->funnel.n_stages;
}

static void
on_batch(void *arg, PGresult *const *res, int n, const char *error)
{
	struct model m;
	char *cause = NULL;
	uint64_t t_results = uv_hrtime(), t_loaded;
	bool measured = B.done >= B.warmup;
	int i, row, col;

	(void)arg;
	io_counting = false;
	if (error != NULL)
		die("refresh failed: %s", error);
	if (measured)
		for (i = 0; i < n; i++) {
			B.rows += PQntuples(res[i]);
			for (row = 0; row < PQntuples(res[i]); row++)
				for (col = 0; col < PQnfields(res[i]); col++)
					B.bytes += PQgetlength(res[i], row, col);
		}
	if (model_load(&m, res, n, &cause) != 0)
		die("model_load: %s", cause);
	t_loaded = uv_hrtime();
	if (B.done == 0)
		B.first_ms = ms_between(B.t_submit, t_loaded);
	if (measured) {
		struct sample *s = &B.samples[B.done - B.warmup];

		s->wall_ms = ms_between(B.t_submit, t_loaded);
		s->load_ms = ms_between(t_results, t_loaded);
		B.sends += io_sends;
		B.recvs += io_recvs;
		B.phases += io_phases;
		if (io_phases > B.max_phases)
			B.max_phases = io_phases;
	}
	if (B.done == B.warmup + B.iterations - 1)
		model_measure(&m);
	model_free(&m);
	B.done++;
	/* The next refresh from a fresh loop iteration, as the cockpit's
	 * timer would. */
	uv_timer_start(&B.next, (uv_timer_cb)refresh_submit, 0, 0);
}

static void
refresh_submit(void)
{
	struct model_params p = params();

	if (B.done == B.warmup) {
		if (B.stats) {
			PGconn *c = side_connect();

			explain_pass(c);
			explain_queryids(c);
			if ((B.have_pgss = pgss_prepare(c)))
				pgss_reset(c);
			PQfinish(c);
		}
		getrusage(RUSAGE_SELF, &B.ru_start);
	}
	if (B.done == B.warmup + B.iterations) {
		getrusage(RUSAGE_SELF, &B.ru_end);
		uv_close((uv_handle_t *)&B.next, NULL);
		pg_client_close(B.pg);
		return;
	}
	/* What goes on the wire: the statements, wrapped in BEGIN/COMMIT. */
	B.stmts_per_refresh = MQ_COUNT + 2;
	io_sends = io_recvs = io_phases = 0;
	io_received = false;
	io_counting = B.done >= B.warmup;
	B.t_submit = uv_hrtime();
	if (model_submit(B.pg, &p, on_batch, NULL) != 0)
		die("%s", "model_submit refused the batch");
}

static void
on_state(void *arg, enum pg_state state, const char *error)
{
	(void)arg;
	if (state == PG_READY && !B.started) {
		B.started = true;
		refresh_submit();
	} else if (state == PG_FAILED || state == PG_BACKOFF)
		die("database: %s", error ? error : pg_state_name(state));
}

/* ---- report ----------------------------------------------------------- */

static int
cmp_wall(const void *a, const void *b)
{
	return cmp_double(&((const struct sample *)a)->wall_ms,
	    &((const struct sample *)b)->wall_ms);
}

/* min, median, p95 (nearest rank), max of n values, sorted in place. */
static void
summary(double *v, int n, double out[4])
{
	int p95 = (int)(0.95 * n + 0.999999) - 1;

	qsort(v, n, sizeof *v, cmp_double);
	out[0] = v[0];
	out[1] = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	out[2] = v[p95 < 0 ? 0 : p95];
	out[3] = v[n - 1];
}

static void
report(void)
{
	int n = B.iterations, i;
	double *v = calloc(n, sizeof *v), s[4], cpu, srv_plan = 0, srv_exec = 0,
	    calls = 0, hits = 0, reads = 0, wall_median;
	struct rusage ru;
	FILE *f;

	qsort(B.samples, n, sizeof *B.samples, cmp_wall);
	printf("%-44s %9s %9s %9s %9s\n", "per refresh", "min", "median", "p95",
	    "max");
	for (i = 0; i < n; i++)
		v[i] = B.samples[i].wall_ms;
	summary(v, n, s);
	wall_median = s[1];
	printf("%-44s %9.2f %9.2f %9.2f %9.2f\n",
	    "wall time, submit -> model loaded (ms)", s[0], s[1], s[2], s[3]);
	for (i = 0; i < n; i++)
		v[i] = B.samples[i].load_ms;
	summary(v, n, s);
	printf("%-44s %9.3f %9.3f %9.3f %9.3f\n", "  of which model_load (ms)",
	    s[0], s[1], s[2], s[3]);
	printf("%-44s %9.2f\n", "first refresh, cold connection (ms)", B.first_ms);
	free(v);

	printf("\n%-44s %9d  (%d queries + BEGIN + COMMIT)\n",
	    "SQL statements sent per refresh", B.stmts_per_refresh, MQ_COUNT);
	printf("%-44s %9.2f  (%.2f send() + %.2f recv() calls)\n",
	    "round trips per refresh (mean)", (double)B.phases / n,
	    (double)B.sends / n, (double)B.recvs / n);
	printf("%-44s %9ld\n", "round trips per refresh (max)", B.max_phases);
	if (B.have_pgss) {
		for (i = 0; i < MQ_COUNT; i++) {
			srv_plan += Q[i].plan_ms;
			srv_exec += Q[i].exec_ms;
			calls += Q[i].calls;
			hits += Q[i].hits;
			reads += Q[i].reads;
		}
		srv_exec += Q_begin.exec_ms + Q_commit.exec_ms + Q_other.exec_ms;
		calls += Q_begin.calls + Q_commit.calls + Q_other.calls;
		hits += Q_begin.hits + Q_commit.hits + Q_other.hits;
		reads += Q_begin.reads + Q_commit.reads + Q_other.reads;
		printf("%-44s %9.2f  (pg_stat_statements calls / %d)\n",
		    "statements executed by the server", calls / n, n);
		printf("%-44s %9.3f  (planning %s%.3f + execution %.3f)\n",
		    "server time per refresh (ms)", (srv_plan + srv_exec) / n,
		    B.track_planning ? "" : "not tracked ", srv_plan / n,
		    srv_exec / n);
		printf("%-44s %9.1f  (shared blocks: %.1f hit + %.1f read)\n",
		    "buffers per refresh", (hits + reads) / n, hits / n,
		    reads / n);
	} else if (B.have_explain) {
		for (i = 0; i < MQ_COUNT; i++) {
			srv_plan += Q[i].explain_plan_ms;
			srv_exec += Q[i].explain_exec_ms;
		}
		printf("%-44s %9.3f  (sum of the EXPLAIN ANALYZE medians below;"
		    " no pg_stat_statements)\n", "server time per refresh (ms)",
		    srv_plan + srv_exec);
	} else
		printf("%-44s %9s  (pg_stat_statements not loaded; try --stats)\n",
		    "server time per refresh (ms)", "n/a");
	printf("%-44s %9.1f  rows, %.1f KiB of values\n",
	    "received per refresh", (double)B.rows / n,
	    (double)B.bytes / n / 1024.0);
	cpu = tv_ms(B.ru_end.ru_utime) - tv_ms(B.ru_start.ru_utime) +
	    tv_ms(B.ru_end.ru_stime) - tv_ms(B.ru_start.ru_stime);
	printf("%-44s %9.3f  (user + sys of this process)\n",
	    "client CPU per refresh (ms)", cpu / n);
	getrusage(RUSAGE_SELF, &ru);
	printf("%-44s %9ld\n", "peak RSS of the process (KiB)", ru.ru_maxrss);

	if (B.summary_file != NULL) {
		if ((f = fopen(B.summary_file, "w")) == NULL)
			die("cannot write %s", B.summary_file);
		fprintf(f, "wall_median_ms %.3f\n", wall_median);
		fprintf(f, "statements %d\n", B.stmts_per_refresh);
		fprintf(f, "round_trips %.2f\n", (double)B.phases / n);
		if (B.have_pgss) {
			fprintf(f, "server_ms %.3f\n", (srv_plan + srv_exec) / n);
			fprintf(f, "plan_ms %.3f\n", srv_plan / n);
			fprintf(f, "exec_ms %.3f\n", srv_exec / n);
			fprintf(f, "buffers %.1f\n", (hits + reads) / n);
		}
		fprintf(f, "rows %.1f\n", (double)B.rows / n);
		fprintf(f, "plan_actions %ld\n", B.size.plan_actions);
		fclose(f);
	}

	printf("\nmodel: plan with %ld actions, %zu results, %zu owners, "
	    "%zu trend weeks;\n", B.size.plan_actions, B.size.results,
	    B.size.owners, B.size.trend);
	printf("       feed %zu completed_24h, %zu in_progress, %zu blocked, "
	    "%zu due_7d, %zu overdue;\n", B.size.feed[0], B.size.feed[1],
	    B.size.feed[2], B.size.feed[3], B.size.feed[4]);
	printf("       %zu agents, %zu top deliverables, %zu revenue weeks, "
	    "%zu funnel stages\n", B.size.agents, B.size.top,
	    B.size.revenue_trend, B.size.stages);

	if (!B.stats)
		return;
	printf("\n%-18s %7s %7s %9s %9s %9s %9s %11s %11s\n", "per query",
	    "calls", "rows", "plan ms", "exec ms", "total ms", "buffers",
	    "EXPLAIN", "EXPLAIN");
	printf("%-18s %7s %7s %9s %9s %9s %9s %11s %11s\n",
	    "(mean per refresh)", "", "", "", "", "", "", "plan ms", "exec ms");
	for (i = 0; i < MQ_COUNT; i++) {
		const struct query_figures *q = &Q[i];

		if (B.have_pgss)
			printf("%-18s %7.2f %7.1f %9.3f %9.3f %9.3f %9.1f",
			    model_queries[i].name, q->calls / n, q->rows / n,
			    q->plan_ms / n, q->exec_ms / n,
			    (q->plan_ms + q->exec_ms) / n, (q->hits + q->reads) / n);
		else
			printf("%-18s %7s %7s %9s %9s %9s %9s", model_queries[i].name,
			    "", "", "", "", "", "");
		if (B.have_explain)
			printf(" %11.3f %11.3f", q->explain_plan_ms, q->explain_exec_ms);
		putchar('\n');
	}
	if (B.have_pgss) {
		printf("%-18s %7.2f %7s %9s %9.3f %9.3f\n", "BEGIN",
		    Q_begin.calls / n, "", "", Q_begin.exec_ms / n,
		    Q_begin.exec_ms / n);
		printf("%-18s %7.2f %7s %9s %9.3f %9.3f\n", "COMMIT",
		    Q_commit.calls / n, "", "", Q_commit.exec_ms / n,
		    Q_commit.exec_ms / n);
		if (Q_other.calls > 0)
			printf("%-18s %7.2f %7s %9s %9.3f %9.3f\n", "other (!)",
			    Q_other.calls / n, "", "", Q_other.exec_ms / n,
			    Q_other.exec_ms / n);
	}
}

static void
usage(void)
{
	printf("usage: refresh-bench [--db CONNINFO] [--now TIMESTAMP] "
	    "[--week DATE]\n"
	    "                     [--iterations N] [--warmup N] [--stats]"
	    " [--summary FILE]\n"
	    "       refresh-bench [--db CONNINFO] [--now ...] --explain QUERY\n"
	    "Runs N model refreshes (after a warm-up) on the libuv loop and "
	    "prints their cost.\n"
	    "--stats: per-query EXPLAIN ANALYZE and pg_stat_statements figures "
	    "(needs the\n"
	    "         server started with shared_preload_libraries="
	    "pg_stat_statements).\n"
	    "--summary FILE: the headline figures as \"name value\" lines.\n"
	    "--explain QUERY: EXPLAIN (ANALYZE, BUFFERS) of one query (by its "
	    "name).\n");
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "now", required_argument, NULL, 'n' },
		{ "week", required_argument, NULL, 'w' },
		{ "iterations", required_argument, NULL, 'i' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "stats", no_argument, NULL, 's' },
		{ "explain", required_argument, NULL, 'e' },
		{ "summary", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct pg_client_opts o;
	char *cause = NULL;
	int ch;

	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': B.conninfo = optarg; break;
		case 'n': B.now = optarg; break;
		case 'w': B.week = optarg; break;
		case 'i': B.iterations = atoi(optarg); break;
		case 'W': B.warmup = atoi(optarg); break;
		case 's': B.stats = true; break;
		case 'e': B.explain_one = optarg; break;
		case 'S': B.summary_file = optarg; break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
	}
	if (B.iterations < 1 || B.warmup < 0) {
		usage();
		return 2;
	}
	if (B.explain_one != NULL)
		return explain_print(B.explain_one);
	B.samples = calloc(B.iterations, sizeof *B.samples);
	uv_loop_init(&B.loop);
	uv_timer_init(&B.loop, &B.next);
	memset(&o, 0, sizeof o);
	o.conninfo = B.conninfo;
	o.reconnect = false;
	o.on_state = on_state;
	if (pg_client_new(&B.loop, &o, &B.pg, &cause) != 0)
		die("%s", cause);
	pg_client_start(B.pg);
	uv_run(&B.loop, UV_RUN_DEFAULT);
	uv_loop_close(&B.loop);

	if (B.stats && B.have_pgss) {
		PGconn *c = side_connect();

		pgss_collect(c);
		PQfinish(c);
	}
	report();
	free(B.samples);
	return B.rc;
}
