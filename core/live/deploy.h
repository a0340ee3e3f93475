/*
 * One deploy or rollback of one service (spec §6.3), start to end:
 *
 *   lock     a PostgreSQL advisory lock for the service, on a connection
 *            of its own, held for the whole run: one at a time across all
 *            operators; the second is told who holds it and since when
 *            (opsdeck.deployments).  No database, no deploy.
 *   run      the configured argument vector (proc.h), its output kept in
 *            a bounded scrollback, a row in opsdeck.deployments;
 *   record   exit status, the last 4 KiB of output, and an opsdeck.audit
 *            row;
 *   verify   after a successful run, the service checked every few
 *            seconds for verify_for seconds against what it was before;
 *            verify_failures bad checks in a row (no answer counts as bad)
 *            fail it; with auto_rollback a failed deploy is rolled back,
 *            once, and the rollback verified the same way.
 *
 * The lock goes with the session, so a crash releases it; a row the crash
 * left unfinished shows as `interrupted`.
 *
 * Ownership: the caller owns the deploy until deploy_close; its view and
 * scrollback belong to it.
 */
#ifndef OPSDECK_DEPLOY_H
#define OPSDECK_DEPLOY_H

#include <stdbool.h>
#include <stddef.h>

#include <uv.h>

#include "config.h"
#include "health.h"
#include "view.h"

enum deploy_outcome {
	DEPLOY_PENDING,		/* not over yet */
	DEPLOY_OK,		/* exit 0, verified (or nothing to verify) */
	DEPLOY_REFUSED,		/* lock held, no privilege, nothing configured */
	DEPLOY_NO_DB,		/* no database, nothing run */
	DEPLOY_FAILED		/* exit != 0, timed out, cancelled, failed
				   verification (rolled back or not) */
};

#define DEPLOY_OUTPUT	0x1	/* new output lines */
#define DEPLOY_STATE	0x2	/* the phase or the status changed */

/* message: a step the operator should read ("failed verification: 3 bad
 * checks in a row; rolling back"), raw (it may quote the service's
 * answer): sanitize before showing.  NULL when only output came. */
typedef void (*deploy_cb)(void *arg, int what, const char *message);

struct deploy_opts {
	const struct config	*cfg;		/* borrowed; outlives the deploy */
	const char		*conninfo;	/* NULL: the config's */
	size_t			 service;	/* index into cfg->services */
	enum deploy_kind	 kind;		/* DEPLOY_KIND_DEPLOY or _ROLLBACK */
	const char		*operator;	/* copied */
	struct health_checker	*health;	/* borrowed: baseline, verify */
	double			 grace_s;	/* SIGTERM to SIGKILL, 0: 5 s */
	deploy_cb		 cb;
	/* Every byte of output as it comes, raw (the command line prints
	 * them all; the screen reads the bounded scrollback instead). */
	void			(*on_bytes)(void *arg, const char *, size_t);
	void			*arg;
};

struct deploy;

/* NULL with *cause when the service has no such command configured. */
struct deploy		*deploy_start(uv_loop_t *, const struct deploy_opts *,
			    char **cause);
/* Ends the command (SIGTERM to its group, SIGKILL after the grace) or the
 * verification; audited as a cancel. */
void			 deploy_cancel(struct deploy *);
const struct view_deploy *deploy_view(const struct deploy *);
enum deploy_outcome	 deploy_outcome(const struct deploy *);
/* Frees it once its handles are closed; a running command is killed. */
void			 deploy_close(struct deploy *);

#endif
