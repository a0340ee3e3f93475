/*
 * The alert engine (see alerts.h).  A condition is keyed by kind and
 * subject; its first sighting is kept (monotonic ms for the duration test,
 * wall clock for "since") for as long as it keeps holding, in a hash table
 * (alert-seen.c), so finding it costs O(1) however many there are.
 *
 * Each input is a source of its own: the services and the model.  An
 * evaluation of one source rebuilds that source's alerts from scratch, so
 * an alert whose condition cleared simply is not there any more, and sorts
 * them; the published list is the two sorted lists merged (O(n)), then
 * grouped (alert-groups.c, O(n)).  The other source's alerts are kept as
 * they were: a health check re-evaluates the services' few conditions,
 * not the thousands of the agents.
 *
 * Conditions from data carry their own beginning: a blocked action is
 * blocked since its updated_at, an agent is stale since its last heartbeat.
 */
#include "autoconfig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert-seen.h"
#include "alerts.h"
#include "timefmt.h"
#include "xalloc.h"

enum alert_source_id {
	SRC_SERVICES,
	SRC_MODEL,
	SRC_COUNT
};

/* One input's conditions and the alerts they raise.  Owns its table and
 * its alerts with their messages (freed by source_free); an alert's
 * subject is its condition's, in the table. */
struct alert_source {
	struct seen_table	 seen;
	struct alert		*list;		/* sorted by alert_cmp */
	size_t			 n, cap;
	uint64_t		 next_due;	/* loop ms, 0: nothing waits */
	int			 new_critical;	/* raised by its evaluation */
};

struct alert_engine {
	const struct config	*cfg;
	struct alert_source	 src[SRC_COUNT];
	/* The sources' lists merged: copies of their alerts, whose strings
	 * stay the sources'. */
	struct alert		*list;
	size_t			 n_list, cap_list;
	struct alert_group	 groups[AK_COUNT];
	size_t			 n_groups;
};

/* One condition as its input sees it. */
struct condition {
	enum alert_kind		 kind;
	enum alert_severity	 sev;
	const char		*subject;
	double			 for_s;		/* how long it must hold */
	const char		*since;		/* from the data, or NULL */
	double			 since_age_s;	/* how long ago since was, or -1 */
	double			 badness;	/* NAN: how long it has held */
};

struct alert_engine *
alerts_new(const struct config *cfg)
{
	struct alert_engine *e = xcalloc(1, sizeof *e);

	e->cfg = cfg;
	return e;
}

/* Forgets the source's alerts, keeping the array for the next ones. */
static void
source_begin(struct alert_source *src)
{
	size_t i;

	for (i = 0; i < src->n; i++)
		free(src->list[i].message);
	src->n = 0;
	src->next_due = 0;
	src->new_critical = 0;
}

static int
alert_cmp(const void *a, const void *b)
{
	const struct alert *x = a, *y = b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(x->since, y->since);
}

/* Forgets the sightings whose condition no longer holds (one that comes
 * back later starts its duration afresh) and puts the alerts in order. */
static void
source_end(struct alert_source *src)
{
	seen_sweep(&src->seen);
	if (src->n > 1)
		qsort(src->list, src->n, sizeof *src->list, alert_cmp);
}

static void
source_free(struct alert_source *src)
{
	source_begin(src);
	free(src->list);
	seen_free(&src->seen);
}

/* Records that a condition holds and, once it has lasted its duration,
 * shows the alert; until then, notes when that will be.  message is taken
 * over. */
static void
source_hold(struct alert_source *src, const struct condition *c,
    uint64_t now_ms, const char *wall, char *message)
{
	struct alert_seen	*s;
	struct alert		*a;
	const char		*since;
	uint64_t		 due;
	size_t			 len;

	s = seen_hold(&src->seen, c->kind, c->subject, now_ms, wall);
	if ((double)(now_ms - s->first_ms) < c->for_s * 1000.0) {
		due = s->first_ms + (uint64_t)ceil(c->for_s * 1000.0);
		if (src->next_due == 0 || due < src->next_due)
			src->next_due = due;
		free(message);
		return;
	}
	if (!s->raised && c->sev == ALERT_CRITICAL)
		src->new_critical++;
	s->raised = true;
	if (src->n == src->cap) {
		src->cap = src->cap != 0 ? src->cap * 2 : 16;
		src->list = xreallocarray(src->list, src->cap,
		    sizeof *src->list);
	}
	a = &src->list[src->n++];
	memset(a, 0, sizeof *a);
	a->severity = c->sev;
	a->kind = c->kind;
	a->subject = s->subject;	/* lives as long as the condition */
	a->message = message;
	since = c->since != NULL ? c->since : s->first_wall;
	len = strnlen(since, sizeof a->since - 1);
	memcpy(a->since, since, len);	/* the rest is zero, from memset */
	if (c->since != NULL && c->since_age_s >= 0)
		a->held_s = c->since_age_s;
	else
		a->held_s = (double)(now_ms - s->first_ms) / 1000.0;
	a->badness = isnan(c->badness) ? a->held_s : c->badness;
}

static void
alerts_services(const struct config *cfg, struct alert_source *src,
    uint64_t now_ms, const char *wall, const struct svc_status *st, size_t n)
{
	const struct alert_config	*ac = &cfg->alerts;
	const struct svc_config		*sc;
	struct condition		 c;
	size_t				 i;

	memset(&c, 0, sizeof c);
	c.since_age_s = -1;
	for (i = 0; i < n && i < cfg->n_services; i++) {
		sc = &cfg->services[i];
		c.subject = st[i].name;
		if (st[i].state == SVC_DOWN) {
			c.kind = AK_SERVICE_DOWN;
			c.sev = ALERT_CRITICAL;
			c.for_s = ac->down_for_s;
			c.badness = NAN;	/* the longest down */
			source_hold(src, &c, now_ms, wall,
			    xasprintf("down: %s", st[i].detail ? st[i].detail : ""));
		}
		if (st[i].error_rate.has &&
		    st[i].error_rate.v > sc->error_rate_threshold) {
			c.kind = AK_ERROR_RATE;
			c.sev = ALERT_WARNING;
			c.for_s = ac->error_rate_for_s;
			c.badness = st[i].error_rate.v;
			source_hold(src, &c, now_ms, wall,
			    xasprintf("error rate %.1f%% above %.1f%%",
				st[i].error_rate.v, sc->error_rate_threshold));
		}
		if (st[i].p95_ms.has && st[i].p95_ms.v > sc->p95_threshold_ms) {
			c.kind = AK_P95;
			c.sev = ALERT_WARNING;
			c.for_s = ac->p95_for_s;
			c.badness = st[i].p95_ms.v;
			source_hold(src, &c, now_ms, wall,
			    xasprintf("p95 %.0f ms above %.0f ms", st[i].p95_ms.v,
				sc->p95_threshold_ms));
		}
	}
}

/* A heartbeat with a time but no age is further in the future than
 * stale_after: a clock that cannot be trusted.  One with neither is NULL,
 * infinite or outside years 1-9999 (docs/architecture.md, "Figures at the
 * edges"). */
static char *
agent_stale_message(const struct model_agent *a)
{
	if (a->last_heartbeat_age_s.has)
		return xasprintf("agent stale: last heartbeat %.0f s ago",
		    a->last_heartbeat_age_s.v);
	if (a->last_heartbeat[0] != '\0')
		return xstrdup("agent stale: heartbeat in the future");
	return xstrdup("agent stale: no usable heartbeat");
}

static void
alerts_agents(struct alert_source *src, uint64_t now_ms, const char *wall,
    const struct model *m)
{
	const struct model_agent	*a;
	struct condition		 c;
	size_t				 i;

	memset(&c, 0, sizeof c);
	c.sev = ALERT_WARNING;
	for (i = 0; i < m->n_agents; i++) {
		a = &m->agents[i];
		c.subject = a->name;
		/* Stale since the heartbeat, unless that is in the future;
		 * without a usable heartbeat it is the worst of them. */
		if (a->stale) {
			c.kind = AK_AGENT_STALE;
			c.since = NULL;
			c.since_age_s = -1;
			c.badness = HUGE_VAL;
			if (a->last_heartbeat[0] && a->last_heartbeat_age_s.has) {
				c.since = a->last_heartbeat;
				c.since_age_s = a->last_heartbeat_age_s.v;
				c.badness = c.since_age_s;
			}
			source_hold(src, &c, now_ms, wall,
			    agent_stale_message(a));
		}
		/* The lowest score is the worst. */
		if (a->band != NULL && strcmp(a->band, "critical") == 0) {
			c.kind = AK_AGENT_CRITICAL;
			c.since = NULL;
			c.since_age_s = -1;
			c.badness = -a->health_score.v;
			source_hold(src, &c, now_ms, wall,
			    xasprintf("agent health critical (%.0f)",
				a->health_score.v));
		}
	}
}

/* Blocked since its last update, on the database's clock; the longest
 * blocked is the worst. */
static void
alerts_blocked(struct alert_source *src, uint64_t now_ms, const char *wall,
    const struct model *m)
{
	const struct model_action	*x;
	struct condition		 c;
	int64_t				 now_s, at_s;
	size_t				 i;

	memset(&c, 0, sizeof c);
	c.kind = AK_ACTION_BLOCKED;
	c.sev = ALERT_INFO;
	c.badness = NAN;
	now_s = ts_seconds(m->now);
	for (i = 0; i < m->feed[FEED_BLOCKED].n; i++) {
		x = &m->feed[FEED_BLOCKED].v[i];
		c.subject = x->code ? x->code : "?";
		c.since = x->updated_at;
		c.since_age_s = -1;
		if (x->updated_at != NULL && now_s != -1 &&
		    (at_s = ts_seconds(x->updated_at)) != -1)
			c.since_age_s = now_s > at_s ? (double)(now_s - at_s) : 0;
		source_hold(src, &c, now_ms, wall, xasprintf("blocked: %s",
		    x->blocker ? x->blocker : "(no reason given)"));
	}
}

/* The two sources' sorted lists merged, services first among equals (the
 * order one sort over both gave), then grouped. */
static void
alerts_publish(struct alert_engine *e)
{
	const struct alert_source	*s = &e->src[SRC_SERVICES];
	const struct alert_source	*m = &e->src[SRC_MODEL];
	size_t				 i = 0, j = 0, k = 0, n = s->n + m->n;

	if (n > e->cap_list) {
		while (e->cap_list < n)
			e->cap_list = e->cap_list != 0 ? e->cap_list * 2 : 16;
		e->list = xreallocarray(e->list, e->cap_list, sizeof *e->list);
	}
	while (i < s->n && j < m->n) {
		if (alert_cmp(&m->list[j], &s->list[i]) < 0)
			e->list[k++] = m->list[j++];
		else
			e->list[k++] = s->list[i++];
	}
	while (i < s->n)
		e->list[k++] = s->list[i++];
	while (j < m->n)
		e->list[k++] = m->list[j++];
	e->n_list = n;
	e->n_groups = alert_groups_build(e->list, e->n_list, e->groups);
}

static int
alerts_eval_services(struct alert_engine *e, uint64_t now_ms,
    const char *wall, const struct svc_status *st, size_t n)
{
	struct alert_source *src = &e->src[SRC_SERVICES];

	source_begin(src);
	alerts_services(e->cfg, src, now_ms, wall, st, n);
	source_end(src);
	return src->new_critical;
}

static int
alerts_eval_model(struct alert_engine *e, uint64_t now_ms, const char *wall,
    const struct model *m)
{
	struct alert_source *src = &e->src[SRC_MODEL];

	source_begin(src);
	if (m != NULL && e->cfg->alerts.agents)
		alerts_agents(src, now_ms, wall, m);
	if (m != NULL && e->cfg->alerts.blocked)
		alerts_blocked(src, now_ms, wall, m);
	source_end(src);
	return src->new_critical;
}

int
alerts_update_services(struct alert_engine *e, uint64_t now_ms,
    const char *wall, const struct svc_status *st, size_t n)
{
	int crit = alerts_eval_services(e, now_ms, wall, st, n);

	alerts_publish(e);
	return crit;
}

int
alerts_update_model(struct alert_engine *e, uint64_t now_ms, const char *wall,
    const struct model *m)
{
	int crit = alerts_eval_model(e, now_ms, wall, m);

	alerts_publish(e);
	return crit;
}

int
alerts_evaluate(struct alert_engine *e, uint64_t now_ms, const char *wall,
    const struct svc_status *st, size_t n, const struct model *m)
{
	int crit;

	crit = alerts_eval_services(e, now_ms, wall, st, n);
	crit += alerts_eval_model(e, now_ms, wall, m);
	alerts_publish(e);
	return crit;
}

uint64_t
alerts_next_due_ms(const struct alert_engine *e)
{
	uint64_t	due = 0;
	int		i;

	for (i = 0; i < SRC_COUNT; i++) {
		if (e->src[i].next_due != 0 &&
		    (due == 0 || e->src[i].next_due < due))
			due = e->src[i].next_due;
	}
	return due;
}

const struct alert *
alerts_list(const struct alert_engine *e, size_t *n)
{
	*n = e->n_list;
	return e->list;
}

const struct alert_group *
alerts_groups(const struct alert_engine *e, size_t *n)
{
	*n = e->n_groups;
	return e->groups;
}

void
alerts_free(struct alert_engine *e)
{
	int i;

	if (e == NULL)
		return;
	for (i = 0; i < SRC_COUNT; i++)
		source_free(&e->src[i]);
	free(e->list);
	free(e);
}
