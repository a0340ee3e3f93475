/*
 * Alert groups (see alert-groups.h).  Two passes over the list: count the
 * alerts of each kind, then give each member its group and keep the
 * group's first, oldest and worst.  Ties keep the earlier alert, so the
 * oldest and the worst follow the list's own order (severity, then since).
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "alert-groups.h"
#include "figures.h"
#include "xalloc.h"

size_t
alert_groups_build(struct alert *list, size_t n,
    struct alert_group groups[AK_COUNT])
{
	struct alert_group	*of_kind[AK_COUNT];
	struct alert_group	*g;
	size_t			 count[AK_COUNT], i, n_groups = 0;
	struct alert		*a;

	memset(count, 0, sizeof count);
	memset(of_kind, 0, sizeof of_kind);
	for (i = 0; i < n; i++) {
		if (list[i].kind < AK_COUNT)
			count[list[i].kind]++;
	}
	for (i = 0; i < n; i++) {
		a = &list[i];
		a->group = NULL;
		if (a->kind >= AK_COUNT || count[a->kind] < ALERT_GROUP_MIN)
			continue;
		if ((g = of_kind[a->kind]) == NULL) {
			g = of_kind[a->kind] = &groups[n_groups++];
			memset(g, 0, sizeof *g);
			g->kind = a->kind;
			g->severity = a->severity;
			g->first = g->oldest = g->worst = a;
		}
		g->count++;
		if (a->held_s > g->oldest->held_s)
			g->oldest = a;
		if (a->badness > g->worst->badness)
			g->worst = a;
		a->group = g;
	}
	return n_groups;
}

char *
alert_group_summary(const struct alert_group *g)
{
	static const char *const what[AK_COUNT] = {
		[AK_SERVICE_DOWN] = "services down",
		[AK_ERROR_RATE] = "services over their error rate",
		[AK_P95] = "services over their p95",
		[AK_AGENT_STALE] = "agents stale",
		[AK_AGENT_CRITICAL] = "agents in critical health",
		[AK_ACTION_BLOCKED] = "actions blocked",
	};

	return xasprintf("%zu %s", g->count,
	    g->kind < AK_COUNT ? what[g->kind] : "alerts");
}

char *
alert_group_detail(const struct alert_group *g, int fig_flags)
{
	char age[FIG_LEN];

	fig_age(g->oldest->held_s, fig_flags, age, sizeof age);
	return xasprintf("oldest %s (%s), worst %s (%s)", age,
	    g->oldest->subject, g->worst->subject,
	    g->worst->message != NULL ? g->worst->message : "");
}
