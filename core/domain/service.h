/*
 * Service health and alerts as the snapshot and the TUI see them (spec §3).
 * The checker (core/health-*.c) owns and updates these; readers copy what
 * they need before the next loop turn.
 */
#ifndef OPSDECK_SERVICE_H
#define OPSDECK_SERVICE_H

#include <stdint.h>

#include "model.h"

enum svc_state {
	SVC_UNKNOWN,
	SVC_UP,
	SVC_DEGRADED,
	SVC_DOWN
};

struct svc_status {
	char		*name;
	enum svc_state	 state;
	long		 http_status;	/* 0: no HTTP answer (JSON null) */
	struct opt_num	 latency_ms;
	struct opt_num	 p95_ms;
	struct opt_num	 error_rate;	/* percent */
	char		 checked_at[MODEL_TS_LEN];	/* "" before the first check */
	uint64_t	 checked_ms;	/* loop time of that check, 0 before */
	/* Why: "timeout after 5s", "body says warn"; shorter than
	 * HEALTH_DETAIL_MAX bytes (health-body.h). */
	char		*detail;
};

enum alert_severity {
	ALERT_INFO,
	ALERT_WARNING,
	ALERT_CRITICAL
};

/* What an alert is about: one kind per rule of spec §3 "Alerts".  Alerts
 * of one kind are grouped when there are many of them (alert-groups.h). */
enum alert_kind {
	AK_SERVICE_DOWN,
	AK_ERROR_RATE,
	AK_P95,
	AK_AGENT_STALE,
	AK_AGENT_CRITICAL,
	AK_ACTION_BLOCKED,
	AK_COUNT
};

struct alert_group;

struct alert {
	enum alert_severity severity;
	char		*subject;	/* service, agent or action code */
	char		*message;
	char		 since[MODEL_TS_LEN];
	enum alert_kind	 kind;
	/* How long the condition had held when it was last evaluated, on
	 * the clock its `since` comes from (the database's for a since
	 * from the data, the loop's otherwise); never negative. */
	double		 held_s;
	/* How bad it is among the alerts of its kind, larger is worse: what
	 * names a group's worst member (alerts.c says per kind). */
	double		 badness;
	/* The group it is shown in, or NULL when it is shown on its own. */
	const struct alert_group *group;
};

/*
 * Many alerts of one kind, shown as one row (as Alertmanager groups them):
 * how many, the oldest and the worst.  The members are the alerts whose
 * group points here; `first` is the first of them in the list, where the
 * group's row goes.  Every pointer is into the same list as the members.
 */
struct alert_group {
	enum alert_kind		 kind;
	enum alert_severity	 severity;
	size_t			 count;
	const struct alert	*first;
	const struct alert	*oldest;	/* the greatest held_s */
	const struct alert	*worst;		/* the greatest badness */
};

const char	*svc_state_name(enum svc_state);
const char	*alert_severity_name(enum alert_severity);
/* "service_down", "error_rate", "p95", "agent_stale", "agent_critical",
 * "action_blocked": the JSON's names of the kinds. */
const char	*alert_kind_name(enum alert_kind);

#endif
