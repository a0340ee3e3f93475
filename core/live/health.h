/*
 * Service health (spec §3 "Services"): every configured service checked on
 * its own interval, health URL and metrics URL concurrently, through the
 * shared HTTP pool; never blocking the loop.
 *
 * Ownership: the caller owns the struct health_checker until health_close();
 * the statuses it publishes belong to it and change only on the loop.
 */
#ifndef OPSDECK_HEALTH_H
#define OPSDECK_HEALTH_H

#include <uv.h>

#include "config.h"
#include "service.h"

struct health_checker;

/* Called (from the loop) after any service's status changed. */
typedef void (*health_change_cb)(void *arg);
/* Called once when a sweep has an answer from every service. */
typedef void (*health_sweep_cb)(void *arg);

/* The config must outlive the checker.  NULL with *cause on failure. */
struct health_checker	*health_new(uv_loop_t *, const struct config *,
			    health_change_cb, void *arg, char **cause);
/* Periodic checks, each service on its own interval. */
void			 health_start(struct health_checker *);
/* One check of every service at once, for a process that checks once
 * (opsdeck snapshot): connections and DNS answers are not cached.  done() runs when
 * the last answer (or timeout) is in. */
void			 health_sweep(struct health_checker *, health_sweep_cb done,
			    void *arg);
/* Check everything now (the `r` key); skips services already in flight. */
void			 health_check_all_now(struct health_checker *);
/* Check service i now (deploy verification); skipped when in flight. */
void			 health_check_now(struct health_checker *, size_t i);
const struct svc_status	*health_statuses(const struct health_checker *,
			    size_t *n);
void			 health_close(struct health_checker *);

#endif
