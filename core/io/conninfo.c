/*
 * Connection strings, read without connecting (see conninfo.h).
 *
 * Redaction errs on the side of hiding: it collects every span that libpq,
 * or the user, may take for the password, and masks them all.  A URI's
 * credentials end, for libpq, at the first '@' before any '/'; a user who
 * wrote a '/' in the password meant the last '@', so both readings count.
 */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "conninfo.h"
#include "xalloc.h"

#define SECRETS_MAX	8
#define MASK		"***"

struct secrets {
	char	*v[SECRETS_MAX];	/* owned */
	int	 n;
};

static void
secrets_add(struct secrets *s, const char *p, size_t len)
{
	int i;

	if (len == 0 || s->n == SECRETS_MAX)
		return;
	for (i = 0; i < s->n; i++) {
		if (strlen(s->v[i]) == len && strncmp(s->v[i], p, len) == 0)
			return;
	}
	s->v[s->n++] = xstrndup(p, len);
}

static void
secrets_free(struct secrets *s)
{
	while (s->n > 0)
		free(s->v[--s->n]);
}

static int
hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* The URI password as the server would see it, when it decodes. */
static void
secrets_add_decoded(struct secrets *s, const char *p, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (p[i] == '%' && i + 2 < len &&
		    hexval((unsigned char)p[i + 1]) >= 0 &&
		    hexval((unsigned char)p[i + 2]) >= 0) {
			out[o++] = (char)(hexval((unsigned char)p[i + 1]) * 16 +
			    hexval((unsigned char)p[i + 2]));
			i += 2;
		} else
			out[o++] = p[i];
	}
	secrets_add(s, out, o);
	free(out);
}

static void
secrets_add_uri_password(struct secrets *s, const char *from, const char *at)
{
	const char *colon = memchr(from, ':', (size_t)(at - from));

	if (colon == NULL)
		return;
	secrets_add(s, colon + 1, (size_t)(at - colon - 1));
	secrets_add_decoded(s, colon + 1, (size_t)(at - colon - 1));
}

static void
uri_secrets(const char *ci, struct secrets *s)
{
	const char *p = strstr(ci, "://") + 3, *end, *at, *q;

	end = p + strcspn(p, "@/");
	if (*end == '@')
		secrets_add_uri_password(s, p, end);
	if ((at = strrchr(p, '@')) != NULL)
		secrets_add_uri_password(s, p, at);
	for (q = strchr(p, '?'); q != NULL; q = strchr(q + 1, '&')) {
		if (strncmp(q + 1, "password=", 9) == 0) {
			secrets_add(s, q + 10, strcspn(q + 10, "&"));
			secrets_add_decoded(s, q + 10, strcspn(q + 10, "&"));
		}
	}
}

/* A value of the key=value form: a quoted string (backslash escapes) or a
 * run of non-blanks.  Adds it when the key is "password"; returns the
 * position after it. */
static const char *
kv_value(const char *p, int is_password, struct secrets *s)
{
	const char *start;
	char *plain;
	size_t o = 0;

	if (*p != '\'') {
		start = p;
		p += strcspn(p, " \t\n\r");
		if (is_password)
			secrets_add(s, start, (size_t)(p - start));
		return p;
	}
	start = ++p;
	plain = xmalloc(strlen(p) + 1);
	for (; *p != '\0' && *p != '\''; p++) {
		if (*p == '\\' && p[1] != '\0')
			p++;
		plain[o++] = *p;
	}
	if (is_password) {
		secrets_add(s, start, (size_t)(p - start));
		secrets_add(s, plain, o);
	}
	free(plain);
	return *p == '\'' ? p + 1 : p;
}

static void
kv_secrets(const char *ci, struct secrets *s)
{
	const char *p = ci, *key;
	size_t klen;

	while (*p != '\0') {
		p += strspn(p, " \t\n\r");
		key = p;
		klen = strcspn(p, " \t\n\r=");
		p += klen;
		p += strspn(p, " \t\n\r");
		if (*p != '=') {
			if (klen == 0 && *p != '\0')
				p++;
			continue;
		}
		p++;
		p += strspn(p, " \t\n\r");
		p = kv_value(p, klen == 8 && strncmp(key, "password", 8) == 0,
		    s);
	}
}

static void
secrets_collect(const char *ci, struct secrets *s)
{
	if (ci == NULL)
		return;
	if (strncmp(ci, "postgresql://", 13) == 0 ||
	    strncmp(ci, "postgres://", 11) == 0)
		uri_secrets(ci, s);
	else
		kv_secrets(ci, s);
}

/* Longest k >= 2 such that the last k bytes of a are the first k of b. */
static size_t
overlap(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t k = alen < blen ? alen : blen;

	for (; k >= 2; k--) {
		if (memcmp(a + alen - k, b, k) == 0)
			return k;
	}
	return 0;
}

/* How much of the token's start ends a secret, and of its end begins one:
 * libpq cuts a mangled string at its own delimiters, which may fall inside
 * the password. */
static void
token_edges(const char *tok, size_t len, const struct secrets *s,
    size_t *head, size_t *tail)
{
	size_t sl, k;
	int i;

	*head = *tail = 0;
	for (i = 0; i < s->n; i++) {
		sl = strlen(s->v[i]);
		if ((k = overlap(s->v[i], sl, tok, len)) > *head)
			*head = k;
		if ((k = overlap(tok, len, s->v[i], sl)) > *tail)
			*tail = k;
	}
}

/* Appends token (len bytes, quotes excluded) with what may be the
 * password masked: the whole token when it is a piece of a secret, else
 * its edges that overlap one and every occurrence of one inside it. */
static size_t
put_token(char *out, const char *tok, size_t len, const struct secrets *s)
{
	size_t i, o = 0, sl, head, tail;
	int k;

	for (k = 0; k < s->n; k++) {
		sl = strlen(s->v[k]);
		if (len > 0 && len <= sl && memmem(s->v[k], sl, tok, len)) {
			memcpy(out, MASK, 3);
			return 3;
		}
	}
	token_edges(tok, len, s, &head, &tail);
	if (head + tail >= len && len > 0) {
		memcpy(out, MASK, 3);
		return 3;
	}
	if (head > 0) {
		memcpy(out, MASK, 3);
		o = 3;
	}
	for (i = head; i < len - tail;) {
		for (k = 0; k < s->n; k++) {
			sl = strlen(s->v[k]);
			if (sl <= len - tail - i &&
			    memcmp(tok + i, s->v[k], sl) == 0)
				break;
		}
		if (k < s->n) {
			memcpy(out + o, MASK, 3);
			o += 3;
			i += sl;
		} else
			out[o++] = tok[i++];
	}
	if (tail > 0) {
		memcpy(out + o, MASK, 3);
		o += 3;
	}
	return o;
}

/* Length of a secret of 4 or more bytes that starts at p, else 0.  Shorter
 * ones would mask ordinary words; quoted tokens catch those. */
static size_t
bare_secret_at(const char *p, const struct secrets *s)
{
	size_t sl;
	int k;

	for (k = 0; k < s->n; k++) {
		sl = strlen(s->v[k]);
		if (sl >= 4 && strncmp(p, s->v[k], sl) == 0)
			return sl;
	}
	return 0;
}

char *
conninfo_redact(const char *conninfo, const char *msg)
{
	struct secrets s = { .n = 0 };
	const char *p, *close;
	char *out;
	size_t o = 0, skip;

	if (msg == NULL)
		return xstrdup("");
	secrets_collect(conninfo, &s);
	/* A mask is 3 bytes and replaces at least 1. */
	out = xmalloc(strlen(msg) * 3 + 1);
	for (p = msg; *p != '\0';) {
		if (*p == '"' && (close = strchr(p + 1, '"')) != NULL) {
			out[o++] = '"';
			o += put_token(out + o, p + 1, (size_t)(close - p - 1),
			    &s);
			out[o++] = '"';
			p = close + 1;
		} else if ((skip = bare_secret_at(p, &s)) > 0) {
			memcpy(out + o, MASK, 3);
			o += 3;
			p += skip;
		} else
			out[o++] = *p++;
	}
	out[o] = '\0';
	secrets_free(&s);
	return out;
}

static int
one_of(const char *v, const char *const *allowed)
{
	for (; *allowed != NULL; allowed++) {
		if (strcmp(v, *allowed) == 0)
			return 1;
	}
	return 0;
}

/* A decimal number in [lo, hi]; empty is libpq's default. */
static int
is_int_in(const char *v, size_t len, long lo, long hi)
{
	long n = 0;
	size_t i = 0;

	if (len > 0 && v[0] == '-')
		i = 1;
	if (i == len || len - i > 9)
		return len == 0;
	for (; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		n = n * 10 + (v[i] - '0');
	}
	if (v[0] == '-')
		n = -n;
	return n >= lo && n <= hi;
}

static int
ports_ok(const char *v)
{
	size_t len;

	for (;;) {
		len = strcspn(v, ",");
		if (len > 0 && !is_int_in(v, len, 1, 65535))
			return 0;
		if (v[len] == '\0')
			return 1;
		v += len + 1;
	}
}

int
conninfo_check_option(const char *kw, const char *v, char **cause)
{
	static const char *const sslmodes[] = { "disable", "allow", "prefer",
	    "require", "verify-ca", "verify-full", NULL };
	static const char *const gssmodes[] = { "disable", "prefer", "require",
	    NULL };
	static const char *const binding[] = { "disable", "prefer", "require",
	    NULL };
	static const char *const attrs[] = { "any", "read-write", "read-only",
	    "primary", "standby", "prefer-standby", NULL };
	static const char *const ints[] = { "connect_timeout", "keepalives",
	    "keepalives_idle", "keepalives_interval", "keepalives_count",
	    "tcp_user_timeout", NULL };
	const char *accepts = NULL;

	*cause = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	if (strcmp(kw, "port") == 0 && !ports_ok(v))
		accepts = "a port number from 1 to 65535";
	else if (strcmp(kw, "sslmode") == 0 && !one_of(v, sslmodes))
		accepts = "disable, allow, prefer, require, verify-ca or "
		    "verify-full";
	else if (strcmp(kw, "gssencmode") == 0 && !one_of(v, gssmodes))
		accepts = "disable, prefer or require";
	else if (strcmp(kw, "channel_binding") == 0 && !one_of(v, binding))
		accepts = "disable, prefer or require";
	else if (strcmp(kw, "target_session_attrs") == 0 && !one_of(v, attrs))
		accepts = "any, read-write, read-only, primary, standby or "
		    "prefer-standby";
	else if (one_of(kw, ints) && !is_int_in(v, strlen(v), -999999999,
	    999999999))
		accepts = "a whole number";
	if (accepts == NULL)
		return 0;
	/* The value is not repeated: in a mangled string it may hold more
	 * than the option (a password that followed it, say). */
	*cause = xasprintf("invalid connection string: %s must be %s", kw,
	    accepts);
	return -1;
}

static int
is_loopback(const char *h)
{
	struct in_addr a4;
	struct in6_addr a6;

	if (h == NULL || *h == '\0')
		return 0;
	if (strcmp(h, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, h, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, h, &a6) == 1)
		return IN6_IS_ADDR_LOOPBACK(&a6);
	return 0;
}

const char *
conninfo_trust_note(const char *host, const char *hostaddr, bool ssl_in_use,
    const char *sslmode)
{
	if (host != NULL && (*host == '/' || *host == '@'))
		return NULL;
	if (hostaddr != NULL && *hostaddr != '\0' ? is_loopback(hostaddr) :
	    is_loopback(host))
		return NULL;
	if (!ssl_in_use)
		return "no TLS";
	if (sslmode == NULL || strcmp(sslmode, "verify-full") != 0)
		return "TLS unverified";
	return NULL;
}
