/*
 * The alert engine (see alerts.h).  A condition is keyed by kind and
 * subject; its first sighting is kept (monotonic ms for the duration test,
 * wall clock for "since") for as long as it keeps holding, in a hash table
 * (alert-seen.c), so finding it costs O(1) however many there are.
 * Evaluation rebuilds the visible list from scratch each time, in an array
 * kept from one evaluation to the next, so an alert whose condition cleared
 * simply is not there any more.
 *
 * Conditions from data carry their own beginning: a blocked action is
 * blocked since its updated_at, an agent is stale since its last heartbeat.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert-seen.h"
#include "alerts.h"
#include "xalloc.h"

/* Owns the table and the list's messages; a listed alert's subject is its
 * condition's, in the table. */
struct alert_engine {
	const struct config	*cfg;
	struct seen_table	 seen;
	struct alert		*list;
	size_t			 n_list, cap_list;
	int			 new_critical;
};

struct alert_engine *
alerts_new(const struct config *cfg)
{
	struct alert_engine *e = xcalloc(1, sizeof *e);

	e->cfg = cfg;
	return e;
}

/* Forgets the list, keeping the array for the next one. */
static void
alerts_clear_list(struct alert_engine *e)
{
	size_t i;

	for (i = 0; i < e->n_list; i++)
		free(e->list[i].message);
	e->n_list = 0;
}

/* Records that a condition holds and, once it has lasted `for_s`, shows
 * the alert.  since overrides the first sighting when the data knows
 * better.  message is taken over. */
static void
alerts_hold(struct alert_engine *e, enum alert_kind kind,
    enum alert_severity sev, const char *subject, double for_s,
    uint64_t now_ms, const char *wall, const char *since, char *message)
{
	struct alert_seen	*s;
	struct alert		*a;
	size_t			 len;

	s = seen_hold(&e->seen, kind, subject, now_ms, wall);
	if ((double)(now_ms - s->first_ms) < for_s * 1000.0) {
		free(message);
		return;
	}
	if (!s->raised && sev == ALERT_CRITICAL)
		e->new_critical++;
	s->raised = true;
	if (e->n_list == e->cap_list) {
		e->cap_list = e->cap_list != 0 ? e->cap_list * 2 : 16;
		e->list = xreallocarray(e->list, e->cap_list,
		    sizeof *e->list);
	}
	a = &e->list[e->n_list++];
	memset(a, 0, sizeof *a);
	a->severity = sev;
	a->subject = s->subject;	/* lives as long as the condition */
	a->message = message;
	if (since == NULL)
		since = s->first_wall;
	len = strnlen(since, sizeof a->since - 1);
	memcpy(a->since, since, len);	/* the rest is zero, from memset */
}

static void
alerts_services(struct alert_engine *e, uint64_t now_ms, const char *wall,
    const struct svc_status *st, size_t n)
{
	const struct alert_config *ac = &e->cfg->alerts;
	const struct svc_config *sc;
	size_t i;

	for (i = 0; i < n && i < e->cfg->n_services; i++) {
		sc = &e->cfg->services[i];
		if (st[i].state == SVC_DOWN)
			alerts_hold(e, AK_SERVICE_DOWN, ALERT_CRITICAL, st[i].name,
			    ac->down_for_s, now_ms, wall, NULL,
			    xasprintf("down: %s", st[i].detail ? st[i].detail : ""));
		if (st[i].error_rate.has &&
		    st[i].error_rate.v > sc->error_rate_threshold)
			alerts_hold(e, AK_ERROR_RATE, ALERT_WARNING, st[i].name,
			    ac->error_rate_for_s, now_ms, wall, NULL,
			    xasprintf("error rate %.1f%% above %.1f%%",
				st[i].error_rate.v, sc->error_rate_threshold));
		if (st[i].p95_ms.has && st[i].p95_ms.v > sc->p95_threshold_ms)
			alerts_hold(e, AK_P95, ALERT_WARNING, st[i].name,
			    ac->p95_for_s, now_ms, wall, NULL,
			    xasprintf("p95 %.0f ms above %.0f ms", st[i].p95_ms.v,
				sc->p95_threshold_ms));
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
alerts_model(struct alert_engine *e, uint64_t now_ms, const char *wall,
    const struct model *m)
{
	const struct model_agent *a;
	const struct model_action *x;
	size_t i;

	for (i = 0; e->cfg->alerts.agents && i < m->n_agents; i++) {
		a = &m->agents[i];
		/* Stale since the heartbeat, unless that is in the future. */
		if (a->stale)
			alerts_hold(e, AK_AGENT_STALE, ALERT_WARNING, a->name, 0,
			    now_ms, wall, a->last_heartbeat[0] &&
			    a->last_heartbeat_age_s.has ?
			    a->last_heartbeat : NULL, agent_stale_message(a));
		if (a->band != NULL && strcmp(a->band, "critical") == 0)
			alerts_hold(e, AK_AGENT_CRITICAL, ALERT_WARNING, a->name,
			    0, now_ms, wall, NULL,
			    xasprintf("agent health critical (%.0f)",
				a->health_score.v));
	}
	for (i = 0; e->cfg->alerts.blocked && i < m->feed[FEED_BLOCKED].n; i++) {
		x = &m->feed[FEED_BLOCKED].v[i];
		alerts_hold(e, AK_ACTION_BLOCKED, ALERT_INFO, x->code ? x->code : "?", 0,
		    now_ms, wall, x->updated_at, xasprintf("blocked: %s",
			x->blocker ? x->blocker : "(no reason given)"));
	}
}

static int
alert_cmp(const void *a, const void *b)
{
	const struct alert *x = a, *y = b;

	if (x->severity != y->severity)
		return x->severity > y->severity ? -1 : 1;
	return strcmp(x->since, y->since);
}

int
alerts_evaluate(struct alert_engine *e, uint64_t now_ms, const char *wall,
    const struct svc_status *st, size_t n, const struct model *m)
{
	alerts_clear_list(e);
	e->new_critical = 0;
	alerts_services(e, now_ms, wall, st, n);
	if (m != NULL)
		alerts_model(e, now_ms, wall, m);
	/* Sightings whose condition no longer holds are forgotten: one that
	 * comes back later starts its duration afresh. */
	seen_sweep(&e->seen);
	if (e->n_list > 1)
		qsort(e->list, e->n_list, sizeof *e->list, alert_cmp);
	return e->new_critical;
}

const struct alert *
alerts_list(const struct alert_engine *e, size_t *n)
{
	*n = e->n_list;
	return e->list;
}

void
alerts_free(struct alert_engine *e)
{
	if (e == NULL)
		return;
	alerts_clear_list(e);
	free(e->list);
	seen_free(&e->seen);
	free(e);
}
