#include "autoconfig.h"

/* Names of the service states and alert severities, as spec §3/§4 spell them. */

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
