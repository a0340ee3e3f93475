/*
 * The outbox (see outbox.h).  Two queues, both strictly in order:
 *
 *   the journal's work, one operation at a time on the thread pool (open,
 *   append, mark done), because fsync may take as long as the disk likes
 *   and the loop must never wait for it;
 *
 *   the items, sent one at a time, the oldest first, and only once its
 *   record is durable: a replay after a restart then meets the writes in
 *   the order the operator made them.
 *
 * An item leaves the list when its record is marked done and, for an
 * applied write, once a refresh sent after the commit has come back
 * (outbox_settle_shown), so the screen never shows the old status again.
 */
#include "autoconfig.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "action-sql.h"
#include "journal.h"
#include "outbox.h"
#include "xalloc.h"

/* A write the database answered with an error (not a refusal: those
 * are outcomes) is tried this many times, then reported failed. */
#define OB_MAX_ATTEMPTS	3

struct ob_item {
	struct action_req	 req;
	int			 attempts;	/* answered with an error */
	struct view_write	 shown;
	bool			 durable;	/* in the journal (or no journal) */
	bool			 settled;	/* the database decided */
	bool			 marked;	/* ... and the journal knows */
	uint64_t		 applied_epoch;	/* 0: not applied */
};

enum ob_op_kind { OB_OPEN, OB_APPEND, OB_MARK };

struct ob_op {
	uv_work_t		 work;
	struct outbox		*box;
	enum ob_op_kind		 kind;
	char			 id[ACTION_ID_LEN + 1];
	char			*payload;	/* append: owned */
	int			 rc;
	char			*cause;		/* owned */
	/* open: what the journal held */
	struct journal_entry	*entries;
	size_t			 nentries;
	struct journal_damage	 damage;
	pid_t			 holder;
	struct ob_op		*next;
};

struct outbox {
	uv_loop_t		*loop;
	struct pg_client	*pg;
	char			*path;		/* NULL: no journal */
	struct journal		*journal;	/* NULL until open, or none */
	bool			 journal_ok;	/* appends are durable */
	char			*note;		/* why not, for the screen */
	struct ob_item		*items;		/* owned, in order */
	size_t			 n;
	struct view_write	*shown;		/* items[i].shown, for the view */
	struct ob_op		*ops;		/* queued journal work, head runs */
	bool			 op_running;
	bool			 sending;
	char			 sending_id[ACTION_ID_LEN + 1];
	uint64_t		 epoch;		/* counts applied writes */
	struct action_req	 last;		/* undoable; code NULL: none */
	outbox_cb		 cb;
	void			*arg;
	bool			 closing;
	void			(*on_closed)(void *);
	void			*closed_arg;
};

static void	ob_pump(struct outbox *);
static void	ob_free(struct outbox *);

static void
ob_tell(struct outbox *b, const char *msg, bool applied)
{
	if (!b->closing && b->cb != NULL)
		b->cb(b->arg, msg, applied);
}

static void
ob_tell_owned(struct outbox *b, char *msg, bool applied)
{
	ob_tell(b, msg, applied);
	free(msg);
}

static void
ob_set_note(struct outbox *b, char *owned)
{
	free(b->note);
	b->note = owned;
}

/* ---- the journal's work, on the thread pool ---------------------------- */

static void
ob_op_run(uv_work_t *w)
{
	struct ob_op *op = w->data;
	struct outbox *b = op->box;

	/* journal_ok is only changed on the loop between two operations. */
	if (op->kind != OB_OPEN && !b->journal_ok) {
		op->rc = 0;	/* no journal: nothing to make durable */
		return;
	}
	switch (op->kind) {
	case OB_OPEN:
		op->rc = journal_open(b->path, &b->journal, &op->entries,
		    &op->nentries, &op->damage, &op->holder, &op->cause);
		break;
	case OB_APPEND:
		op->rc = journal_append(b->journal, op->id, op->payload,
		    strlen(op->payload), &op->cause);
		break;
	case OB_MARK:
		op->rc = journal_mark_done(b->journal, op->id, &op->cause);
		break;
	}
}

static struct ob_item *
ob_find(struct outbox *b, const char *id)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->items[i].req.id, id) == 0)
			return &b->items[i];
	return NULL;
}

static void
ob_item_free(struct ob_item *it)
{
	action_req_free(&it->req);
}

/* Items whose story is over leave the list. */
static void
ob_sweep(struct outbox *b, uint64_t shown_epoch)
{
	size_t i, k = 0;

	for (i = 0; i < b->n; i++) {
		struct ob_item *it = &b->items[i];
		bool gone = it->settled && it->marked &&
		    (it->applied_epoch == 0 || it->applied_epoch <= shown_epoch);
		if (gone)
			ob_item_free(it);
		else
			b->items[k++] = *it;
	}
	b->n = k;
}

static void
ob_queue_op(struct outbox *b, enum ob_op_kind kind, const char *id,
    char *payload)
{
	struct ob_op *op = xcalloc(1, sizeof *op), **p;

	op->box = b;
	op->kind = kind;
	if (id != NULL)
		memcpy(op->id, id, sizeof op->id);
	op->payload = payload;
	op->work.data = op;
	for (p = &b->ops; *p != NULL; p = &(*p)->next)
		;
	*p = op;
	ob_pump(b);
}

static void
ob_opened(struct outbox *b, struct ob_op *op)
{
	size_t i;
	char *cause = NULL;

	if (op->rc == JOURNAL_BUSY) {
		ob_set_note(b, op->holder > 0 ?
		    xasprintf("opsdeck pid %ld holds the journal: writes go "
		    "straight to the database", (long)op->holder) :
		    xstrdup("another opsdeck of yours holds the journal: writes "
		    "go straight to the database"));
		ob_tell(b, b->note, false);
		return;
	}
	if (op->rc != 0) {
		ob_set_note(b, xasprintf("journal: %s", op->cause));
		ob_tell(b, b->note, false);
		return;
	}
	b->journal_ok = true;
	if (op->damage.torn)
		ob_tell_owned(b, xasprintf("journal: a damaged record at byte "
		    "%lld (%s, %lld bytes) was dropped; the writes before it "
		    "are kept", op->damage.offset, op->damage.reason,
		    op->damage.dropped_bytes), false);
	/* Replayed writes go ahead of anything typed since the start. */
	for (i = op->nentries; i-- > 0;) {
		struct ob_item it;
		memset(&it, 0, sizeof it);
		if (action_req_from_json(&it.req, op->entries[i].payload,
		    &cause) != 0) {
			ob_tell_owned(b, xasprintf("journal: record %s is not a "
			    "write (%s); kept, not replayed", op->entries[i].id,
			    cause), false);
			free(cause);
			cause = NULL;
			continue;
		}
		memcpy(it.req.id, op->entries[i].id, sizeof it.req.id);
		it.durable = true;
		b->items = xreallocarray(b->items, b->n + 1, sizeof *b->items);
		memmove(b->items + 1, b->items, b->n * sizeof *b->items);
		b->items[0] = it;
		b->n++;
	}
	if (op->nentries > 0)
		ob_tell_owned(b, xasprintf("journal: %zu write%s to replay",
		    op->nentries, op->nentries == 1 ? "" : "s"), false);
	journal_entries_free(op->entries, op->nentries);
	op->entries = NULL;
}

static void
ob_op_done(uv_work_t *w, int status)
{
	struct ob_op *op = w->data;
	struct outbox *b = op->box;
	struct ob_item *it;

	(void)status;
	b->op_running = false;
	b->ops = op->next;
	if (op->kind == OB_OPEN)
		ob_opened(b, op);
	else if ((it = ob_find(b, op->id)) != NULL) {
		if (op->rc != 0 && b->journal_ok) {
			/* fsync failed: the journal is done for (fsyncgate) */
			b->journal_ok = false;
			ob_set_note(b, xasprintf("journal: %s", op->cause));
			ob_tell(b, b->note, false);
		}
		if (op->kind == OB_APPEND)
			it->durable = true;
		else
			it->marked = true;
	}
	free(op->payload);
	free(op->cause);
	free(op);
	ob_pump(b);
}

/* ---- sending ------------------------------------------------------------ */

static void
ob_publish(struct outbox *b)
{
	size_t i;

	free(b->shown);
	b->shown = xcalloc(b->n + 1, sizeof *b->shown);
	for (i = 0; i < b->n; i++) {
		struct ob_item *it = &b->items[i];
		struct view_write *v = &b->shown[i];
		v->kind = it->req.kind;
		v->code = it->req.code;
		v->status = action_kind_status(it->req.kind);
		v->undo_status = it->req.seen_status;
		v->state = it->applied_epoch ? WRITE_APPLIED :
		    !it->durable ? WRITE_JOURNALING :
		    b->sending && strcmp(b->sending_id, it->req.id) == 0 ?
		    WRITE_SENDING :
		    pg_client_state(b->pg) == PG_READY ? WRITE_QUEUED :
		    WRITE_OFFLINE;
	}
}

static void
ob_remember(struct outbox *b, const struct ob_item *it)
{
	action_req_free(&b->last);
	memset(&b->last, 0, sizeof b->last);
	if (it->req.kind != ACTION_UNDO)
		action_req_copy(&b->last, &it->req);
}

static void
ob_settle(struct outbox *b, struct ob_item *it, const struct action_outcome *o)
{
	it->settled = true;
	if (o->result == ACTION_APPLIED) {
		it->applied_epoch = ++b->epoch;
		ob_remember(b, it);
		if (getenv("OPSDECK_FAULT_CRASH_AFTER_COMMIT") != NULL)
			raise(SIGKILL);	/* tests: die between commit and mark */
	} else if (it->req.kind == ACTION_UNDO ||
	    (b->last.code != NULL && strcmp(b->last.code, it->req.code) == 0))
		ob_remember(b, &(struct ob_item){ .req.kind = ACTION_UNDO });
	if (b->journal_ok)
		ob_queue_op(b, OB_MARK, it->req.id, NULL);
	else
		it->marked = true;
}

static void
ob_on_result(void *arg, PGresult *const *res, int n, const char *error)
{
	struct outbox *b = arg;
	struct ob_item *it = ob_find(b, b->sending_id);
	struct action_outcome o;
	char *cause = NULL;

	b->sending = false;
	if (b->closing || it == NULL)
		return;
	if (error != NULL || n != 1 ||
	    action_outcome_load(&o, res[0], &cause) != 0) {
		/* No answer (the connection went): it waits in the journal for
		 * the database, and its id keeps a second attempt from
		 * applying it twice.  An error the database answered is tried
		 * again a few times, then reported: never retried for ever. */
		if (pg_client_connected(b->pg) && ++it->attempts < OB_MAX_ATTEMPTS) {
			free(cause);
			ob_pump(b);
			return;
		}
		if (!b->journal_ok || pg_client_connected(b->pg)) {
			o = (struct action_outcome){ .result = ACTION_FAILED };
			o.detail = xstrdup(cause ? cause : error ? error : "failed");
			ob_tell_owned(b, action_outcome_message(&it->req, &o), false);
			action_outcome_free(&o);
			it->settled = true;
			if (b->journal_ok)
				ob_queue_op(b, OB_MARK, it->req.id, NULL);
			else
				it->marked = true;
		}
		free(cause);
		ob_pump(b);
		return;
	}
	ob_settle(b, it, &o);
	ob_tell_owned(b, action_outcome_message(&it->req, &o),
	    o.result == ACTION_APPLIED);
	action_outcome_free(&o);
	ob_pump(b);
}

/* The first item not yet settled, if every one before it is. */
static struct ob_item *
ob_next_to_send(struct outbox *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!b->items[i].settled)
			return &b->items[i];
	return NULL;
}

static void
ob_send(struct outbox *b)
{
	struct ob_item *it = ob_next_to_send(b);
	struct pg_stmt st;

	if (b->sending || it == NULL || !it->durable)
		return;
	if (pg_client_state(b->pg) != PG_READY) {
		if (b->journal_ok)
			return;		/* waits in the journal */
		struct action_outcome o = { .result = ACTION_FAILED };
		o.detail = xasprintf("the database is unreachable and %s",
		    b->note != NULL ? "there is no journal to keep it" :
		    "the journal is not open yet");
		ob_tell_owned(b, action_outcome_message(&it->req, &o), false);
		action_outcome_free(&o);
		it->settled = it->marked = true;
		return;
	}
	memcpy(b->sending_id, it->req.id, sizeof b->sending_id);
	action_stmt(&it->req, &st);
	if (pg_client_submit(b->pg, &st, 1, PG_BATCH_WRITE, ob_on_result, b) == 0)
		b->sending = true;
}

/* Moves everything that can move: the journal's next operation, the next
 * write, the view. */
static void
ob_pump(struct outbox *b)
{
	if (b->closing) {
		/* Work on the thread pool cannot be called back: wait for it. */
		if (!b->op_running) {
			void (*done)(void *) = b->on_closed;
			void *arg = b->closed_arg;
			ob_free(b);
			if (done != NULL)
				done(arg);
		}
		return;
	}
	if (!b->op_running && b->ops != NULL) {
		b->op_running = true;
		uv_queue_work(b->loop, &b->ops->work, ob_op_run, ob_op_done);
	}
	ob_send(b);
	ob_publish(b);
	ob_tell(b, NULL, false);
}

/* ---- the public side ---------------------------------------------------- */

struct outbox *
outbox_new(uv_loop_t *loop, struct pg_client *pg, const char *journal_path,
    outbox_cb cb, void *arg)
{
	struct outbox *b = xcalloc(1, sizeof *b);

	b->loop = loop;
	b->pg = pg;
	b->cb = cb;
	b->arg = arg;
	b->shown = xcalloc(1, sizeof *b->shown);
	if (journal_path != NULL) {
		b->path = xstrdup(journal_path);
		ob_queue_op(b, OB_OPEN, NULL, NULL);
	}
	return b;
}

void
outbox_submit(struct outbox *b, const struct action_req *r)
{
	struct ob_item it;

	memset(&it, 0, sizeof it);
	action_req_copy(&it.req, r);
	if (action_new_id(it.req.id) != 0) {
		ob_tell_owned(b, xasprintf("%s %s not written: no random bytes "
		    "for its id", action_kind_name(r->kind), r->code), false);
		action_req_free(&it.req);
		return;
	}
	b->items = xreallocarray(b->items, b->n + 1, sizeof *b->items);
	b->items[b->n++] = it;
	if (b->path != NULL)
		ob_queue_op(b, OB_APPEND, it.req.id, action_req_to_json(&it.req));
	else {
		b->items[b->n - 1].durable = true;
		ob_pump(b);
	}
}

void
outbox_kick(struct outbox *b)
{
	ob_pump(b);
}

/* A refresh sent when the epoch was shown_epoch came back: the writes
 * applied by then are on screen by themselves. */
void
outbox_settle_shown(struct outbox *b, uint64_t shown_epoch)
{
	ob_sweep(b, shown_epoch);
	ob_publish(b);
}

uint64_t
outbox_epoch(const struct outbox *b)
{
	return b->epoch;
}

const struct view_write *
outbox_items(const struct outbox *b, size_t *n)
{
	*n = b->n;
	return b->shown;
}

size_t
outbox_pending(const struct outbox *b)
{
	size_t i, k = 0;

	for (i = 0; i < b->n; i++)
		if (!b->items[i].settled)
			k++;
	return k;
}

const struct action_req *
outbox_last_applied(const struct outbox *b)
{
	return b->last.code != NULL ? &b->last : NULL;
}

const char *
outbox_journal_note(const struct outbox *b)
{
	return b->note;
}

static void
ob_free(struct outbox *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		ob_item_free(&b->items[i]);
	free(b->items);
	free(b->shown);
	action_req_free(&b->last);
	while (b->ops != NULL) {
		struct ob_op *op = b->ops;
		b->ops = op->next;
		free(op->payload);
		free(op);
	}
	if (b->journal != NULL)
		journal_close(b->journal);
	free(b->note);
	free(b->path);
	free(b);
}

void
outbox_close(struct outbox *b, void (*on_closed)(void *), void *arg)
{
	b->closing = true;
	b->on_closed = on_closed;
	b->closed_arg = arg;
	ob_pump(b);
}
