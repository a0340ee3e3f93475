/*
 * Alert groups, as Alertmanager groups notifications: when ALERT_GROUP_MIN
 * or more alerts are of one kind (1 841 stale agents, say), the cockpit's
 * SERVICES pane and the text snapshot show them as one row, "1841 agents
 * stale", with the oldest and the worst of them; the zoomed pane lists
 * them all, and the JSON keeps every alert besides its groups.  Fewer than
 * that are shown one by one, as before grouping existed.
 *
 * Pure functions over a list the caller owns; nothing is allocated but the
 * strings said to be the caller's.
 */
#ifndef OPSDECK_ALERT_GROUPS_H
#define OPSDECK_ALERT_GROUPS_H

#include <stddef.h>

#include "service.h"

/* This many alerts of one kind make a group (docs/alerts.md says why 5). */
#define ALERT_GROUP_MIN	5

/* Groups list[0..n) in O(n): one group in groups[] per kind with at least
 * ALERT_GROUP_MIN alerts, in the order of their first members, and every
 * alert's `group` set (NULL for the ones shown alone).  Returns the number
 * of groups.  The groups point into list. */
size_t	 alert_groups_build(struct alert *list, size_t n,
	    struct alert_group groups[AK_COUNT]);
/* "1841 agents stale": the count and what the members share.  A heap
 * string, caller frees. */
char	*alert_group_summary(const struct alert_group *);
/* "oldest 3d (agent-00007), worst agent-00042 (agent stale: no usable
 * heartbeat)".  fig_flags are core/base/figures.h's for the age (FIG_NARROW
 * in the cockpit).  A heap string of unsanitized data, caller frees. */
char	*alert_group_detail(const struct alert_group *, int fig_flags);

#endif
