#include "autoconfig.h"

/* Names of the service states, alert severities and alert kinds, as spec
 * §3/§4 spell them (the kinds' names are opsdeck's own). */

#include "service.h"

const char *
svc_state_name(enum svc_state state)
{
	switch (state) {
	case SVC_UNKNOWN:
		return "unknown";
	case SVC_UP:
		return "up";
	case SVC_DEGRADED:
		return "degraded";
	case SVC_DOWN:
		return "down";
	}
	/* A value outside the enum is a bug; still never hand out NULL. */
	return "unknown";
}

const char *
alert_severity_name(enum alert_severity severity)
{
	switch (severity) {
	case ALERT_INFO:
		return "info";
	case ALERT_WARNING:
		return "warning";
	case ALERT_CRITICAL:
		return "critical";
	}
	return "unknown";
}

const char *
alert_kind_name(enum alert_kind kind)
{
	switch (kind) {
	case AK_SERVICE_DOWN:
		return "service_down";
	case AK_ERROR_RATE:
		return "error_rate";
	case AK_P95:
		return "p95";
	case AK_AGENT_STALE:
		return "agent_stale";
	case AK_AGENT_CRITICAL:
		return "agent_critical";
	case AK_ACTION_BLOCKED:
		return "action_blocked";
	case AK_COUNT:
		break;
	}
	return "unknown";
}
