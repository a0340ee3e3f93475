#include "autoconfig.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "health-body.h"
#include "utf8.h"
#include "xalloc.h"

/* How much of a name or status taken from the body reaches the detail. */
#define DETAIL_FIELD_MAX 32
/* How many non-passing checks the detail names before "+N more". */
#define DETAIL_CHECKS_MAX 3

/* What the body said, independently of the HTTP status. */
enum body_kind {
	BODY_NONE,		/* empty, or text that is not a status word */
	BODY_WORD,		/* a status word we know: verdict is set */
	BODY_NOTE		/* something worth a note, but no verdict */
};

struct body_reading {
	enum body_kind		 kind;
	enum health_verdict	 verdict;
	struct buf		*note;	/* "body status \"warn\"", ... */
};

struct status_word {
	const char		*word;
	enum health_verdict	 verdict;
};

/*
 * The IETF draft's values and aliases, Spring's UP/DOWN/OUT_OF_SERVICE, and
 * ASP.NET Core's plain-text Healthy/Degraded/Unhealthy.
 */
static const struct status_word status_words[] = {
	{ "pass", HEALTH_PASS },
	{ "ok", HEALTH_PASS },
	{ "up", HEALTH_PASS },
	{ "healthy", HEALTH_PASS },
	{ "warn", HEALTH_WARN },
	{ "degraded", HEALTH_WARN },
	{ "fail", HEALTH_FAIL },
	{ "down", HEALTH_FAIL },
	{ "error", HEALTH_FAIL },
	{ "critical", HEALTH_FAIL },
	{ "out_of_service", HEALTH_FAIL },
	{ "unhealthy", HEALTH_FAIL },
};

/* Cuts b to less than max bytes, marking the cut. */
static void
cap_detail(struct buf *b, size_t max)
{
	if (b->len < max)
		return;
	buf_truncate(b, max - 4);
	buf_put(b, "...");
}

/*
 * Body text goes to the operator's terminal: keep printable ASCII only and
 * cut it short, so a hostile endpoint can neither inject escapes nor flood
 * the pane.
 */
static void
put_clean(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < DETAIL_FIELD_MAX; i++) {
		unsigned char c = (unsigned char)s[i];
		char out = (c >= 0x20 && c < 0x7f) ? (char)c : '?';

		buf_putn(b, &out, 1);
	}
	if (i < n)
		buf_put(b, "...");
}

static char
lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	    c == '\v';
}

static bool
equal_ci(const char *s, size_t n, const char *word)
{
	if (strlen(word) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != word[i])
			return false;
	return true;
}

/* A known status word -> true and *v; anything else -> false. */
static bool
match_word(const char *s, size_t n, enum health_verdict *v)
{
	for (size_t i = 0; i < sizeof status_words / sizeof status_words[0];
	    i++) {
		if (equal_ci(s, n, status_words[i].word)) {
			*v = status_words[i].verdict;
			return true;
		}
	}
	return false;
}

static bool
contains_ci(const char *hay, const char *needle)
{
	size_t nl = strlen(needle), hl = strlen(hay);

	for (size_t i = 0; i + nl <= hl; i++)
		if (equal_ci(hay + i, nl, needle))
			return true;
	return false;
}

static enum health_verdict
worse(enum health_verdict a, enum health_verdict b)
{
	return a > b ? a : b;
}

/*
 * Nesting depth of JSON text, counted outside strings, in one pass.  cJSON
 * recurses once per level up to its own limit of 1000; a health document is
 * a few levels deep, so anything past HEALTH_JSON_MAX_DEPTH is not one and
 * never reaches the recursive parser.
 */
static bool
too_deep(const char *s, size_t n)
{
	size_t depth = 0;
	bool in_string = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
		} else if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[') {
			if (++depth > HEALTH_JSON_MAX_DEPTH)
				return true;
		} else if ((c == '}' || c == ']') && depth > 0)
			depth--;
	}
	return false;
}

/*
 * cJSON 1.7.15 (Debian) can read one byte past the given length on some
 * malformed strings, so it gets a NUL-terminated copy: the stray read lands
 * on our terminator.  Trailing non-blank text after the value is refused.
 */
static cJSON *
parse_json(const char *body, size_t len)
{
	char *copy = xmalloc(len + 1);
	const char *end = NULL;
	cJSON *root;

	memcpy(copy, body, len);
	copy[len] = '\0';
	root = cJSON_ParseWithLengthOpts(copy, len, &end, false);
	if (root != NULL && end != NULL) {
		for (const char *p = end; p < copy + len; p++) {
			if (!is_space(*p)) {
				cJSON_Delete(root);
				root = NULL;
				break;
			}
		}
	}
	free(copy);
	return root;
}

/*
 * The worst known status among one check's entries: an object with
 * "status" (Spring components) or an array of them (health+json checks).
 * Returns false when none has a known status.
 */
static bool
check_status(const cJSON *check, enum health_verdict *v, const char **word)
{
	const cJSON *item;
	bool found = false;

	if (cJSON_IsObject(check)) {
		item = cJSON_GetObjectItemCaseSensitive(check, "status");
		if (cJSON_IsString(item) && match_word(item->valuestring,
		    strlen(item->valuestring), v)) {
			*word = item->valuestring;
			return true;
		}
		return false;
	}
	if (!cJSON_IsArray(check))
		return false;
	cJSON_ArrayForEach(item, check) {
		enum health_verdict iv;
		const char *iw;

		if (check_status(item, &iv, &iw) && (!found || iv > *v)) {
			*v = iv;
			*word = iw;
			found = true;
		}
	}
	return found;
}

/* Appends "name STATUS" for every check of group that is not passing. */
static void
note_checks(struct buf *b, const cJSON *group, size_t *shown,
    size_t *hidden)
{
	const cJSON *check;

	if (!cJSON_IsObject(group))
		return;
	cJSON_ArrayForEach(check, group) {
		enum health_verdict v;
		const char *word;

		if (!check_status(check, &v, &word) || v == HEALTH_PASS)
			continue;
		if (*shown == DETAIL_CHECKS_MAX) {
			(*hidden)++;
			continue;
		}
		buf_put(b, *shown == 0 ? "; not passing: " : ", ");
		put_clean(b, check->string ? check->string : "?",
		    check->string ? strlen(check->string) : 1);
		buf_put(b, " ");
		put_clean(b, word, strlen(word));
		(*shown)++;
	}
}

/*
 * The per-check details, for the detail only: health+json "checks", Spring
 * "components" (Boot >= 2.2) or "details" (Boot 2.0/2.1).
 */
static void
note_all_checks(struct buf *b, const cJSON *root)
{
	static const char *const groups[] = { "checks", "components",
	    "details" };
	size_t shown = 0, hidden = 0;

	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		note_checks(b, cJSON_GetObjectItemCaseSensitive(root,
		    groups[i]), &shown, &hidden);
	if (hidden > 0)
		buf_printf(b, ", +%zu more", hidden);
}

static void
read_json_status(const cJSON *root, struct body_reading *r)
{
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(root, "status");
	const char *s;

	r->kind = BODY_NOTE;
	if (st == NULL) {
		buf_put(r->note, "JSON body without status");
		return;
	}
	if (!cJSON_IsString(st) || st->valuestring == NULL) {
		buf_put(r->note, "non-string status");
		return;
	}
	s = st->valuestring;
	if (match_word(s, strlen(s), &r->verdict)) {
		r->kind = BODY_WORD;
		buf_put(r->note, "body status \"");
	} else
		buf_put(r->note, "unrecognized status \"");
	put_clean(r->note, s, strlen(s));
	buf_put(r->note, "\"");
}

static void
read_json(const char *body, size_t len, struct body_reading *r)
{
	cJSON *root;

	r->kind = BODY_NOTE;
	if (too_deep(body, len)) {
		buf_put(r->note, "JSON body nested too deep");
		return;
	}
	if ((root = parse_json(body, len)) == NULL) {
		buf_put(r->note, "unparseable JSON body");
		return;
	}
	if (!cJSON_IsObject(root))
		buf_put(r->note, "JSON body without status");
	else {
		read_json_status(root, r);
		note_all_checks(r->note, root);
	}
	cJSON_Delete(root);
}

/* Plain text counts only when it is, trimmed, exactly one status word. */
static void
read_text(const char *s, size_t n, struct body_reading *r)
{
	if (!match_word(s, n, &r->verdict))
		return;
	r->kind = BODY_WORD;
	buf_put(r->note, "body \"");
	put_clean(r->note, s, n);
	buf_put(r->note, "\"");
}

static void
read_body(const char *content_type, const char *body, size_t len,
    struct body_reading *r)
{
	const char *s, *e;

	/* body + len on a NULL body is undefined, even with len 0. */
	if (body == NULL || len == 0)
		return;
	s = body;
	e = body + len;
	while (s < e && is_space(*s))
		s++;
	while (e > s && is_space(e[-1]))
		e--;
	if (s == e)
		return;
	if (*s == '{' || *s == '[' ||
	    (content_type != NULL && contains_ci(content_type, "json")))
		read_json(s, (size_t)(e - s), r);
	else
		read_text(s, (size_t)(e - s), r);
}

enum health_verdict
health_body_classify(long http_status, const char *content_type,
    const char *body, size_t len, char **detail)
{
	struct buf note = BUF_INIT, out = BUF_INIT;
	struct body_reading r = { BODY_NONE, HEALTH_PASS, &note };
	enum health_verdict v;
	bool http_ok = http_status >= 200 && http_status <= 399;

	if (detail != NULL)
		*detail = NULL;
	if (http_status <= 0) {
		if (detail != NULL)
			*detail = xstrdup("no HTTP response");
		return HEALTH_UNKNOWN;
	}
	read_body(content_type, body, len, &r);
	v = http_ok ? HEALTH_PASS : HEALTH_FAIL;
	if (r.kind == BODY_WORD)
		v = worse(v, r.verdict);
	/* A body verdict alone says it all; otherwise the status leads. */
	if (!http_ok || r.kind != BODY_WORD) {
		buf_printf(&out, "HTTP %ld", http_status);
		if (note.len > 0)
			buf_put(&out, ", ");
	}
	if (note.len > 0)
		buf_put(&out, note.s);
	buf_free(&note);
	/* A long status and three long check names add up: cut the whole. */
	cap_detail(&out, HEALTH_DETAIL_MAX);
	if (detail != NULL)
		*detail = buf_take(&out);
	else
		buf_free(&out);
	return v;
}

char *
health_detail_fit(const char *head, const char *tail)
{
	size_t room = HEALTH_DETAIL_MAX - 1 - strlen(tail), n = strlen(head);

	if (n <= room)
		return xasprintf("%s%s", head, tail);
	n = utf8_cut(head, room - 3);
	return xasprintf("%.*s...%s", (int)n, head, tail);
}

const char *
health_verdict_name(enum health_verdict v)
{
	switch (v) {
	case HEALTH_PASS:
		return "pass";
	case HEALTH_WARN:
		return "warn";
	case HEALTH_FAIL:
		return "fail";
	case HEALTH_UNKNOWN:
		break;
	}
	return "unknown";
}
