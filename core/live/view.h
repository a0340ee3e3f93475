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

#include "alerts.h"
#include "config.h"
#include "model.h"
#include "service.h"

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
};

/* The database panes: waiting, live within 2 x refresh + 1 s, late after,
 * stale when the last refresh failed or past [ui] stale_after; *age_s is
 * the model's age. */
enum fresh	 view_db_fresh(const struct dash_view *, const struct config *,
		     uint64_t now_ms, double *age_s);
/* Service i: waiting until checked, live within 2 x interval + 1 s, late
 * after, stale past 3 x interval; *age_s is the check's age. */
enum fresh	 view_service_fresh(const struct dash_view *,
		     const struct config *, size_t i, uint64_t now_ms,
		     double *age_s);

#endif
