#include "autoconfig.h"

/*
 * core/domain/model-load.c: MQ_WEEK's one result, cut into its sections
 * (model-sql.h), each read as the result of the figure's own query would
 * be.  The results are built with libpq's PQmakeEmptyPGresult and
 * PQsetvalue, so no server is needed; what the SQL computes is the
 * fixtures' business (tests/integration/snapshot-fixtures.sh).
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "model-load.h"

#define NCOLS WS_NCOLUMNS

/* One row of MQ_WEEK: its section, then c1 .. c14 (NULL for NULL). */
struct week_row {
	int		 section;
	const char	*c[NCOLS - 1];
};

static PGresult *
result(int ncols)
{
	PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc *att = calloc(ncols, sizeof *att);
	char names[NCOLS + 8][8];
	int i;

	assert_non_null(r);
	for (i = 0; i < ncols; i++) {
		snprintf(names[i], sizeof names[i], "c%d", i);
		att[i].name = names[i];
		att[i].format = 0;
		att[i].typid = 25;	/* text */
		att[i].typlen = -1;
		att[i].atttypmod = -1;
	}
	assert_int_equal(PQsetResultAttrs(r, ncols, att), 1);
	free(att);
	return r;
}

static void
set(PGresult *r, int row, int col, const char *v)
{
	/* len -1 is how PQsetvalue is told NULL */
	assert_int_equal(PQsetvalue(r, row, col, (char *)v,
	    v != NULL ? (int)strlen(v) : -1), 1);
}

static PGresult *
week(const struct week_row *rows, int n, int ncols)
{
	PGresult *r = result(ncols);
	char section[16];
	int i, c;

	for (i = 0; i < n; i++) {
		snprintf(section, sizeof section, "%d", rows[i].section);
		set(r, i, 0, section);
		for (c = 1; c < ncols; c++)
			set(r, i, c, c - 1 < NCOLS - 1 ? rows[i].c[c - 1] : NULL);
	}
	return r;
}

/* The agents' and the revenue trend's results: empty, of their width. */
static PGresult *
empty(int ncols)
{
	return result(ncols);
}

static const struct week_row plan_row = { WS_PLAN, {
	"2025-11-05T12:00:00", "plan-id", "2025-11-03", "2025-11-09",
	"active", "Jesse", "4", "1", "25.0000000000000000", "3", "t" } };

static const struct week_row good[] = {
	{ WS_PLAN, {
	    "2025-11-05T12:00:00", "plan-id", "2025-11-03", "2025-11-09",
	    "active", "Jesse", "4", "1", "25.0000000000000000", "3", "t" } },
	{ WS_OWNERS, { "Jesse", "3", "1", "33.3333333333333333" } },
	{ WS_OWNERS, { "unassigned", "1", "0", "0" } },
	{ WS_TREND, { "2025-10-27", "80.0000000000000000" } },
	{ WS_TREND, { "2025-11-03", "25.0000000000000000" } },
	{ WS_RESULTS, { "R1", "Ship it", "because", "1", "DEV", "in_progress",
	    "4", "1", "25.0000000000000000", "100.00", NULL } },
	{ WS_FEED, { "1", "a-id", "A-1", "start it", "Jesse", "top",
	    "in_progress", "2025-11-06T00:00:00", NULL, "2025-11-04T10:00:00",
	    NULL, NULL, "R1" } },
	{ WS_FEED, { "4", "b-id", "A-2", "late", NULL, NULL, "pending",
	    "2025-11-01T00:00:00", NULL, "2025-11-01T00:00:00", NULL, NULL,
	    "R1" } },
	{ WS_REVENUE, { "1000", "250", "25.0000000000000000", "dna_period" } },
	{ WS_TOP_DELIVERABLES, { "Song", "song", "published", "100.00",
	    NULL } },
	{ WS_FUNNEL, { "top", "3", "1", "1.5" } },
	{ WS_FUNNEL, { "middle", "1", "0", "2.25" } },
	{ WS_FUNNEL, { "bottom", "0", "0", NULL } },
};

static int
load(struct model *m, PGresult *w, char **cause)
{
	PGresult *res[MQ_COUNT];
	int rc, i;

	res[MQ_WEEK] = w;
	res[MQ_AGENTS] = empty(8);
	res[MQ_REVENUE_TREND] = empty(3);
	*cause = NULL;
	rc = model_load(m, res, MQ_COUNT, cause);
	for (i = 0; i < MQ_COUNT; i++)
		PQclear(res[i]);
	return rc;
}

static void
test_sections_reach_their_figures(void **state)
{
	struct model m;
	char *cause;

	(void)state;
	assert_int_equal(load(&m, week(good, sizeof good / sizeof good[0],
	    NCOLS), &cause), 0);
	assert_null(cause);
	assert_true(m.has_plan);
	assert_string_equal(m.now, "2025-11-05T12:00:00");
	assert_string_equal(m.plan.owner, "Jesse");
	assert_int_equal(m.plan.total_actions, 4);
	assert_int_equal(m.plan.elapsed_days, 3);
	assert_int_equal(m.plan.n_owners, 2);
	assert_string_equal(m.plan.owners[1].owner, "unassigned");
	assert_int_equal(m.plan.n_trend, 2);
	assert_string_equal(m.plan.trend[1].week_start, "2025-11-03");
	assert_int_equal(m.n_results, 1);
	assert_string_equal(m.results[0].code, "R1");
	assert_true(m.results[0].revenue_target.has);
	assert_false(m.results[0].revenue_actual.has);
	assert_int_equal(m.feed[FEED_IN_PROGRESS].n, 1);
	assert_int_equal(m.feed[FEED_OVERDUE].n, 1);
	assert_null(m.feed[FEED_OVERDUE].v[0].owner);
	assert_string_equal(m.feed[FEED_OVERDUE].v[0].result_code, "R1");
	assert_int_equal(m.feed[FEED_COMPLETED_24H].n, 0);
	assert_string_equal(m.revenue.source, "dna_period");
	assert_int_equal(m.revenue.n_top, 1);
	assert_string_equal(m.revenue.top[0].title, "Song");
	assert_int_equal(m.funnel.n_stages, 3);
	assert_false(m.funnel.stages[2].avg_days.has);
	/* middle: open and slowest */
	assert_int_equal(m.funnel.bottleneck, 1);
	model_free(&m);
}

/* Only the plan's row: no plan, every section empty. */
static void
test_no_plan(void **state)
{
	struct week_row none = { WS_PLAN, { "2025-11-05T12:00:00", NULL, NULL,
	    NULL, NULL, NULL, "0", "0", "0", NULL, "f" } };
	struct week_row rev = { WS_REVENUE, { NULL, NULL, NULL,
	    "deliverables" } };
	struct week_row rows[2];
	struct model m;
	char *cause;

	(void)state;
	rows[0] = none;
	rows[1] = rev;
	assert_int_equal(load(&m, week(rows, 2, NCOLS), &cause), 0);
	assert_false(m.has_plan);
	assert_string_equal(m.now, "2025-11-05T12:00:00");
	assert_int_equal(m.n_results, 0);
	assert_int_equal(m.funnel.n_stages, 0);
	assert_int_equal(m.funnel.bottleneck, -1);
	assert_string_equal(m.revenue.source, "deliverables");
	model_free(&m);
}

static void
refused(const struct week_row *rows, int n, int ncols)
{
	struct model m;
	char *cause;

	assert_int_equal(load(&m, week(rows, n, ncols), &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, "unexpected result shape");
	free(cause);
}

static void
test_bad_shapes_are_refused(void **state)
{
	struct week_row rows[3];

	(void)state;
	/* no plan row */
	refused(&good[1], 2, NCOLS);
	/* two plan rows */
	rows[0] = plan_row;
	rows[1] = plan_row;
	refused(rows, 2, NCOLS);
	/* sections out of order */
	rows[0] = plan_row;
	rows[1] = good[5];	/* results */
	rows[2] = good[1];	/* owners */
	refused(rows, 3, NCOLS);
	/* an unknown section */
	rows[1] = good[1];
	rows[1].section = WS_COUNT;
	refused(rows, 2, NCOLS);
	rows[1].section = -1;
	refused(rows, 2, NCOLS);
	/* a column short */
	refused(&plan_row, 1, NCOLS - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_reach_their_figures),
		cmocka_unit_test(test_no_plan),
		cmocka_unit_test(test_bad_shapes_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
