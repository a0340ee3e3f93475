#include "autoconfig.h"

/*
 * core/snapshot-text.c: whatever the data (very long, CJK, escape
 * sequences, invalid UTF-8), every line fits the width, no control
 * character reaches the output, and the figures are all there.
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alert-groups.h"
#include "model.h"
#include "sanitize.h"
#include "service.h"
#include "snapshot.h"
#include "xalloc.h"

#define CJK	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"	/* 6 columns */
#define HOSTILE	"\x1b]0;pwned\x07\xc2\x9b" "2J\x1b[31m\r\n\t\x7f\xff"

static struct opt_num
some(double v)
{
	struct opt_num n = { true, v };

	return n;
}

static const struct opt_num none = { false, 0 };

/* n copies of s, as one heap string. */
static char *
repeat(const char *s, int n)
{
	size_t	 len = strlen(s);
	char	*out = xmalloc(len * (size_t)n + 1);
	int	 i;

	for (i = 0; i < n; i++)
		memcpy(out + len * (size_t)i, s, len);
	out[len * (size_t)n] = '\0';
	return out;
}

static char *
long_words(void)
{
	return repeat("the quick brown fox jumps over the lazy dog ", 8);
}

static void
fill_action(struct model_action *a, const char *code, bool hostile)
{
	a->id = xasprintf("id-%s", code);
	a->code = xstrdup(code);
	a->text = hostile ? xstrdup(HOSTILE " " CJK CJK CJK CJK CJK CJK) :
	    long_words();
	a->owner = hostile ? repeat(CJK, 5) : xstrdup("alice");
	a->funnel_stage = xstrdup("middle");
	a->status = xstrdup("blocked");
	a->due_date = xstrdup("2025-10-29T00:00:00");
	a->completion_date = xstrdup("2025-10-27T09:30:00");
	a->updated_at = xstrdup("2025-10-26T08:15:00");
	a->blocker = hostile ? xstrdup(HOSTILE) : repeat(CJK "x ", 30);
	a->result_code = xstrdup("R1");
}

static void
fill_list(struct model_action_list *l, size_t n, const char *prefix)
{
	size_t	 i;
	char	*code;

	l->n = n;
	l->v = xcalloc(n, sizeof(*l->v));
	for (i = 0; i < n; i++) {
		code = xasprintf("%s-%zu", prefix, i);
		fill_action(&l->v[i], code, i % 2 == 1);
		free(code);
	}
}

static void
fill_plan(struct model_plan *p)
{
	p->id = repeat("plan-", 30);
	strcpy(p->week_start, "2025-10-27");
	strcpy(p->week_end, "2025-11-02");
	p->status = xstrdup("active");
	p->owner = xstrdup(HOSTILE);
	p->total_actions = 28;
	p->completed_actions = 19;
	p->completion_rate = 100.0 * 19 / 28;
	p->elapsed_days = 3;
	p->velocity_per_day = 19.0 / 3;
	p->n_owners = 2;
	p->owners = xcalloc(2, sizeof(*p->owners));
	p->owners[0].owner = repeat(CJK, 10);
	p->owners[0].total = 20;
	p->owners[0].completed = 15;
	p->owners[0].rate = 75;
	p->owners[1].owner = xstrdup("unassigned");
	p->owners[1].total = 8;
	p->owners[1].completed = 4;
	p->owners[1].rate = 50;
	p->n_trend = 8;
	p->trend = xcalloc(8, sizeof(*p->trend));
	for (int i = 0; i < 8; i++) {
		snprintf(p->trend[i].week_start, MODEL_DATE_LEN,
		    "2025-09-%02d", 1 + 7 * (i % 4));
		p->trend[i].completion_rate = i == 7 ? 100.0 * 19 / 28 :
		    10.0 * i + 0.25;
	}
	p->trend[3].completion_rate = NAN;
}

static void
fill_rest(struct model *m)
{
	m->n_results = 2;
	m->results = xcalloc(2, sizeof(*m->results));
	m->results[0].code = xstrdup("R1");
	m->results[0].text = long_words();
	m->results[0].status = xstrdup("in_progress");
	m->results[0].total = 28;
	m->results[0].completed = 19;
	m->results[0].progress = 100.0 * 19 / 28;
	m->results[1].code = repeat(CJK, 4);
	m->results[1].text = xstrdup(HOSTILE);
	m->results[1].progress = INFINITY;

	fill_list(&m->feed[FEED_BLOCKED], 3, "B");
	fill_list(&m->feed[FEED_COMPLETED_24H], 2, "C");
	fill_list(&m->feed[FEED_OVERDUE], 1, "O");

	m->n_agents = 2;
	m->agents = xcalloc(2, sizeof(*m->agents));
	m->agents[0].name = xstrdup("scout");
	m->agents[0].status = xstrdup("running");
	m->agents[0].health_score = some(82.5);
	m->agents[0].band = xstrdup("good");
	m->agents[0].last_heartbeat_age_s = some(45);
	m->agents[0].current_action = xstrdup("B-0");
	m->agents[1].name = repeat(CJK HOSTILE, 3);
	m->agents[1].status = xstrdup(HOSTILE);
	m->agents[1].stale = true;
	m->agents[1].health_score = none;
	m->agents[1].last_heartbeat_age_s = some(7300);

	m->revenue.target = some(98000);
	m->revenue.actual = some(66500);
	m->revenue.achievement_rate = some(100.0 * 66500 / 98000);
	m->revenue.source = xstrdup("dna_period");
	m->revenue.n_top = 2;
	m->revenue.top = xcalloc(2, sizeof(*m->revenue.top));
	m->revenue.top[0].title = long_words();
	m->revenue.top[0].type = xstrdup("contract");
	m->revenue.top[0].status = xstrdup("delivered");
	m->revenue.top[0].revenue_target = some(1234567.4);
	m->revenue.top[0].revenue_actual = some(-999.5);
	m->revenue.top[1].title = repeat(CJK, 20);
	m->revenue.top[1].revenue_target = none;
	m->revenue.top[1].revenue_actual = some(NAN);
	m->revenue.n_trend = 1;
	m->revenue.trend = xcalloc(1, sizeof(*m->revenue.trend));
	strcpy(m->revenue.trend[0].week_start, "2025-10-27");
	m->revenue.trend[0].target = some(98000);
	m->revenue.trend[0].actual = none;

	m->funnel.n_stages = 3;
	m->funnel.stages = xcalloc(3, sizeof(*m->funnel.stages));
	m->funnel.stages[0].stage = xstrdup("top");
	m->funnel.stages[0].actions = 12;
	m->funnel.stages[0].completed = 8;
	m->funnel.stages[0].open = 4;
	m->funnel.stages[0].avg_days = some(3.25);
	m->funnel.stages[1].stage = xstrdup("middle");
	m->funnel.stages[1].actions = 9;
	m->funnel.stages[1].completed = 3;
	m->funnel.stages[1].open = 6;
	m->funnel.stages[1].avg_days = some(5.1);
	m->funnel.stages[2].stage = repeat(CJK, 4);
	m->funnel.stages[2].avg_days = none;
	m->funnel.bottleneck = 1;
	m->funnel.recommendation = repeat("Unblock the middle stage reviews "
	    CJK " " HOSTILE " ", 4);
}

static struct model *
build_model(void)
{
	struct model *m = xcalloc(1, sizeof(*m));

	strcpy(m->now, "2025-10-27T12:00:00");
	m->has_plan = true;
	fill_plan(&m->plan);
	fill_rest(m);
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
	snap->db_error = m != NULL ? NULL : "could not connect to server: "
	    "Connection refused\n\tIs the server running on host \"db\" "
	    HOSTILE " and accepting TCP/IP connections on port 5432?";
	strcpy(snap->refreshed_at, "2025-10-27T12:00:01");
	snap->model = m;

	memset(services, 0, sizeof(services));
	services[0].name = "api";
	services[0].state = SVC_UP;
	services[0].http_status = 200;
	services[0].latency_ms = some(120.4);
	services[0].p95_ms = some(8.25);
	services[0].error_rate = some(0.25);
	strcpy(services[0].checked_at, "2025-10-27T11:59:58");
	services[0].detail = "body says ok";
	services[1].name = CJK CJK HOSTILE;
	services[1].state = SVC_DOWN;
	services[1].latency_ms = none;
	services[1].p95_ms = some(NAN);
	services[1].error_rate = none;
	services[1].detail = HOSTILE " timeout after 5s " CJK CJK CJK CJK
	    CJK CJK CJK CJK CJK CJK CJK CJK CJK CJK CJK CJK CJK CJK;
	snap->services = services;
	snap->n_services = 2;

	memset(alerts, 0, sizeof(alerts));
	alerts[0].severity = ALERT_CRITICAL;
	alerts[0].subject = "api";
	alerts[0].message = "down for 2 min";
	strcpy(alerts[0].since, "2025-10-27T11:58:00");
	alerts[1].severity = ALERT_WARNING;
	alerts[1].subject = HOSTILE;
	alerts[1].message = HOSTILE CJK CJK CJK CJK CJK CJK CJK CJK CJK CJK;
	snap->alerts = alerts;
	snap->n_alerts = 2;
}

/* Every line within width, no control bytes, valid sanitized UTF-8. */
static void
assert_report_safe(const char *text, int width)
{
	const unsigned char	*p = (const unsigned char *)text;
	const char		*line, *nl;
	char			*copy, *clean;
	int			 w;

	assert_true(strlen(text) > 0);
	assert_int_equal(text[strlen(text) - 1], '\n');
	for (; *p != '\0'; p++) {
		if (*p == '\n')
			continue;
		if (*p < 0x20 || *p == 0x7F)
			fail_msg("control byte 0x%02x in report", *p);
		/* C1 controls, U+0080-U+009F, encode as C2 80..9F. */
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			fail_msg("C1 control in report");
	}
	for (line = text; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		copy = xstrndup(line, (size_t)(nl - line));
		w = text_width(copy);
		if (w > width)
			fail_msg("line wider than %d (%d): %s", width, w, copy);
		/* Sanitizing again changes nothing: it is clean UTF-8. */
		clean = sanitize_text(copy, 0);
		assert_string_equal(clean, copy);
		free(clean);
		free(copy);
	}
}

static void
assert_contains(const char *text, const char *what)
{
	if (strstr(text, what) == NULL)
		fail_msg("\"%s\" not in the report", what);
}

/* Section titles appear once each, in the order of the spec. */
static void
assert_sections(const char *text)
{
	static const char *titles[] = {
		"opsdeck snapshot\n", "\nPLAN\n", "\nRESULTS\n", "\nACTIONS\n",
		"\nAGENTS\n", "\nREVENUE\n", "\nFUNNEL\n", "\nSERVICES\n",
		"\nALERTS\n",
	};
	const char	*at = text, *found;
	size_t		 i;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		found = strstr(at, titles[i]);
		if (found == NULL)
			fail_msg("section %s missing or out of order",
			    titles[i]);
		at = found + 1;
	}
}

static void
test_full_report(void **state)
{
	static const int widths[] = { 80, 60, 120, 40, 20, 1 };
	struct snapshot	 snap;
	struct model	*m = build_model();
	char		*text;
	size_t		 i;

	(void)state;
	build_snapshot(&snap, m);
	text = snapshot_text(&snap, 80);
	assert_report_safe(text, 80);
	assert_sections(text);
	assert_contains(text, "2025-10-27T12:00:00");
	assert_contains(text, "database       ok");
	assert_contains(text, "2025-10-27 to 2025-11-02");
	assert_contains(text, "19/28 completed (67.9%)");
	assert_contains(text, "3 days");
	assert_contains(text, "6.33 actions/day");
	assert_contains(text, "from 2025-09-01: 0.2% 10.2% 20.2% - 40.2%");
	assert_contains(text, "75.0%");
	assert_contains(text, "blocked (3)");
	assert_contains(text, "in_progress (0)");
	assert_contains(text, "blocker: ");
	assert_contains(text, "2025-10-29");
	assert_contains(text, "2025-10-27 09:30");
	assert_contains(text, "STALE");
	assert_contains(text, "82.5");
	assert_contains(text, "45s");
	assert_contains(text, "2h");
	assert_contains(text, "$98,000");
	assert_contains(text, "$66,500");
	assert_contains(text, "$1,234,567");
	assert_contains(text, "-$1,000");
	assert_contains(text, "67.9%");
	assert_contains(text, "dna_period");
	assert_contains(text, "<- bottleneck");
	assert_contains(text, "bottleneck     middle");
	assert_contains(text, "Unblock the middle");
	assert_contains(text, "120ms");
	assert_contains(text, "8.2ms");
	assert_contains(text, "0.2%");
	assert_contains(text, "critical");
	assert_contains(text, "down for 2 min");
	assert_contains(text, "\xef\xbf\xbd]0;pwned");
	free(text);

	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		text = snapshot_text(&snap, widths[i]);
		assert_report_safe(text, widths[i]);
		if (widths[i] >= 60)
			assert_contains(text, "67.9%");
		free(text);
	}
	model_free(m);
	free(m);
}

/*
 * Six stale agents and a service down: the service's alert is a row as
 * ever; the agents are one row, "6 agents stale", since the oldest of
 * them, with the oldest and the worst under it (the worst's hostile name
 * made safe), and none of their own rows.
 */
static void
test_alert_groups(void **state)
{
	static const int widths[] = { 80, 40, 20, 1 };
	static char names[6][32];
	struct alert		 list[7];
	struct alert_group	 groups[AK_COUNT];
	struct snapshot		 snap;
	char			*text;
	size_t			 i;

	(void)state;
	memset(list, 0, sizeof list);
	list[0].severity = ALERT_CRITICAL;
	list[0].kind = AK_SERVICE_DOWN;
	list[0].subject = "api";
	list[0].message = "down for 2 min";
	strcpy(list[0].since, "2025-10-27T11:58:00");
	for (i = 0; i < 6; i++) {
		snprintf(names[i], sizeof names[i], "stale-agent-%zu", i + 1);
		list[i + 1].severity = ALERT_WARNING;
		list[i + 1].kind = AK_AGENT_STALE;
		list[i + 1].subject = names[i];
		list[i + 1].message = "agent stale: last heartbeat 60 s ago";
		snprintf(list[i + 1].since, sizeof list[i + 1].since,
		    "2025-10-27T11:5%zu:00", i);
		list[i + 1].held_s = 700 - 60 * (double)i;
		list[i + 1].badness = list[i + 1].held_s;
	}
	list[6].subject = HOSTILE;
	list[6].message = "agent stale: no usable heartbeat";
	list[6].badness = HUGE_VAL;
	build_snapshot(&snap, NULL);
	snap.alerts = list;
	snap.n_alerts = 7;
	snap.alert_groups = groups;
	snap.n_alert_groups = alert_groups_build(list, 7, groups);

	text = snapshot_text(&snap, 80);
	assert_report_safe(text, 80);
	assert_contains(text, "down for 2 min");
	assert_contains(text,
	    "  warning   2025-10-27T11:50:00  6 agents stale\n");
	assert_contains(text, "\n                                 oldest 11m "
	    "(stale-agent-1), worst");
	assert_contains(text, "\xef\xbf\xbd]0;pwned");
	assert_contains(text, "(agent stale: no usable");
	for (i = 1; i < 5; i++) {
		if (strstr(text, names[i]) != NULL)
			fail_msg("%s has a row of its own", names[i]);
	}
	free(text);
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		text = snapshot_text(&snap, widths[i]);
		assert_report_safe(text, widths[i]);
		free(text);
	}
}

static void
test_no_model(void **state)
{
	struct snapshot	 snap;
	char		*text;

	(void)state;
	build_snapshot(&snap, NULL);
	text = snapshot_text(&snap, 80);
	assert_report_safe(text, 80);
	assert_sections(text);
	assert_contains(text, "error: could not connect to server");
	/* The wrapped message keeps its end. */
	assert_contains(text, "port 5432?");
	assert_contains(text, "(no data: database unavailable)");
	assert_contains(text, "down for 2 min");
	free(text);

	text = snapshot_text(&snap, 60);
	assert_report_safe(text, 60);
	assert_contains(text, "port 5432?");
	free(text);
}

static void
test_empty_model(void **state)
{
	struct snapshot	 snap;
	struct model	 m;
	char		*text;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.funnel.bottleneck = -1;
	build_snapshot(&snap, &m);
	snap.n_services = 0;
	snap.n_alerts = 0;
	text = snapshot_text(&snap, 80);
	assert_report_safe(text, 80);
	assert_sections(text);
	assert_contains(text, "(no current plan)");
	assert_contains(text, "now            -");
	assert_contains(text, "bottleneck     -");
	assert_contains(text, "(none configured)");
	free(text);
}

/* --- huge fields -------------------------------------------------------- */

#define HUGE_LEN	(400 * 1024)
#define WRAP_MAX	6	/* docs/opsdeck.1: lines one wrapped field takes */
#define ELLIPSIS	"\xe2\x80\xa6"

/* HUGE_LEN bytes of letter: one word, or words of 1 to 9 letters. */
static char *
huge_text(char letter, bool words)
{
	char	*s = xmalloc(HUGE_LEN + 1);
	size_t	 i;

	memset(s, letter, HUGE_LEN);
	s[HUGE_LEN] = '\0';
	for (i = 0; words && i < HUGE_LEN; i += 2 + i % 9)
		s[i] = ' ';
	s[0] = letter;
	return s;
}

/*
 * The lines a wrapped field takes: the one where value (its first 16 bytes)
 * starts, and the lines below indented to that column.  Checks that there
 * are at most WRAP_MAX and, when cut is set, that the last ends with the
 * ellipsis.
 */
static void
assert_field_bounded(const char *text, const char *value, bool cut)
{
	char		 head[17];
	const char	*at, *line, *nl;
	size_t		 col, i;
	int		 n = 1;

	snprintf(head, sizeof head, "%s", value);
	if ((at = strstr(text, head)) == NULL)
		fail_msg("field \"%s\" not in the report", head);
	for (line = at; line > text && line[-1] != '\n'; line--)
		continue;
	col = (size_t)(at - line);
	for (nl = strchr(at, '\n'); nl != NULL && nl[1] != '\0';
	    nl = strchr(nl + 1, '\n')) {
		for (i = 0; i < col && nl[1 + i] == ' '; i++)
			continue;
		if (i < col || nl[1 + col] == ' ' || nl[1 + col] == '\n')
			break;
		n++;
		at = nl + 1;
	}
	if (n > WRAP_MAX)
		fail_msg("field \"%s\" takes %d lines (at most %d)", head, n,
		    WRAP_MAX);
	if (cut && (nl == NULL || (size_t)(nl - at) < strlen(ELLIPSIS) ||
	    memcmp(nl - strlen(ELLIPSIS), ELLIPSIS, strlen(ELLIPSIS)) != 0))
		fail_msg("field \"%s\" does not end with an ellipsis", head);
}

static int
count_lines(const char *text)
{
	int n = 0;

	for (; *text != '\0'; text++)
		n += *text == '\n';
	return n;
}

/*
 * A 400 kB value, as one word and as many words, takes a few lines ending
 * with an ellipsis, in every wrapped field: blocker, recommendation,
 * service detail and the database error.
 */
static void
test_huge_fields(void **state)
{
	static const int widths[] = { 80, 60 };
	struct snapshot	 snap;
	struct model	*m = build_model();
	char		*b, *r, *d, *e, *text;
	size_t		 i;
	int		 words;

	(void)state;
	for (words = 0; words < 2; words++) {
		b = huge_text('b', words);
		r = huge_text('r', !words);
		d = huge_text('d', words);
		e = huge_text('e', !words);
		free(m->feed[FEED_BLOCKED].v[0].blocker);
		m->feed[FEED_BLOCKED].v[0].blocker = b;
		free(m->funnel.recommendation);
		m->funnel.recommendation = r;
		for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
			build_snapshot(&snap, m);
			services[0].detail = d;
			text = snapshot_text(&snap, widths[i]);
			assert_report_safe(text, widths[i]);
			assert_sections(text);
			assert_field_bounded(text, b, true);
			assert_field_bounded(text, r, true);
			assert_field_bounded(text, d, true);
			/* The rest of the report is all there. */
			assert_contains(text, "critical");
			assert_true(count_lines(text) < 200);
			free(text);

			build_snapshot(&snap, NULL);
			snap.db_error = e;
			text = snapshot_text(&snap, widths[i]);
			assert_report_safe(text, widths[i]);
			assert_field_bounded(text, e, true);
			assert_true(count_lines(text) < 60);
			free(text);
		}
		free(d);
		free(e);
	}
	model_free(m);
	free(m);
}

/* A field that needs exactly the bound is printed whole, without a mark. */
static void
test_field_at_bound(void **state)
{
	struct snapshot	 snap;
	struct model	 m;
	char		*text;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.funnel.bottleneck = -1;
	/* 63 columns after "  recommendation ": 6 x 63 letters, one word. */
	m.funnel.recommendation = huge_text('q', false);
	m.funnel.recommendation[6 * 63] = '\0';
	build_snapshot(&snap, &m);
	text = snapshot_text(&snap, 80);
	assert_report_safe(text, 80);
	assert_field_bounded(text, m.funnel.recommendation, false);
	assert_contains(text, "qqq\n\nSERVICES");
	assert_null(strstr(text, "q" ELLIPSIS));
	free(text);

	/* One letter more: cut, and the last line ends with the mark. */
	free(m.funnel.recommendation);
	m.funnel.recommendation = huge_text('q', false);
	m.funnel.recommendation[6 * 63 + 1] = '\0';
	text = snapshot_text(&snap, 80);
	assert_report_safe(text, 80);
	assert_field_bounded(text, m.funnel.recommendation, true);
	free(text);
	free(m.funnel.recommendation);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_report),
		cmocka_unit_test(test_no_model),
		cmocka_unit_test(test_alert_groups),
		cmocka_unit_test(test_empty_model),
		cmocka_unit_test(test_huge_fields),
		cmocka_unit_test(test_field_at_bound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
