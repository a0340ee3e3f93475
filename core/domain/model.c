#include "autoconfig.h"

/*
 * Releasing a struct model.  It owns every string and array reachable from
 * it (model.h), so this is the one place that knows the whole shape; a
 * partly filled model (counts matching what was stored) is fine too.  Also
 * the small readers every consumer of a model shares.
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static void
plan_free(struct model_plan *plan)
{
	size_t i;

	free(plan->id);
	free(plan->status);
	free(plan->owner);
	for (i = 0; i < plan->n_owners; i++)
		free(plan->owners[i].owner);
	free(plan->owners);
	free(plan->trend);
}

static void
result_free(struct model_result *r)
{
	free(r->code);
	free(r->text);
	free(r->purpose);
	free(r->category);
	free(r->status);
}

static void
action_free(struct model_action *a)
{
	free(a->id);
	free(a->code);
	free(a->text);
	free(a->owner);
	free(a->funnel_stage);
	free(a->status);
	free(a->due_date);
	free(a->completion_date);
	free(a->updated_at);
	free(a->blocker);
	free(a->evidence_path);
	free(a->result_code);
	free(a->version);
}

static void
agent_free(struct model_agent *a)
{
	free(a->name);
	free(a->status);
	free(a->band);
	free(a->current_action);
}

static void
revenue_free(struct model_revenue *rev)
{
	size_t i;

	free(rev->source);
	for (i = 0; i < rev->n_top; i++) {
		free(rev->top[i].title);
		free(rev->top[i].type);
		free(rev->top[i].status);
	}
	free(rev->top);
	free(rev->trend);
}

static void
funnel_free(struct model_funnel *f)
{
	size_t i;

	for (i = 0; i < f->n_stages; i++)
		free(f->stages[i].stage);
	free(f->stages);
	free(f->recommendation);
}

/* Frees everything the model owns and leaves it zeroed (reusable, and a
 * second call is harmless). */
void
model_free(struct model *m)
{
	size_t	i, j;

	if (m == NULL)
		return;
	plan_free(&m->plan);
	for (i = 0; i < m->n_results; i++)
		result_free(&m->results[i]);
	free(m->results);
	for (i = 0; i < FEED_NGROUPS; i++) {
		for (j = 0; j < m->feed[i].n; j++)
			action_free(&m->feed[i].v[j]);
		free(m->feed[i].v);
	}
	for (i = 0; i < m->n_agents; i++)
		agent_free(&m->agents[i]);
	free(m->agents);
	revenue_free(&m->revenue);
	funnel_free(&m->funnel);
	memset(m, 0, sizeof(*m));
}

const char *
feed_group_name(enum feed_group g)
{
	switch (g) {
	case FEED_COMPLETED_24H:
		return "completed_24h";
	case FEED_IN_PROGRESS:
		return "in_progress";
	case FEED_BLOCKED:
		return "blocked";
	case FEED_DUE_7D:
		return "due_7d";
	case FEED_OVERDUE:
		return "overdue";
	case FEED_NGROUPS:
		break;
	}
	return "unknown";
}

double
opt_num_value(struct opt_num n)
{
	return n.has ? n.v : NAN;
}
