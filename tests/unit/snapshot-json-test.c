#include "autoconfig.h"

/*
 * core/snapshot-json.c against spec §4: a model built by hand (every
 * section, NULLs, hostile strings, NaN) is written, parsed back with cJSON
 * and checked key by key.  The model is released with model_free(), so a
 * sanitizer run also checks that it frees what the model owns.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "alert-groups.h"
#include "model.h"
#include "service.h"
#include "snapshot.h"
#include "xalloc.h"

#define FFFD "\xef\xbf\xbd"
#define HOSTILE "\x1b]0;pwned\x07 call \xc2\x9b" "2J back"

static struct opt_num
some(double v)
{
	struct opt_num n = { true, v };

	return n;
}

static const struct opt_num none = { false, 0 };

static char *
sdup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

static void
set_action(struct model_action *a, const char *code, const char *text,
    const char *status)
{
	char *id = xasprintf("id-%s", code);

	a->id = id;
	a->code = sdup(code);
	a->text = sdup(text);
	a->owner = sdup("alice");
	a->funnel_stage = sdup("middle");
	a->status = sdup(status);
	a->due_date = sdup("2025-10-29T00:00:00");
	a->completion_date = NULL;
	a->updated_at = sdup("2025-10-26T08:15:00");
	a->blocker = NULL;
	a->evidence_path = NULL;
	a->result_code = sdup("R1");
}

static void
fill_plan(struct model_plan *p)
{
	p->id = sdup("plan-42");
	strcpy(p->week_start, "2025-10-27");
	strcpy(p->week_end, "2025-11-02");
	p->status = sdup("active");
	p->owner = NULL;
	p->total_actions = 123456789012L;
	p->completed_actions = 19;
	p->completion_rate = 67.857142857142857;
	p->elapsed_days = 3;
	p->velocity_per_day = NAN;
	p->n_owners = 2;
	p->owners = xcalloc(2, sizeof(*p->owners));
	p->owners[0].owner = sdup("alice");
	p->owners[0].total = 20;
	p->owners[0].completed = 15;
	p->owners[0].rate = 75;
	p->owners[1].owner = sdup("unassigned");
	p->owners[1].total = 8;
	p->owners[1].completed = 4;
	p->owners[1].rate = 50;
	p->n_trend = 3;
	p->trend = xcalloc(3, sizeof(*p->trend));
	strcpy(p->trend[0].week_start, "2025-10-13");
	p->trend[0].completion_rate = 52;
	strcpy(p->trend[1].week_start, "2025-10-20");
	p->trend[1].completion_rate = 61.25;
	strcpy(p->trend[2].week_start, "2025-10-27");
	p->trend[2].completion_rate = 67.857142857142857;
}

static void
fill_results(struct model *m)
{
	m->n_results = 2;
	m->results = xcalloc(2, sizeof(*m->results));
	m->results[0].code = sdup("R1");
	m->results[0].text = sdup("Close the pilot");
	m->results[0].purpose = sdup("revenue");
	m->results[0].priority = some(1);
	m->results[0].category = sdup("sales");
	m->results[0].status = sdup("in_progress");
	m->results[0].total = 28;
	m->results[0].completed = 19;
	m->results[0].progress = 67.857142857142857;
	m->results[0].revenue_target = some(98000);
	m->results[0].revenue_actual = some(66500.5);
	m->results[1].code = sdup("R2");
	m->results[1].text = NULL;
	m->results[1].purpose = NULL;
	m->results[1].priority = none;
	m->results[1].category = NULL;
	m->results[1].status = sdup("completed");
	m->results[1].progress = 100;
	m->results[1].revenue_target = none;
	m->results[1].revenue_actual = some(INFINITY);
}

static void
fill_feed(struct model *m)
{
	struct model_action_list *l;

	l = &m->feed[FEED_COMPLETED_24H];
	l->n = 2;
	l->v = xcalloc(2, sizeof(*l->v));
	set_action(&l->v[0], "A-2", "second", "completed");
	free(l->v[0].completion_date);
	l->v[0].completion_date = sdup("2025-10-27T09:30:00");
	l->v[0].evidence_path = sdup("/srv/evidence/a2.pdf");
	set_action(&l->v[1], "A-1", "first", "completed");

	l = &m->feed[FEED_BLOCKED];
	l->n = 1;
	l->v = xcalloc(1, sizeof(*l->v));
	set_action(&l->v[0], "A-9", HOSTILE, "blocked");
	l->v[0].blocker = sdup("legal \xff review");
	free(l->v[0].owner);
	l->v[0].owner = NULL;
	/* in_progress, due_7d and overdue stay empty. */
}

static void
fill_agents(struct model *m)
{
	m->n_agents = 2;
	m->agents = xcalloc(2, sizeof(*m->agents));
	m->agents[0].name = sdup("bad\xff\xfename");
	m->agents[0].status = sdup("offline");
	m->agents[0].health_score = none;
	m->agents[0].band = NULL;
	m->agents[0].stale = true;
	m->agents[0].last_heartbeat_age_s = none;
	m->agents[1].name = sdup("scout");
	m->agents[1].status = sdup("running");
	m->agents[1].health_score = some(82.5);
	m->agents[1].band = sdup("good");
	m->agents[1].stale = false;
	m->agents[1].last_heartbeat_age_s = some(45);
	snprintf(m->agents[1].last_heartbeat, MODEL_TS_LEN, "2025-10-27T11:59:15");
	m->agents[1].current_action = sdup("A-9");
}

static void
fill_revenue(struct model_revenue *r)
{
	r->target = some(98000);
	r->actual = some(66500);
	r->achievement_rate = some(67.857142857142857);
	r->source = sdup("dna_period");
	r->n_top = 2;
	r->top = xcalloc(2, sizeof(*r->top));
	r->top[0].title = sdup("Pilot contract");
	r->top[0].type = sdup("contract");
	r->top[0].status = sdup("delivered");
	r->top[0].revenue_target = some(50000);
	r->top[0].revenue_actual = some(42000);
	r->top[1].title = sdup("\xe6\x97\xa5\xe6\x9c\xac deal");
	r->top[1].revenue_target = none;
	r->top[1].revenue_actual = none;
	r->n_trend = 2;
	r->trend = xcalloc(2, sizeof(*r->trend));
	strcpy(r->trend[0].week_start, "2025-10-20");
	r->trend[0].target = some(90000);
	r->trend[0].actual = some(91000);
	strcpy(r->trend[1].week_start, "2025-10-27");
	r->trend[1].target = some(98000);
	r->trend[1].actual = none;
}

static void
fill_funnel(struct model_funnel *f)
{
	static const char *names[] = { "top", "middle", "bottom", "zeta" };
	size_t i;

	f->n_stages = 4;
	f->stages = xcalloc(4, sizeof(*f->stages));
	for (i = 0; i < 4; i++) {
		f->stages[i].stage = sdup(names[i]);
		f->stages[i].actions = 10 - (long)i;
		f->stages[i].completed = 3;
		f->stages[i].open = 7 - (long)i;
		f->stages[i].avg_days = i == 3 ? none : some(1.5 * (double)i);
	}
	f->bottleneck = 1;
	f->recommendation = sdup("Middle is the bottleneck: unblock reviews.");
}

static struct model *
build_model(void)
{
	struct model *m = xcalloc(1, sizeof(*m));

	strcpy(m->now, "2025-10-27T12:00:00");
	m->has_plan = true;
	fill_plan(&m->plan);
	fill_results(m);
	fill_feed(m);
	fill_agents(m);
	fill_revenue(&m->revenue);
	fill_funnel(&m->funnel);
	return m;
}

static struct svc_status services[2];
static struct alert alerts[2];

static void
build_snapshot(struct snapshot *snap, const struct model *m)
{
	memset(snap, 0, sizeof(*snap));
	strcpy(snap->generated_at, "2025-10-27T12:00:05");
	snap->db_ok = m != NULL;
	snap->db_error = m != NULL ? NULL :
	    "connection refused\n\x1b[31mFATAL\x1b[0m \xc3";
	strcpy(snap->refreshed_at, "2025-10-27T12:00:01");
	snap->model = m;

	memset(services, 0, sizeof(services));
	services[0].name = "api";
	services[0].state = SVC_DEGRADED;
	services[0].http_status = 200;
	services[0].latency_ms = some(120.5);
	services[0].p95_ms = some(340);
	services[0].error_rate = some(0.25);
	strcpy(services[0].checked_at, "2025-10-27T11:59:58");
	services[0].detail = "p95 above threshold";
	services[1].name = "worker\x1b[2J";
	services[1].state = SVC_UNKNOWN;
	services[1].http_status = 0;
	services[1].latency_ms = none;
	services[1].p95_ms = some(NAN);
	services[1].error_rate = none;
	services[1].detail = NULL;
	snap->services = services;
	snap->n_services = 2;

	memset(alerts, 0, sizeof(alerts));
	alerts[0].severity = ALERT_CRITICAL;
	alerts[0].subject = "api";
	alerts[0].message = "down for 2 min";
	strcpy(alerts[0].since, "2025-10-27T11:58:00");
	alerts[1].severity = ALERT_INFO;
	alerts[1].subject = "A-9";
	alerts[1].message = NULL;
	snap->alerts = alerts;
	snap->n_alerts = 2;
}

static cJSON *
write_and_parse(const struct snapshot *snap, char **text)
{
	cJSON *root;

	*text = snapshot_json(snap);
	assert_non_null(*text);
	root = cJSON_Parse(*text);
	assert_non_null(root);
	assert_true(cJSON_IsObject(root));
	return root;
}

static cJSON *
get(const cJSON *obj, const char *key)
{
	cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (item == NULL)
		fail_msg("missing key \"%s\"", key);
	return item;
}

static void
assert_str(const cJSON *obj, const char *key, const char *want)
{
	cJSON *item = get(obj, key);

	if (!cJSON_IsString(item))
		fail_msg("\"%s\" is not a string", key);
	assert_string_equal(item->valuestring, want);
}

static void
assert_jnull(const cJSON *obj, const char *key)
{
	if (!cJSON_IsNull(get(obj, key)))
		fail_msg("\"%s\" is not null", key);
}

static void
assert_num(const cJSON *obj, const char *key, double want)
{
	cJSON *item = get(obj, key);

	if (!cJSON_IsNumber(item))
		fail_msg("\"%s\" is not a number", key);
	if (fabs(item->valuedouble - want) > 1e-9 * fmax(1, fabs(want)))
		fail_msg("\"%s\" is %.17g, want %.17g", key,
		    item->valuedouble, want);
}

static const cJSON *
assert_array(const cJSON *obj, const char *key, int n)
{
	cJSON *item = get(obj, key);

	if (!cJSON_IsArray(item))
		fail_msg("\"%s\" is not an array", key);
	assert_int_equal(cJSON_GetArraySize(item), n);
	return item;
}

/* Exactly these keys, in this order. */
static void
assert_keys(const cJSON *obj, const char *const *keys, size_t n)
{
	const cJSON	*c;
	size_t		 i = 0;

	assert_true(cJSON_IsObject(obj));
	for (c = obj->child; c != NULL; c = c->next, i++) {
		assert_true(i < n);
		assert_string_equal(c->string, keys[i]);
	}
	assert_int_equal(i, n);
}

#define KEYS(obj, ...) do {						\
	static const char *const k_[] = { __VA_ARGS__ };		\
	assert_keys((obj), k_, sizeof(k_) / sizeof(k_[0]));		\
} while (0)

static void
check_top(const cJSON *root)
{
	KEYS(root, "now", "generated_at", "source", "plan", "results",
	    "actions", "agents", "revenue", "funnel", "services", "alerts",
	    "alert_groups");
}

static void
check_plan(const cJSON *root)
{
	const cJSON *plan = get(root, "plan"), *a, *o;

	KEYS(plan, "id", "week_start", "week_end", "status", "owner",
	    "total_actions", "completed_actions", "completion_rate",
	    "elapsed_days", "velocity_per_day", "owners", "trend");
	assert_str(plan, "id", "plan-42");
	assert_str(plan, "week_start", "2025-10-27");
	assert_str(plan, "week_end", "2025-11-02");
	assert_str(plan, "status", "active");
	assert_jnull(plan, "owner");
	assert_num(plan, "total_actions", 123456789012.0);
	assert_num(plan, "completed_actions", 19);
	assert_num(plan, "completion_rate", 67.857142857142857);
	assert_num(plan, "elapsed_days", 3);
	assert_jnull(plan, "velocity_per_day");	/* NaN */
	a = assert_array(plan, "owners", 2);
	o = cJSON_GetArrayItem(a, 0);
	KEYS(o, "owner", "total", "completed", "rate");
	assert_str(o, "owner", "alice");
	assert_num(o, "total", 20);
	assert_num(o, "completed", 15);
	assert_num(o, "rate", 75);
	assert_str(cJSON_GetArrayItem(a, 1), "owner", "unassigned");
	a = assert_array(plan, "trend", 3);
	o = cJSON_GetArrayItem(a, 0);
	KEYS(o, "week_start", "completion_rate");
	assert_str(o, "week_start", "2025-10-13");
	assert_num(o, "completion_rate", 52);
	assert_str(cJSON_GetArrayItem(a, 1), "week_start", "2025-10-20");
	assert_num(cJSON_GetArrayItem(a, 2), "completion_rate",
	    67.857142857142857);
}

static void
check_results(const cJSON *root)
{
	const cJSON *a = assert_array(root, "results", 2), *r;

	r = cJSON_GetArrayItem(a, 0);
	KEYS(r, "code", "text", "purpose", "priority", "category", "status",
	    "total", "completed", "progress", "revenue_target",
	    "revenue_actual");
	assert_str(r, "code", "R1");
	assert_str(r, "text", "Close the pilot");
	assert_str(r, "purpose", "revenue");
	assert_num(r, "priority", 1);
	assert_str(r, "category", "sales");
	assert_str(r, "status", "in_progress");
	assert_num(r, "total", 28);
	assert_num(r, "completed", 19);
	assert_num(r, "progress", 67.857142857142857);
	assert_num(r, "revenue_target", 98000);
	assert_num(r, "revenue_actual", 66500.5);
	r = cJSON_GetArrayItem(a, 1);
	assert_str(r, "code", "R2");
	assert_jnull(r, "text");
	assert_jnull(r, "purpose");
	assert_jnull(r, "priority");
	assert_jnull(r, "category");
	assert_num(r, "total", 0);
	assert_num(r, "progress", 100);
	assert_jnull(r, "revenue_target");
	assert_jnull(r, "revenue_actual");	/* Infinity */
}

static void
check_actions(const cJSON *root)
{
	const cJSON *acts = get(root, "actions"), *a, *x;

	KEYS(acts, "completed_24h", "in_progress", "blocked", "due_7d",
	    "overdue");
	a = assert_array(acts, "completed_24h", 2);
	x = cJSON_GetArrayItem(a, 0);
	KEYS(x, "id", "code", "text", "owner", "funnel_stage", "status",
	    "due_date", "completion_date", "updated_at", "blocker",
	    "evidence_path", "result_code");
	assert_str(x, "id", "id-A-2");
	assert_str(x, "code", "A-2");
	assert_str(x, "text", "second");
	assert_str(x, "owner", "alice");
	assert_str(x, "funnel_stage", "middle");
	assert_str(x, "status", "completed");
	assert_str(x, "due_date", "2025-10-29T00:00:00");
	assert_str(x, "completion_date", "2025-10-27T09:30:00");
	assert_str(x, "updated_at", "2025-10-26T08:15:00");
	assert_jnull(x, "blocker");
	assert_str(x, "evidence_path", "/srv/evidence/a2.pdf");
	assert_str(x, "result_code", "R1");
	x = cJSON_GetArrayItem(a, 1);
	assert_str(x, "code", "A-1");
	assert_jnull(x, "completion_date");
	assert_jnull(x, "evidence_path");
	assert_array(acts, "in_progress", 0);
	assert_array(acts, "due_7d", 0);
	assert_array(acts, "overdue", 0);
	a = assert_array(acts, "blocked", 1);
	x = cJSON_GetArrayItem(a, 0);
	/* JSON carries control characters faithfully (escaped). */
	assert_str(x, "text", HOSTILE);
	assert_jnull(x, "owner");
	assert_str(x, "blocker", "legal " FFFD " review");
}

static void
check_agents(const cJSON *root)
{
	const cJSON *a = assert_array(root, "agents", 2), *x;

	x = cJSON_GetArrayItem(a, 0);
	KEYS(x, "name", "status", "health_score", "band", "stale",
	    "last_heartbeat_age_s", "current_action", "last_heartbeat");
	assert_str(x, "name", "bad" FFFD FFFD "name");
	assert_str(x, "status", "offline");
	assert_jnull(x, "health_score");
	assert_jnull(x, "band");
	assert_true(cJSON_IsTrue(get(x, "stale")));
	assert_jnull(x, "last_heartbeat_age_s");
	assert_jnull(x, "current_action");
	assert_jnull(x, "last_heartbeat");
	x = cJSON_GetArrayItem(a, 1);
	assert_str(x, "name", "scout");
	assert_num(x, "health_score", 82.5);
	assert_str(x, "band", "good");
	assert_true(cJSON_IsFalse(get(x, "stale")));
	assert_num(x, "last_heartbeat_age_s", 45);
	assert_str(x, "current_action", "A-9");
	assert_str(x, "last_heartbeat", "2025-10-27T11:59:15");
}

static void
check_revenue(const cJSON *root)
{
	const cJSON *rev = get(root, "revenue"), *a, *x;

	KEYS(rev, "target", "actual", "achievement_rate", "source",
	    "top_deliverables", "trend");
	assert_num(rev, "target", 98000);
	assert_num(rev, "actual", 66500);
	assert_num(rev, "achievement_rate", 67.857142857142857);
	assert_str(rev, "source", "dna_period");
	a = assert_array(rev, "top_deliverables", 2);
	x = cJSON_GetArrayItem(a, 0);
	KEYS(x, "title", "type", "status", "revenue_target",
	    "revenue_actual");
	assert_str(x, "title", "Pilot contract");
	assert_str(x, "type", "contract");
	assert_str(x, "status", "delivered");
	assert_num(x, "revenue_target", 50000);
	assert_num(x, "revenue_actual", 42000);
	x = cJSON_GetArrayItem(a, 1);
	assert_str(x, "title", "\xe6\x97\xa5\xe6\x9c\xac deal");
	assert_jnull(x, "type");
	assert_jnull(x, "status");
	assert_jnull(x, "revenue_target");
	assert_jnull(x, "revenue_actual");
	a = assert_array(rev, "trend", 2);
	x = cJSON_GetArrayItem(a, 0);
	KEYS(x, "week_start", "target", "actual");
	assert_str(x, "week_start", "2025-10-20");
	assert_num(x, "target", 90000);
	assert_num(x, "actual", 91000);
	x = cJSON_GetArrayItem(a, 1);
	assert_str(x, "week_start", "2025-10-27");
	assert_jnull(x, "actual");
}

static void
check_funnel(const cJSON *root)
{
	static const char *names[] = { "top", "middle", "bottom", "zeta" };
	const cJSON	*f = get(root, "funnel"), *a, *x;
	int		 i;

	KEYS(f, "stages", "bottleneck", "recommendation");
	a = assert_array(f, "stages", 4);
	for (i = 0; i < 4; i++) {
		x = cJSON_GetArrayItem(a, i);
		KEYS(x, "stage", "actions", "completed", "open", "avg_days");
		assert_str(x, "stage", names[i]);
		assert_num(x, "actions", 10 - i);
		assert_num(x, "completed", 3);
		assert_num(x, "open", 7 - i);
		if (i == 3)
			assert_jnull(x, "avg_days");
		else
			assert_num(x, "avg_days", 1.5 * i);
	}
	assert_str(f, "bottleneck", "middle");
	assert_str(f, "recommendation",
	    "Middle is the bottleneck: unblock reviews.");
}

static void
check_services_alerts(const cJSON *root)
{
	const cJSON *a, *x;

	a = assert_array(root, "services", 2);
	x = cJSON_GetArrayItem(a, 0);
	KEYS(x, "name", "state", "http_status", "latency_ms", "p95_ms",
	    "error_rate", "checked_at", "detail");
	assert_str(x, "name", "api");
	assert_str(x, "state", "degraded");
	assert_num(x, "http_status", 200);
	assert_num(x, "latency_ms", 120.5);
	assert_num(x, "p95_ms", 340);
	assert_num(x, "error_rate", 0.25);
	assert_str(x, "checked_at", "2025-10-27T11:59:58");
	assert_str(x, "detail", "p95 above threshold");
	x = cJSON_GetArrayItem(a, 1);
	assert_str(x, "name", "worker\x1b[2J");
	assert_str(x, "state", "unknown");
	assert_jnull(x, "http_status");
	assert_jnull(x, "latency_ms");
	assert_jnull(x, "p95_ms");
	assert_jnull(x, "error_rate");
	assert_jnull(x, "checked_at");
	assert_jnull(x, "detail");

	a = assert_array(root, "alerts", 2);
	x = cJSON_GetArrayItem(a, 0);
	KEYS(x, "severity", "subject", "message", "since");
	assert_str(x, "severity", "critical");
	assert_str(x, "subject", "api");
	assert_str(x, "message", "down for 2 min");
	assert_str(x, "since", "2025-10-27T11:58:00");
	x = cJSON_GetArrayItem(a, 1);
	assert_str(x, "severity", "info");
	assert_jnull(x, "message");
	assert_jnull(x, "since");
}

/* No raw control byte in the document itself: cJSON escapes them. */
static void
assert_no_raw_controls(const char *text)
{
	const unsigned char *p;

	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 && *p != '\n' && *p != '\t')
			fail_msg("raw control byte 0x%02x in JSON", *p);
	assert_non_null(strstr(text, "\\u001b"));
}

static void
test_full_model(void **state)
{
	struct snapshot	 snap;
	struct model	*m = build_model();
	cJSON		*root;
	char		*text;

	(void)state;
	build_snapshot(&snap, m);
	root = write_and_parse(&snap, &text);
	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_no_raw_controls(text);
	check_top(root);
	assert_str(root, "now", "2025-10-27T12:00:00");
	assert_str(root, "generated_at", "2025-10-27T12:00:05");
	KEYS(get(root, "source"), "db", "error", "refreshed_at");
	assert_str(get(root, "source"), "db", "ok");
	assert_jnull(get(root, "source"), "error");
	assert_str(get(root, "source"), "refreshed_at", "2025-10-27T12:00:01");
	check_plan(root);
	check_results(root);
	check_actions(root);
	check_agents(root);
	check_revenue(root);
	check_funnel(root);
	check_services_alerts(root);
	cJSON_Delete(root);
	free(text);
	model_free(m);
	/* model_free leaves a zeroed model; a second call is harmless. */
	assert_null(m->results);
	assert_int_equal(m->n_agents, 0);
	model_free(m);
	free(m);
}

static void
test_no_model(void **state)
{
	struct snapshot	 snap;
	const cJSON	*acts;
	cJSON		*root;
	char		*text;
	int		 g;

	(void)state;
	build_snapshot(&snap, NULL);
	root = write_and_parse(&snap, &text);
	check_top(root);
	assert_jnull(root, "now");
	assert_str(get(root, "source"), "db", "error");
	assert_str(get(root, "source"), "error",
	    "connection refused\n\x1b[31mFATAL\x1b[0m " FFFD);
	assert_jnull(root, "plan");
	assert_array(root, "results", 0);
	acts = get(root, "actions");
	KEYS(acts, "completed_24h", "in_progress", "blocked", "due_7d",
	    "overdue");
	for (g = 0; g < FEED_NGROUPS; g++)
		assert_array(acts, feed_group_name((enum feed_group)g), 0);
	assert_array(root, "agents", 0);
	assert_jnull(root, "revenue");
	assert_jnull(root, "funnel");
	/* Services and alerts do not come from the database. */
	assert_array(root, "services", 2);
	assert_array(root, "alerts", 2);
	assert_array(root, "alert_groups", 0);
	cJSON_Delete(root);
	free(text);
}

static void
test_no_plan_no_bottleneck(void **state)
{
	struct snapshot	 snap;
	struct model	*m = build_model();
	cJSON		*root;
	char		*text;

	(void)state;
	m->has_plan = false;
	m->funnel.bottleneck = -1;
	free(m->funnel.recommendation);
	m->funnel.recommendation = NULL;
	m->now[0] = '\0';
	build_snapshot(&snap, m);
	snap.n_services = 0;
	snap.alerts = NULL;
	snap.n_alerts = 0;
	root = write_and_parse(&snap, &text);
	check_top(root);
	assert_jnull(root, "now");
	assert_jnull(root, "plan");
	assert_array(root, "results", 2);
	assert_jnull(get(root, "funnel"), "bottleneck");
	assert_jnull(get(root, "funnel"), "recommendation");
	assert_array(root, "services", 0);
	assert_array(root, "alerts", 0);
	assert_array(root, "alert_groups", 0);
	cJSON_Delete(root);
	free(text);
	model_free(m);
	free(m);
}

/*
 * Six stale agents and a service down: `alerts` keeps all seven as they
 * are (the same four keys each), `alert_groups` adds one group for the
 * agents with its count, summary, oldest, worst and every member.
 */
static void
test_alert_groups(void **state)
{
	static const char *const names[6] = {
		"a-1", "a-2", "a-3", "a-4", "a-5", "a-6"
	};
	static const double held[6] = { 700, 650, 600, 590, 200, 10 };
	struct alert		 list[7];
	struct alert_group	 groups[AK_COUNT];
	struct snapshot		 snap;
	const cJSON		*a, *g, *x;
	cJSON			*root;
	char			*text;
	int			 i;

	(void)state;
	memset(list, 0, sizeof list);
	list[0].severity = ALERT_CRITICAL;
	list[0].kind = AK_SERVICE_DOWN;
	list[0].subject = "api";
	list[0].message = "down: ";
	strcpy(list[0].since, "2025-10-27T11:58:00");
	for (i = 0; i < 6; i++) {
		list[i + 1].severity = ALERT_WARNING;
		list[i + 1].kind = AK_AGENT_STALE;
		list[i + 1].subject = (char *)names[i];
		list[i + 1].message = "agent stale";
		snprintf(list[i + 1].since, sizeof list[i + 1].since,
		    "2025-10-27T11:5%d:00", i);
		list[i + 1].held_s = held[i];
		list[i + 1].badness = held[i];
	}
	/* a-6 has no usable heartbeat: the worst, though not the oldest. */
	list[6].message = "agent stale: no usable heartbeat";
	list[6].badness = HUGE_VAL;
	build_snapshot(&snap, NULL);
	snap.alerts = list;
	snap.n_alerts = 7;
	snap.alert_groups = groups;
	snap.n_alert_groups = alert_groups_build(list, 7, groups);
	assert_int_equal(snap.n_alert_groups, 1);

	root = write_and_parse(&snap, &text);
	check_top(root);
	a = assert_array(root, "alerts", 7);
	for (i = 0; i < 7; i++) {
		x = cJSON_GetArrayItem(a, i);
		KEYS(x, "severity", "subject", "message", "since");
	}
	assert_str(cJSON_GetArrayItem(a, 0), "subject", "api");
	assert_str(cJSON_GetArrayItem(a, 6), "subject", "a-6");
	g = assert_array(root, "alert_groups", 1);
	g = cJSON_GetArrayItem(g, 0);
	KEYS(g, "kind", "severity", "count", "summary", "oldest", "worst",
	    "subjects");
	assert_str(g, "kind", "agent_stale");
	assert_str(g, "severity", "warning");
	assert_num(g, "count", 6);
	assert_str(g, "summary", "6 agents stale");
	x = get(g, "oldest");
	KEYS(x, "subject", "message", "since", "held_s");
	assert_str(x, "subject", "a-1");
	assert_str(x, "since", "2025-10-27T11:50:00");
	assert_num(x, "held_s", 700);
	x = get(g, "worst");
	assert_str(x, "subject", "a-6");
	assert_str(x, "message", "agent stale: no usable heartbeat");
	assert_num(x, "held_s", 10);
	a = assert_array(g, "subjects", 6);
	for (i = 0; i < 6; i++) {
		x = cJSON_GetArrayItem(a, i);
		assert_true(cJSON_IsString(x));
		assert_string_equal(x->valuestring, names[i]);
	}
	cJSON_Delete(root);
	free(text);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(svc_state_name(SVC_UNKNOWN), "unknown");
	assert_string_equal(svc_state_name(SVC_UP), "up");
	assert_string_equal(svc_state_name(SVC_DEGRADED), "degraded");
	assert_string_equal(svc_state_name(SVC_DOWN), "down");
	assert_string_equal(alert_severity_name(ALERT_INFO), "info");
	assert_string_equal(alert_severity_name(ALERT_WARNING), "warning");
	assert_string_equal(alert_severity_name(ALERT_CRITICAL), "critical");
	assert_string_equal(alert_kind_name(AK_SERVICE_DOWN), "service_down");
	assert_string_equal(alert_kind_name(AK_ERROR_RATE), "error_rate");
	assert_string_equal(alert_kind_name(AK_P95), "p95");
	assert_string_equal(alert_kind_name(AK_AGENT_STALE), "agent_stale");
	assert_string_equal(alert_kind_name(AK_AGENT_CRITICAL),
	    "agent_critical");
	assert_string_equal(alert_kind_name(AK_ACTION_BLOCKED),
	    "action_blocked");
	assert_string_equal(feed_group_name(FEED_COMPLETED_24H),
	    "completed_24h");
	assert_string_equal(feed_group_name(FEED_IN_PROGRESS), "in_progress");
	assert_string_equal(feed_group_name(FEED_BLOCKED), "blocked");
	assert_string_equal(feed_group_name(FEED_DUE_7D), "due_7d");
	assert_string_equal(feed_group_name(FEED_OVERDUE), "overdue");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_model),
		cmocka_unit_test(test_no_model),
		cmocka_unit_test(test_no_plan_no_bottleneck),
		cmocka_unit_test(test_alert_groups),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
