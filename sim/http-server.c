#include "autoconfig.h"

/*
 * The HTTP/1.1 side of the sim: listeners, connections, request heads and
 * the writing of answers.  What to answer is behaviours.c's and, for the
 * control path, control.c's.  Request bodies are skipped, except the
 * control request's, which is read whole (at most CONTROL_BODY_MAX bytes)
 * before it is answered.
 *
 * Lifetime.  A conn is created in on_connection, unlinked when conn_close
 * starts closing its two handles, and freed only in the last close callback.
 * Write requests own their bytes and free them in their callback, which
 * libuv runs (with UV_ECANCELED) before the handle's close callback.  On
 * SIGTERM/SIGINT every handle is closed, uv_run returns and uv_loop_close
 * must return 0.  Nothing blocks: delays are timers, large bodies are
 * written one chunk at a time as the socket drains.
 */

#include <sys/types.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "sim.h"
#include "xalloc.h"

const char *const route_names[] = {
	"/health", "/metrics", "redirect target", "unknown path",
	"bad method", "bad request", "head too large",
	CONTROL_PATH, CONTROL_PATH " bad method",
	CONTROL_PATH " without length", CONTROL_PATH " body too large"
};

/* A write that owns its bytes; freed in write_owned_cb. */
struct wreq {
	uv_write_t	 req;
	struct conn	*c;
	char		*data;		/* owned */
};

static char scratch[4096];		/* reads nobody keeps */
static char filler[CHUNK_SIZE];		/* each chunk of the huge body */
static const char json_start[] = "{\"status\":\"ok\",\"padding\":\"";
static char crlf[] = "\r\n";
static char last_chunk[] = "0\r\n\r\n";

static void conn_process(struct conn *);
static void stream_next(struct conn *);

/* Every chunk of the huge body begins like a JSON health body. */
void
server_init(void)
{
	size_t i;

	for (i = 0; i < sizeof filler; i++)
		filler[i] = i % 64 == 63 ? '\n' : (char)('a' + i % 26);
	memcpy(filler, json_start, sizeof json_start - 1);
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
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 429: return "Too Many Requests";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	case 504: return "Gateway Timeout";
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
wreq_free(struct wreq *w)
{
	free(w->data);
	free(w);
}

static void
write_owned_cb(uv_write_t *req, int status)
{
	struct wreq *w = (struct wreq *)req;	/* req is its first member */
	struct conn *c = w->c;

	wreq_free(w);
	after_write(c, status);
}

/* Writes b's bytes, taking them over (b is empty afterwards). */
static void
write_owned(struct conn *c, struct buf *b)
{
	struct wreq *w = xcalloc(1, sizeof *w);
	unsigned len = (unsigned)b->len;
	uv_buf_t buf;

	w->c = c;
	w->data = buf_take(b);
	buf = uv_buf_init(w->data, len);
	if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &buf, 1,
	    write_owned_cb) != 0) {
		wreq_free(w);
		conn_close(c);
	}
}

/* Counts the answer and logs it with --verbose.  Scrapes and control
 * requests are not what the service serves, so they are not counted: a
 * switch does not dilute the error rate it is meant to change. */
static void
record(struct conn *c, int code)
{
	double secs = (double)(uv_hrtime() - c->t_start) / 1e9;

	if (c->route != R_METRICS && !route_is_control(c->route))
		metrics_record(&c->svc->m, code, secs);
	vlog("%s: %s%s -> %d in %.1f ms", c->svc->name,
	    c->head_only ? "HEAD " : "", route_names[c->route], code,
	    secs * 1000);
}

void
respond(struct conn *c, int code, const char *ctype, const char *extra,
    const char *body, size_t len)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "HTTP/1.1 %d %s\r\nServer: opsdeck-sim\r\n"
	    "Cache-Control: no-store\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\n%sConnection: %s\r\n\r\n", code,
	    reason(code), ctype, len, extra ? extra : "",
	    c->keep_alive ? "keep-alive" : "close");
	if (!c->head_only)
		buf_putn(&b, body, len);
	record(c, code);
	c->state = CS_WRITING;
	write_owned(c, &b);
}

void
respond_text(struct conn *c, int code, const char *extra, const char *text)
{
	respond(c, code, "text/plain; charset=utf-8", extra, text,
	    strlen(text));
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

void
stream_start(struct conn *c)
{
	struct buf b = BUF_INIT;

	c->chunked = !c->http10;
	if (!c->chunked)
		c->keep_alive = 0;	/* HTTP/1.0: the body ends at close */
	c->endless = c->svc->p.size == 0;
	c->left = c->svc->p.size;
	buf_printf(&b, "HTTP/1.1 200 OK\r\nServer: opsdeck-sim\r\n"
	    "Cache-Control: no-store\r\nContent-Type: application/json\r\n"
	    "%sConnection: %s\r\n\r\n",
	    c->chunked ? "Transfer-Encoding: chunked\r\n" : "",
	    c->keep_alive ? "keep-alive" : "close");
	record(c, 200);
	c->state = CS_STREAMING;
	write_owned(c, &b);
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

/* Reads the header lines after the request line up to lim: keep-alive
 * and the body to skip.  -1 on a malformed header. */
static int
parse_headers(struct conn *c, char *line, char *lim)
{
	char *eol, *colon, *v, *num_end;
	size_t n, vlen;
	int close_tok = 0, ka_tok = 0;

	for (; line < lim; line = eol + 1) {
		eol = memchr(line, '\n', (size_t)(lim - line));
		n = (size_t)(eol - line);
		if (n > 0 && line[n - 1] == '\r')
			n--;
		if (n == 0)
			break;
		if ((colon = memchr(line, ':', n)) == NULL)
			return -1;
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
				return -1;
		} else if (span_caseeq(line, n, "transfer-encoding")) {
			close_tok = 1;	/* a body we cannot frame: close */
			c->unframed = 1;
		}
	}
	c->keep_alive = !close_tok && (ka_tok || !c->http10);
	return 0;
}

/* The control path's route, by method and body; a body the sim will not
 * read whole ends the connection after the answer. */
static enum route
control_route(struct conn *c, const char *method, size_t mlen)
{
	if (!span_eq(method, mlen, "PUT") && !span_eq(method, mlen, "POST"))
		return R_CONTROL_METHOD;
	if (c->unframed || c->discard > CONTROL_BODY_MAX) {
		c->keep_alive = 0;
		return c->unframed ? R_CONTROL_NO_LENGTH : R_CONTROL_TOO_LARGE;
	}
	c->body_len = (size_t)c->discard;
	return R_CONTROL;
}

/* Parses the head in c->buf[0..end) into c's request fields. */
static enum route
parse_request(struct conn *c, size_t end)
{
	char *line = c->buf, *lim = c->buf + end, *eol, *sp1, *sp2;
	size_t n, plen;
	int get;

	c->keep_alive = 0;
	c->head_only = 0;
	c->discard = 0;
	c->unframed = 0;
	c->body_len = 0;
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
	if (parse_headers(c, eol + 1, lim) != 0)
		return R_BAD_REQUEST;

	plen = strcspn(sp1 + 1, "? ");
	if (span_eq(sp1 + 1, plen, CONTROL_PATH))
		return control_route(c, line, (size_t)(sp1 - line));
	if (!get && !c->head_only)
		return R_BAD_METHOD;
	line = sp1 + 1;
	if (span_eq(line, plen, "/health"))
		return R_HEALTH;
	if (span_eq(line, plen, "/metrics"))
		return R_METRICS;
	if (sim.redirect_target(&c->svc->p, line, plen))
		return R_TARGET;
	return R_NOT_FOUND;
}

/* Handles whatever c->buf holds when c is ready for a new request, or
 * more of the control body it waits for. */
static void
conn_process(struct conn *c)
{
	size_t end, n;

	if (c->state == CS_BODY) {
		if (c->len >= c->body_len) {
			c->state = CS_READING;
			sim.on_request(c);
		}
		return;
	}
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
		respond_text(c, 431, NULL, "request head too large\n");
		return;
	}
	c->route = parse_request(c, end);
	if (c->route == R_BAD_REQUEST)
		c->keep_alive = 0;
	memmove(c->buf, c->buf + end, c->len - end);
	c->len -= end;
	/* The body stays at the start of buf while it is answered; the
	 * discard above drops it before the next request. */
	if (c->route == R_CONTROL && c->len < c->body_len) {
		c->state = CS_BODY;
		return;
	}
	sim.on_request(c);
}

/* --- Connections and listeners ---------------------------------------- */

static void
conn_close_cb(uv_handle_t *h)
{
	struct conn *c = h->data;

	if (--c->pending == 0)
		free(c);
}

void
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

void
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

void
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
