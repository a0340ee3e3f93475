/*
 * PGresult -> struct model.  Every query already did the arithmetic; this
 * file only copies typed values out of text results, repairing invalid UTF-8
 * on the way in (JSON output must be valid UTF-8 whatever the data).
 *
 * Each figure is read from a struct rows: a whole result, or one section of
 * MQ_WEEK's (model-sql.h), whose columns then start after the section
 * number; so each loader reads the columns its figure's query has.
 */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model-load.h"
#include "sanitize.h"
#include "xalloc.h"

void
model_build_stmts(const struct model_params *p, struct pg_stmt stmts[MQ_COUNT],
    char buf[32])
{
	int i;

	snprintf(buf, 32, "%.3f", p->stale_after_s);
	for (i = 0; i < MQ_COUNT; i++) {
		memset(&stmts[i], 0, sizeof stmts[i]);
		stmts[i].sql = model_queries[i].sql;
		stmts[i].name = model_queries[i].stmt_name;
		stmts[i].nparams = model_queries[i].nparams;
		stmts[i].params[0] = p->now;
		stmts[i].params[1] = p->week;
	}
	stmts[MQ_WEEK].params[2] = p->owner;
	stmts[MQ_WEEK].params[3] = p->stage;
	stmts[MQ_WEEK].params[4] = p->status;
	stmts[MQ_AGENTS].params[2] = buf;
}

int
model_submit(struct pg_client *pg, const struct model_params *p,
    pg_batch_cb cb, void *arg)
{
	struct pg_stmt stmts[MQ_COUNT];
	char buf[32];

	model_build_stmts(p, stmts, buf);
	return pg_client_submit(pg, stmts, MQ_COUNT, PG_BATCH_SNAPSHOT, cb, arg);
}

/* Rows first .. first + n - 1 of r, their columns counted from col0. */
struct rows {
	const PGresult	*r;
	int		 first, n, col0;
};

static struct rows
whole(const PGresult *r)
{
	struct rows s = { r, 0, PQntuples(r), 0 };

	return s;
}

static bool
col_null(const struct rows *s, int row, int col)
{
	return PQgetisnull(s->r, s->first + row, s->col0 + col);
}

static const char *
col_value(const struct rows *s, int row, int col)
{
	return PQgetvalue(s->r, s->first + row, s->col0 + col);
}

static int
col_length(const struct rows *s, int row, int col)
{
	return PQgetlength(s->r, s->first + row, s->col0 + col);
}

static char *
col_str(const struct rows *s, int row, int col)
{
	if (col_null(s, row, col))
		return NULL;
	return utf8_repair(col_value(s, row, col), col_length(s, row, col));
}

static long
col_long(const struct rows *s, int row, int col)
{
	return col_null(s, row, col) ? 0 : strtol(col_value(s, row, col), NULL, 10);
}

static double
col_double(const struct rows *s, int row, int col)
{
	return col_null(s, row, col) ? 0 : strtod(col_value(s, row, col), NULL);
}

static bool
col_true(const struct rows *s, int row, int col)
{
	return strcmp(col_value(s, row, col), "t") == 0;
}

/* The queries never yield NaN or Infinity (model-sql.c); should one come
 * anyway, it is a missing value, as it would be in the JSON. */
static struct opt_num
col_opt(const struct rows *s, int row, int col)
{
	struct opt_num o = { false, 0 };

	if (!col_null(s, row, col)) {
		o.v = strtod(col_value(s, row, col), NULL);
		o.has = isfinite(o.v);
		if (!o.has)
			o.v = 0;
	}
	return o;
}

/* Copies a fixed-size date/timestamp column: "" when NULL, and when it
 * would not fit (a cut timestamp would be a wrong one). */
static void
col_fixed(const struct rows *s, int row, int col, char *out, size_t size)
{
	if (col_null(s, row, col) || (size_t)col_length(s, row, col) >= size)
		out[0] = '\0';
	else
		memcpy(out, col_value(s, row, col),
		    (size_t)col_length(s, row, col) + 1);
}

static void
load_plan(struct model *m, const struct rows *r)
{
	struct model_plan *p = &m->plan;

	col_fixed(r, 0, 0, m->now, sizeof m->now);
	m->has_plan = col_true(r, 0, 10);
	if (!m->has_plan)
		return;
	p->id = col_str(r, 0, 1);
	col_fixed(r, 0, 2, p->week_start, sizeof p->week_start);
	col_fixed(r, 0, 3, p->week_end, sizeof p->week_end);
	p->status = col_str(r, 0, 4);
	p->owner = col_str(r, 0, 5);
	p->total_actions = col_long(r, 0, 6);
	p->completed_actions = col_long(r, 0, 7);
	p->completion_rate = col_double(r, 0, 8);
	/* NULL, read as 0, for a week that starts at -infinity */
	p->elapsed_days = col_long(r, 0, 9);
	p->velocity_per_day = p->elapsed_days > 0 ?
	    (double)p->completed_actions / p->elapsed_days : NAN;
}

static void
load_owners(struct model *m, const struct rows *r)
{
	int i, n = r->n;

	m->plan.owners = xcalloc(n, sizeof *m->plan.owners);
	m->plan.n_owners = n;
	for (i = 0; i < n; i++) {
		m->plan.owners[i].owner = col_str(r, i, 0);
		m->plan.owners[i].total = col_long(r, i, 1);
		m->plan.owners[i].completed = col_long(r, i, 2);
		m->plan.owners[i].rate = col_double(r, i, 3);
	}
}

static void
load_trend(struct model *m, const struct rows *r)
{
	int i, n = r->n;

	m->plan.trend = xcalloc(n, sizeof *m->plan.trend);
	m->plan.n_trend = n;
	for (i = 0; i < n; i++) {
		col_fixed(r, i, 0, m->plan.trend[i].week_start,
		    sizeof m->plan.trend[i].week_start);
		m->plan.trend[i].completion_rate = col_double(r, i, 1);
	}
}

static void
load_results(struct model *m, const struct rows *r)
{
	int i, n = r->n;
	struct model_result *x;

	m->results = xcalloc(n, sizeof *m->results);
	m->n_results = n;
	for (i = 0; i < n; i++) {
		x = &m->results[i];
		x->code = col_str(r, i, 0);
		x->text = col_str(r, i, 1);
		x->purpose = col_str(r, i, 2);
		x->priority = col_opt(r, i, 3);
		x->category = col_str(r, i, 4);
		x->status = col_str(r, i, 5);
		x->total = col_long(r, i, 6);
		x->completed = col_long(r, i, 7);
		x->progress = col_double(r, i, 8);
		x->revenue_target = col_opt(r, i, 9);
		x->revenue_actual = col_opt(r, i, 10);
	}
}

static void
load_action(struct model_action *a, const struct rows *r, int i)
{
	a->id = col_str(r, i, 1);
	a->code = col_str(r, i, 2);
	a->text = col_str(r, i, 3);
	a->owner = col_str(r, i, 4);
	a->funnel_stage = col_str(r, i, 5);
	a->status = col_str(r, i, 6);
	a->due_date = col_str(r, i, 7);
	a->completion_date = col_str(r, i, 8);
	a->updated_at = col_str(r, i, 9);
	a->blocker = col_str(r, i, 10);
	a->evidence_path = col_str(r, i, 11);
	a->result_code = col_str(r, i, 12);
	a->version = col_str(r, i, 13);
}

static void
load_feed(struct model *m, const struct rows *r)
{
	size_t count[FEED_NGROUPS] = { 0 };
	int i, n = r->n, g;

	for (i = 0; i < n; i++) {
		g = (int)col_long(r, i, 0);
		if (g >= 0 && g < FEED_NGROUPS)
			count[g]++;
	}
	for (g = 0; g < FEED_NGROUPS; g++)
		m->feed[g].v = xcalloc(count[g], sizeof *m->feed[g].v);
	for (i = 0; i < n; i++) {
		g = (int)col_long(r, i, 0);
		if (g >= 0 && g < FEED_NGROUPS)
			load_action(&m->feed[g].v[m->feed[g].n++], r, i);
	}
}

static void
load_agents(struct model *m, const struct rows *r)
{
	int i, n = r->n;
	struct model_agent *a;

	m->agents = xcalloc(n, sizeof *m->agents);
	m->n_agents = n;
	for (i = 0; i < n; i++) {
		a = &m->agents[i];
		a->name = col_str(r, i, 0);
		a->status = col_str(r, i, 1);
		a->health_score = col_opt(r, i, 2);
		a->band = col_str(r, i, 3);
		a->stale = col_true(r, i, 4);
		a->last_heartbeat_age_s = col_opt(r, i, 5);
		a->current_action = col_str(r, i, 6);
		col_fixed(r, i, 7, a->last_heartbeat, sizeof a->last_heartbeat);
	}
}

static void
load_revenue(struct model *m, const struct rows *r, const struct rows *t,
    const struct rows *tr)
{
	struct model_revenue *v = &m->revenue;
	int i;

	if (r->n > 0) {
		v->target = col_opt(r, 0, 0);
		v->actual = col_opt(r, 0, 1);
		v->achievement_rate = col_opt(r, 0, 2);
		v->source = col_str(r, 0, 3);
	}
	v->n_top = t->n;
	v->top = xcalloc(v->n_top, sizeof *v->top);
	for (i = 0; i < (int)v->n_top; i++) {
		v->top[i].title = col_str(t, i, 0);
		v->top[i].type = col_str(t, i, 1);
		v->top[i].status = col_str(t, i, 2);
		v->top[i].revenue_target = col_opt(t, i, 3);
		v->top[i].revenue_actual = col_opt(t, i, 4);
	}
	v->n_trend = tr->n;
	v->trend = xcalloc(v->n_trend, sizeof *v->trend);
	for (i = 0; i < (int)v->n_trend; i++) {
		col_fixed(tr, i, 0, v->trend[i].week_start,
		    sizeof v->trend[i].week_start);
		v->trend[i].target = col_opt(tr, i, 1);
		v->trend[i].actual = col_opt(tr, i, 2);
	}
}

/* The bottleneck: the open stage with the greatest average age; stages are
 * in contract order, so keeping the first maximum breaks ties correctly. */
static void
load_funnel(struct model *m, const struct rows *r)
{
	struct model_funnel *f = &m->funnel;
	struct model_stage *s;
	int i, n = r->n;

	f->stages = xcalloc(n, sizeof *f->stages);
	f->n_stages = n;
	f->bottleneck = -1;
	for (i = 0; i < n; i++) {
		s = &f->stages[i];
		s->stage = col_str(r, i, 0);
		s->actions = col_long(r, i, 1);
		s->completed = col_long(r, i, 2);
		s->open = s->actions - s->completed;
		s->avg_days = col_opt(r, i, 3);
		if (s->open > 0 && s->avg_days.has && (f->bottleneck < 0 ||
		    s->avg_days.v > f->stages[f->bottleneck].avg_days.v))
			f->bottleneck = i;
	}
	if (f->bottleneck >= 0)
		f->recommendation = funnel_advice(&f->stages[f->bottleneck]);
}

/*
 * MQ_WEEK's result cut into its sections: 0 with sec[WS_*] set, or -1
 * when a row's section is unknown or out of order, or the plan's row is
 * missing (the SQL always gives it).
 */
static int
split_week(const PGresult *r, struct rows sec[WS_COUNT])
{
	int row, n = PQntuples(r), ws, last = 0;

	if (PQnfields(r) != WS_NCOLUMNS)
		return -1;
	for (ws = 0; ws < WS_COUNT; ws++) {
		sec[ws].r = r;
		sec[ws].first = sec[ws].n = 0;
		sec[ws].col0 = 1;
	}
	for (row = 0; row < n; row++) {
		if (PQgetisnull(r, row, 0))
			return -1;
		ws = (int)strtol(PQgetvalue(r, row, 0), NULL, 10);
		if (ws < last || ws >= WS_COUNT)
			return -1;
		if (sec[ws].n++ == 0)
			sec[ws].first = row;
		last = ws;
	}
	return sec[WS_PLAN].n == 1 ? 0 : -1;
}

int
model_load(struct model *m, PGresult *const *res, int n, char **cause)
{
	struct rows sec[WS_COUNT], agents, revenue_trend;
	int i;

	memset(m, 0, sizeof *m);
	for (i = 0; i < n && i < MQ_COUNT; i++) {
		if (res[i] == NULL || PQresultStatus(res[i]) != PGRES_TUPLES_OK) {
			*cause = xasprintf("query %s returned no rows",
			    model_queries[i].name);
			return -1;
		}
	}
	if (n < MQ_COUNT || split_week(res[MQ_WEEK], sec) != 0) {
		*cause = xstrdup("unexpected result shape");
		return -1;
	}
	agents = whole(res[MQ_AGENTS]);
	revenue_trend = whole(res[MQ_REVENUE_TREND]);
	load_plan(m, &sec[WS_PLAN]);
	if (m->has_plan) {
		load_owners(m, &sec[WS_OWNERS]);
		load_trend(m, &sec[WS_TREND]);
	}
	load_results(m, &sec[WS_RESULTS]);
	load_feed(m, &sec[WS_FEED]);
	load_agents(m, &agents);
	load_revenue(m, &sec[WS_REVENUE], &sec[WS_TOP_DELIVERABLES],
	    &revenue_trend);
	load_funnel(m, &sec[WS_FUNNEL]);
	return 0;
}
