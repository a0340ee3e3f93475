#include "autoconfig.h"

/*
 * opsdeck-sim: a small HTTP/1.1 server that plays any number of services on
 * loopback ports, each with a scripted behaviour (healthy, slow, flapping,
 * hanging, hostile, ...), for opsdeck's integration tests, benchmarks and
 * demo.  Usage is in docs/opsdeck-sim.md and in --help.
 *
 * Model.  One libuv loop.  Each service (struct svc) owns one listening
 * socket and its own Prometheus counters.  Each accepted connection
 * (struct conn) owns its uv_tcp_t, one uv_timer_t for delayed answers and
 * the request buffer; it handles one request at a time (keep-alive, no
 * pipelining needed) and moves through enum conn_state.  Every answer that
 * is not /metrics is recorded in the service's counters, so what /metrics
 * shows is what the sim really served.
 *
 * Lifetime.  A conn is created in on_connection, unlinked when conn_close
 * starts closing its two handles, and freed only in the last close callback.
 * Write requests own their bytes and free them in their callback, which
 * libuv runs (with UV_ECANCELED) before the handle's close callback.  On
 * SIGTERM/SIGINT every handle is closed, uv_run returns and uv_loop_close
 * must return 0.  Nothing blocks: delays are timers, large bodies are
 * written one chunk at a time as the socket drains.
 */

#include <sys/resource.h>
#include <sys/types.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <uv.h>

/* --- Types and tables ------------------------------------------------- */

#define HEAD_MAX	(16 * 1024)	/* request head cap; beyond it: 431 */
#define CHUNK_SIZE	(64 * 1024)	/* one write of the huge body */
#define MAX_CODES	16		/* distinct status codes per service */
#define NAME_MAX_LEN	63
#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

enum behaviour {
	B_HEALTHY, B_SLOW, B_FLAPPING, B_BURST5XX, B_WARN, B_DOWN, B_HANGING,
	B_GARBAGE, B_HUGE, B_REDIRECT, B_SLOWMETRICS, B_RESET
};

/* Behaviour options, as bits so each behaviour can list what it accepts. */
#define O_DELAY		0x001
#define O_MDELAY	0x002
#define O_P95		0x004
#define O_ERRORS	0x008
#define O_STYLE		0x010
#define O_PERIOD	0x020
#define O_TO		0x040
#define O_LOOP		0x080
#define O_SIZE		0x100
#define O_COMMON	(O_DELAY | O_MDELAY | O_P95 | O_ERRORS)

static const struct behaviour_def {
	const char	*name;
	unsigned	 opts;		/* accepted besides O_COMMON */
	unsigned	 delay_ms;	/* default delay of /health */
	unsigned	 mdelay_ms;	/* default delay of /metrics */
	unsigned	 period;	/* default period (flapping, burst5xx) */
	const char	*help;
} behaviours[] = {
	[B_HEALTHY] = { "healthy", O_STYLE, 0, 0, 0, "200 {\"status\":\"ok\"}" },
	[B_SLOW] = { "slow", O_STYLE, 200, 0, 0, "healthy after delay=MS (200)" },
	[B_FLAPPING] = { "flapping", O_STYLE | O_PERIOD, 0, 0, 3,
	    "healthy / 503 down, switching every period=N (3) checks" },
	[B_BURST5XX] = { "burst5xx", O_STYLE | O_PERIOD, 0, 0, 5,
	    "every period=N-th (5) check is 500; 5xx share grows per scrape" },
	[B_WARN] = { "warn", O_STYLE, 0, 0, 0, "200 {\"status\":\"warn\"}" },
	[B_DOWN] = { "down", O_STYLE, 0, 0, 0, "503 {\"status\":\"DOWN\"}" },
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

static const struct option_def {
	const char	*name;
	unsigned	 bit;
	const char	*want;		/* for error messages */
} option_defs[] = {
	{ "delay", O_DELAY, "milliseconds" },
	{ "mdelay", O_MDELAY, "milliseconds" },
	{ "p95", O_P95, "milliseconds, at most 120000" },
	{ "errors", O_ERRORS, "a percentage" },
	{ "style", O_STYLE, "json, ietf, spring or text" },
	{ "period", O_PERIOD, "a count from 1" },
	{ "to", O_TO, "a path or http(s) URL without blanks" },
	{ "loop", O_LOOP, "no value" },
	{ "size", O_SIZE, "bytes, with K/M/G, 0 for endless" },
};

enum style { STYLE_JSON, STYLE_IETF, STYLE_SPRING, STYLE_TEXT };
static const char *const style_names[] = { "json", "ietf", "spring", "text" };

enum hstate { ST_PASS, ST_WARN, ST_FAIL };

/* A parsed BEHAVIOUR[,option...]; a plain value copied into each service. */
struct profile {
	enum behaviour	 b;
	enum style	 style;
	uint64_t	 delay_ms;	/* /health (and redirect target) */
	uint64_t	 mdelay_ms;	/* /metrics */
	uint64_t	 size;		/* huge: body bytes, 0 = endless */
	uint64_t	 period;
	int		 loop;
	double		 p95_ms;	/* < 0: no synthetic latency */
	double		 errors_pct;	/* < 0: no synthetic 5xx */
	char		 to[256];
};

/* Histogram bounds in seconds; the last three only with a p95 above 10 s. */
static const double bounds[] = {
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
};
#define NB_STD		11
#define NB_WIDE		((int)NITEMS(bounds))

/* Per-service counters behind /metrics; owned by its struct svc. */
struct metrics {
	int		 ncodes;
	int		 codes[MAX_CODES];	/* sorted ascending */
	uint64_t	 code_n[MAX_CODES];
	int		 nbounds;
	uint64_t	 bucket[NITEMS(bounds) + 1];	/* not cumulative */
	double		 sum;
	uint64_t	 count;
	uint64_t	 since_total;	/* real answers since the last scrape */
	uint64_t	 since_5xx;
	uint64_t	 scrapes;
};

/* One simulated service; lives in sim.svcs for the whole run. */
struct svc {
	char		 name[NAME_MAX_LEN + 1];
	struct profile	 p;
	int		 port;
	int		 listening;
	uv_tcp_t	 listener;
	uint64_t	 health_hits;
	unsigned	 nconns;
	struct metrics	 m;
};

enum conn_state {
	CS_READING,	/* waiting for a complete request head */
	CS_DELAYING,	/* timer running before the answer */
	CS_WRITING,	/* answer being written */
	CS_STREAMING,	/* huge body being written chunk by chunk */
	CS_HANGING,	/* never answering */
	CS_CLOSING	/* shutdown or close under way */
};

enum route {
	R_HEALTH, R_METRICS, R_TARGET, R_NOT_FOUND, R_BAD_METHOD,
	R_BAD_REQUEST, R_TOO_LARGE
};
static const char *const route_names[] = {
	"/health", "/metrics", "redirect target", "unknown path",
	"bad method", "bad request", "head too large"
};

/*
 * One client connection.  Created by on_connection, linked in sim.conns
 * until conn_close, freed by the last of its two close callbacks.
 */
struct conn {
	uv_tcp_t	 tcp;
	uv_timer_t	 timer;
	uv_write_t	 stream_req;	/* the one huge-body write in flight */
	uv_shutdown_t	 shutdown_req;
	struct svc	*svc;
	struct conn	*prev, *next;
	enum conn_state	 state;
	int		 closed;	/* conn_close has run */
	int		 pending;	/* close callbacks still to come */
	int		 reset;		/* close with RST */
	/* The request being answered. */
	enum route	 route;
	int		 head_only;
	int		 keep_alive;
	int		 http10;
	uint64_t	 t_start;	/* uv_hrtime at request */
	uint64_t	 discard;	/* request body bytes still to skip */
	/* Huge body. */
	int		 chunked;
	int		 endless;
	uint64_t	 left;
	char		 chunk_hdr[24];
	size_t		 len;
	char		 buf[HEAD_MAX];
};

/* A write that owns its bytes; freed in write_owned_cb. */
struct wreq {
	uv_write_t	 req;
	struct conn	*c;
	char		*data;
};

static struct {
	uv_loop_t	 loop;
	uv_signal_t	 sigterm, sigint;
	struct svc	*svcs;
	size_t		 nsvc;
	struct conn	*conns;
	const char	*host;
	const char	*ready_file;
	int		 verbose;
	int		 stopping;
	double		 start_time;	/* wall clock, for the gauge */
	uint64_t	 start_hr;	/* uv_hrtime at start, for uptime */
} sim;

static char scratch[4096];		/* reads nobody keeps */
static char filler[CHUNK_SIZE];		/* each chunk of the huge body */
static const char json_start[] = "{\"status\":\"ok\",\"padding\":\"";
static char crlf[] = "\r\n";
static char last_chunk[] = "0\r\n\r\n";

static void conn_close(struct conn *);
static void conn_process(struct conn *);
static void stream_next(struct conn *);

/* --- Utilities -------------------------------------------------------- */

#define EXIT_USAGE	2

static void die(int, const char *, ...)
    __attribute__((noreturn, format(printf, 2, 3)));
static void vlog(const char *, ...) __attribute__((format(printf, 1, 2)));

/* Exits with status after a message; EXIT_USAGE adds a pointer to --help. */
static void
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("opsdeck-sim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(status == EXIT_USAGE ? "\n(try opsdeck-sim --help)\n" : "\n",
	    stderr);
	exit(status);
}

static void
vlog(const char *fmt, ...)
{
	va_list ap;

	if (!sim.verbose)
		return;
	fputs("opsdeck-sim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void *
xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n)) == NULL)
		die(1, "out of memory");
	return p;
}

static void *
xcalloc(size_t n, size_t size)
{
	void *p;

	if ((p = calloc(n, size)) == NULL)
		die(1, "out of memory");
	return p;
}

/* A growable byte buffer; the owner frees p. */
struct sbuf {
	char	*p;
	size_t	 len, cap;
};

/* Appends n bytes for the caller to fill and returns where they start. */
static char *
sbuf_room(struct sbuf *b, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = b->cap ? b->cap : 512;
		while (b->cap < b->len + n)
			b->cap *= 2;
		b->p = xrealloc(b->p, b->cap);
	}
	b->len += n;
	return b->p + b->len - n;
}

static void
sbuf_add(struct sbuf *b, const void *data, size_t n)
{
	memcpy(sbuf_room(b, n), data, n);
}

static void sbuf_printf(struct sbuf *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends formatted text; b->p is NUL-terminated afterwards. */
static void
sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		die(1, "vsnprintf failed");
	va_start(ap, fmt);
	vsnprintf(sbuf_room(b, (size_t)n + 1), (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len--;			/* the NUL stays, uncounted */
}

/* Parses a decimal integer <= max, with K/M/G (1024-based) if suffix. */
static int
parse_u64(const char *s, uint64_t max, int suffix, uint64_t *out)
{
	unsigned long long v;
	uint64_t mult = 1;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (suffix && *end != '\0' && end[1] == '\0') {
		switch (*end) {
		case 'k': case 'K': mult = 1ULL << 10; end++; break;
		case 'm': case 'M': mult = 1ULL << 20; end++; break;
		case 'g': case 'G': mult = 1ULL << 30; end++; break;
		}
	}
	if (*end != '\0' || v > max / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static int
parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || !isfinite(v) ||
	    v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int
span_eq(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(p, s, n) == 0;
}

static int
span_caseeq(const char *p, size_t n, const char *s)
{
	return strlen(s) == n && strncasecmp(p, s, n) == 0;
}

/* --- Metrics ---------------------------------------------------------- */

static void
metrics_count(struct metrics *m, int code, uint64_t n)
{
	int i;

	for (i = 0; i < m->ncodes && m->codes[i] < code; i++)
		;
	if (i == m->ncodes || m->codes[i] != code) {
		if (m->ncodes == MAX_CODES)
			return;
		memmove(&m->codes[i + 1], &m->codes[i],
		    (size_t)(m->ncodes - i) * sizeof m->codes[0]);
		memmove(&m->code_n[i + 1], &m->code_n[i],
		    (size_t)(m->ncodes - i) * sizeof m->code_n[0]);
		m->codes[i] = code;
		m->code_n[i] = 0;
		m->ncodes++;
	}
	m->code_n[i] += n;
}

static void
metrics_observe(struct metrics *m, double secs, uint64_t n)
{
	int i;

	for (i = 0; i < m->nbounds && secs > bounds[i]; i++)
		;
	m->bucket[i] += n;		/* i == nbounds is +Inf */
	m->sum += secs * (double)n;
	m->count += n;
}

/*
 * Adds 100 synthetic answers so that the 5xx share of everything counted
 * since the last scrape (real answers included) is pct.
 */
static void
metrics_inject_errors(struct metrics *m, double pct)
{
	double want;
	uint64_t bad;

	want = pct / 100.0 * (double)(m->since_total + 100) -
	    (double)m->since_5xx;
	bad = want <= 0 ? 0 : want >= 100 ? 100 : (uint64_t)llround(want);
	metrics_count(m, 500, bad);
	metrics_count(m, 200, 100 - bad);
}

/*
 * Adds synthetic observations so that histogram_quantile(0.95) over them,
 * with its linear interpolation inside a bucket, lands on ms: 100 in the
 * bucket holding ms, enough below it to put rank 0.95 at the right place,
 * and the rest above it.
 */
static void
metrics_inject_p95(struct metrics *m, double ms)
{
	double t = ms / 1000.0, lo, hi, x, n, low, high;
	int i;

	if (t > bounds[m->nbounds - 1])
		t = bounds[m->nbounds - 1];
	for (i = 0; i < m->nbounds - 1 && bounds[i] < t; i++)
		;
	hi = bounds[i];
	if (i == 0) {
		metrics_observe(m, t, 100);	/* below 5 ms: roughly */
		return;
	}
	lo = bounds[i - 1];
	x = (t - lo) / (hi - lo);
	n = fmax(200, ceil(2000 * (1 - x)));
	low = round(0.95 * n - 100 * x);
	high = fmax(0, n - low - 100);
	metrics_observe(m, lo * 0.9, (uint64_t)low);
	metrics_observe(m, lo + (hi - lo) / 2, 100);
	metrics_observe(m, hi * 1.5, (uint64_t)high);
}

/* Records one real answer (not a /metrics scrape) of service s. */
static void
metrics_record(struct metrics *m, int code, double secs)
{
	metrics_count(m, code, 1);
	metrics_observe(m, secs, 1);
	m->since_total++;
	if (code >= 500)
		m->since_5xx++;
}

static void
metrics_render(const struct svc *s, struct sbuf *b)
{
	const struct metrics *m = &s->m;
	size_t rss = 0;
	uint64_t cum = 0;
	int i;

	sbuf_printf(b, "# HELP http_requests_total Requests answered by this "
	    "service (scrapes of /metrics not included).\n"
	    "# TYPE http_requests_total counter\n");
	for (i = 0; i < m->ncodes; i++)
		sbuf_printf(b, "http_requests_total{code=\"%d\"} %" PRIu64 "\n",
		    m->codes[i], m->code_n[i]);

	sbuf_printf(b, "# HELP http_request_duration_seconds Time from the "
	    "request to its answer.\n"
	    "# TYPE http_request_duration_seconds histogram\n");
	for (i = 0; i < m->nbounds; i++) {
		cum += m->bucket[i];
		sbuf_printf(b, "http_request_duration_seconds_bucket{le=\"%g\"} "
		    "%" PRIu64 "\n", bounds[i], cum);
	}
	cum += m->bucket[m->nbounds];
	sbuf_printf(b, "http_request_duration_seconds_bucket{le=\"+Inf\"} "
	    "%" PRIu64 "\n", cum);
	sbuf_printf(b, "http_request_duration_seconds_sum %.6f\n", m->sum);
	sbuf_printf(b, "http_request_duration_seconds_count %" PRIu64 "\n",
	    m->count);

	if (uv_resident_set_memory(&rss) != 0)
		rss = 0;
	sbuf_printf(b, "# HELP process_resident_memory_bytes Resident memory "
	    "of the simulator process.\n"
	    "# TYPE process_resident_memory_bytes gauge\n"
	    "process_resident_memory_bytes %zu\n"
	    "# HELP process_start_time_seconds Start time of the simulator "
	    "since the epoch.\n"
	    "# TYPE process_start_time_seconds gauge\n"
	    "process_start_time_seconds %.3f\n", rss, sim.start_time);
	sbuf_printf(b, "# HELP opsdeck_sim_open_connections Open client "
	    "connections of this service.\n"
	    "# TYPE opsdeck_sim_open_connections gauge\n"
	    "opsdeck_sim_open_connections %u\n"
	    "# HELP opsdeck_sim_info The behaviour this service plays.\n"
	    "# TYPE opsdeck_sim_info gauge\n"
	    "opsdeck_sim_info{behaviour=\"%s\"} 1\n",
	    s->nconns, behaviours[s->p.b].name);
}

/* --- Writing answers -------------------------------------------------- */

static const char *
reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 302: return "Found";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* Closes after the answer: FIN first, so the client gets every byte. */
static void
on_shutdown(uv_shutdown_t *req, int status)
{
	(void)status;
	conn_close(req->data);
}

static void
response_done(struct conn *c)
{
	if (!c->keep_alive) {
		c->state = CS_CLOSING;
		c->shutdown_req.data = c;
		if (uv_shutdown(&c->shutdown_req, (uv_stream_t *)&c->tcp,
		    on_shutdown) != 0)
			conn_close(c);
		return;
	}
	c->state = CS_READING;
	conn_process(c);
}

/* After any write: stream on, finish the answer, or give up. */
static void
after_write(struct conn *c, int status)
{
	if (c->state == CS_CLOSING)
		return;
	if (status < 0)
		conn_close(c);
	else if (c->state == CS_STREAMING)
		stream_next(c);
	else
		response_done(c);
}

static void
write_owned_cb(uv_write_t *req, int status)
{
	struct wreq *w = (struct wreq *)req;	/* req is its first member */
	struct conn *c = w->c;

	free(w->data);
	free(w);
	after_write(c, status);
}

/* Writes b's bytes, taking them over (b->p is NULL afterwards). */
static void
write_owned(struct conn *c, struct sbuf *b)
{
	struct wreq *w = xcalloc(1, sizeof *w);
	uv_buf_t buf = uv_buf_init(b->p, (unsigned)b->len);

	w->c = c;
	w->data = b->p;
	b->p = NULL;
	if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1,
	    write_owned_cb) != 0) {
		free(w->data);
		free(w);
		conn_close(c);
	}
}

/* Counts the answer (unless it is a scrape) and logs it with --verbose. */
static void
record(struct conn *c, int code)
{
	double secs = (double)(uv_hrtime() - c->t_start) / 1e9;

	if (c->route != R_METRICS)
		metrics_record(&c->svc->m, code, secs);
	vlog("%s: %s%s -> %d in %.1f ms", c->svc->name,
	    c->head_only ? "HEAD " : "", route_names[c->route], code,
	    secs * 1000);
}

static void
respond(struct conn *c, int code, const char *ctype, const char *extra,
    const char *body, size_t len)
{
	struct sbuf b = { 0 };

	sbuf_printf(&b, "HTTP/1.1 %d %s\r\nServer: opsdeck-sim\r\n"
	    "Cache-Control: no-store\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\n%sConnection: %s\r\n\r\n", code,
	    reason(code), ctype, len, extra ? extra : "",
	    c->keep_alive ? "keep-alive" : "close");
	if (!c->head_only)
		sbuf_add(&b, body, len);
	record(c, code);
	c->state = CS_WRITING;
	write_owned(c, &b);
	free(b.p);
}

static void
respond_text(struct conn *c, int code, const char *extra, const char *text)
{
	respond(c, code, "text/plain; charset=utf-8", extra, text,
	    strlen(text));
}

/* A health answer in the service's style; word is the plain JSON status. */
static void
respond_health(struct conn *c, int code, enum hstate st, const char *word)
{
	static const char *const ietf[] = { "pass", "warn", "fail" };
	static const char *const spring[] = { "UP", "DEGRADED", "DOWN" };
	const struct svc *s = c->svc;
	const char *ctype = "application/json";
	struct sbuf b = { 0 };
	char when[32];
	time_t now = time(NULL);
	struct tm tm;
	double up = (double)(uv_hrtime() - sim.start_hr) / 1e9;

	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	switch (s->p.style) {
	case STYLE_TEXT:
		ctype = "text/plain; charset=utf-8";
		sbuf_printf(&b, "%s", st == ST_PASS ? "ok\n" : st == ST_WARN ?
		    "warn\n" : "[-]db failed: connection refused\n"
		    "health check failed\n");
		break;
	case STYLE_IETF:
		ctype = "application/health+json";
		sbuf_printf(&b, "{\"status\":\"%s\",\"version\":\"1\","
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
		ctype = "application/vnd.spring-boot.actuator.v3+json";
		sbuf_printf(&b, "{\"status\":\"%s\",\"components\":{"
		    "\"db\":{\"status\":\"%s\",\"details\":{\"database\":"
		    "\"PostgreSQL\",\"validationQuery\":\"isValid()\"}},"
		    "\"diskSpace\":{\"status\":\"UP\",\"details\":{"
		    "\"total\":107374182400,\"free\":53687091200,"
		    "\"threshold\":10485760,\"exists\":true}},"
		    "\"ping\":{\"status\":\"UP\"}}}", spring[st], spring[st]);
		break;
	case STYLE_JSON:
		sbuf_printf(&b, "{\"status\":\"%s\"}", word);
		break;
	}
	respond(c, code, ctype, NULL, b.p, b.len);
	free(b.p);
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
	struct sbuf h = { 0 }, b = { 0 };

	sbuf_add(&b, hostile, sizeof hostile - 1);
	memset(sbuf_room(&b, 64 * 1024), 'A', 64 * 1024);
	sbuf_printf(&b, "\"\n,\"nest\":");
	memset(sbuf_room(&b, 4096), '[', 4096);
	sbuf_printf(&h, "X-Sim-Padding: ");
	memset(sbuf_room(&h, 8000), 'p', 8000);
	sbuf_printf(&h, "\r\n");
	respond(c, 200, "application/json", h.p, b.p, b.len);
	free(h.p);
	free(b.p);
}

static void
answer_redirect(struct conn *c)
{
	const struct profile *p = &c->svc->p;
	const char *to = p->loop ? "/health" : p->to;
	struct sbuf h = { 0 }, b = { 0 };

	sbuf_printf(&h, "Location: %s\r\n", to);
	sbuf_printf(&b, "redirecting to %s\n", to);
	respond(c, 302, "text/plain; charset=utf-8", h.p, b.p, b.len);
	free(h.p);
	free(b.p);
}

static void
stream_write_cb(uv_write_t *req, int status)
{
	after_write(req->data, status);
}

/*
 * Writes the next piece of the huge body.  Only one write is in flight and
 * the next starts from its callback, i.e. once the kernel took the bytes:
 * a slow reader holds the sim back instead of filling its memory.
 */
static void
stream_next(struct conn *c)
{
	uv_buf_t bufs[3];
	unsigned n = 0;
	size_t len = CHUNK_SIZE;

	if (c->head_only || (!c->endless && c->left == 0)) {
		if (c->head_only || !c->chunked) {
			response_done(c);
			return;
		}
		c->state = CS_WRITING;
		bufs[n++] = uv_buf_init(last_chunk, sizeof last_chunk - 1);
	} else {
		if (!c->endless && c->left < len)
			len = (size_t)c->left;
		if (!c->endless)
			c->left -= len;
		if (c->chunked)
			bufs[n++] = uv_buf_init(c->chunk_hdr, (unsigned)snprintf(
			    c->chunk_hdr, sizeof c->chunk_hdr, "%zx\r\n", len));
		bufs[n++] = uv_buf_init(filler, (unsigned)len);
		if (c->chunked)
			bufs[n++] = uv_buf_init(crlf, 2);
	}
	c->stream_req.data = c;
	if (uv_write(&c->stream_req, (uv_stream_t *)&c->tcp, bufs, n,
	    stream_write_cb) != 0)
		conn_close(c);
}

/* Starts the huge answer; every chunk begins like a JSON health body. */
static void
stream_start(struct conn *c)
{
	struct sbuf b = { 0 };

	c->chunked = !c->http10;
	if (!c->chunked)
		c->keep_alive = 0;	/* HTTP/1.0: the body ends at close */
	c->endless = c->svc->p.size == 0;
	c->left = c->svc->p.size;
	sbuf_printf(&b, "HTTP/1.1 200 OK\r\nServer: opsdeck-sim\r\n"
	    "Cache-Control: no-store\r\nContent-Type: application/json\r\n"
	    "%sConnection: %s\r\n\r\n",
	    c->chunked ? "Transfer-Encoding: chunked\r\n" : "",
	    c->keep_alive ? "keep-alive" : "close");
	record(c, 200);
	c->state = CS_STREAMING;
	write_owned(c, &b);
}

/* --- Behaviours ------------------------------------------------------- */

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

/* Scrape: synthetic series first (errors, p95, burst5xx), then the text. */
static void
answer_metrics(struct conn *c)
{
	struct svc *s = c->svc;
	struct metrics *m = &s->m;
	const struct profile *p = &s->p;
	struct sbuf b = { 0 };
	double pct;

	m->scrapes++;
	if (p->b == B_BURST5XX) {
		pct = (p->errors_pct >= 0 ? p->errors_pct : 20) +
		    10.0 * (double)(m->scrapes - 1);
		metrics_inject_errors(m, fmin(pct, 95));
	} else if (p->errors_pct >= 0)
		metrics_inject_errors(m, p->errors_pct);
	if (p->p95_ms >= 0)
		metrics_inject_p95(m, p->p95_ms);
	m->since_total = m->since_5xx = 0;
	metrics_render(s, &b);
	respond(c, 200, "text/plain; version=0.0.4; charset=utf-8", NULL,
	    b.p, b.len);
	free(b.p);
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
	}
}

static void
on_delay(uv_timer_t *t)
{
	struct conn *c = t->data;

	if (c->state == CS_DELAYING)
		answer(c);
}

/* A complete request head was read: hang, reset, wait or answer. */
static void
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

/* --- Request parsing -------------------------------------------------- */

/* Offset just past the blank line ending the head, or 0 if incomplete. */
static size_t
head_end(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (buf[i] != '\n')
			continue;
		if (buf[i + 1] == '\n')
			return i + 2;
		if (i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* Looks for token tok in a comma-separated header value. */
static int
has_token(const char *v, size_t n, const char *tok)
{
	size_t i = 0, start, end;

	while (i < n) {
		while (i < n && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		start = i;
		while (i < n && v[i] != ',')
			i++;
		end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		if (end > start && span_caseeq(v + start, end - start, tok))
			return 1;
	}
	return 0;
}

/* Parses the head in c->buf[0..end) into c's request fields. */
static enum route
parse_request(struct conn *c, size_t end)
{
	const struct profile *p = &c->svc->p;
	char *line = c->buf, *lim = c->buf + end, *eol, *sp1, *sp2, *colon;
	char *v, *num_end;
	size_t n, plen, vlen;
	int close_tok = 0, ka_tok = 0, get;

	c->keep_alive = 0;
	c->head_only = 0;
	c->discard = 0;
	eol = memchr(line, '\n', (size_t)(lim - line));
	n = (size_t)(eol - line);
	if (n > 0 && line[n - 1] == '\r')
		n--;
	sp1 = memchr(line, ' ', n);
	sp2 = sp1 ? memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - line)) : NULL;
	if (sp2 == NULL || line + n - (sp2 + 1) != 8 ||
	    memcmp(sp2 + 1, "HTTP/1.", 7) != 0)
		return R_BAD_REQUEST;
	c->http10 = sp2[8] == '0';
	get = span_eq(line, (size_t)(sp1 - line), "GET");
	c->head_only = span_eq(line, (size_t)(sp1 - line), "HEAD");

	for (line = eol + 1; line < lim; line = eol + 1) {
		eol = memchr(line, '\n', (size_t)(lim - line));
		n = (size_t)(eol - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			break;
		if ((colon = memchr(line, ':', n)) == NULL)
			return R_BAD_REQUEST;
		v = colon + 1;
		vlen = n - (size_t)(v - line);
		while (vlen > 0 && (*v == ' ' || *v == '\t')) {
			v++;
			vlen--;
		}
		n = (size_t)(colon - line);
		if (span_caseeq(line, n, "connection")) {
			close_tok |= has_token(v, vlen, "close");
			ka_tok |= has_token(v, vlen, "keep-alive");
		} else if (span_caseeq(line, n, "content-length")) {
			c->discard = strtoull(v, &num_end, 10);
			if (vlen == 0 || *v < '0' || *v > '9' ||
			    (num_end != eol && *num_end != '\r' &&
			    *num_end != ' '))
				return R_BAD_REQUEST;
		} else if (span_caseeq(line, n, "transfer-encoding"))
			close_tok = 1;	/* a body we cannot frame: close */
	}
	c->keep_alive = !close_tok && (ka_tok || !c->http10);

	if (!get && !c->head_only)
		return R_BAD_METHOD;
	line = sp1 + 1;
	plen = strcspn(line, "? ");
	if (span_eq(line, plen, "/health"))
		return R_HEALTH;
	if (span_eq(line, plen, "/metrics"))
		return R_METRICS;
	if (p->b == B_REDIRECT && !p->loop && p->to[0] == '/' &&
	    plen == strcspn(p->to, "?") && memcmp(line, p->to, plen) == 0)
		return R_TARGET;
	return R_NOT_FOUND;
}

/* Handles whatever c->buf holds when c is ready for a new request. */
static void
conn_process(struct conn *c)
{
	size_t end, n;

	if (c->state != CS_READING)
		return;
	if (c->discard > 0 && c->len > 0) {
		n = c->discard < c->len ? (size_t)c->discard : c->len;
		memmove(c->buf, c->buf + n, c->len - n);
		c->len -= n;
		c->discard -= n;
	}
	if ((end = head_end(c->buf, c->len)) == 0) {
		if (c->len < HEAD_MAX)
			return;
		c->route = R_TOO_LARGE;
		c->keep_alive = 0;
		c->head_only = 0;
		c->t_start = uv_hrtime();
		answer(c);
		return;
	}
	c->route = parse_request(c, end);
	if (c->route == R_BAD_REQUEST)
		c->keep_alive = 0;
	memmove(c->buf, c->buf + end, c->len - end);
	c->len -= end;
	request_begin(c);
}

/* --- Connections and listeners ---------------------------------------- */

static void
conn_close_cb(uv_handle_t *h)
{
	struct conn *c = h->data;

	if (--c->pending == 0)
		free(c);
}

static void
conn_close(struct conn *c)
{
	if (c->closed)
		return;
	c->closed = 1;
	c->state = CS_CLOSING;
	if (c->prev)
		c->prev->next = c->next;
	else
		sim.conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->svc->nconns--;
	c->pending = 2;
	uv_close((uv_handle_t *)&c->timer, conn_close_cb);
	if (!c->reset || uv_tcp_close_reset(&c->tcp, conn_close_cb) != 0)
		uv_close((uv_handle_t *)&c->tcp, conn_close_cb);
}

static void
on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	struct conn *c = h->data;

	(void)suggested;
	if (c->state != CS_CLOSING && c->state != CS_HANGING &&
	    c->len < HEAD_MAX)
		*buf = uv_buf_init(c->buf + c->len, HEAD_MAX - (unsigned)c->len);
	else
		*buf = uv_buf_init(scratch, sizeof scratch);
}

static void
on_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	struct conn *c = stream->data;

	if (nread == UV_EOF && (c->state == CS_DELAYING ||
	    c->state == CS_WRITING || c->state == CS_STREAMING)) {
		c->keep_alive = 0;	/* half-closed: answer, then close */
		uv_read_stop(stream);
		return;
	}
	if (nread < 0) {		/* EOF or error: the client went */
		conn_close(c);
		return;
	}
	if (nread == 0)
		return;
	if (buf->base == scratch) {	/* dropped; keep body framing */
		if (c->discard > 0)
			c->discard -= (uint64_t)nread < c->discard ?
			    (uint64_t)nread : c->discard;
		return;
	}
	c->len += (size_t)nread;
	conn_process(c);
}

static void
on_connection(uv_stream_t *server, int status)
{
	struct svc *s = server->data;
	struct conn *c;

	if (status < 0) {
		vlog("%s: accept: %s", s->name, uv_strerror(status));
		return;
	}
	c = xcalloc(1, sizeof *c);
	if (uv_tcp_init(&sim.loop, &c->tcp) != 0) {
		free(c);
		return;
	}
	uv_timer_init(&sim.loop, &c->timer);
	c->tcp.data = c->timer.data = c;
	c->svc = s;
	c->next = sim.conns;
	if (c->next)
		c->next->prev = c;
	sim.conns = c;
	s->nconns++;
	if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0 ||
	    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read) != 0) {
		conn_close(c);
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
}

/* Binds and listens; the port is read back, so port 0 works. */
static void
svc_listen(struct svc *s)
{
	struct sockaddr_storage ss;
	int r, len = sizeof ss;

	memset(&ss, 0, sizeof ss);
	if (strchr(sim.host, ':'))
		r = uv_ip6_addr(sim.host, s->port, (struct sockaddr_in6 *)&ss);
	else
		r = uv_ip4_addr(sim.host, s->port, (struct sockaddr_in *)&ss);
	if (r != 0)
		die(EXIT_USAGE, "bad --host '%s'", sim.host);
	if ((r = uv_tcp_init(&sim.loop, &s->listener)) != 0)
		die(1, "%s: %s", s->name, uv_strerror(r));
	s->listener.data = s;
	s->listening = 1;
	if ((r = uv_tcp_bind(&s->listener, (struct sockaddr *)&ss, 0)) != 0 ||
	    (r = uv_listen((uv_stream_t *)&s->listener, 511,
	    on_connection)) != 0 ||
	    (r = uv_tcp_getsockname(&s->listener, (struct sockaddr *)&ss,
	    &len)) != 0)
		die(1, "%s: cannot listen on %s port %d: %s", s->name, sim.host,
		    s->port, uv_strerror(r));
	if (ss.ss_family == AF_INET6)
		s->port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	else
		s->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Closes every handle so that uv_run returns. */
static void
sim_stop(void)
{
	size_t i;

	if (sim.stopping)
		return;
	sim.stopping = 1;
	for (i = 0; i < sim.nsvc; i++)
		if (sim.svcs[i].listening)
			uv_close((uv_handle_t *)&sim.svcs[i].listener, NULL);
	while (sim.conns != NULL)
		conn_close(sim.conns);
	uv_close((uv_handle_t *)&sim.sigterm, NULL);
	uv_close((uv_handle_t *)&sim.sigint, NULL);
}

static void
on_signal(uv_signal_t *h, int signum)
{
	(void)h;
	vlog("signal %d: stopping", signum);
	sim_stop();
}

/* --- Command line ----------------------------------------------------- */

static void
usage(void)
{
	size_t i;

	printf("usage: opsdeck-sim [--host ADDR] [--ready-file PATH] "
	    "[--verbose] SPEC...\n"
	    "       opsdeck-sim [...] --many N [--behaviour B[,OPT...]] "
	    "[--base-port P] [--prefix NAME]\n\n"
	    "SPEC is NAME=BEHAVIOUR[,OPTION...]@PORT (PORT 0: any free port)."
	    "\nPrints \"NAME PORT\" per service once all listen; stops on "
	    "SIGTERM/SIGINT.\n\nBehaviours (GET/HEAD /health and /metrics):\n");
	for (i = 0; i < NITEMS(behaviours); i++)
		printf("  %-12s %s\n", behaviours[i].name, behaviours[i].help);
	printf("\nOptions of every behaviour: delay=MS (/health), "
	    "mdelay=MS (/metrics),\n  p95=MS (synthetic latency), "
	    "errors=PCT (synthetic 5xx share).\n"
	    "style=json|ietf|spring|text: body shape of health answers.\n"
	    "See docs/opsdeck-sim.md.\n");
}

/* Sets option o of p from val; -1 if val is not acceptable. */
static int
option_set(struct profile *p, const struct option_def *o, const char *val)
{
	size_t i;

	if ((o->bit == O_LOOP) != (val == NULL))
		return -1;
	switch (o->bit) {
	case O_DELAY:
		return parse_u64(val, 3600000, 0, &p->delay_ms);
	case O_MDELAY:
		return parse_u64(val, 3600000, 0, &p->mdelay_ms);
	case O_PERIOD:
		return parse_u64(val, 1000000, 0, &p->period) || !p->period;
	case O_SIZE:
		return parse_u64(val, UINT64_MAX, 1, &p->size);
	case O_P95:
		return parse_double(val, 0, 120000, &p->p95_ms);
	case O_ERRORS:
		return parse_double(val, 0, 100, &p->errors_pct);
	case O_LOOP:
		p->loop = 1;
		return 0;
	case O_TO:
		if (strlen(val) >= sizeof p->to || strpbrk(val, " \t\r\n") ||
		    (val[0] != '/' && strncmp(val, "http://", 7) != 0 &&
		    strncmp(val, "https://", 8) != 0))
			return -1;
		strcpy(p->to, val);
		return 0;
	case O_STYLE:
		for (i = 0; i < NITEMS(style_names); i++) {
			if (strcmp(val, style_names[i]) == 0) {
				p->style = (enum style)i;
				return 0;
			}
		}
		return -1;
	}
	return -1;
}

/* Parses BEHAVIOUR[,option...] into p; ctx names it in error messages. */
static void
profile_parse(const char *text, struct profile *p, const char *ctx)
{
	char *copy = strdup(text), *save = NULL, *tok, *val;
	const struct behaviour_def *d = NULL;
	const struct option_def *o;
	size_t i;

	if (copy == NULL)
		die(1, "out of memory");
	if ((tok = strtok_r(copy, ",", &save)) == NULL)
		die(EXIT_USAGE, "%s: no behaviour", ctx);
	for (i = 0; i < NITEMS(behaviours) && d == NULL; i++)
		if (strcmp(tok, behaviours[i].name) == 0)
			d = &behaviours[i];
	if (d == NULL)
		die(EXIT_USAGE, "%s: unknown behaviour '%s'", ctx, tok);
	memset(p, 0, sizeof *p);
	p->b = (enum behaviour)(d - behaviours);
	p->delay_ms = d->delay_ms;
	p->mdelay_ms = d->mdelay_ms;
	p->period = d->period;
	p->size = 1ULL << 30;
	p->p95_ms = p->errors_pct = -1;
	strcpy(p->to, "/health/real");

	while ((tok = strtok_r(NULL, ",", &save)) != NULL) {
		if ((val = strchr(tok, '=')) != NULL)
			*val++ = '\0';
		for (o = option_defs; o < option_defs + NITEMS(option_defs) &&
		    strcmp(tok, o->name) != 0; o++)
			;
		if (o == option_defs + NITEMS(option_defs))
			die(EXIT_USAGE, "%s: unknown option '%s'", ctx, tok);
		if (((O_COMMON | d->opts) & o->bit) == 0)
			die(EXIT_USAGE, "%s: option '%s' does not apply to %s",
			    ctx, tok, d->name);
		if (option_set(p, o, val) != 0)
			die(EXIT_USAGE, "%s: bad %s%s%s (want %s)", ctx, tok,
			    val ? "=" : "", val ? val : "", o->want);
	}
	free(copy);
}

/* Fills s from NAME=BEHAVIOUR[,option...]@PORT. */
static void
spec_parse(const char *arg, struct svc *s)
{
	const char *eq = strchr(arg, '='), *at = strrchr(arg, '@');
	char *text;
	uint64_t port;
	size_t n;

	if (eq == NULL || at == NULL || at < eq)
		die(EXIT_USAGE, "bad service '%s' (want NAME=BEHAVIOUR@PORT)", arg);
	n = (size_t)(eq - arg);
	if (n == 0 || n > NAME_MAX_LEN)
		die(EXIT_USAGE, "bad name in '%s' (1-%d characters)", arg,
		    NAME_MAX_LEN);
	if (strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_.-") < n)
		die(EXIT_USAGE, "bad name in '%s' (letters, digits, _ . -)", arg);
	memcpy(s->name, arg, n);
	if (parse_u64(at + 1, 65535, 0, &port) != 0)
		die(EXIT_USAGE, "bad port in '%s'", arg);
	s->port = (int)port;
	if ((text = strndup(eq + 1, (size_t)(at - eq - 1))) == NULL)
		die(1, "out of memory");
	profile_parse(text, &s->p, arg);
	free(text);
}

/* Prints "NAME PORT" lines to stdout and, atomically, to --ready-file. */
static void
announce(void)
{
	struct sbuf b = { 0 };
	char tmp[4096];
	FILE *f;
	size_t i;

	for (i = 0; i < sim.nsvc; i++)
		sbuf_printf(&b, "%s %d\n", sim.svcs[i].name, sim.svcs[i].port);
	fwrite(b.p, 1, b.len, stdout);
	fflush(stdout);
	if (sim.ready_file != NULL) {
		snprintf(tmp, sizeof tmp, "%s.tmp.%ld", sim.ready_file,
		    (long)getpid());
		if ((f = fopen(tmp, "w")) == NULL ||
		    fwrite(b.p, 1, b.len, f) != b.len || fflush(f) != 0 ||
		    fsync(fileno(f)) != 0 || fclose(f) != 0 ||
		    rename(tmp, sim.ready_file) != 0)
			die(1, "cannot write %s: %s", sim.ready_file,
			    strerror(errno));
	}
	free(b.p);
}

/* Many listeners need many descriptors: take all the hard limit allows. */
static void
raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur >= rl.rlim_max)
		return;
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
		vlog("cannot raise RLIMIT_NOFILE: %s", strerror(errno));
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "many", required_argument, NULL, 'n' },
		{ "behaviour", required_argument, NULL, 'b' },
		{ "behavior", required_argument, NULL, 'b' },
		{ "base-port", required_argument, NULL, 'p' },
		{ "prefix", required_argument, NULL, 'P' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *many_spec = "healthy", *prefix = "svc";
	uint64_t many = 0, base = 0;
	struct profile many_profile;
	struct timespec ts;
	size_t i, j, nspecs;
	int ch, r;

	sim.host = "127.0.0.1";
	while ((ch = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H': sim.host = optarg; break;
		case 'r': sim.ready_file = optarg; break;
		case 'b': many_spec = optarg; break;
		case 'P': prefix = optarg; break;
		case 'v': sim.verbose = 1; break;
		case 'h': usage(); return 0;
		case 'V': printf("opsdeck-sim %s\n", PACKAGE_VERSION); return 0;
		case 'n':
			if (parse_u64(optarg, 60000, 0, &many) != 0)
				die(EXIT_USAGE, "bad --many '%s'", optarg);
			break;
		case 'p':
			if (parse_u64(optarg, 65535, 0, &base) != 0)
				die(EXIT_USAGE, "bad --base-port '%s'", optarg);
			break;
		default:
			die(EXIT_USAGE, "bad option");
		}
	}
	nspecs = (size_t)(argc - optind);
	if (nspecs == 0 && many == 0)
		die(EXIT_USAGE, "no services given");
	if (base > 0 && base + many - 1 > 65535)
		die(EXIT_USAGE, "--base-port %" PRIu64 " + --many %" PRIu64
		    " runs past port 65535", base, many);
	if (strlen(prefix) + 5 > NAME_MAX_LEN)
		die(EXIT_USAGE, "--prefix too long");
	profile_parse(many_spec, &many_profile, "--behaviour");

	sim.nsvc = nspecs + many;
	sim.svcs = xcalloc(sim.nsvc, sizeof *sim.svcs);
	for (i = 0; i < nspecs; i++)
		spec_parse(argv[optind + (int)i], &sim.svcs[i]);
	for (i = 0; i < many; i++) {
		struct svc *s = &sim.svcs[nspecs + i];

		snprintf(s->name, sizeof s->name, "%s%zu", prefix, i + 1);
		s->p = many_profile;
		s->port = base > 0 ? (int)(base + i) : 0;
	}
	for (i = 0; i < nspecs; i++)
		for (j = i + 1; j < sim.nsvc; j++)
			if (strcmp(sim.svcs[i].name, sim.svcs[j].name) == 0)
				die(EXIT_USAGE, "service '%s' given twice",
				    sim.svcs[i].name);

	signal(SIGPIPE, SIG_IGN);
	raise_nofile();
	for (i = 0; i < sizeof filler; i++)
		filler[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	memcpy(filler, json_start, sizeof json_start - 1);
	clock_gettime(CLOCK_REALTIME, &ts);
	sim.start_time = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	sim.start_hr = uv_hrtime();
	if ((r = uv_loop_init(&sim.loop)) != 0)
		die(1, "uv_loop_init: %s", uv_strerror(r));

	for (i = 0; i < sim.nsvc; i++) {
		struct svc *s = &sim.svcs[i];

		s->m.nbounds = s->p.p95_ms > 10000 ? NB_WIDE : NB_STD;
		metrics_count(&s->m, 200, 0);	/* the series exists at once */
		svc_listen(s);
	}
	uv_signal_init(&sim.loop, &sim.sigterm);
	uv_signal_init(&sim.loop, &sim.sigint);
	uv_signal_start(&sim.sigterm, on_signal, SIGTERM);
	uv_signal_start(&sim.sigint, on_signal, SIGINT);
	announce();
	vlog("%zu services on %s", sim.nsvc, sim.host);

	uv_run(&sim.loop, UV_RUN_DEFAULT);
	if ((r = uv_loop_close(&sim.loop)) != 0)
		die(1, "uv_loop_close: %s (a handle leaked)", uv_strerror(r));
	free(sim.svcs);
	return 0;
}
