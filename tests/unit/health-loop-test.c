/*
 * A hanging endpoint must not stop the loop.  In-process: one listener that
 * answers a health check at once, one that accepts and never answers, and a
 * 5 ms heartbeat timer.  The test passes when the healthy service is up and
 * the heartbeat has kept ticking while the hanging check is still in flight
 * (its timeout is a minute away).  Nothing here depends on how fast the
 * machine is: only on the order of events.  Then the checker is closed with
 * that request still in flight, and the loop must close cleanly (ASan checks
 * the memory).
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <uv.h>

#include "config.h"
#include "health.h"
#include "xalloc.h"

static const char answer[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    "Content-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"ok\"}";

struct server {
	uv_tcp_t	 listener;
	bool		 respond;
	int		 port;
};

struct peer {
	uv_tcp_t	 tcp;
	uv_write_t	 wr;
	bool		 respond;
	bool		 answered;
};

struct fixture {
	uv_loop_t		 loop;
	struct server		 ok, hang;
	struct config		 cfg;
	struct health_checker	*hc;
	uv_timer_t		 heartbeat;
	uv_timer_t		 guard;
	long			 ticks_while_hanging;
	bool			 done;
	bool			 timed_out;
};

static void
on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	static char storage[4096];

	buf->base = storage;
	buf->len = sizeof storage;
}

static void
on_peer_closed(uv_handle_t *h)
{
	free(h->data);
}

static void
on_written(uv_write_t *w, int status)
{
	struct peer *p = w->data;

	uv_close((uv_handle_t *)&p->tcp, on_peer_closed);
}

static void
on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct peer *p = s->data;
	uv_buf_t out = uv_buf_init((char *)answer, sizeof answer - 1);

	if (n < 0) {
		uv_close((uv_handle_t *)&p->tcp, on_peer_closed);
		return;
	}
	/* A GET fits one read on loopback; answer once, or never. */
	if (n > 0 && p->respond && !p->answered) {
		p->answered = true;
		p->wr.data = p;
		uv_write(&p->wr, s, &out, 1, on_written);
	}
}

static void
on_connection(uv_stream_t *l, int status)
{
	struct server *srv = l->data;
	struct peer *p = xcalloc(1, sizeof *p);

	uv_tcp_init(l->loop, &p->tcp);
	p->tcp.data = p;
	p->respond = srv->respond;
	if (uv_accept(l, (uv_stream_t *)&p->tcp) == 0)
		uv_read_start((uv_stream_t *)&p->tcp, on_alloc, on_read);
	else
		uv_close((uv_handle_t *)&p->tcp, on_peer_closed);
}

static void
server_start(uv_loop_t *loop, struct server *srv, bool respond)
{
	struct sockaddr_in addr;
	struct sockaddr_storage bound;
	int len = sizeof bound;

	srv->respond = respond;
	uv_ip4_addr("127.0.0.1", 0, &addr);
	assert_int_equal(uv_tcp_init(loop, &srv->listener), 0);
	srv->listener.data = srv;
	assert_int_equal(uv_tcp_bind(&srv->listener, (struct sockaddr *)&addr, 0), 0);
	assert_int_equal(uv_listen((uv_stream_t *)&srv->listener, 16, on_connection), 0);
	uv_tcp_getsockname(&srv->listener, (struct sockaddr *)&bound, &len);
	srv->port = ntohs(((struct sockaddr_in *)&bound)->sin_port);
}

static void
add_service(struct config *cfg, const char *name, int port, double timeout_s)
{
	struct svc_config *s;

	cfg->services = xreallocarray(cfg->services, cfg->n_services + 1,
	    sizeof *cfg->services);
	s = &cfg->services[cfg->n_services++];
	memset(s, 0, sizeof *s);
	s->name = xstrdup(name);
	s->health = xasprintf("http://127.0.0.1:%d/health", port);
	s->interval_s = 3600;
	s->timeout_s = timeout_s;
	s->latency_threshold_ms = 60000;
	s->p95_threshold_ms = 60000;
	s->error_rate_threshold = 100;
	s->latency_histogram = xstrdup("http_request_duration_seconds");
	s->requests_counter = xstrdup("http_requests_total");
}

static void
close_all(struct fixture *f)
{
	f->done = true;
	uv_timer_stop(&f->heartbeat);
	uv_timer_stop(&f->guard);
	/* The hanging request is still in flight: closing must cope. */
	health_close(f->hc);
	uv_close((uv_handle_t *)&f->heartbeat, NULL);
	uv_close((uv_handle_t *)&f->guard, NULL);
	uv_close((uv_handle_t *)&f->ok.listener, NULL);
	uv_close((uv_handle_t *)&f->hang.listener, NULL);
}

static void
on_heartbeat(uv_timer_t *t)
{
	struct fixture *f = t->data;
	const struct svc_status *st;
	size_t n;

	st = health_statuses(f->hc, &n);
	assert_int_equal(n, 2);
	if (st[1].state != SVC_UNKNOWN)
		fail_msg("the hanging check finished early: %s", st[1].detail);
	if (st[0].state == SVC_UP)
		f->ticks_while_hanging++;
	if (f->ticks_while_hanging >= 20)
		close_all(f);
}

static void
on_guard(uv_timer_t *t)
{
	struct fixture *f = t->data;

	f->timed_out = true;
	close_all(f);
}

static void
test_hanging_endpoint_leaves_loop_running(void **state)
{
	struct fixture f;
	char *cause = NULL;

	memset(&f, 0, sizeof f);
	assert_int_equal(uv_loop_init(&f.loop), 0);
	server_start(&f.loop, &f.ok, true);
	server_start(&f.loop, &f.hang, false);
	config_init_defaults(&f.cfg);
	add_service(&f.cfg, "ok", f.ok.port, 60);
	add_service(&f.cfg, "hang", f.hang.port, 60);
	f.hc = health_new(&f.loop, &f.cfg, NULL, NULL, &cause);
	assert_non_null(f.hc);
	health_start(f.hc);
	uv_timer_init(&f.loop, &f.heartbeat);
	uv_timer_init(&f.loop, &f.guard);
	f.heartbeat.data = f.guard.data = &f;
	uv_timer_start(&f.heartbeat, on_heartbeat, 5, 5);
	/* Only a safety net for a broken build; never reached when working. */
	uv_timer_start(&f.guard, on_guard, 30000, 0);
	uv_run(&f.loop, UV_RUN_DEFAULT);
	assert_false(f.timed_out);
	assert_true(f.ticks_while_hanging >= 20);
	assert_int_equal(uv_loop_close(&f.loop), 0);
	config_free(&f.cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hanging_endpoint_leaves_loop_running),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
