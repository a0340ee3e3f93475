/*
 * Action writes (see action.h).  The guard, the audit row and the plan's
 * rate all live in opsdeck.action_write (db/migrate.sql), so that one
 * statement is one transaction whoever sends it: the cockpit, the command
 * line or a replay.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "action.h"
#include "sanitize.h"
#include "xalloc.h"

static const char *const kind_names[ACTION_NKINDS] = {
	[ACTION_COMPLETE] = "complete",
	[ACTION_BLOCK] = "block",
	[ACTION_START] = "start",
	[ACTION_UNDO] = "undo",
};

static const char *const result_names[] = {
	[ACTION_APPLIED] = "applied",
	[ACTION_DUPLICATE] = "duplicate",
	[ACTION_CONFLICT] = "conflict",
	[ACTION_UNCHANGED] = "unchanged",
	[ACTION_NOT_FOUND] = "not_found",
	[ACTION_REFUSED] = "refused",
	[ACTION_INVALID] = "invalid",
	[ACTION_FAILED] = "failed",
};

#define NRESULTS (int)(sizeof result_names / sizeof result_names[0])

const char *
action_kind_name(enum action_kind k)
{
	return k >= 0 && k < ACTION_NKINDS ? kind_names[k] : "?";
}

int
action_kind_parse(const char *s)
{
	int k;

	for (k = 0; s != NULL && k < ACTION_NKINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

const char *
action_kind_status(enum action_kind k)
{
	switch (k) {
	case ACTION_COMPLETE:	return "completed";
	case ACTION_BLOCK:	return "blocked";
	case ACTION_START:	return "in_progress";
	default:		return NULL;
	}
}

const char *
action_result_name(enum action_result r)
{
	return (int)r >= 0 && (int)r < NRESULTS ? result_names[r] : "?";
}

int
action_result_parse(const char *s)
{
	int r;

	for (r = 0; s != NULL && r < NRESULTS; r++)
		if (strcmp(s, result_names[r]) == 0)
			return r;
	return -1;
}

int
action_hours_check(const char *hours, char **cause)
{
	size_t whole, frac = 0;
	double h;

	/* Plain decimal digits only: strtod would also take "0x10", "inf"
	 * and leading blanks, which the numeric type refuses. */
	whole = hours != NULL ? strspn(hours, "0123456789") : 0;
	if (hours != NULL && hours[whole] == '.')
		frac = strspn(hours + whole + 1, "0123456789") + 1;
	h = hours != NULL ? strtod(hours, NULL) : -1;
	if (hours == NULL || whole + frac == 0 || (whole == 0 && frac == 1) ||
	    hours[whole + frac] != '\0' || !(h >= 0 && h < 999.995)) {
		*cause = xstrdup("hours: expected a number from 0 to 999.99");
		return -1;
	}
	return 0;
}

int
action_reason_check(const char *reason, char **cause)
{
	const char *s = reason;

	while (s != NULL && (*s == ' ' || *s == '\t'))
		s++;
	if (s == NULL || *s == '\0') {
		*cause = xstrdup("block: a reason is required (--reason TEXT)");
		return -1;
	}
	return 0;
}

int
action_new_id(char id[ACTION_ID_LEN + 1])
{
	unsigned char b[16];

	if (getentropy(b, sizeof b) != 0)
		return -1;
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(id, ACTION_ID_LEN + 1,
	    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
	    b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

/* "12 s", "4 min", "3 h", "2 d": how long ago, coarse. */
static void
ago_text(double s, char *buf, size_t len)
{
	if (s < 0)
		s = 0;
	if (s < 90)
		snprintf(buf, len, "%.0f s", s);
	else if (s < 90 * 60)
		snprintf(buf, len, "%.0f min", s / 60);
	else if (s < 36 * 3600)
		snprintf(buf, len, "%.0f h", s / 3600);
	else
		snprintf(buf, len, "%.0f d", s / 86400);
}

static char *
conflict_message(const struct action_req *r, const struct action_outcome *o)
{
	char ago[32] = "";
	const char *now = o->after != NULL ? o->after : "changed";

	if (o->has_ago)
		ago_text(o->ago_s, ago, sizeof ago);
	if (o->changed_by != NULL)
		return xasprintf("%s was %s by %s%s%s ago; nothing written",
		    r->code, now, o->changed_by, *ago ? " " : "", ago);
	if (*ago != '\0')
		return xasprintf("%s changed %s ago (now %s); nothing written",
		    r->code, ago, now);
	return xasprintf("%s changed since you saw it (now %s); nothing written",
	    r->code, now);
}

char *
action_outcome_message(const struct action_req *r,
    const struct action_outcome *o)
{
	const char *k = action_kind_name(r->kind);

	switch (o->result) {
	case ACTION_APPLIED:
		if (r->kind == ACTION_UNDO)
			return xasprintf("%s back to %s (undone)", r->code,
			    o->after != NULL ? o->after : "its previous state");
		return xasprintf("%s %s", r->code,
		    o->after != NULL ? o->after : "written");
	case ACTION_DUPLICATE:
		return xasprintf("%s: this %s was already handled (%s); "
		    "nothing written again", r->code, k,
		    action_result_name(o->earlier));
	case ACTION_CONFLICT:
		return conflict_message(r, o);
	case ACTION_UNCHANGED:
		return xasprintf("%s is already %s; nothing written", r->code,
		    o->after != NULL ? o->after : "so");
	case ACTION_NOT_FOUND:
		return xasprintf("no action %s; nothing written", r->code);
	case ACTION_REFUSED:
		return xasprintf("%s %s refused: %s", k, r->code,
		    o->detail != NULL ? o->detail : "no privilege");
	case ACTION_INVALID:
		return xasprintf("%s %s refused: %s", k, r->code,
		    o->detail != NULL ? o->detail : "invalid");
	case ACTION_FAILED:
		break;
	}
	return xasprintf("%s %s failed: %s", k, r->code,
	    o->detail != NULL ? o->detail : "database error");
}

/* The request's strings, in one table for JSON both ways. */
struct req_field {
	const char	*name;
	size_t		 off;
};

#define RF(f) { #f, offsetof(struct action_req, f) }
static const struct req_field req_fields[] = {
	RF(code), RF(operator), RF(now), RF(seen), RF(since), RF(hours),
	RF(evidence), RF(reason), RF(undo_of), RF(seen_status),
};
#define NFIELDS (sizeof req_fields / sizeof req_fields[0])

static char **
req_slot(struct action_req *r, size_t i)
{
	return (char **)((char *)r + req_fields[i].off);
}

char *
action_req_to_json(const struct action_req *r)
{
	cJSON *o = cJSON_CreateObject();
	char *text;
	size_t i;

	cJSON_AddStringToObject(o, "id", r->id);
	cJSON_AddStringToObject(o, "kind", action_kind_name(r->kind));
	for (i = 0; i < NFIELDS; i++) {
		const char *v = *req_slot((struct action_req *)r, i);
		if (v != NULL)
			cJSON_AddStringToObject(o, req_fields[i].name, v);
	}
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (text == NULL)
		abort();	/* out of memory, as xalloc does */
	return text;
}

int
action_req_from_json(struct action_req *r, const char *json, char **cause)
{
	cJSON *o = cJSON_Parse(json), *v;
	size_t i;
	int k;

	memset(r, 0, sizeof *r);
	v = cJSON_GetObjectItemCaseSensitive(o, "id");
	k = action_kind_parse(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, "kind")));
	if (!cJSON_IsString(v) || strlen(v->valuestring) != ACTION_ID_LEN ||
	    k < 0 || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "code"))) {
		cJSON_Delete(o);
		*cause = xstrdup("not an action write");
		return -1;
	}
	memcpy(r->id, v->valuestring, ACTION_ID_LEN + 1);
	r->kind = k;
	for (i = 0; i < NFIELDS; i++) {
		v = cJSON_GetObjectItemCaseSensitive(o, req_fields[i].name);
		if (cJSON_IsString(v))
			*req_slot(r, i) = xstrdup(v->valuestring);
	}
	cJSON_Delete(o);
	return 0;
}

void
action_req_copy(struct action_req *dst, const struct action_req *src)
{
	size_t i;

	*dst = *src;
	for (i = 0; i < NFIELDS; i++) {
		char **s = req_slot(dst, i);
		if (*s != NULL)
			*s = xstrdup(*s);
	}
}

void
action_req_free(struct action_req *r)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++) {
		free(*req_slot(r, i));
		*req_slot(r, i) = NULL;
	}
}

void
action_outcome_free(struct action_outcome *o)
{
	free(o->before);
	free(o->after);
	free(o->version);
	free(o->changed_by);
	free(o->detail);
	memset(o, 0, sizeof *o);
}
