/*
 * The orchestrator: everything there is to show, kept current on the loop
 * and published as a read-only view (view.h).  The model comes from
 * PostgreSQL, the services from the health checker, the alerts from both.
 *
 * Two modes.  Live (the cockpit): the model is refreshed when the
 * database notifies a change (LISTEN, a burst coalesced into one refresh,
 * a safety poll every 30 s), or every `refresh` seconds where it cannot
 * notify, and on request; the services on their intervals; the alerts
 * when either changes or a duration runs out; the operator's writes go
 * through the outbox; a database that fails keeps the last good model,
 * with the time it was read and the error, so the screen can mark it
 * stale.  Once (the snapshot): one batch and one sweep side by side, then
 * on_done.
 *
 * Ownership: the caller owns the dashboard until dashboard_close(), which
 * frees it once its handles are closed.  The view and what it points to
 * stay valid until the next change callback.
 */
#ifndef OPSDECK_DASHBOARD_H
#define OPSDECK_DASHBOARD_H

#include <stdbool.h>

#include <uv.h>

#include "action.h"
#include "config.h"
#include "model.h"
#include "view.h"

/* What changed, for the change callback. */
#define DASH_MODEL	0x1
#define DASH_SERVICES	0x2
#define DASH_ALERTS	0x4
#define DASH_DB_STATE	0x8
#define DASH_WRITES	0x10	/* the operator's writes or their outcome */
#define DASH_EVENTS	0x20	/* a notification arrived */
#define DASH_DEPLOY	0x40	/* the deploy's state or history */
/* Only new output lines of the deploy: nothing else was published or
 * evaluated, so a command that prints a thousand lines a second costs the
 * view's redraw at most (which the screen paces), not a thousand frames. */
#define DASH_OUTPUT	0x80

/* new_critical: critical alerts raised by this change (ring the bell). */
typedef void (*dashboard_change_cb)(void *arg, int what, int new_critical);
/* A NOTICE or WARNING from the server, raw: sanitize before showing it. */
typedef void (*dashboard_notice_cb)(void *arg, const char *notice);
/* A write's outcome or a journal matter, for the status line: raw text
 * (sanitize before showing). */
typedef void (*dashboard_message_cb)(void *arg, const char *message);
/* Once mode: both halves are in; the view is complete. */
typedef void (*dashboard_done_cb)(void *arg, const struct dash_view *);

struct dashboard_opts {
	const struct config	*cfg;		/* borrowed; outlives the dashboard */
	struct model_params	 params;	/* copied */
	bool			 once;
	dashboard_change_cb	 on_change;	/* may be NULL */
	dashboard_notice_cb	 on_notice;	/* may be NULL */
	dashboard_done_cb	 on_done;	/* once mode */
	dashboard_message_cb	 on_message;	/* may be NULL */
	void			*arg;
	/* Writes (live mode): refused when read_only; journaled (spec
	 * §6.1: $XDG_STATE_HOME/opsdeck/journal) when journal is set. */
	bool			 read_only;
	bool			 journal;
};

struct dashboard;

/* NULL with *cause (caller frees) for a configuration the database or
 * health clients refuse (a bad conninfo, say). */
struct dashboard	*dashboard_new(uv_loop_t *, const struct dashboard_opts *,
			    char **cause);
void			 dashboard_start(struct dashboard *);
const struct dash_view	*dashboard_view(const struct dashboard *);
/* The `r` key: re-read the database and re-check every service now. */
void			 dashboard_refresh_now(struct dashboard *);
/* New feed filters (NULL or "": none), copied; the next refresh applies
 * them at once. */
void			 dashboard_set_filters(struct dashboard *, const char *owner,
			    const char *stage, const char *status);
/* One action write, its target pinned in r by the caller (the code and
 * the version the operator saw); the outcome comes as a message and in
 * the view's writes.  Refused at once in read-only mode. */
void			 dashboard_write(struct dashboard *,
			    const struct action_req *r);
/* Deploy or roll back service i (spec §6.3), as the operator; one at a
 * time per cockpit.  Refusals and every step come as messages. */
void			 dashboard_deploy(struct dashboard *, size_t service,
			    enum deploy_kind, const char *operator);
/* Cancel the running deploy (its process group) or its verification. */
void			 dashboard_deploy_cancel(struct dashboard *);
void			 dashboard_close(struct dashboard *);

#endif
