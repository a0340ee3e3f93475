/*
 * Everything the cockpit shows, kept current on the loop: the model from
 * PostgreSQL (refreshed every `refresh` seconds, or at once on request),
 * the services from the health checker, and the alerts over both.
 *
 * When the database fails the last good model stays, with the time it was
 * read and the error, so the screen can mark it stale instead of blanking.
 * The TUI only reads a struct dashboard; it never talks to the database or
 * the network itself.
 *
 * Ownership: the caller owns the dashboard until dashboard_close(), which
 * frees it once its handles are closed.  Pointers into it (model strings,
 * statuses, alerts) are valid until the next change callback.
 */
#ifndef OPSDECK_DASHBOARD_H
#define OPSDECK_DASHBOARD_H

#include <stdbool.h>
#include <stdint.h>

#include <uv.h>

#include "alerts.h"
#include "config.h"
#include "model-load.h"
#include "pg.h"
#include "service.h"

/* What changed, for the change callback. */
#define DASH_MODEL	0x1
#define DASH_SERVICES	0x2
#define DASH_ALERTS	0x4
#define DASH_DB_STATE	0x8

struct dashboard_db {
	enum pg_state	 state;
	bool		 has_model;	/* a model was loaded at least once */
	bool		 last_ok;	/* the latest refresh succeeded */
	bool		 in_flight;
	uint64_t	 refreshed_ms;	/* loop time of the last good refresh */
	char		 refreshed_at[MODEL_TS_LEN];
	char		*error;		/* latest failure, NULL when last_ok */
	char		*notice;	/* latest server notice (raw), or NULL */
	const char	*target;	/* "host:port/db" */
	const char	*trust_note;	/* "no TLS", "TLS unverified" or NULL */
};

/* new_critical: critical alerts raised by this change (ring the bell). */
typedef void (*dashboard_change_cb)(void *arg, int what, int new_critical);

struct dashboard {
	/* read by the TUI */
	struct model		 model;		/* last good model */
	struct dashboard_db	 db;
	const struct svc_status	*services;
	size_t			 n_services;
	const struct alert	*alerts;
	size_t			 n_alerts;

	/* private */
	uv_loop_t		*loop;
	const struct config	*cfg;
	struct model_params	 params;
	char			*filter[3];	/* owned copies: owner, stage, status */
	struct pg_client	*pg;
	struct health_checker	*health;
	struct alert_engine	*alert_engine;
	uv_timer_t		 refresh_timer;
	uv_timer_t		 alert_timer;
	dashboard_change_cb	 on_change;
	void			*arg;
	unsigned		 notices;	/* how many arrived so far */
	unsigned		 notices_at_send; /* ... when the refresh went */
	int			 pending_closes;
	bool			 closing;
};

/* params are copied.  NULL with *cause (caller frees) on failure. */
struct dashboard	*dashboard_new(uv_loop_t *, const struct config *,
			    const struct model_params *, dashboard_change_cb,
			    void *arg, char **cause);
void			 dashboard_start(struct dashboard *);
/* The `r` key: re-read the database and re-check every service now. */
void			 dashboard_refresh_now(struct dashboard *);
/* New feed filters (NULL: none); the next refresh applies them at once. */
void			 dashboard_set_filters(struct dashboard *, const char *owner,
			    const char *stage, const char *status);
/* Seconds since the last good model, or -1 when there never was one. */
double			 dashboard_model_age_s(const struct dashboard *);
void			 dashboard_close(struct dashboard *);

#endif
