#include "autoconfig.h"

/*
 * What each behaviour answers: the health bodies in each style, the
 * hostile, huge and redirecting answers, and when (delayed, never, or with
 * a reset instead).  How an answer is written is http-server.c's job.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "sim.h"

const struct behaviour_def behaviours[] = {
	[B_HEALTHY] = { "healthy", O_STYLE, 0, 0, 0, "200 {\"status\":\"ok\"}" },
	[B_SLOW] = { "slow", O_STYLE, 200, 0, 0, "healthy after delay=MS (200)" },
	[B_FLAPPING] = { "flapping", O_STYLE | O_PERIOD, 0, 0, 3,
	    "healthy / 503 down, switching every period=N (3) checks" },
	[B_BURST5XX] = { "burst5xx", O_STYLE | O_PERIOD, 0, 0, 5,
	    "every period=N-th (5) check is 500; 5xx share grows per scrape" },
	[B_WARN] = { "warn", O_STYLE, 0, 0, 0, "200 {\"status\":\"warn\"}" },
	[B_DOWN] = { "down", O_STYLE, 0, 0, 0, "503 {\"status\":\"DOWN\"}" },
	[B_FAILING] = { "failing", O_STYLE | O_STATUS, 0, 0, 0,
	    "status=CODE (500, 400-599) {\"status\":\"error\"}" },
	[B_HANGING] = { "hanging", 0, 0, 0, 0,
	    "reads requests, never answers, keeps the connection" },
	[B_GARBAGE] = { "garbage", 0, 0, 0, 0,
	    "200, hostile body: escapes, bad UTF-8, NUL, 64 KB line" },
	[B_HUGE] = { "huge", O_SIZE, 0, 0, 0,
	    "200, chunked body of size=BYTES (1G; 0 = endless)" },
	[B_REDIRECT] = { "redirect", O_STYLE | O_TO | O_LOOP, 0, 0, 0,
	    "302 to to=PATH (/health/real, served healthy); loop: to itself" },
	[B_SLOWMETRICS] = { "slowmetrics", O_STYLE, 0, 2000, 0,
	    "healthy, /metrics answers after mdelay=MS (2000)" },
	[B_RESET] = { "reset", 0, 0, 0, 0,
	    "reads the request, then resets the connection" },
};
const size_t n_behaviours = NITEMS(behaviours);

enum hstate { ST_PASS, ST_WARN, ST_FAIL };

/* The body of a health answer in style st; *ctype is its content type. */
static void
health_body(const struct svc *s, enum hstate st, const char *word,
    struct buf *b, const char **ctype)
{
	static const char *const ietf[] = { "pass", "warn", "fail" };
	static const char *const spring[] = { "UP", "DEGRADED", "DOWN" };
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	double up = (double)(uv_hrtime() - sim.start_hr) / 1e9;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	*ctype = "application/json";
	switch (s->p.style) {
	case STYLE_TEXT:
		*ctype = "text/plain; charset=utf-8";
		buf_printf(b, "%s", st == ST_PASS ? "ok\n" : st == ST_WARN ?
		    "warn\n" : "[-]db failed: connection refused\n"
		    "health check failed\n");
		break;
	case STYLE_IETF:
		*ctype = "application/health+json";
		buf_printf(b, "{\"status\":\"%s\",\"version\":\"1\","
		    "\"releaseId\":\"%s\",\"serviceId\":\"%s\","
		    "\"description\":\"opsdeck-sim playing %s\",\"checks\":{"
		    "\"uptime\":[{\"componentType\":\"system\","
		    "\"observedValue\":%.3f,\"observedUnit\":\"s\","
		    "\"status\":\"pass\",\"time\":\"%s\"}],"
		    "\"db:responseTime\":[{\"componentType\":\"datastore\","
		    "\"observedValue\":%d,\"observedUnit\":\"ms\","
		    "\"status\":\"%s\",\"time\":\"%s\"}]}}", ietf[st],
		    PACKAGE_VERSION, s->name, s->name, up, when,
		    st == ST_PASS ? 3 : 950, ietf[st], when);
		break;
	case STYLE_SPRING:
		*ctype = "application/vnd.spring-boot.actuator.v3+json";
		buf_printf(b, "{\"status\":\"%s\",\"components\":{"
		    "\"db\":{\"status\":\"%s\",\"details\":{\"database\":"
		    "\"PostgreSQL\",\"validationQuery\":\"isValid()\"}},"
		    "\"diskSpace\":{\"status\":\"UP\",\"details\":{"
		    "\"total\":107374182400,\"free\":53687091200,"
		    "\"threshold\":10485760,\"exists\":true}},"
		    "\"ping\":{\"status\":\"UP\"}}}", spring[st], spring[st]);
		break;
	case STYLE_JSON:
		buf_printf(b, "{\"status\":\"%s\"}", word);
		break;
	}
}

/* A health answer in the service's style; word is the plain JSON status. */
static void
respond_health(struct conn *c, int code, enum hstate st, const char *word)
{
	struct buf	 b = BUF_INIT;
	const char	*ctype;

	health_body(c->svc, st, word, &b, &ctype);
	respond(c, code, ctype, NULL, b.s, b.len);
	buf_free(&b);
}

/* A body built to hurt whoever prints it unfiltered; headers stay valid. */
static void
answer_garbage(struct conn *c)
{
	static const char hostile[] =
	    "{\"status\":\"ok\x1b]0;pwned\x07\x1b[2J\x1b[H\x1b[5;31mCRITICAL"
	    "\x1b[0m\",\"detail\":\"bad utf-8: \xff\xfe \xc0\xaf \xed\xa0\x80 "
	    "\xf8\x88\x80\x80\x80 \xc3( \xe2\x82 bidi: \xe2\x80\xae" "desrever"
	    "\xe2\x80\xac cr:\rOVERWRITE\x1b[K bs:\b\b\b nul:\0after-nul\","
	    "\"version\":\"\\u0000\\ud800\",\"long\":\"";
	struct buf h = BUF_INIT, b = BUF_INIT;

	buf_putn(&b, hostile, sizeof hostile - 1);
	buf_fill(&b, 'A', 64 * 1024);
	buf_put(&b, "\"\n,\"nest\":");
	buf_fill(&b, '[', 4096);
	buf_put(&h, "X-Sim-Padding: ");
	buf_fill(&h, 'p', 8000);
	buf_put(&h, "\r\n");
	respond(c, 200, "application/json", h.s, b.s, b.len);
	buf_free(&h);
	buf_free(&b);
}

static void
answer_redirect(struct conn *c)
{
	const struct profile *p = &c->svc->p;
	const char *to = p->loop ? "/health" : p->to;
	struct buf h = BUF_INIT, b = BUF_INIT;

	buf_printf(&h, "Location: %s\r\n", to);
	buf_printf(&b, "redirecting to %s\n", to);
	respond(c, 302, "text/plain; charset=utf-8", h.s, b.s, b.len);
	buf_free(&h);
	buf_free(&b);
}

static void
answer_health(struct conn *c)
{
	struct svc *s = c->svc;
	const struct profile *p = &s->p;
	uint64_t n = s->health_hits++;

	switch (p->b) {
	case B_WARN:
		respond_health(c, 200, ST_WARN, "warn");
		break;
	case B_DOWN:
		respond_health(c, 503, ST_FAIL, "DOWN");
		break;
	case B_FAILING:
		respond_health(c, p->status, ST_FAIL, "error");
		break;
	case B_FLAPPING:
		if ((n / p->period) % 2)
			respond_health(c, 503, ST_FAIL, "down");
		else
			respond_health(c, 200, ST_PASS, "ok");
		break;
	case B_BURST5XX:
		if ((n + 1) % p->period == 0)
			respond_health(c, 500, ST_FAIL, "error");
		else
			respond_health(c, 200, ST_PASS, "ok");
		break;
	case B_GARBAGE:
		answer_garbage(c);
		break;
	case B_HUGE:
		stream_start(c);
		break;
	case B_REDIRECT:
		answer_redirect(c);
		break;
	default:
		respond_health(c, 200, ST_PASS, "ok");
		break;
	}
}

static void
answer_metrics(struct conn *c)
{
	struct buf b = BUF_INIT;

	metrics_scrape(c->svc, &b);
	respond(c, 200, "text/plain; version=0.0.4; charset=utf-8", NULL,
	    b.s, b.len);
	buf_free(&b);
}

static void
answer(struct conn *c)
{
	switch (c->route) {
	case R_HEALTH:
		answer_health(c);
		break;
	case R_TARGET:
		respond_health(c, 200, ST_PASS, "ok");
		break;
	case R_METRICS:
		answer_metrics(c);
		break;
	case R_NOT_FOUND:
		respond_text(c, 404, NULL, "not found\n");
		break;
	case R_BAD_METHOD:
		respond_text(c, 405, "Allow: GET, HEAD\r\n",
		    "method not allowed\n");
		break;
	case R_BAD_REQUEST:
		respond_text(c, 400, NULL, "bad request\n");
		break;
	case R_TOO_LARGE:
		respond_text(c, 431, NULL, "request head too large\n");
		break;
	case R_CONTROL:			/* request_dispatch sends these */
	case R_CONTROL_METHOD:		/* to control.c: never here */
	case R_CONTROL_NO_LENGTH:
	case R_CONTROL_TOO_LARGE:
		respond_text(c, 500, NULL, "misrouted control request\n");
		break;
	}
}

static void
on_delay(uv_timer_t *t)
{
	struct conn *c = t->data;

	if (c->state == CS_DELAYING)
		answer(c);
}

void
request_begin(struct conn *c)
{
	const struct profile *p = &c->svc->p;
	uint64_t delay = 0;

	c->t_start = uv_hrtime();
	if (p->b == B_HANGING) {
		vlog("%s: %s -> hanging", c->svc->name, route_names[c->route]);
		c->state = CS_HANGING;
		return;
	}
	if (p->b == B_RESET) {
		vlog("%s: %s -> reset", c->svc->name, route_names[c->route]);
		c->reset = 1;
		conn_close(c);
		return;
	}
	if (c->route == R_HEALTH || c->route == R_TARGET)
		delay = p->delay_ms;
	else if (c->route == R_METRICS)
		delay = p->mdelay_ms;
	if (delay > 0) {
		c->state = CS_DELAYING;
		if (uv_timer_start(&c->timer, on_delay, delay, 0) == 0)
			return;
	}
	answer(c);
}

/* The query string is not part of the path; a target with one matches
 * the path alone, as the redirect's client asks for it. */
int
is_redirect_target(const struct profile *p, const char *path, size_t n)
{
	return p->b == B_REDIRECT && !p->loop && p->to[0] == '/' &&
	    n == strcspn(p->to, "?") && memcmp(path, p->to, n) == 0;
}
