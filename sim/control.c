#include "autoconfig.h"

/*
 * The control endpoint, CONTROL_PATH on every service's own port: a PUT or
 * POST whose body is a behaviour spec (as on the command line between
 * NAME= and @PORT) switches that service to it at run time, so that a
 * test's deploy command can break a service or mend it.  It is answered
 * whatever the service plays, so a hanging or resetting service can still
 * be switched back, and it is not counted in /metrics (http-server.c).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sim.h"
#include "xalloc.h"

/* The body without surrounding blanks and line ends, so that a body sent
 * with `echo failing | curl --data-binary @-` works too. */
static int
is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static void
body_trim(const char *body, size_t len, const char **start, size_t *n)
{
	while (len > 0 && is_blank(body[len - 1]))
		len--;
	while (len > 0 && is_blank(*body)) {
		body++;
		len--;
	}
	*start = body;
	*n = len;
}

/* Why text[0..n) is no spec before it is parsed, or NULL.  A spec is
 * printable ASCII without blanks; checking that first keeps NULs out of
 * the parser and control characters out of the 400 answer, which quotes
 * the spec. */
static const char *
spec_refusal(const char *text, size_t n)
{
	size_t i;

	if (n == 0)
		return "empty behaviour spec";
	for (i = 0; i < n; i++)
		if (text[i] <= ' ' || text[i] > '~')
			return "a behaviour spec is printable ASCII "
			    "without blanks";
	return NULL;
}

/* Answers code with why on one line. */
static void
respond_line(struct conn *c, int code, const char *extra, const char *why)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s\n", why);
	respond_text(c, code, extra, b.s);
	buf_free(&b);
}

/* s plays p from now on.  The counters stay (error-rate deltas across the
 * switch stay meaningful); the health checks count afresh so that a
 * flapping or burst5xx cycle starts at its beginning. */
static void
svc_switch(struct svc *s, const struct profile *p, const char *spec)
{
	s->p = *p;
	s->health_hits = 0;
	metrics_switch(&s->m, p);
	vlog("%s: behaviour now %s", s->name, spec);
}

/* PUT or POST with the whole body in c->buf[0..body_len). */
static void
control_switch(struct conn *c)
{
	struct profile p;
	const char *start, *why;
	char err[256], *spec;
	size_t n;

	body_trim(c->buf, c->body_len, &start, &n);
	if ((why = spec_refusal(start, n)) != NULL) {
		respond_line(c, 400, NULL, why);
		return;
	}
	spec = xstrndup(start, n);
	if (profile_parse(spec, &p, err, sizeof err) != 0)
		respond_line(c, 400, NULL, err);	/* the old one stays */
	else {
		svc_switch(c->svc, &p, spec);
		respond_line(c, 200, NULL, spec);
	}
	free(spec);
}

static void
control_answer(struct conn *c)
{
	char why[64];

	switch (c->route) {
	case R_CONTROL_METHOD:
		respond_line(c, 405, "Allow: PUT, POST\r\n",
		    "method not allowed: PUT or POST a behaviour spec");
		break;
	case R_CONTROL_NO_LENGTH:
		respond_line(c, 411, NULL,
		    "length required: send the spec with Content-Length");
		break;
	case R_CONTROL_TOO_LARGE:
		snprintf(why, sizeof why, "behaviour spec over %d bytes",
		    CONTROL_BODY_MAX);
		respond_line(c, 413, NULL, why);
		break;
	default:
		control_switch(c);
		break;
	}
}

void
request_dispatch(struct conn *c)
{
	if (!route_is_control(c->route)) {
		request_begin(c);
		return;
	}
	c->t_start = uv_hrtime();
	control_answer(c);
}
