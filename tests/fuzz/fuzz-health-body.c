#include "autoconfig.h"

/*
 * core/health-body.c against the promises of health-body.h.
 *
 * Input: bytes 0-1 the HTTP status (high bit of byte 0: one of a few
 * extremes; else the 15 bits minus 1000, so 0 and negatives occur too),
 * byte 2 the Content-Type (one of the kinds a checker meets, or none), the
 * rest the body, in a buffer of its exact size (NULL when empty).
 *
 * Promises checked: no HTTP answer is unknown, anything else pass, warn or
 * fail; a status outside 200-399 always fails; a 2xx or 3xx with a blank
 * body passes; a plain-text body that is, trimmed, one status word gives the
 * worse of the two verdicts and other text changes nothing; the detail is
 * printable ASCII, under 200 bytes, and leads with the HTTP status unless a
 * body word alone decided; asking without a detail gives the same verdict.
 */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "health-body.h"
#include "xalloc.h"

struct word {
	const char		*word;
	enum health_verdict	 verdict;
};

static long	status_of(const uint8_t *);
static bool	has_json(const char *);
static bool	is_space(uint8_t);
static bool	text_word(const uint8_t *, size_t, enum health_verdict *);
static void	check_text(const char *, const uint8_t *, size_t, bool,
		    enum health_verdict);

static const struct word words[] = {
	{ "pass", HEALTH_PASS }, { "ok", HEALTH_PASS }, { "up", HEALTH_PASS },
	{ "healthy", HEALTH_PASS }, { "warn", HEALTH_WARN },
	{ "degraded", HEALTH_WARN }, { "fail", HEALTH_FAIL },
	{ "down", HEALTH_FAIL }, { "error", HEALTH_FAIL },
	{ "critical", HEALTH_FAIL }, { "out_of_service", HEALTH_FAIL },
	{ "unhealthy", HEALTH_FAIL },
};

static const char *const content_types[] = {
	NULL,
	"application/json",
	"application/health+json",
	"application/vnd.spring-boot.actuator.v3+json",
	"text/plain; charset=utf-8",
	"text/html",
	"APPLICATION/JSON; charset=utf-8",
	"",
};

static long
status_of(const uint8_t *d)
{
	static const long	extremes[] = { LONG_MAX, LONG_MIN, 0, 1000,
				    999999, 100, 600, 399 };

	if (d[0] & 0x80)
		return extremes[d[1] % (sizeof extremes / sizeof extremes[0])];
	return (long)(((d[0] & 0x7F) << 8) | d[1]) - 1000;
}

static bool
has_json(const char *ct)
{
	size_t	i, n;

	if (ct == NULL)
		return false;
	n = strlen(ct);
	for (i = 0; i + 4 <= n; i++)
		if (strncasecmp(ct + i, "json", 4) == 0)
			return true;
	return false;
}

static bool
is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* The body, trimmed, is exactly one status word (any case). */
static bool
text_word(const uint8_t *b, size_t n, enum health_verdict *v)
{
	size_t	i, j;
	uint8_t	c;

	while (n > 0 && is_space(b[0])) {
		b++;
		n--;
	}
	while (n > 0 && is_space(b[n - 1]))
		n--;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strlen(words[i].word) != n)
			continue;
		for (j = 0; j < n; j++) {
			c = b[j];
			if (c >= 'A' && c <= 'Z')
				c = (uint8_t)(c - 'A' + 'a');
			if (c != (uint8_t)words[i].word[j])
				break;
		}
		if (j == n) {
			*v = words[i].verdict;
			return true;
		}
	}
	return false;
}

/* A body that is neither JSON by type nor by its first byte is text. */
static void
check_text(const char *ct, const uint8_t *body, size_t len, bool http_ok,
    enum health_verdict got)
{
	enum health_verdict	 v, http = http_ok ? HEALTH_PASS : HEALTH_FAIL;
	size_t			 i = 0;

	while (i < len && is_space(body[i]))
		i++;
	if (has_json(ct) || (i < len && (body[i] == '{' || body[i] == '[')))
		return;
	if (text_word(body, len, &v))
		PROMISE(got == (v > http ? v : http));
	else
		PROMISE(got == http);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*ct;
	char			*body = NULL, *detail, *head;
	enum health_verdict	 v;
	size_t			 len, i;
	long			 status;
	bool			 http_ok, blank = true;

	if (size < 3)
		return 0;
	status = status_of(data);
	ct = content_types[data[2] % (sizeof content_types /
	    sizeof content_types[0])];
	len = size - 3;
	if (len > 0) {
		body = xmalloc(len);
		memcpy(body, data + 3, len);
	}
	for (i = 0; i < len; i++)
		if (!is_space(data[3 + i]))
			blank = false;

	v = health_body_classify(status, ct, body, len, &detail);
	PROMISE(health_body_classify(status, ct, body, len, NULL) == v);
	PROMISE(detail != NULL);
	PROMISE(health_verdict_name(v) != NULL);
	if (status <= 0) {
		PROMISE(v == HEALTH_UNKNOWN);
		PROMISE(strcmp(detail, "no HTTP response") == 0);
		goto out;
	}
	http_ok = status >= 200 && status <= 399;
	PROMISE(v == HEALTH_PASS || v == HEALTH_WARN || v == HEALTH_FAIL);
	if (!http_ok)
		PROMISE(v == HEALTH_FAIL);
	PROMISE(fuzz_printable_ascii(detail));
	PROMISE(strlen(detail) < HEALTH_DETAIL_MAX);
	head = xasprintf("HTTP %ld", status);
	PROMISE(strncmp(detail, head, strlen(head)) == 0 ||
	    (http_ok && strncmp(detail, "body ", 5) == 0));
	if (blank)
		PROMISE(v == (http_ok ? HEALTH_PASS : HEALTH_FAIL) &&
		    strcmp(detail, head) == 0);
	free(head);
	check_text(ct, data + 3, len, http_ok, v);
out:
	free(detail);
	free(body);
	return 0;
}
