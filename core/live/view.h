/*
 * What the orchestrator publishes for whoever shows it (the cockpit, the
 * snapshot): the last good model, the database's state, the services, the
 * alerts, the filters in force and the principal, with the rules of their
 * freshness.  It includes nothing of io/: a reader of the view cannot reach
 * the database or the network through it.
 *
 * Ownership: the dashboard owns the view and everything it points to; a
 * reader may keep pointers into it only until the next change callback.
 */
#ifndef OPSDECK_VIEW_H
#define OPSDECK_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "action.h"
#include "alerts.h"
#include "caps.h"
#include "config.h"
#include "model.h"
#include "service.h"
#include "view-deploys.h"

enum db_state {
	DB_STARTING,
	DB_CONNECTING,		/* resolving the host or connecting */
	DB_OK,
	DB_RECONNECTING,	/* waiting to try again */
	DB_FAILED,		/* gave up */
	DB_CLOSING
};

/* How current a source's data is. */
enum fresh {
	FRESH_NONE,		/* nothing to show (no services configured) */
	FRESH_WAIT,		/* no data yet */
	FRESH_LIVE,		/* within its refresh window */
	FRESH_LATE,		/* beyond it, not yet stale */
	FRESH_STALE		/* source failed or too old: last good data */
};

struct view_db {
	enum db_state	 state;
	bool		 reached;	/* connected at least once */
	bool		 has_model;	/* a model was loaded at least once */
	bool		 last_ok;	/* the latest refresh succeeded */
	bool		 in_flight;
	uint64_t	 refreshed_ms;	/* loop time of the last good refresh */
	char		 refreshed_at[MODEL_TS_LEN];
	const char	*error;		/* latest failure, NULL when last_ok */
	const char	*notice;	/* latest server notice (raw), or NULL */
	const char	*target;	/* "host:port/db" */
	const char	*trust_note;	/* "no TLS", "TLS unverified" or NULL */
	/* LISTENing for opsdeck's notifications: a refresh follows every
	 * change, so the model is current while the session is up.  Else
	 * the model is polled every `refresh` and poll_reason says why. */
	bool		 listening;
	const char	*poll_reason;
	struct db_caps	 caps;		/* what this role may do */
};

/* One of the operator's writes not yet shown by a refresh. */
enum write_state {
	WRITE_JOURNALING,	/* being made durable */
	WRITE_QUEUED,		/* durable, waiting its turn */
	WRITE_SENDING,		/* in the database's hands */
	WRITE_OFFLINE,		/* durable, the database is away */
	WRITE_APPLIED		/* committed; the next refresh shows it */
};

struct view_write {
	enum write_state	 state;
	enum action_kind	 kind;
	const char		*code;
	const char		*status;	/* what the row becomes, NULL: undo */
	const char		*undo_status;	/* undo: the status restored */
};

/* A deploy or rollback (spec §6.3) and what it is doing. */
enum deploy_kind {
	DEPLOY_KIND_DEPLOY,
	DEPLOY_KIND_ROLLBACK,
	DEPLOY_KIND_AUTO_ROLLBACK
};

enum deploy_phase {
	DEPLOY_LOCKING,		/* taking the service's lock */
	DEPLOY_RUNNING,		/* the command runs */
	DEPLOY_VERIFYING,	/* watching the service after it */
	DEPLOY_DONE
};

struct scrollback;

struct view_deploy {
	const char		*service;
	enum deploy_kind	 kind;		/* of the run in progress or last */
	enum deploy_phase	 phase;
	const char		*status;	/* "running", "exit 7", "timed out",
						   "cancelled", "verified", ... */
	const char		*message;	/* the latest step told, raw */
	uint64_t		 started_ms;	/* loop time the command started */
	uint64_t		 ended_ms;	/* ... ended, 0 while it runs */
	long			 pid;		/* while it runs, else 0 */
	int			 checks;	/* verification: checks so far */
	int			 bad_in_row;
	double			 verify_for_s;
	uint64_t		 verify_started_ms;
	bool			 rolled_back;	/* an automatic rollback ran */
	const struct scrollback	*output;
};

const char	*deploy_kind_name(enum deploy_kind);	/* "deploy", ... */

/* A notification from the database (spec §6.2), newest last. */
#define VIEW_EVENTS 8
struct view_event {
	char	 at[MODEL_TS_LEN];	/* local wall clock */
	char	 event[32];		/* ACTION_COMPLETED, ... */
	char	 table[32];
	char	 id[40];
	char	 by[64];		/* raw: sanitize before showing */
	char	 code[64];		/* the action's code when known */
};

struct dash_view {
	struct model		 model;		/* last good model */
	struct view_db		 db;
	const struct svc_status	*services;
	size_t			 n_services;
	const struct alert	*alerts;
	size_t			 n_alerts;
	const struct alert_group *alert_groups;	/* points into alerts */
	size_t			 n_alert_groups;
	const char		*owner;		/* feed filters in force, or NULL */
	const char		*stage;
	const char		*status;
	/* whose rate the header shows: [ui] principal, else the plan's owner */
	const char		*principal;
	bool			 read_only;	/* --read-only, --wall, [ui] read_only */
	const struct view_write	*writes;	/* the operator's, oldest first */
	size_t			 n_writes;
	size_t			 pending;	/* journaled, not yet applied */
	const char		*journal_note;	/* why writes cannot wait, or NULL */
	const struct view_event	*events;	/* oldest first */
	size_t			 n_events;
	/* the operator's last write that `u` can undo, or NULL */
	const struct action_req	*undoable;
	/* this cockpit's deploy or rollback, running or the last one, or
	 * NULL; the recent runs of every service (opsdeck.deployments) */
	const struct view_deploy	*deploy;
	const struct deploy_history	*deploys;
};

/* The database panes: waiting, live within 2 x refresh + 1 s (or for as
 * long as a listening session is up), late after, stale when the last
 * refresh failed or past [ui] stale_after; *age_s is the model's age. */
enum fresh	 view_db_fresh(const struct dash_view *, const struct config *,
		     uint64_t now_ms, double *age_s);
/* Service i: waiting until checked, live within 2 x interval + 1 s, late
 * after, stale past 3 x interval; *age_s is the check's age. */
enum fresh	 view_service_fresh(const struct dash_view *,
		     const struct config *, size_t i, uint64_t now_ms,
		     double *age_s);

#endif
