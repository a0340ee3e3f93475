#include "autoconfig.h"

/*
 * `opsdeck snapshot --format json` (spec §4).  The object is built with cJSON
 * in the order the spec lists the keys.  JSON carries the data faithfully:
 * strings are only made valid UTF-8 (cJSON escapes control characters), and
 * every missing value -- NULL string, empty timestamp, opt_num without a
 * value, a non-finite double -- is a JSON null.
 *
 * cJSON reports allocation failure by returning NULL or false; every
 * insertion goes through put()/push(), which make that fatal like xmalloc,
 * so a half-built object is never printed.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "alert-groups.h"
#include "sanitize.h"
#include "snapshot.h"
#include "xalloc.h"

static void
json_die(void)
{
	fprintf(stderr, "opsdeck: out of memory building JSON\n");
	abort();
}

static cJSON *
checked(cJSON *item)
{
	if (item == NULL)
		json_die();
	return item;
}

/* Adds item under key (a string literal, so cJSON need not copy it). */
static cJSON *
put(cJSON *obj, const char *key, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToObjectCS(obj, key, item))
		json_die();
	return item;
}

static cJSON *
push(cJSON *arr, cJSON *item)
{
	if (item == NULL || !cJSON_AddItemToArray(arr, item))
		json_die();
	return item;
}

static cJSON *
j_null(void)
{
	return checked(cJSON_CreateNull());
}

static cJSON *
j_str(const char *s)
{
	cJSON	*item;
	char	*valid;

	if (s == NULL)
		return j_null();
	valid = utf8_repair(s, strlen(s));
	item = checked(cJSON_CreateString(valid));
	free(valid);
	return item;
}

/* Fixed-size date and timestamp fields: empty means "not known". */
static cJSON *
j_stamp(const char *s)
{
	return s[0] == '\0' ? j_null() : j_str(s);
}

static cJSON *
j_num(double v)
{
	return isfinite(v) ? checked(cJSON_CreateNumber(v)) : j_null();
}

static cJSON *
j_long(long v)
{
	return checked(cJSON_CreateNumber((double)v));
}

static cJSON *
j_opt(struct opt_num n)
{
	return n.has ? j_num(n.v) : j_null();
}

static cJSON *
j_bool(bool b)
{
	return checked(cJSON_CreateBool(b));
}

static cJSON *
j_object(void)
{
	return checked(cJSON_CreateObject());
}

static cJSON *
j_array(void)
{
	return checked(cJSON_CreateArray());
}

static cJSON *
source_json(const struct snapshot *snap)
{
	cJSON *o = j_object();

	put(o, "db", j_str(snap->db_ok ? "ok" : "error"));
	put(o, "error", j_str(snap->db_ok ? NULL : snap->db_error));
	put(o, "refreshed_at", j_stamp(snap->refreshed_at));
	return o;
}

static cJSON *
owners_json(const struct model_plan *p)
{
	cJSON	*arr = j_array(), *o;
	size_t	 i;

	for (i = 0; i < p->n_owners; i++) {
		o = push(arr, j_object());
		put(o, "owner", j_str(p->owners[i].owner));
		put(o, "total", j_long(p->owners[i].total));
		put(o, "completed", j_long(p->owners[i].completed));
		put(o, "rate", j_num(p->owners[i].rate));
	}
	return arr;
}

static cJSON *
plan_trend_json(const struct model_plan *p)
{
	cJSON	*arr = j_array(), *o;
	size_t	 i;

	for (i = 0; i < p->n_trend; i++) {
		o = push(arr, j_object());
		put(o, "week_start", j_stamp(p->trend[i].week_start));
		put(o, "completion_rate", j_num(p->trend[i].completion_rate));
	}
	return arr;
}

static cJSON *
plan_json(const struct model *m)
{
	const struct model_plan	*p;
	cJSON			*o;

	if (m == NULL || !m->has_plan)
		return j_null();
	p = &m->plan;
	o = j_object();
	put(o, "id", j_str(p->id));
	put(o, "week_start", j_stamp(p->week_start));
	put(o, "week_end", j_stamp(p->week_end));
	put(o, "status", j_str(p->status));
	put(o, "owner", j_str(p->owner));
	put(o, "total_actions", j_long(p->total_actions));
	put(o, "completed_actions", j_long(p->completed_actions));
	put(o, "completion_rate", j_num(p->completion_rate));
	/* 0: a week that starts at -infinity has no count of days. */
	put(o, "elapsed_days",
	    p->elapsed_days > 0 ? j_long(p->elapsed_days) : j_null());
	put(o, "velocity_per_day", j_num(p->velocity_per_day));
	put(o, "owners", owners_json(p));
	put(o, "trend", plan_trend_json(p));
	return o;
}

static cJSON *
results_json(const struct model *m)
{
	const struct model_result	*r;
	cJSON				*arr = j_array(), *o;
	size_t				 i;

	for (i = 0; m != NULL && i < m->n_results; i++) {
		r = &m->results[i];
		o = push(arr, j_object());
		put(o, "code", j_str(r->code));
		put(o, "text", j_str(r->text));
		put(o, "purpose", j_str(r->purpose));
		put(o, "priority", j_opt(r->priority));
		put(o, "category", j_str(r->category));
		put(o, "status", j_str(r->status));
		put(o, "total", j_long(r->total));
		put(o, "completed", j_long(r->completed));
		put(o, "progress", j_num(r->progress));
		put(o, "revenue_target", j_opt(r->revenue_target));
		put(o, "revenue_actual", j_opt(r->revenue_actual));
	}
	return arr;
}

static cJSON *
action_json(const struct model_action *a)
{
	cJSON *o = j_object();

	put(o, "id", j_str(a->id));
	put(o, "code", j_str(a->code));
	put(o, "text", j_str(a->text));
	put(o, "owner", j_str(a->owner));
	put(o, "funnel_stage", j_str(a->funnel_stage));
	put(o, "status", j_str(a->status));
	put(o, "due_date", j_str(a->due_date));
	put(o, "completion_date", j_str(a->completion_date));
	put(o, "updated_at", j_str(a->updated_at));
	put(o, "blocker", j_str(a->blocker));
	put(o, "evidence_path", j_str(a->evidence_path));
	put(o, "result_code", j_str(a->result_code));
	return o;
}

/* Every group is present, empty when there is no model. */
static cJSON *
actions_json(const struct model *m)
{
	cJSON	*o = j_object(), *arr;
	size_t	 j;
	int	 g;

	for (g = 0; g < FEED_NGROUPS; g++) {
		arr = put(o, feed_group_name((enum feed_group)g), j_array());
		for (j = 0; m != NULL && j < m->feed[g].n; j++)
			push(arr, action_json(&m->feed[g].v[j]));
	}
	return o;
}

static cJSON *
agents_json(const struct model *m)
{
	const struct model_agent	*a;
	cJSON				*arr = j_array(), *o;
	size_t				 i;

	for (i = 0; m != NULL && i < m->n_agents; i++) {
		a = &m->agents[i];
		o = push(arr, j_object());
		put(o, "name", j_str(a->name));
		put(o, "status", j_str(a->status));
		put(o, "health_score", j_opt(a->health_score));
		put(o, "band", j_str(a->band));
		put(o, "stale", j_bool(a->stale));
		put(o, "last_heartbeat_age_s", j_opt(a->last_heartbeat_age_s));
		put(o, "current_action", j_str(a->current_action));
		/* Beyond the contract's keys: when, not only how long ago. */
		put(o, "last_heartbeat", j_stamp(a->last_heartbeat));
	}
	return arr;
}

static cJSON *
deliverables_json(const struct model_revenue *rev)
{
	const struct model_deliverable	*d;
	cJSON				*arr = j_array(), *o;
	size_t				 i;

	for (i = 0; i < rev->n_top; i++) {
		d = &rev->top[i];
		o = push(arr, j_object());
		put(o, "title", j_str(d->title));
		put(o, "type", j_str(d->type));
		put(o, "status", j_str(d->status));
		put(o, "revenue_target", j_opt(d->revenue_target));
		put(o, "revenue_actual", j_opt(d->revenue_actual));
	}
	return arr;
}

static cJSON *
revenue_trend_json(const struct model_revenue *rev)
{
	cJSON	*arr = j_array(), *o;
	size_t	 i;

	for (i = 0; i < rev->n_trend; i++) {
		o = push(arr, j_object());
		put(o, "week_start", j_stamp(rev->trend[i].week_start));
		put(o, "target", j_opt(rev->trend[i].target));
		put(o, "actual", j_opt(rev->trend[i].actual));
	}
	return arr;
}

static cJSON *
revenue_json(const struct model *m)
{
	const struct model_revenue	*rev;
	cJSON				*o;

	if (m == NULL)
		return j_null();
	rev = &m->revenue;
	o = j_object();
	put(o, "target", j_opt(rev->target));
	put(o, "actual", j_opt(rev->actual));
	put(o, "achievement_rate", j_opt(rev->achievement_rate));
	put(o, "source", j_str(rev->source));
	put(o, "top_deliverables", deliverables_json(rev));
	put(o, "trend", revenue_trend_json(rev));
	return o;
}

static cJSON *
funnel_json(const struct model *m)
{
	const struct model_funnel	*f;
	const struct model_stage	*st;
	cJSON				*o, *arr, *s;
	size_t				 i;

	if (m == NULL)
		return j_null();
	f = &m->funnel;
	o = j_object();
	arr = put(o, "stages", j_array());
	for (i = 0; i < f->n_stages; i++) {
		st = &f->stages[i];
		s = push(arr, j_object());
		put(s, "stage", j_str(st->stage));
		put(s, "actions", j_long(st->actions));
		put(s, "completed", j_long(st->completed));
		put(s, "open", j_long(st->open));
		put(s, "avg_days", j_opt(st->avg_days));
	}
	/* The bottleneck is named, not indexed: scripts should not need the
	 * stage order to read it. */
	if (f->bottleneck >= 0 && (size_t)f->bottleneck < f->n_stages)
		put(o, "bottleneck", j_str(f->stages[f->bottleneck].stage));
	else
		put(o, "bottleneck", j_null());
	put(o, "recommendation", j_str(f->recommendation));
	return o;
}

static cJSON *
services_json(const struct snapshot *snap)
{
	const struct svc_status	*sv;
	cJSON			*arr = j_array(), *o;
	size_t			 i;

	for (i = 0; snap->services != NULL && i < snap->n_services; i++) {
		sv = &snap->services[i];
		o = push(arr, j_object());
		put(o, "name", j_str(sv->name));
		put(o, "state", j_str(svc_state_name(sv->state)));
		put(o, "http_status",
		    sv->http_status == 0 ? j_null() : j_long(sv->http_status));
		put(o, "latency_ms", j_opt(sv->latency_ms));
		put(o, "p95_ms", j_opt(sv->p95_ms));
		put(o, "error_rate", j_opt(sv->error_rate));
		put(o, "checked_at", j_stamp(sv->checked_at));
		put(o, "detail", j_str(sv->detail));
	}
	return arr;
}

static cJSON *
alerts_json(const struct snapshot *snap)
{
	const struct alert	*al;
	cJSON			*arr = j_array(), *o;
	size_t			 i;

	for (i = 0; snap->alerts != NULL && i < snap->n_alerts; i++) {
		al = &snap->alerts[i];
		o = push(arr, j_object());
		put(o, "severity", j_str(alert_severity_name(al->severity)));
		put(o, "subject", j_str(al->subject));
		put(o, "message", j_str(al->message));
		put(o, "since", j_stamp(al->since));
	}
	return arr;
}

/* A group's oldest or worst member. */
static cJSON *
alert_member_json(const struct alert *al)
{
	cJSON *o = j_object();

	put(o, "subject", j_str(al->subject));
	put(o, "message", j_str(al->message));
	put(o, "since", j_stamp(al->since));
	put(o, "held_s", j_num(al->held_s));
	return o;
}

/* Beside `alerts`, which keeps every alert: the groups, each with its
 * members' subjects in the order of `alerts`. */
static cJSON *
alert_groups_json(const struct snapshot *snap)
{
	const struct alert_group	*g;
	const struct alert		*al;
	cJSON				*arr = j_array(), *o, *subjects;
	char				*summary;
	size_t				 i;

	for (i = 0; snap->alert_groups != NULL && i < snap->n_alert_groups;
	    i++) {
		g = &snap->alert_groups[i];
		o = push(arr, j_object());
		put(o, "kind", j_str(alert_kind_name(g->kind)));
		put(o, "severity", j_str(alert_severity_name(g->severity)));
		put(o, "count", j_long((long)g->count));
		summary = alert_group_summary(g);
		put(o, "summary", j_str(summary));
		free(summary);
		put(o, "oldest", alert_member_json(g->oldest));
		put(o, "worst", alert_member_json(g->worst));
		subjects = put(o, "subjects", j_array());
		for (al = g->first; al < snap->alerts + snap->n_alerts; al++) {
			if (al->group == g)
				push(subjects, j_str(al->subject));
		}
	}
	return arr;
}

/* The whole document, pretty-printed, ending with a newline. */
char *
snapshot_json(const struct snapshot *snap)
{
	const struct model	*m;
	cJSON			*root;
	char			*printed, *out;

	if (snap == NULL)
		return xstrdup("{}\n");
	m = snap->model;
	root = j_object();
	put(root, "now", j_stamp(m != NULL ? m->now : snap->now));
	put(root, "generated_at", j_stamp(snap->generated_at));
	put(root, "source", source_json(snap));
	put(root, "plan", plan_json(m));
	put(root, "results", results_json(m));
	put(root, "actions", actions_json(m));
	put(root, "agents", agents_json(m));
	put(root, "revenue", revenue_json(m));
	put(root, "funnel", funnel_json(m));
	put(root, "services", services_json(snap));
	put(root, "alerts", alerts_json(snap));
	put(root, "alert_groups", alert_groups_json(snap));

	printed = cJSON_Print(root);
	cJSON_Delete(root);
	if (printed == NULL)
		json_die();
	out = xasprintf("%s\n", printed);
	cJSON_free(printed);
	return out;
}
