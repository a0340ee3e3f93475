/*
 * One health check response -> a verdict (spec §3 "Services", field notes
 * §11).  Pure: no I/O, the checker hands over what curl received.
 *
 * Rules, in order:
 *  - http_status <= 0 (no HTTP answer at all) -> HEALTH_UNKNOWN.  The caller
 *    reports its transport error itself (timeout, refused) as down.
 *  - The HTTP status gives a first verdict: 200-399 pass, anything else
 *    fail.  The body is parsed either way, for the detail.
 *  - The body gives a second verdict when it states one:
 *      JSON object with a string "status" (first key wins on duplicates),
 *      matched case-insensitively; also application/health+json and Spring
 *      actuator bodies, whose "checks"/"components" are reported in the
 *      detail but never override the top-level status;
 *      or a plain-text body that is, trimmed, exactly one status word.
 *    Words: pass ok up healthy -> PASS; warn degraded -> WARN;
 *    fail down error critical out_of_service unhealthy -> FAIL.
 *  - The result is the worse of the two: 200 + "fail" is FAIL, and so is
 *    503 + {"status":"UP"}.
 *
 * A body that states nothing usable does not change the HTTP verdict, it
 * only shows in the detail: an empty body, other text, a status string we do
 * not know ("unrecognized status \"STARTING\""), a non-string status
 * ({"status":1} or {"status":1e999}), no status key, JSON that does not
 * parse or nests deeper than HEALTH_JSON_MAX_DEPTH.  On a 2xx such a
 * response is therefore PASS with that detail: the service contract (spec
 * §3) has no state for "answered 2xx but we could not read the body" other
 * than up, and unknown there means "not checked yet".  (Field notes §11
 * would call these UNKNOWN; the spec wins.)
 *
 * body need not be NUL-terminated, may be NULL when len is 0, and may hold
 * NULs or invalid UTF-8.  The caller caps its size (it is copied once).
 * content_type may be NULL.
 */
#ifndef OPSDECK_HEALTH_BODY_H
#define OPSDECK_HEALTH_BODY_H

#include <stddef.h>

enum health_verdict {
	HEALTH_PASS,
	HEALTH_WARN,
	HEALTH_FAIL,
	HEALTH_UNKNOWN
};

/* Deeper JSON is not a health document; refused before cJSON sees it. */
#define HEALTH_JSON_MAX_DEPTH 64

/* A detail is shorter than this, in bytes, here and in struct svc_status. */
#define HEALTH_DETAIL_MAX 200

/*
 * *detail (when detail is not NULL) gets a short heap string for the UI,
 * caller frees: "HTTP 200", "body status \"warn\"", "HTTP 503, body status
 * \"DOWN\"", "HTTP 200, unparseable JSON body", "body status \"UP\"; not
 * passing: db DOWN".  It holds printable ASCII only (other bytes of the body
 * become '?') and is shorter than HEALTH_DETAIL_MAX bytes (cut with "...").
 */
enum health_verdict	 health_body_classify(long http_status,
			    const char *content_type, const char *body,
			    size_t len, char **detail);
/*
 * A detail from text that may be long or not ASCII (a transport error can
 * quote a host name), kept to the same bound: head cut with "..." where
 * needed, never inside a UTF-8 character, so that head and tail together
 * are shorter than HEALTH_DETAIL_MAX bytes.  tail, ours and short (under
 * HEALTH_DETAIL_MAX / 2), is kept whole.  Caller frees.
 */
char			*health_detail_fit(const char *head, const char *tail);
/* "pass", "warn", "fail", "unknown". */
const char		*health_verdict_name(enum health_verdict);

#endif
