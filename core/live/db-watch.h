/*
 * Watching the database for change (spec §6.2): at every (re)connect it
 * reads what the role may do (caps.h) and, where opsdeck's notify
 * triggers are installed, LISTENs on channel `opsdeck` on the session the
 * model is read on.  A burst of notifications becomes one refresh
 * request; each is kept as an event for the action feed.
 *
 * One session, not a second one: a LISTEN costs nothing while idle, the
 * notifications ride the socket the loop already polls, and a second
 * backend per cockpit would double the connections 50 wall displays hold.
 * A refresh runs between notifications, never inside one's transaction,
 * so a listener never idles in a transaction.
 *
 * Ownership: the dashboard owns the watch (db_watch_close); the caps and
 * events returned belong to it and change at the next callback.
 */
#ifndef OPSDECK_DB_WATCH_H
#define OPSDECK_DB_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include <uv.h>

#include "caps.h"
#include "model.h"
#include "pg.h"
#include "view.h"

#define WATCH_CAPS	0x1	/* capabilities or listening changed */
#define WATCH_REFRESH	0x2	/* changes arrived: read the model again */
#define WATCH_EVENTS	0x4	/* a new event is listed */

typedef void (*db_watch_cb)(void *arg, int what);

struct db_watch;

struct db_watch	*db_watch_new(uv_loop_t *, struct pg_client *, db_watch_cb,
		    void *arg);
/* The session is up: probe and listen again (a reconnect loses both). */
void		 db_watch_ready(struct db_watch *);
/* The session is gone: not listening until the next ready. */
void		 db_watch_lost(struct db_watch *);
/* From the client's notify callback. */
void		 db_watch_notify(struct db_watch *, const char *channel,
		    const char *payload, int backend_pid);
/* Names the actions of events that only had an id, from a new model. */
void		 db_watch_resolve(struct db_watch *, const struct model *);
const struct db_caps	*db_watch_caps(const struct db_watch *);
bool		 db_watch_listening(const struct db_watch *);
/* Why the model is polled ("opsdeck migrate has not run", ...), or NULL. */
const char	*db_watch_poll_reason(const struct db_watch *);
const struct view_event	*db_watch_events(const struct db_watch *, size_t *n);
void		 db_watch_close(struct db_watch *, void (*on_closed)(void *),
		    void *arg);

#endif
