/*
 * The alert engine (core/domain/alerts.c) on a clock of our own: a
 * condition held less than its duration raises nothing; held long enough
 * it raises one alert whose `since` is when it began, and keeps it; when
 * it ends the alert is gone and a return starts the duration afresh.
 * Zero-duration conditions (agents, blocked actions, or a duration set to
 * 0) raise at once, with the start the data knows when it knows one.  The
 * list is ordered by severity, then oldest first.  The return value, which
 * rings the bell, counts the criticals raised by that evaluation only.
 * Thousands of conditions keep their starts through every growth and
 * shrink of the engine's table.  The engine says when the next duration
 * runs out (the dashboard's timer), and evaluates the services and the
 * model apart, each keeping the other's alerts.  Five alerts of one kind
 * make a group, which knows its count, its first, oldest and worst.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "config.h"
#include "xalloc.h"

#define NSVC	2

/* Two services, api and web; durations as config_init_defaults sets them
 * unless a test changes them. */
struct fixture {
	struct config		 cfg;
	struct svc_status	 st[NSVC];
	struct model		 m;
	struct alert_engine	*e;
};

static int
setup(void **state)
{
	static const char *const names[NSVC] = { "api", "web" };
	struct fixture	*f = xcalloc(1, sizeof *f);
	int		 i;

	config_init_defaults(&f->cfg);
	f->cfg.alerts.down_for_s = 120;
	f->cfg.alerts.error_rate_for_s = 300;
	f->cfg.alerts.p95_for_s = 600;
	f->cfg.services = xcalloc(NSVC, sizeof *f->cfg.services);
	f->cfg.n_services = NSVC;
	for (i = 0; i < NSVC; i++) {
		f->cfg.services[i].name = xstrdup(names[i]);
		f->cfg.services[i].error_rate_threshold = 5;
		f->cfg.services[i].p95_threshold_ms = 1000;
		f->st[i].name = xstrdup(names[i]);
		f->st[i].state = SVC_UP;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;
	int		 i;

	alerts_free(f->e);
	for (i = 0; i < NSVC; i++) {
		free(f->st[i].name);
		free(f->st[i].detail);
	}
	model_free(&f->m);
	config_free(&f->cfg);
	free(f);
	return 0;
}

/* The engine is made once the test has set the durations it wants. */
static struct alert_engine *
engine(struct fixture *f)
{
	if (f->e == NULL)
		f->e = alerts_new(&f->cfg);
	return f->e;
}

/* The wall clock at loop time ms: 12:00:00 plus whole seconds. */
static void
wall_at(uint64_t ms, char out[MODEL_TS_LEN])
{
	unsigned s = (unsigned)(ms / 1000);

	snprintf(out, MODEL_TS_LEN, "2025-10-27T12:%02u:%02u", s / 60 % 60,
	    s % 60);
}

/* One evaluation at ms, with or without the model; returns the bell
 * count and the list. */
static int
eval(struct fixture *f, uint64_t ms, bool model, const struct alert **list,
    size_t *n)
{
	char	wall[MODEL_TS_LEN];
	int	bell;

	wall_at(ms, wall);
	bell = alerts_evaluate(engine(f), ms, wall, f->st, NSVC,
	    model ? &f->m : NULL);
	*list = alerts_list(f->e, n);
	return bell;
}

static void
expect_alert(const struct alert *a, enum alert_severity sev,
    const char *subject, const char *since, const char *message)
{
	assert_int_equal(a->severity, sev);
	assert_string_equal(a->subject, subject);
	assert_string_equal(a->since, since);
	assert_string_equal(a->message, message);
}

static void
set_down(struct fixture *f, int i, const char *detail)
{
	f->st[i].state = SVC_DOWN;
	free(f->st[i].detail);
	f->st[i].detail = detail != NULL ? xstrdup(detail) : NULL;
}

/* ---- durations ----------------------------------------------------------- */

static void
test_duration(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 n;

	set_down(f, 0, "timeout after 5s");
	assert_int_equal(eval(f, 10000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(eval(f, 70000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	/* One millisecond short of its two minutes: still nothing. */
	assert_int_equal(eval(f, 129999, false, &l, &n), 0);
	assert_int_equal(n, 0);
	/* Two minutes: raised, since when it was first seen. */
	assert_int_equal(eval(f, 130000, false, &l, &n), 1);
	assert_int_equal(n, 1);
	expect_alert(&l[0], ALERT_CRITICAL, "api", "2025-10-27T12:00:10",
	    "down: timeout after 5s");
	/* Kept, with the same start, and the bell rang only once. */
	assert_int_equal(eval(f, 200000, false, &l, &n), 0);
	assert_int_equal(n, 1);
	expect_alert(&l[0], ALERT_CRITICAL, "api", "2025-10-27T12:00:10",
	    "down: timeout after 5s");
}

static void
test_duration_warnings(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 n;

	f->st[1].error_rate = (struct opt_num){ true, 7.5 };
	f->st[1].p95_ms = (struct opt_num){ true, 1500 };
	assert_int_equal(eval(f, 0, false, &l, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(eval(f, 299000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	/* Error rate after five minutes, p95 after ten; no bell for either. */
	assert_int_equal(eval(f, 300000, false, &l, &n), 0);
	assert_int_equal(n, 1);
	expect_alert(&l[0], ALERT_WARNING, "web", "2025-10-27T12:00:00",
	    "error rate 7.5% above 5.0%");
	assert_int_equal(eval(f, 600000, false, &l, &n), 0);
	assert_int_equal(n, 2);
	/* At the threshold is not above it. */
	f->st[1].error_rate.v = 5;
	f->st[1].p95_ms.v = 1000;
	assert_int_equal(eval(f, 601000, false, &l, &n), 0);
	assert_int_equal(n, 0);
}

/* ---- clearing ------------------------------------------------------------ */

static void
test_clearing(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 n;

	set_down(f, 0, NULL);
	eval(f, 0, false, &l, &n);
	assert_int_equal(eval(f, 120000, false, &l, &n), 1);
	assert_int_equal(n, 1);
	expect_alert(&l[0], ALERT_CRITICAL, "api", "2025-10-27T12:00:00",
	    "down: ");
	/* Up again: gone. */
	f->st[0].state = SVC_UP;
	assert_int_equal(eval(f, 121000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	/* Down again: the two minutes start afresh, and so does `since`. */
	set_down(f, 0, "connection refused");
	assert_int_equal(eval(f, 180000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(eval(f, 299000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(eval(f, 300000, false, &l, &n), 1);
	assert_int_equal(n, 1);
	expect_alert(&l[0], ALERT_CRITICAL, "api", "2025-10-27T12:03:00",
	    "down: connection refused");
}

/* A condition that ends before its duration leaves nothing behind. */
static void
test_clearing_early(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 n;

	set_down(f, 0, NULL);
	eval(f, 0, false, &l, &n);
	eval(f, 60000, false, &l, &n);
	f->st[0].state = SVC_DEGRADED;
	eval(f, 90000, false, &l, &n);
	set_down(f, 0, NULL);
	assert_int_equal(eval(f, 120000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(eval(f, 239000, false, &l, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(eval(f, 240000, false, &l, &n), 1);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].since, "2025-10-27T12:02:00");
}

/* ---- zero durations ------------------------------------------------------ */

static void
test_zero_duration(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 n;

	f->cfg.alerts.down_for_s = 0;
	set_down(f, 1, "HTTP 503");
	assert_int_equal(eval(f, 5000, false, &l, &n), 1);
	assert_int_equal(n, 1);
	expect_alert(&l[0], ALERT_CRITICAL, "web", "2025-10-27T12:00:05",
	    "down: HTTP 503");
	assert_int_equal(eval(f, 6000, false, &l, &n), 0);
	assert_int_equal(n, 1);
}

static struct model_agent *
add_agent(struct model *m, const char *name)
{
	struct model_agent *a;

	m->agents = xreallocarray(m->agents, m->n_agents + 1,
	    sizeof *m->agents);
	a = &m->agents[m->n_agents++];
	memset(a, 0, sizeof *a);
	a->name = xstrdup(name);
	return a;
}

static void
add_blocked(struct model *m, const char *code, const char *updated_at,
    const char *blocker)
{
	struct model_action_list	*b = &m->feed[FEED_BLOCKED];
	struct model_action		*x;

	b->v = xreallocarray(b->v, b->n + 1, sizeof *b->v);
	x = &b->v[b->n++];
	memset(x, 0, sizeof *x);
	x->code = xstrdup(code);
	x->updated_at = updated_at != NULL ? xstrdup(updated_at) : NULL;
	x->blocker = blocker != NULL ? xstrdup(blocker) : NULL;
}

/* Agents and blocked actions have no duration: they show at once, since
 * the moment the data gives when it gives one. */
static void
test_model_conditions(void **state)
{
	struct fixture		*f = *state;
	struct model_agent	*a;
	const struct alert	*l;
	size_t			 n;

	a = add_agent(&f->m, "scout");
	a->stale = true;
	a->last_heartbeat_age_s = (struct opt_num){ true, 3600 };
	snprintf(a->last_heartbeat, sizeof a->last_heartbeat,
	    "2025-10-27T11:00:00");
	a = add_agent(&f->m, "clock");
	a->stale = true;	/* a heartbeat in the future: no age */
	snprintf(a->last_heartbeat, sizeof a->last_heartbeat,
	    "2025-10-28T00:00:00");
	add_blocked(&f->m, "ARCH-002", "2025-10-20T09:00:00",
	    "waiting on legal");
	add_blocked(&f->m, "ARCH-001", NULL, NULL);
	assert_int_equal(eval(f, 30000, true, &l, &n), 0);
	assert_int_equal(n, 4);
	/* An agent in trouble a second later. */
	a = add_agent(&f->m, "sick");
	a->band = xstrdup("critical");
	a->health_score = (struct opt_num){ true, 12 };

	assert_int_equal(eval(f, 31000, true, &l, &n), 0);
	assert_int_equal(n, 5);
	expect_alert(&l[0], ALERT_WARNING, "scout", "2025-10-27T11:00:00",
	    "agent stale: last heartbeat 3600 s ago");
	expect_alert(&l[1], ALERT_WARNING, "clock", "2025-10-27T12:00:30",
	    "agent stale: heartbeat in the future");
	expect_alert(&l[2], ALERT_WARNING, "sick", "2025-10-27T12:00:31",
	    "agent health critical (12)");
	/* Blocked since its last update, or else since first seen. */
	expect_alert(&l[3], ALERT_INFO, "ARCH-002", "2025-10-20T09:00:00",
	    "blocked: waiting on legal");
	expect_alert(&l[4], ALERT_INFO, "ARCH-001", "2025-10-27T12:00:30",
	    "blocked: (no reason given)");
	/* Without the model (a refresh still to come), none of them. */
	assert_int_equal(eval(f, 32000, false, &l, &n), 0);
	assert_int_equal(n, 0);
}

static void
test_model_switched_off(void **state)
{
	struct fixture		*f = *state;
	struct model_agent	*a;
	const struct alert	*l;
	size_t			 n;

	f->cfg.alerts.agents = false;
	f->cfg.alerts.blocked = false;
	a = add_agent(&f->m, "scout");
	a->stale = true;
	a->band = xstrdup("critical");
	add_blocked(&f->m, "ARCH-001", NULL, "x");
	assert_int_equal(eval(f, 0, true, &l, &n), 0);
	assert_int_equal(n, 0);
}

/* ---- order ------------------------------------------------------------- */

static void
test_order(void **state)
{
	struct fixture		*f = *state;
	struct model_agent	*a;
	const struct alert	*l;
	size_t			 i, n;

	f->cfg.alerts.down_for_s = 0;
	f->cfg.alerts.error_rate_for_s = 0;
	f->cfg.alerts.p95_for_s = 0;
	add_blocked(&f->m, "LATE-1", "2025-10-26T08:00:00", "b");
	add_blocked(&f->m, "EARLY-1", "2025-10-01T08:00:00", "a");
	f->st[1].error_rate = (struct opt_num){ true, 50 };
	eval(f, 0, true, &l, &n);
	/* Later: a p95 on api, web down, an agent stale since 11:00. */
	f->st[0].p95_ms = (struct opt_num){ true, 5000 };
	set_down(f, 1, NULL);
	a = add_agent(&f->m, "scout");
	a->stale = true;
	a->last_heartbeat_age_s = (struct opt_num){ true, 3600 };
	snprintf(a->last_heartbeat, sizeof a->last_heartbeat,
	    "2025-10-27T11:00:00");
	assert_int_equal(eval(f, 61000, true, &l, &n), 1);
	assert_int_equal(n, 6);
	/* Critical first, then warnings, then information; within each,
	 * the oldest first. */
	expect_alert(&l[0], ALERT_CRITICAL, "web", "2025-10-27T12:01:01",
	    "down: ");
	expect_alert(&l[1], ALERT_WARNING, "scout", "2025-10-27T11:00:00",
	    "agent stale: last heartbeat 3600 s ago");
	expect_alert(&l[2], ALERT_WARNING, "web", "2025-10-27T12:00:00",
	    "error rate 50.0% above 5.0%");
	expect_alert(&l[3], ALERT_WARNING, "api", "2025-10-27T12:01:01",
	    "p95 5000 ms above 1000 ms");
	expect_alert(&l[4], ALERT_INFO, "EARLY-1", "2025-10-01T08:00:00",
	    "blocked: a");
	expect_alert(&l[5], ALERT_INFO, "LATE-1", "2025-10-26T08:00:00",
	    "blocked: b");
	for (i = 1; i < n; i++)
		assert_true(l[i - 1].severity >= l[i].severity);
}

/* ---- the bell ------------------------------------------------------------ */

static void
test_bell(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 n;

	set_down(f, 0, NULL);
	set_down(f, 1, NULL);
	assert_int_equal(eval(f, 0, false, &l, &n), 0);
	/* Both reach two minutes in the same evaluation: two new. */
	assert_int_equal(eval(f, 120000, false, &l, &n), 2);
	assert_int_equal(n, 2);
	assert_int_equal(eval(f, 121000, false, &l, &n), 0);
	/* web recovers and fails again: one new critical once its two
	 * minutes are up, while api's goes on ringing nothing. */
	f->st[1].state = SVC_UP;
	assert_int_equal(eval(f, 122000, false, &l, &n), 0);
	assert_int_equal(n, 1);
	set_down(f, 1, NULL);
	assert_int_equal(eval(f, 123000, false, &l, &n), 0);
	assert_int_equal(eval(f, 242999, false, &l, &n), 0);
	assert_int_equal(eval(f, 243000, false, &l, &n), 1);
	assert_int_equal(n, 2);
	/* Warnings never ring. */
	f->cfg.alerts.error_rate_for_s = 0;
	f->st[0].error_rate = (struct opt_num){ true, 90 };
	assert_int_equal(eval(f, 244000, false, &l, &n), 0);
	assert_int_equal(n, 3);
}

/* ---- durations on a timer ----------------------------------------------- */

/* The engine says when the next held condition reaches its duration, so
 * the dashboard can sleep until then instead of polling. */
static void
test_next_due(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 n;

	assert_int_equal(eval(f, 5000, false, &l, &n), 0);
	assert_true(alerts_next_due_ms(f->e) == 0);
	set_down(f, 0, NULL);
	eval(f, 10000, false, &l, &n);
	assert_true(alerts_next_due_ms(f->e) == 130000);
	/* A shorter duration sighted later comes due first. */
	f->st[1].error_rate = (struct opt_num){ true, 50 };
	f->cfg.alerts.error_rate_for_s = 30;
	eval(f, 20000, false, &l, &n);
	assert_true(alerts_next_due_ms(f->e) == 50000);
	assert_int_equal(eval(f, 50000, false, &l, &n), 0);
	assert_int_equal(n, 1);
	assert_true(alerts_next_due_ms(f->e) == 130000);
	assert_int_equal(eval(f, 130000, false, &l, &n), 1);
	assert_int_equal(n, 2);
	assert_true(alerts_next_due_ms(f->e) == 0);
	/* A fraction of a second rounds up: due is never early. */
	f->cfg.alerts.p95_for_s = 0.0005;
	f->st[0].p95_ms = (struct opt_num){ true, 5000 };
	eval(f, 140000, false, &l, &n);
	assert_true(alerts_next_due_ms(f->e) == 140001);
	eval(f, 140001, false, &l, &n);
	assert_int_equal(n, 3);
	assert_true(alerts_next_due_ms(f->e) == 0);
}

/* ---- the two inputs apart ------------------------------------------------ */

/* A check re-evaluates the services only, a refresh the model only; each
 * keeps the other's alerts, and the list stays in one order. */
static void
test_sources_apart(void **state)
{
	struct fixture		*f = *state;
	struct model_agent	*a;
	const struct alert	*l;
	char			 wall[MODEL_TS_LEN];
	size_t			 n;

	f->cfg.alerts.down_for_s = 0;
	a = add_agent(&f->m, "scout");
	a->stale = true;
	add_blocked(&f->m, "ARCH-001", "2025-10-20T09:00:00", "legal");
	wall_at(1000, wall);
	assert_int_equal(alerts_update_model(engine(f), 1000, wall, &f->m), 0);
	l = alerts_list(f->e, &n);
	assert_int_equal(n, 2);
	set_down(f, 1, "HTTP 500");
	wall_at(2000, wall);
	assert_int_equal(alerts_update_services(f->e, 2000, wall, f->st,
	    NSVC), 1);
	l = alerts_list(f->e, &n);
	assert_int_equal(n, 3);
	expect_alert(&l[0], ALERT_CRITICAL, "web", "2025-10-27T12:00:02",
	    "down: HTTP 500");
	expect_alert(&l[1], ALERT_WARNING, "scout", "2025-10-27T12:00:01",
	    "agent stale: no usable heartbeat");
	expect_alert(&l[2], ALERT_INFO, "ARCH-001", "2025-10-20T09:00:00",
	    "blocked: legal");
	/* The model changes; the service's alert stays as it was, and its
	 * bell does not ring again. */
	a->stale = false;
	wall_at(3000, wall);
	assert_int_equal(alerts_update_model(f->e, 3000, wall, &f->m), 0);
	l = alerts_list(f->e, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0].subject, "web");
	assert_string_equal(l[1].subject, "ARCH-001");
	/* Without a model, the services' alerts alone. */
	assert_int_equal(alerts_update_model(f->e, 4000, wall, NULL), 0);
	l = alerts_list(f->e, &n);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].subject, "web");
}

/* ---- many conditions ----------------------------------------------------- */

#define MANY	3000

static void
add_stale_agents(struct model *m, size_t from, size_t to)
{
	struct model_agent	*a;
	char			 name[32];
	size_t			 i;

	for (i = from; i < to; i++) {
		snprintf(name, sizeof name, "agent-%05zu", i);
		a = add_agent(m, name);
		a->stale = true;
	}
}

/* Thousands of conditions: each keeps its first sighting while it holds,
 * the ones that clear are forgotten (and start afresh when they return),
 * through every growth and shrink of the table. */
static void
test_many(void **state)
{
	struct fixture		*f = *state;
	const struct alert	*l;
	size_t			 i, n, kept;

	add_stale_agents(&f->m, 0, MANY);
	eval(f, 1000, true, &l, &n);
	assert_int_equal(n, MANY);
	for (i = 0; i < n; i++)
		assert_string_equal(l[i].since, "2025-10-27T12:00:01");
	/* The last two thirds clear. */
	kept = MANY / 3;
	for (i = kept; i < MANY; i++)
		free(f->m.agents[i].name);
	f->m.n_agents = kept;
	eval(f, 2000, true, &l, &n);
	assert_int_equal(n, kept);
	/* They come back; the first third kept its start. */
	add_stale_agents(&f->m, kept, MANY);
	eval(f, 3000, true, &l, &n);
	assert_int_equal(n, MANY);
	for (i = 0; i < n; i++) {
		if (strcmp(l[i].subject, "agent-01000") < 0)
			assert_string_equal(l[i].since, "2025-10-27T12:00:01");
		else
			assert_string_equal(l[i].since, "2025-10-27T12:00:03");
	}
	/* Oldest first: the kept ones lead. */
	assert_string_equal(l[0].since, "2025-10-27T12:00:01");
	assert_string_equal(l[n - 1].since, "2025-10-27T12:00:03");
	/* All clear, then one again. */
	model_free(&f->m);
	eval(f, 4000, true, &l, &n);
	assert_int_equal(n, 0);
	add_stale_agents(&f->m, 7, 8);
	eval(f, 5000, true, &l, &n);
	assert_int_equal(n, 1);
	expect_alert(&l[0], ALERT_WARNING, "agent-00007",
	    "2025-10-27T12:00:05", "agent stale: no usable heartbeat");
}

/* ---- groups -------------------------------------------------------------- */

/* Five of a kind make a group; four do not.  The group knows its count,
 * where it shows (its first member), its oldest and its worst. */
static void
test_groups(void **state)
{
	struct fixture			*f = *state;
	const struct alert_group	*g;
	struct model_agent		*a;
	const struct alert		*l;
	size_t				 i, n, ng;
	char				*s;

	f->cfg.alerts.down_for_s = 0;
	set_down(f, 0, NULL);
	for (i = 0; i < 4; i++) {
		a = add_agent(&f->m, i == 2 ? "worst" : i == 3 ? "old" : "a");
		a->stale = true;
		a->last_heartbeat_age_s = (struct opt_num){ true,
		    i == 3 ? 7200 : 600 };
		snprintf(a->last_heartbeat, sizeof a->last_heartbeat,
		    i == 3 ? "2025-10-27T10:00:00" : "2025-10-27T11:50:00");
		free(a->name);
		a->name = xasprintf("agent-%zu", i);
	}
	/* agent-2 has no usable heartbeat: the worst, though not oldest. */
	f->m.agents[2].last_heartbeat_age_s.has = false;
	f->m.agents[2].last_heartbeat[0] = '\0';
	eval(f, 60000, true, &l, &n);
	assert_int_equal(n, 5);
	alerts_groups(f->e, &ng);
	assert_int_equal(ng, 0);
	for (i = 0; i < n; i++)
		assert_null(l[i].group);

	a = add_agent(&f->m, "agent-4");
	a->stale = true;
	a->band = xstrdup("critical");
	a->health_score = (struct opt_num){ true, 3 };
	eval(f, 61000, true, &l, &n);
	assert_int_equal(n, 7);
	g = alerts_groups(f->e, &ng);
	assert_int_equal(ng, 1);
	assert_int_equal(g->kind, AK_AGENT_STALE);
	assert_int_equal(g->severity, ALERT_WARNING);
	assert_int_equal(g->count, 5);
	/* The list: the service down, then the warnings oldest first; the
	 * group shows where its first member is. */
	assert_string_equal(l[0].subject, "api");
	assert_null(l[0].group);
	assert_ptr_equal(g->first, &l[1]);
	assert_string_equal(g->first->subject, "agent-3");
	assert_string_equal(g->oldest->subject, "agent-3");
	assert_true(g->oldest->held_s == 7200);
	assert_string_equal(g->worst->subject, "agent-2");
	for (i = 1, n = 0; i < 7; i++) {
		if (l[i].group == g)
			n++;
		else
			assert_int_equal(l[i].kind, AK_AGENT_CRITICAL);
	}
	assert_int_equal(n, 5);
	s = alert_group_summary(g);
	assert_string_equal(s, "5 agents stale");
	free(s);
	s = alert_group_detail(g, 0);
	assert_string_equal(s, "oldest 2h (agent-3), worst agent-2 "
	    "(agent stale: no usable heartbeat)");
	free(s);
}

/* Each kind's worst: the highest error rate or p95, the lowest health
 * score, the longest down or blocked (on the database's clock). */
static void
test_group_worst(void **state)
{
	struct fixture			*f = *state;
	const struct alert_group	*g;
	struct model_agent		*a;
	const struct alert		*l;
	size_t				 i, n, ng;
	char				 name[16], at[MODEL_TS_LEN];
	static const double score[5] = { 40, 12, 30, 49, 25 };

	snprintf(f->m.now, sizeof f->m.now, "2025-10-27T12:00:00");
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof name, "sick-%zu", i);
		a = add_agent(&f->m, name);
		a->band = xstrdup("critical");
		a->health_score = (struct opt_num){ true, score[i] };
		snprintf(name, sizeof name, "B-%zu", i);
		snprintf(at, sizeof at, "2025-10-2%zuT12:00:00", 5 - i % 3);
		add_blocked(&f->m, name, at, "x");
	}
	eval(f, 1000, true, &l, &n);
	assert_int_equal(n, 10);
	g = alerts_groups(f->e, &ng);
	assert_int_equal(ng, 2);
	assert_int_equal(g[0].kind, AK_AGENT_CRITICAL);
	assert_string_equal(g[0].worst->subject, "sick-1");
	assert_int_equal(g[1].kind, AK_ACTION_BLOCKED);
	/* B-2 is blocked since Oct 23: four days on the database's clock,
	 * the oldest and the worst (the first of the ties). */
	assert_string_equal(g[1].oldest->subject, "B-2");
	assert_true(g[1].oldest->held_s == 4 * 86400);
	assert_string_equal(g[1].worst->subject, "B-2");
	for (i = 0; i < n; i++)
		assert_non_null(l[i].group);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_duration, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duration_warnings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_clearing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_clearing_early, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_zero_duration, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_model_conditions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_model_switched_off, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bell, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_due, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sources_apart, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_worst, setup,
		    teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
