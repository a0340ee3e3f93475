/*
 * Alerts (spec §3 "Alerts"): conditions that have held long enough.  The
 * engine remembers when each condition was first seen, raises the alert once
 * it has lasted its duration, keeps its start time while it holds, and drops
 * it when the condition clears.
 *
 * Ownership: the caller owns the engine (alerts_free); the list returned by
 * alerts_list belongs to the engine and changes at the next evaluation.
 */
#ifndef OPSDECK_ALERTS_H
#define OPSDECK_ALERTS_H

#include <stdint.h>

#include "config.h"
#include "model.h"
#include "service.h"

struct alert_engine;

struct alert_engine	*alerts_new(const struct config *);
/* Re-evaluates everything against now (a monotonic clock in ms) and the
 * wall clock `wall` ("YYYY-MM-DDTHH:MM:SS"); model may be NULL.  Returns the
 * number of critical alerts raised by this evaluation (for the bell). */
int			 alerts_evaluate(struct alert_engine *, uint64_t now_ms,
			    const char *wall, const struct svc_status *, size_t n,
			    const struct model *);
const struct alert	*alerts_list(const struct alert_engine *, size_t *n);
void			 alerts_free(struct alert_engine *);

#endif
