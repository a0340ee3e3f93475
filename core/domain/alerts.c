/*
 * The alert engine (see alerts.h).  A condition is keyed by kind and
 * subject; its first sighting is kept (monotonic ms for the duration test,
 * wall clock for "since") for as long as it keeps holding.  Evaluation
 * rebuilds the visible list from scratch each time, so an alert whose
 * condition cleared simply is not there any more.
 *
 * Conditions from data carry their own beginning: a blocked action is
 * blocked since its updated_at, an agent is stale since its last heartbeat.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts.h"
#include "xalloc.h"

enum alert_kind {
	AK_DOWN,
	AK_ERROR_RATE,
	AK_P95,
	AK_AGENT_STALE,
	AK_AGENT_CRITICAL,
	AK_BLOCKED
};

struct alert_seen {
	enum alert_kind	 kind;
	char		*subject;
	uint64_t	 first_ms;
	char		 first_wall[MODEL_TS_LEN];
	bool		 raised;	/* shown in an earlier evaluation */
	bool		 held;		/* condition true in this evaluation */
};

struct alert_engine {
	const struct config	*cfg;
	struct alert_seen	*seen;
	size_t			 n_seen;
	struct alert		*list;
	size_t			 n_list;
	int			 new_critical;
};

struct alert_engine *
alerts_new(const struct config *cfg)
{
	struct alert_engine *e = xcalloc(1, sizeof *e);

	e->cfg = cfg;
	return e;
}

static void
alerts_clear_list(struct alert_engine *e)
{
	size_t i;

	for (i = 0; i < e->n_list; i++) {
		free(e->list[i].subject);
		free(e->list[i].message);
	}
	free(e->list);
	e->list = NULL;
	e->n_list = 0;
}

static struct alert_seen *
alerts_sighting(struct alert_engine *e, enum alert_kind kind,
    const char *subject, uint64_t now_ms, const char *wall)
{
	struct alert_seen *s;
	size_t i;

	for (i = 0; i < e->n_seen; i++) {
		s = &e->seen[i];
		if (s->kind == kind && strcmp(s->subject, subject) == 0) {
			s->held = true;
			return s;
		}
	}
	e->seen = xreallocarray(e->seen, e->n_seen + 1, sizeof *e->seen);
	s = &e->seen[e->n_seen++];
	memset(s, 0, sizeof *s);
	s->kind = kind;
	s->subject = xstrdup(subject);
	s->first_ms = now_ms;
	memcpy(s->first_wall, wall, MODEL_TS_LEN);
	s->held = true;
	return s;
}

/* Records that a condition holds and, once it has lasted `for_s`, shows
 * the alert.  since overrides the first sighting when the data knows
 * better.  message is taken over. */
static void
alerts_hold(struct alert_engine *e, enum alert_kind kind,
    enum alert_severity sev, const char *subject, double for_s,
    uint64_t now_ms, const char *wall, const char *since, char *message)
{
	struct alert_seen *s = alerts_sighting(e, kind, subject, now_ms, wall);
	struct alert *a;

	if ((double)(now_ms - s->first_ms) < for_s * 1000.0) {
		free(message);
		return;
	}
	if (!s->raised && sev == ALERT_CRITICAL)
		e->new_critical++;
	s->raised = true;
	e->list = xreallocarray(e->list, e->n_list + 1, sizeof *e->list);
	a = &e->list[e->n_list++];
	a->severity = sev;
	a->subject = xstrdup(subject);
	a->message = message;
	snprintf(a->since, sizeof a->since, "%s",
	    since != NULL ? since : s->first_wall);
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
			alerts_hold(e, AK_DOWN, ALERT_CRITICAL, st[i].name,
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
		alerts_hold(e, AK_BLOCKED, ALERT_INFO, x->code ? x->code : "?", 0,
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

/* Forgets sightings whose condition no longer holds: a condition that
 * comes back later starts its duration afresh. */
static void
alerts_forget_cleared(struct alert_engine *e)
{
	size_t i, j = 0;

	for (i = 0; i < e->n_seen; i++) {
		if (e->seen[i].held) {
			e->seen[i].held = false;
			e->seen[j++] = e->seen[i];
		} else
			free(e->seen[i].subject);
	}
	e->n_seen = j;
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
	alerts_forget_cleared(e);
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
	size_t i;

	if (e == NULL)
		return;
	alerts_clear_list(e);
	for (i = 0; i < e->n_seen; i++)
		free(e->seen[i].subject);
	free(e->seen);
	free(e);
}
