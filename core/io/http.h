/*
 * HTTP GETs on the libuv loop: libcurl's multi-socket API, one uv_poll per
 * socket curl opens and one uv_timer for curl's timeouts.  Many requests run
 * at once; none blocks.  Bodies are capped while they arrive, so a service
 * that streams a gigabyte costs at most the cap.
 *
 * Ownership: the caller owns the struct http_pool until http_pool_close(),
 * after which it is freed once libuv has closed every handle.  A response is
 * owned by the pool and valid only during the done callback.
 */
#ifndef OPSDECK_HTTP_H
#define OPSDECK_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include <uv.h>

struct http_response {
	bool		 ok;		/* transport succeeded (any HTTP status) */
	const char	*error;		/* when !ok: one line, e.g. "timed out" */
	long		 status;	/* HTTP status, 0 without an answer */
	const char	*content_type;	/* or NULL */
	const char	*body;		/* NUL-terminated copy of what was kept */
	size_t		 body_len;
	bool		 truncated;	/* the body was larger than the cap */
	double		 total_ms;	/* request start to end (or abort) */
};

typedef void (*http_done_cb)(void *arg, const struct http_response *);

struct http_get {
	const char	*url;
	double		 timeout_s;
	size_t		 max_body;	/* bytes kept; the transfer stops there */
	bool		 verify_tls;	/* true unless explicitly disabled */
	bool		 one_shot;	/* no reuse expected: skip the caches */
};

struct http_pool;

/* NULL when libcurl cannot resolve names asynchronously (it would block). */
struct http_pool	*http_pool_new(uv_loop_t *, char **cause);
/* Starts a GET; the callback runs exactly once, from the loop.  0, or -1
 * when the request could not be set up. */
int			 http_pool_get(struct http_pool *, const struct http_get *,
			     http_done_cb, void *arg);
/* Requests still running are dropped without their callbacks. */
void			 http_pool_close(struct http_pool *);
size_t			 http_pool_active(const struct http_pool *);

#endif
