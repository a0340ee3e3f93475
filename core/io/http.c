/*
 * The curl multi-socket loop (see http.h).  Rules that matter here, from
 * libcurl's documentation: never call back into the multi handle from inside
 * a curl callback (completions are collected after socket_action returns);
 * drain curl_multi_info_read after every socket_action, timeouts included;
 * a socket's poll handle is freed only in its uv_close callback, because the
 * fd number may be reused at once by the next connection.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "buf.h"
#include "http.h"
#include "xalloc.h"

struct http_sock {
	uv_poll_t		 poll;
	struct http_pool	*pool;
	curl_socket_t		 fd;
};

struct http_req {
	struct http_req		*prev;
	struct http_req		*next;
	struct http_pool	*pool;
	CURL			*easy;
	http_done_cb		 cb;
	void			*arg;
	struct buf		 body;		/* owned: what was kept */
	size_t			 max;
	bool			 truncated;
	char			 errbuf[CURL_ERROR_SIZE];
};

struct http_pool {
	uv_loop_t	*loop;
	CURLM		*multi;
	uv_timer_t	 timer;
	struct http_req	*reqs;		/* in flight */
	size_t		 active;
	int		 pending_closes;
	bool		 closing;
};

static int	http_on_socket(CURL *, curl_socket_t, int, void *, void *);
static int	http_on_timer_change(CURLM *, long, void *);

static void
http_pool_maybe_free(struct http_pool *p)
{
	if (p->closing && p->pending_closes == 0)
		free(p);
}

static void
http_on_closed(uv_handle_t *h)
{
	struct http_pool *p;

	if (h->type == UV_POLL) {
		p = ((struct http_sock *)h->data)->pool;
		free(h->data);
	} else
		p = h->data;
	p->pending_closes--;
	http_pool_maybe_free(p);
}

static void
http_req_unlink(struct http_req *r)
{
	if (r->prev != NULL)
		r->prev->next = r->next;
	else if (r->pool->reqs == r)
		r->pool->reqs = r->next;
	if (r->next != NULL)
		r->next->prev = r->prev;
	r->prev = r->next = NULL;
}

static void
http_req_free(struct http_req *r)
{
	curl_easy_cleanup(r->easy);
	buf_free(&r->body);
	free(r);
}

/* Hands every finished transfer to its owner; runs after socket_action. */
static void
http_drain(struct http_pool *p)
{
	struct http_response resp;
	struct http_req *r;
	CURLMsg *msg;
	curl_off_t us = 0;
	int left;

	while ((msg = curl_multi_info_read(p->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&r);
		memset(&resp, 0, sizeof resp);
		/* A write error here is our own cap cutting a huge body short. */
		resp.ok = msg->data.result == CURLE_OK ||
		    (msg->data.result == CURLE_WRITE_ERROR && r->truncated);
		if (!resp.ok)
			resp.error = r->errbuf[0] ? r->errbuf :
			    curl_easy_strerror(msg->data.result);
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &resp.status);
		curl_easy_getinfo(r->easy, CURLINFO_CONTENT_TYPE, &resp.content_type);
		curl_easy_getinfo(r->easy, CURLINFO_TOTAL_TIME_T, &us);
		resp.total_ms = us / 1000.0;
		resp.body = r->body.s != NULL ? r->body.s : "";
		resp.body_len = r->body.len;
		resp.truncated = r->truncated;
		curl_multi_remove_handle(p->multi, r->easy);
		http_req_unlink(r);
		p->active--;
		r->cb(r->arg, &resp);
		http_req_free(r);
		if (p->closing)
			return;
	}
}

static void
http_on_poll(uv_poll_t *h, int status, int events)
{
	struct http_sock *s = h->data;
	int flags = 0, running;

	if (status < 0)
		flags = CURL_CSELECT_ERR;
	if (events & UV_READABLE)
		flags |= CURL_CSELECT_IN;
	if (events & UV_WRITABLE)
		flags |= CURL_CSELECT_OUT;
	curl_multi_socket_action(s->pool->multi, s->fd, flags, &running);
	http_drain(s->pool);
}

static void
http_on_timeout(uv_timer_t *t)
{
	struct http_pool *p = t->data;
	int running;

	curl_multi_socket_action(p->multi, CURL_SOCKET_TIMEOUT, 0, &running);
	http_drain(p);
}

static int
http_on_timer_change(CURLM *multi, long timeout_ms, void *userp)
{
	struct http_pool *p = userp;

	if (timeout_ms < 0)
		uv_timer_stop(&p->timer);
	else	/* 0 means "as soon as possible": never act inside this callback */
		uv_timer_start(&p->timer, http_on_timeout,
		    timeout_ms == 0 ? 1 : (uint64_t)timeout_ms, 0);
	return 0;
}

static int
http_on_socket(CURL *easy, curl_socket_t fd, int what, void *userp, void *sockp)
{
	struct http_pool *p = userp;
	struct http_sock *s = sockp;
	int events = 0;

	if (what == CURL_POLL_REMOVE) {
		if (s != NULL) {
			uv_poll_stop(&s->poll);
			p->pending_closes++;
			uv_close((uv_handle_t *)&s->poll, http_on_closed);
			curl_multi_assign(p->multi, fd, NULL);
		}
		return 0;
	}
	if (s == NULL) {
		s = xcalloc(1, sizeof *s);
		s->pool = p;
		s->fd = fd;
		if (uv_poll_init_socket(p->loop, &s->poll, fd) != 0) {
			/* -1 would abort every transfer; unwatched, this one
			 * ends at its own timeout instead. */
			free(s);
			return 0;
		}
		s->poll.data = s;
		curl_multi_assign(p->multi, fd, s);
	}
	if (what == CURL_POLL_IN || what == CURL_POLL_INOUT)
		events |= UV_READABLE;
	if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT)
		events |= UV_WRITABLE;
	uv_poll_start(&s->poll, events, http_on_poll);
	return 0;
}

/* Keeps up to the cap, then stops the transfer: curl 7.88 cannot enforce a
 * maximum on chunked bodies of unknown size by itself. */
static size_t
http_on_data(char *data, size_t size, size_t nmemb, void *userp)
{
	struct http_req *r = userp;
	size_t n = size * nmemb, room = r->max - r->body.len;

	if (n > room) {
		n = room;
		r->truncated = true;
	}
	if (n > 0)
		buf_putn(&r->body, data, n);
	return r->truncated ? 0 : size * nmemb;
}

struct http_pool *
http_pool_new(uv_loop_t *loop, char **cause)
{
	static bool initialized;
	struct http_pool *p;

	if (!initialized) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		initialized = true;
	}
	if (!(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_ASYNCHDNS)) {
		*cause = xstrdup("this libcurl resolves names synchronously; "
		    "it would freeze the screen");
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->multi = curl_multi_init();
	curl_multi_setopt(p->multi, CURLMOPT_SOCKETFUNCTION, http_on_socket);
	curl_multi_setopt(p->multi, CURLMOPT_SOCKETDATA, p);
	curl_multi_setopt(p->multi, CURLMOPT_TIMERFUNCTION, http_on_timer_change);
	curl_multi_setopt(p->multi, CURLMOPT_TIMERDATA, p);
	/* Keep a connection per endpoint between sweeps. */
	curl_multi_setopt(p->multi, CURLMOPT_MAXCONNECTS, 4096L);
	uv_timer_init(loop, &p->timer);
	p->timer.data = p;
	return p;
}

int
http_pool_get(struct http_pool *p, const struct http_get *g, http_done_cb cb,
    void *arg)
{
	struct http_req *r;
	long ms = (long)(g->timeout_s * 1000.0);

	r = xcalloc(1, sizeof *r);
	r->pool = p;
	r->cb = cb;
	r->arg = arg;
	r->max = g->max_body;
	r->easy = curl_easy_init();
	if (r->easy == NULL) {
		free(r);
		return -1;
	}
	curl_easy_setopt(r->easy, CURLOPT_URL, g->url);
	curl_easy_setopt(r->easy, CURLOPT_PRIVATE, r);
	curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, http_on_data);
	curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(r->easy, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(r->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS, ms > 0 ? ms : 1L);
	curl_easy_setopt(r->easy, CURLOPT_CONNECTTIMEOUT_MS, ms > 0 ? ms : 1L);
	curl_easy_setopt(r->easy, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(r->easy, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(r->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(r->easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYPEER, g->verify_tls ? 1L : 0L);
	curl_easy_setopt(r->easy, CURLOPT_SSL_VERIFYHOST, g->verify_tls ? 2L : 0L);
	curl_easy_setopt(r->easy, CURLOPT_USERAGENT, "opsdeck/" PACKAGE_VERSION);
	curl_easy_setopt(r->easy, CURLOPT_ACCEPT_ENCODING, "");
	/* Health answers are a few hundred bytes: a 4 KiB receive buffer
	 * instead of curl's 16 KiB keeps a monitor of many services small. */
	curl_easy_setopt(r->easy, CURLOPT_BUFFERSIZE, 4096L);
	if (g->one_shot) {
		/* libcurl 7.88 walks its whole DNS and connection caches on every
		 * transfer; with thousands of endpoints checked once, keeping them
		 * costs more than it saves (measured in docs/benchmarks.md). */
		curl_easy_setopt(r->easy, CURLOPT_FORBID_REUSE, 1L);
		curl_easy_setopt(r->easy, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
	}
	if (curl_multi_add_handle(p->multi, r->easy) != CURLM_OK) {
		http_req_free(r);	/* never linked */
		return -1;
	}
	r->next = p->reqs;
	if (p->reqs != NULL)
		p->reqs->prev = r;
	p->reqs = r;
	p->active++;
	return 0;
}

size_t
http_pool_active(const struct http_pool *p)
{
	return p->active;
}

void
http_pool_close(struct http_pool *p)
{
	p->closing = true;
	while (p->reqs != NULL) {
		struct http_req *r = p->reqs;

		curl_multi_remove_handle(p->multi, r->easy);
		http_req_unlink(r);
		http_req_free(r);
	}
	p->active = 0;
	/* Closing cached connections calls http_on_socket, so the pool must
	 * still be whole here; it is freed after the last uv_close. */
	curl_multi_cleanup(p->multi);
	p->multi = NULL;
	uv_timer_stop(&p->timer);
	p->pending_closes++;
	uv_close((uv_handle_t *)&p->timer, http_on_closed);
}
