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

/* What an alert is about: one kind per rule of spec §3 "Alerts". */
enum alert_kind {
	AK_SERVICE_DOWN,
	AK_ERROR_RATE,
	AK_P95,
	AK_AGENT_STALE,
	AK_AGENT_CRITICAL,
	AK_ACTION_BLOCKED,
	AK_COUNT
};

struct alert {
	enum alert_severity severity;
	char		*subject;	/* service, agent or action code */
	char		*message;
	char		 since[MODEL_TS_LEN];
};

const char	*svc_state_name(enum svc_state);
const char	*alert_severity_name(enum alert_severity);
/* "service_down", "error_rate", "p95", "agent_stale", "agent_critical",
 * "action_blocked". */
const char	*alert_kind_name(enum alert_kind);

#endif
