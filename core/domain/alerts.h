/*
 * Alerts (spec §3 "Alerts"): conditions that have held long enough.  The
 * engine remembers when each condition was first seen, raises the alert once
 * it has lasted its duration, keeps its start time while it holds, and drops
 * it when the condition clears.
 *
 * Its inputs are evaluated apart, each when it changes: the services after
 * a check (and when a duration runs out, see alerts_next_due_ms), the model
 * after a refresh.  So a check costs in proportion to the services, not to
 * the agents, and nothing is evaluated while nothing changes.  Every
 * evaluation costs O(n log n) in the conditions it looks at.
 *
 * Ownership: the caller owns the engine (alerts_free); the list and the
 * groups returned belong to the engine and change at the next evaluation.
 */
#ifndef OPSDECK_ALERTS_H
#define OPSDECK_ALERTS_H

#include <stdint.h>

#include "alert-groups.h"
#include "config.h"
#include "model.h"
#include "service.h"

struct alert_engine;

struct alert_engine	*alerts_new(const struct config *);
/* Evaluates the services' conditions against now (a monotonic clock in
 * ms) and the wall clock `wall` ("YYYY-MM-DDTHH:MM:SS").  Returns the
 * number of critical alerts raised by this evaluation (for the bell). */
int			 alerts_update_services(struct alert_engine *,
			    uint64_t now_ms, const char *wall,
			    const struct svc_status *, size_t n);
/* Evaluates the model's conditions; model may be NULL (none yet). */
int			 alerts_update_model(struct alert_engine *,
			    uint64_t now_ms, const char *wall,
			    const struct model *);
/* Both of the above: everything against one instant. */
int			 alerts_evaluate(struct alert_engine *, uint64_t now_ms,
			    const char *wall, const struct svc_status *, size_t n,
			    const struct model *);
/* The loop time (ms) at which the next held condition reaches its
 * duration, when the services must be evaluated again; 0 when none is
 * waiting for one. */
uint64_t		 alerts_next_due_ms(const struct alert_engine *);
/* Every alert raised: by severity, critical first, then oldest first. */
const struct alert	*alerts_list(const struct alert_engine *, size_t *n);
/* Its groups (alert-groups.h), in the order of their first members. */
const struct alert_group *alerts_groups(const struct alert_engine *,
			    size_t *n);
void			 alerts_free(struct alert_engine *);

#endif
