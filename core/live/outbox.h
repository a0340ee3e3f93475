/*
 * The cockpit's writes on their way to the database (spec §6.1): each is
 * journaled (appended and fsync'd, on the thread pool) before the screen
 * calls it pending, sent in order one at a time as one guarded
 * transaction, and marked done in the journal once the database settled
 * it: applied, or refused for good.  A write that cannot reach the
 * database waits in the journal and is replayed when it returns; one
 * replayed after a crash between the commit and the journal's update is
 * recognised by its id (opsdeck.audit) and not applied twice.
 *
 * Without a journal (another opsdeck of this user holds it, or it broke)
 * writes still go straight to a reachable database; one that cannot is
 * refused on the spot, never dropped silently.
 *
 * Ownership: the dashboard owns the outbox (outbox_close); the items list
 * belongs to the outbox and changes at the next callback.
 */
#ifndef OPSDECK_OUTBOX_H
#define OPSDECK_OUTBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "action.h"
#include "pg.h"
#include "view.h"

struct outbox;

/* Something to tell the operator (an outcome, a refusal, the journal's
 * state), or the items changed (message NULL); applied is true when the
 * database changed, so the model should be read again. */
typedef void (*outbox_cb)(void *arg, const char *message, bool applied);

/* journal_path NULL: no journal (the command line). */
struct outbox	*outbox_new(uv_loop_t *, struct pg_client *,
		    const char *journal_path, outbox_cb, void *arg);
/* Takes a copy of r (its id is filled in here). */
void		 outbox_submit(struct outbox *, const struct action_req *r);
/* The database is reachable: send what waits. */
void		 outbox_kick(struct outbox *);
/* Applied writes are counted: a refresh sent at epoch e that came back
 * shows every write up to e, whose overlay can then go. */
uint64_t	 outbox_epoch(const struct outbox *);
void		 outbox_settle_shown(struct outbox *, uint64_t shown_epoch);
/* The writes not yet settled, oldest first, for the screen. */
const struct view_write	*outbox_items(const struct outbox *, size_t *n);
size_t		 outbox_pending(const struct outbox *);
/* The operator's own last applied write that can be undone, or NULL. */
const struct action_req	*outbox_last_applied(const struct outbox *);
const char	*outbox_journal_note(const struct outbox *);
/* Closes; on_closed once no work is left on the thread pool. */
void		 outbox_close(struct outbox *, void (*on_closed)(void *), void *);

#endif
