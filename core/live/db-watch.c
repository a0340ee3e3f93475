/*
 * The database watch (see db-watch.h).  Coalescing: the first
 * notification of a burst arms a short timer and the rest of the burst
 * rides on it, so a bulk UPDATE of a thousand rows costs one refresh, and
 * the one refresh comes a few milliseconds after the first commit.
 *
 * Answers to a session that is lost arrive as errors before the next
 * session is ready (pg.c fails the queue first), and the client is closed
 * before the watch, so every callback finds the watch alive.
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "caps-sql.h"
#include "db-watch.h"
#include "timefmt.h"
#include "xalloc.h"

/* A burst: each notification waits this long for the next, the whole
 * burst at most WATCH_BURST_MAX_MS after its first. */
#define WATCH_COALESCE_MS	25
#define WATCH_BURST_MAX_MS	250

struct db_watch {
	uv_loop_t		*loop;
	struct pg_client	*pg;
	db_watch_cb		 cb;
	void			*arg;
	struct db_caps		 caps;
	bool			 listening;
	const char		*poll_reason;
	bool			 closing;
	uv_timer_t		 coalesce;
	uint64_t		 burst_ms;	/* loop time of the burst's first */
	struct view_event	 events[VIEW_EVENTS];
	size_t			 n_events;
	void			(*on_closed)(void *);
	void			*closed_arg;
};

static void
watch_tell(struct db_watch *w, int what)
{
	if (w->cb != NULL)
		w->cb(w->arg, what);
}

static void
watch_poll_because(struct db_watch *w, const char *why)
{
	w->listening = false;
	w->poll_reason = why;
	watch_tell(w, WATCH_CAPS);
}

static void
watch_on_listen(void *arg, PGresult *const *res, int n, const char *error)
{
	struct db_watch *w = arg;

	(void)res;
	(void)n;
	if (w->closing)
		return;
	if (error != NULL) {
		watch_poll_because(w, "LISTEN failed");
		return;
	}
	w->listening = true;
	w->poll_reason = NULL;
	/* Changes made between the last read and the LISTEN were not
	 * heard: read once more now that nothing can slip by. */
	watch_tell(w, WATCH_CAPS | WATCH_REFRESH);
}

static void
watch_on_caps(void *arg, PGresult *const *res, int n, const char *error)
{
	struct db_watch *w = arg;
	struct pg_stmt st = { .sql = "LISTEN opsdeck" };
	char *cause = NULL;

	if (w->closing)
		return;
	db_caps_free(&w->caps);
	if (error != NULL || n != 1 || caps_load(&w->caps, res[0], &cause) != 0) {
		free(cause);
		w->caps.known = true;
		w->caps.installed = true;
		watch_poll_because(w, "opsdeck.capabilities() failed");
		return;
	}
	if (!w->caps.notify) {
		watch_poll_because(w, "no notify triggers");
		return;
	}
	if (pg_client_submit(w->pg, &st, 1, 0, watch_on_listen,
	    w) != 0)
		watch_poll_because(w, "LISTEN failed");
	watch_tell(w, WATCH_CAPS);
}

static void
watch_on_probe(void *arg, PGresult *const *res, int n, const char *error)
{
	struct db_watch *w = arg;
	bool installed = false;
	struct pg_stmt st;
	char *cause = NULL;

	if (w->closing)
		return;
	if (error != NULL || n != 1 ||
	    caps_probe_load(res[0], &installed, &cause) != 0) {
		free(cause);
		watch_poll_because(w, "capability probe failed");
		return;
	}
	if (!installed) {
		db_caps_free(&w->caps);
		w->caps.known = true;
		watch_poll_because(w, "opsdeck migrate has not run");
		return;
	}
	caps_stmt(&st);
	if (pg_client_submit(w->pg, &st, 1, 0, watch_on_caps,
	    w) != 0)
		watch_poll_because(w, "capability probe failed");
}

static void
watch_on_coalesced(uv_timer_t *t)
{
	watch_tell(t->data, WATCH_REFRESH);
}

struct db_watch *
db_watch_new(uv_loop_t *loop, struct pg_client *pg, db_watch_cb cb,
    void *arg)
{
	struct db_watch *w = xcalloc(1, sizeof *w);

	w->loop = loop;
	w->pg = pg;
	w->cb = cb;
	w->arg = arg;
	w->poll_reason = "not connected";
	uv_timer_init(loop, &w->coalesce);
	w->coalesce.data = w;
	return w;
}

void
db_watch_ready(struct db_watch *w)
{
	struct pg_stmt st;

	caps_probe_stmt(&st);
	if (pg_client_submit(w->pg, &st, 1, 0, watch_on_probe, w) != 0)
		watch_poll_because(w, "capability probe failed");
}

void
db_watch_lost(struct db_watch *w)
{
	if (w->listening || w->poll_reason == NULL) {
		w->listening = false;
		w->poll_reason = "not connected";
		watch_tell(w, WATCH_CAPS);
	}
}

static void
copy_field(char *dst, size_t len, const cJSON *o, const char *name)
{
	const char *v = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(o, name));

	snprintf(dst, len, "%s", v != NULL ? v : "");
}

/* A payload that is not ours (someone else NOTIFYing on the channel) is
 * still a reason to look again, but not an event to list. */
static void
watch_add_event(struct db_watch *w, const char *payload)
{
	cJSON *o = cJSON_Parse(payload);
	struct view_event *e;

	if (!cJSON_IsObject(o) || !cJSON_IsString(
	    cJSON_GetObjectItemCaseSensitive(o, "event"))) {
		cJSON_Delete(o);
		return;
	}
	if (w->n_events == VIEW_EVENTS) {
		memmove(w->events, w->events + 1,
		    (VIEW_EVENTS - 1) * sizeof *w->events);
		w->n_events--;
	}
	e = &w->events[w->n_events++];
	memset(e, 0, sizeof *e);
	ts_format_local(time(NULL), e->at);
	copy_field(e->event, sizeof e->event, o, "event");
	copy_field(e->table, sizeof e->table, o, "table");
	copy_field(e->id, sizeof e->id, o, "id");
	copy_field(e->by, sizeof e->by, o, "by");
	cJSON_Delete(o);
	watch_tell(w, WATCH_EVENTS);
}

static void
watch_debounce(struct db_watch *w)
{
	uint64_t now = uv_now(w->loop), wait = WATCH_COALESCE_MS;

	if (!uv_is_active((uv_handle_t *)&w->coalesce))
		w->burst_ms = now;
	else if (now + wait > w->burst_ms + WATCH_BURST_MAX_MS)
		wait = w->burst_ms + WATCH_BURST_MAX_MS > now ?
		    w->burst_ms + WATCH_BURST_MAX_MS - now : 0;
	uv_timer_start(&w->coalesce, watch_on_coalesced, wait, 0);
}

void
db_watch_notify(struct db_watch *w, const char *channel, const char *payload,
    int backend_pid)
{
	(void)backend_pid;	/* our own writes need the refresh too */
	if (w->closing || strcmp(channel, "opsdeck") != 0)
		return;
	watch_add_event(w, payload);
	watch_debounce(w);
}

static const char *
action_code_of(const struct model *m, const char *id)
{
	size_t g, i;

	for (g = 0; g < FEED_NGROUPS; g++)
		for (i = 0; i < m->feed[g].n; i++)
			if (m->feed[g].v[i].id != NULL &&
			    strcmp(m->feed[g].v[i].id, id) == 0)
				return m->feed[g].v[i].code;
	return NULL;
}

void
db_watch_resolve(struct db_watch *w, const struct model *m)
{
	size_t i;
	const char *code;

	for (i = 0; i < w->n_events; i++) {
		struct view_event *e = &w->events[i];
		if (*e->code != '\0' || strcmp(e->table, "rpm_action_items") != 0)
			continue;
		if ((code = action_code_of(m, e->id)) != NULL)
			snprintf(e->code, sizeof e->code, "%s", code);
	}
}

const struct db_caps *
db_watch_caps(const struct db_watch *w)
{
	return &w->caps;
}

bool
db_watch_listening(const struct db_watch *w)
{
	return w->listening;
}

const char *
db_watch_poll_reason(const struct db_watch *w)
{
	return w->listening ? NULL : w->poll_reason;
}

const struct view_event *
db_watch_events(const struct db_watch *w, size_t *n)
{
	*n = w->n_events;
	return w->events;
}

static void
watch_on_closed(uv_handle_t *h)
{
	struct db_watch *w = h->data;
	void (*done)(void *) = w->on_closed;
	void *arg = w->closed_arg;

	db_caps_free(&w->caps);
	free(w);
	if (done != NULL)
		done(arg);
}

void
db_watch_close(struct db_watch *w, void (*on_closed)(void *), void *arg)
{
	w->closing = true;
	w->on_closed = on_closed;
	w->closed_arg = arg;
	uv_close((uv_handle_t *)&w->coalesce, watch_on_closed);
}
