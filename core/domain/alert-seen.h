/*
 * The conditions the alert engine has seen holding, keyed by kind and
 * subject: when each was first seen (for its duration and its `since`) and
 * whether its alert was already shown (for the bell).
 *
 * An open-addressing hash table over a dense array: finding or adding a
 * condition costs O(1) on average whatever the number held, so evaluating
 * n conditions is O(n) where the linear scan it replaces was O(n^2).  Both
 * arrays grow geometrically.  A sweep, once per evaluation, forgets what
 * was not seen again and rebuilds the index in O(n).
 *
 * Ownership: the caller owns the table (a zeroed struct is empty) and
 * releases it with seen_free; the subjects are the table's.
 */
#ifndef OPSDECK_ALERT_SEEN_H
#define OPSDECK_ALERT_SEEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "service.h"

struct alert_seen {
	enum alert_kind	 kind;
	char		*subject;
	uint64_t	 first_ms;	/* loop time of the first sighting */
	char		 first_wall[MODEL_TS_LEN];	/* ... and wall time */
	bool		 raised;	/* shown in an earlier evaluation */
	bool		 held;		/* seen in this evaluation */
};

struct seen_table {
	struct alert_seen	*v;		/* dense, in order of arrival */
	size_t			 n, cap;
	uint32_t		*slots;		/* index into v plus 1; 0: free */
	size_t			 n_slots;	/* a power of two, or 0 */
};

/* The condition (kind, subject), marked held; added with first_ms and
 * first_wall when it is new.  The pointer is valid until the next call. */
struct alert_seen	*seen_hold(struct seen_table *, enum alert_kind,
			    const char *subject, uint64_t now_ms,
			    const char *wall);
/* Forgets the conditions not held since the last sweep (one that comes
 * back later starts afresh) and clears the mark of the others. */
void			 seen_sweep(struct seen_table *);
void			 seen_free(struct seen_table *);

#endif
