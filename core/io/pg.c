/*
 * The asynchronous PostgreSQL client (see pg.h for the contract).
 *
 * State machine: IDLE -> [RESOLVING] -> CONNECTING -> READY, and on any
 * failure BACKOFF -> RESOLVING/CONNECTING again (or FAILED without
 * reconnect).  One uv_timer serves whichever deadline the state has: the
 * resolve/connect timeout, the in-flight batch's timeout or the backoff.
 *
 * Batches queue in a FIFO; the head is sent as one pipeline: [BEGIN]
 * statements [COMMIT] Sync.  Results are read off in order: a NULL from
 * PQgetResult ends one command's results, PGRES_PIPELINE_SYNC ends the batch.
 * An error inside BEGIN..COMMIT skips the COMMIT and leaves the session in
 * an aborted transaction, which would fail every later batch; so whenever
 * a Sync finds the session not idle, a ROLLBACK goes to the head of the
 * queue.  Such internal batches (also the session setup) have no callback.
 *
 * A batch past its deadline is reported failed at once, and its query is
 * cancelled (PQcancel connects and waits, so it runs on the thread pool);
 * the connection stays for the ROLLBACK unless the cancel is not answered
 * within a grace period.  Dropping at once, as before, left the backend
 * waiting on its lock and opened another one per timeout.
 *
 * fd hygiene: the poll handle is stopped before every libpq call that may
 * close or replace the socket, and a new handle is made whenever PQsocket()
 * changes, because libpq opens a new socket per host it tries.
 */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "conninfo.h"
#include "pg.h"
#include "xalloc.h"

/* How long a cancelled query may take to give up before the connection
 * is dropped instead. */
#define PG_CANCEL_GRACE_MS	5000

/* One command of a sent batch: whose result it is. */
struct pg_cmd {
	int		 stmt;		/* index into stmts, or -1 (BEGIN, COMMIT) */
	bool		 prepare;	/* the Parse of stmt's name */
};

struct pg_batch {
	struct pg_batch	*next;
	int		 flags;
	int		 n;
	struct pg_stmt	*stmts;		/* owns sql, name and params */
	PGresult	**results;
	char		*error;
	struct pg_cmd	*cmds;		/* what was sent, in order */
	int		 ncmds;
	int		 cursor;	/* index of the command being read */
	pg_batch_cb	 cb;		/* NULL: internal, or already reported */
	void		*arg;
};

struct pg_cancel_work {
	uv_work_t		 req;
	struct pg_client	*client;
	PGcancel		*handle;	/* owned */
	char			 errbuf[256];
};

struct pg_watch {
	uv_poll_t		 handle;
	struct pg_client	*client;
	int			 fd;
};

struct pg_client {
	uv_loop_t		*loop;
	struct pg_client_opts	 opts;
	char			**kw;
	char			**vals;
	int			 nkw;
	char			*resolve_host;	/* a name to resolve, or NULL */
	char			*target;
	enum pg_state		 state;
	PGconn			*conn;
	struct pg_watch		*watch;
	uv_timer_t		 timer;
	uv_getaddrinfo_t	 gai;
	bool			 gai_active;
	unsigned		 gai_generation;
	struct pg_batch		*head;
	struct pg_batch		*tail;
	bool			 in_flight;
	bool			 timed_out;	/* the batch in flight was cancelled */
	struct pg_cancel_work	*cancel;	/* running on the thread pool */
	const char		*trust_note;
	char			*conninfo;	/* as given, for redacting messages */
	int			 attempt;
	int			 pending_closes;
	char			**prepared;	/* names prepared on this connection */
	size_t			 nprepared;
};

static void	pg_connect_begin(struct pg_client *);
static void	pg_watch_set(struct pg_client *, int events);
static void	pg_on_poll(uv_poll_t *, int, int);
static void	pg_on_timer(uv_timer_t *);
static void	pg_send_head(struct pg_client *);

const char *
pg_state_name(enum pg_state s)
{
	switch (s) {
	case PG_IDLE:		return "idle";
	case PG_RESOLVING:	return "resolving";
	case PG_CONNECTING:	return "connecting";
	case PG_READY:		return "ok";
	case PG_BACKOFF:	return "reconnecting";
	case PG_FAILED:		return "failed";
	case PG_CLOSING:	return "closing";
	}
	return "?";
}

/* libpq messages span lines ("ERROR: ...\nLINE 1: ..."); a status line or
 * an exit message wants the first, trimmed, and never the password. */
static char *
pg_one_line(const struct pg_client *c, const char *msg)
{
	char *line, *safe;
	size_t len;

	if (msg == NULL || *msg == '\0')
		return xstrdup("unknown error");
	len = strcspn(msg, "\n");
	while (len > 0 && (msg[len - 1] == ' ' || msg[len - 1] == '\r'))
		len--;
	line = xstrndup(msg, len);
	safe = conninfo_redact(c->conninfo, line);
	free(line);
	return safe;
}

static void
pg_set_state(struct pg_client *c, enum pg_state s, const char *error)
{
	c->state = s;
	if (c->opts.on_state != NULL)
		c->opts.on_state(c->opts.arg, s, error);
}

static void
pg_batch_free(struct pg_batch *b)
{
	int i, j;

	for (i = 0; i < b->n; i++) {
		if (b->results[i] != NULL)
			PQclear(b->results[i]);
		free((char *)b->stmts[i].sql);
		free((char *)b->stmts[i].name);
		for (j = 0; j < b->stmts[i].nparams; j++)
			free((char *)b->stmts[i].params[j]);
	}
	free(b->results);
	free(b->cmds);
	free(b->stmts);
	free(b->error);
	free(b);
}

static struct pg_batch *
pg_batch_pop(struct pg_client *c)
{
	struct pg_batch *b = c->head;

	if (b != NULL) {
		c->head = b->next;
		if (c->head == NULL)
			c->tail = NULL;
	}
	return b;
}

/* Hands the batch to its owner, with error set or not, and frees it. */
static void
pg_batch_finish(struct pg_batch *b, const char *error)
{
	if (error != NULL && b->error == NULL)
		b->error = xstrdup(error);
	if (b->cb != NULL)
		b->cb(b->arg, b->results, b->n, b->error);
	pg_batch_free(b);
}

/* Copies statements and parameters; cb NULL makes an internal batch. */
static struct pg_batch *
pg_batch_new(const struct pg_stmt *stmts, int n, int flags, pg_batch_cb cb,
    void *arg)
{
	struct pg_batch *b;
	int i, j;

	b = xcalloc(1, sizeof *b);
	b->flags = flags;
	b->n = n;
	b->stmts = xcalloc(n, sizeof *b->stmts);
	b->results = xcalloc(n, sizeof *b->results);
	/* at most BEGIN, a Parse and an Execute per statement, COMMIT */
	b->cmds = xcalloc(2 * (size_t)n + 2, sizeof *b->cmds);
	for (i = 0; i < n; i++) {
		b->stmts[i].sql = xstrdup(stmts[i].sql);
		b->stmts[i].name = stmts[i].name ? xstrdup(stmts[i].name) : NULL;
		b->stmts[i].nparams = stmts[i].nparams;
		for (j = 0; j < stmts[i].nparams; j++)
			b->stmts[i].params[j] = stmts[i].params[j] ?
			    xstrdup(stmts[i].params[j]) : NULL;
	}
	b->cb = cb;
	b->arg = arg;
	return b;
}

/* An internal statement ahead of every queued batch. */
static void
pg_push_front(struct pg_client *c, const char *sql)
{
	struct pg_stmt st = { .sql = sql, .nparams = 0 };
	struct pg_batch *b = pg_batch_new(&st, 1, 0, NULL, NULL);

	b->next = c->head;
	c->head = b;
	if (c->tail == NULL)
		c->tail = b;
}

static void
pg_fail_all(struct pg_client *c, const char *error)
{
	struct pg_batch *b;

	c->in_flight = false;
	while ((b = pg_batch_pop(c)) != NULL)
		pg_batch_finish(b, error);
}

/* One handle or request the closing client waited for is done; the
 * last one frees it. */
static void
pg_release(struct pg_client *c)
{
	if (--c->pending_closes == 0 && c->state == PG_CLOSING) {
		free(c->conninfo);
		free(c->target);
		free(c->resolve_host);
		for (int i = 0; i < c->nkw; i++) {
			free(c->kw[i]);
			free(c->vals[i]);
		}
		free(c->kw);
		free(c->vals);
		free(c);
	}
}

static void
pg_on_handle_closed(uv_handle_t *h)
{
	struct pg_client *c = h->data;

	if (h->type == UV_POLL)
		free(h);
	pg_release(c);
}

static void
pg_watch_close(struct pg_client *c)
{
	if (c->watch == NULL)
		return;
	uv_poll_stop(&c->watch->handle);
	c->watch->handle.data = c;
	c->pending_closes++;
	uv_close((uv_handle_t *)&c->watch->handle, pg_on_handle_closed);
	c->watch = NULL;
}

/* Watches the connection's current socket, replacing the handle when libpq
 * moved to another fd. */
static void
pg_watch_set(struct pg_client *c, int events)
{
	int fd = PQsocket(c->conn);

	if (c->watch != NULL && c->watch->fd != fd)
		pg_watch_close(c);
	if (fd < 0)
		return;
	if (c->watch == NULL) {
		c->watch = xcalloc(1, sizeof *c->watch);
		c->watch->client = c;
		c->watch->fd = fd;
		if (uv_poll_init_socket(c->loop, &c->watch->handle, fd) != 0) {
			free(c->watch);
			c->watch = NULL;
			return;
		}
		c->watch->handle.data = c->watch;
	}
	uv_poll_start(&c->watch->handle, events, pg_on_poll);
}

/* A new session knows no prepared statement. */
static void
pg_prepared_forget(struct pg_client *c)
{
	size_t i;

	for (i = 0; i < c->nprepared; i++)
		free(c->prepared[i]);
	free(c->prepared);
	c->prepared = NULL;
	c->nprepared = 0;
}

static bool
pg_prepared_has(const struct pg_client *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nprepared; i++)
		if (strcmp(c->prepared[i], name) == 0)
			return true;
	return false;
}

static void
pg_prepared_add(struct pg_client *c, const char *name)
{
	if (pg_prepared_has(c, name))
		return;
	c->prepared = xreallocarray(c->prepared, c->nprepared + 1,
	    sizeof *c->prepared);
	c->prepared[c->nprepared++] = xstrdup(name);
}

static void
pg_drop_conn(struct pg_client *c)
{
	if (c->watch != NULL)
		uv_poll_stop(&c->watch->handle);
	if (c->conn != NULL) {
		PQfinish(c->conn);
		c->conn = NULL;
	}
	pg_prepared_forget(c);
	pg_watch_close(c);
	uv_timer_stop(&c->timer);
}

static uint64_t
pg_ms(double seconds, double fallback)
{
	return (uint64_t)((seconds > 0 ? seconds : fallback) * 1000.0);
}

/* Reconnect after 0.5 s, doubling up to 30 s, with +-20 % jitter so that
 * a fleet of cockpits does not stampede a database that comes back. */
static uint64_t
pg_backoff_ms(struct pg_client *c)
{
	double ms = 500.0;
	int i;

	for (i = 0; i < c->attempt && ms < 30000.0; i++)
		ms *= 2;
	if (ms > 30000.0)
		ms = 30000.0;
	ms *= 0.8 + 0.4 * ((double)rand() / RAND_MAX);
	return (uint64_t)ms;
}

static void
pg_connection_lost(struct pg_client *c, const char *why)
{
	char *msg = pg_one_line(c, why);

	pg_drop_conn(c);
	pg_fail_all(c, msg);
	if (c->state == PG_CLOSING) {
		free(msg);
		return;
	}
	if (c->opts.reconnect) {
		uv_timer_start(&c->timer, pg_on_timer, pg_backoff_ms(c), 0);
		c->attempt++;
		pg_set_state(c, PG_BACKOFF, msg);
	} else
		pg_set_state(c, PG_FAILED, msg);
	free(msg);
}

static const char *
pg_session_sslmode(PGconn *conn, char *buf, size_t len)
{
	PQconninfoOption *opts = PQconninfo(conn), *o;

	*buf = '\0';
	for (o = opts; o != NULL && o->keyword != NULL; o++) {
		if (strcmp(o->keyword, "sslmode") == 0 && o->val != NULL)
			snprintf(buf, len, "%s", o->val);
	}
	PQconninfoFree(opts);
	return *buf != '\0' ? buf : NULL;
}

static void
pg_connected(struct pg_client *c)
{
	const char *enc;
	char mode[32];

	uv_timer_stop(&c->timer);
	if (PQsetnonblocking(c->conn, 1) != 0 || PQenterPipelineMode(c->conn) != 1) {
		pg_connection_lost(c, PQerrorMessage(c->conn));
		return;
	}
	c->attempt = 0;
	c->timed_out = false;
	c->trust_note = conninfo_trust_note(PQhost(c->conn),
	    PQhostaddr(c->conn), PQsslInUse(c->conn),
	    pg_session_sslmode(c->conn, mode, sizeof mode));
	/* A SQL_ASCII database holds bytes that are no encoding at all; the
	 * server refuses to send them as UTF-8, so take them raw and let the
	 * loader repair them. */
	enc = PQparameterStatus(c->conn, "server_encoding");
	if (enc != NULL && strcmp(enc, "SQL_ASCII") == 0)
		pg_push_front(c, "SET client_encoding TO 'SQL_ASCII'");
	pg_watch_set(c, UV_READABLE);
	pg_set_state(c, PG_READY, NULL);
	pg_send_head(c);
}

/* One step of PQconnectPoll; the socket may differ afterwards. */
static void
pg_connect_step(struct pg_client *c)
{
	PostgresPollingStatusType r;

	if (c->watch != NULL)
		uv_poll_stop(&c->watch->handle);
	r = PQconnectPoll(c->conn);
	switch (r) {
	case PGRES_POLLING_READING:
		pg_watch_set(c, UV_READABLE);
		break;
	case PGRES_POLLING_WRITING:
		pg_watch_set(c, UV_WRITABLE);
		break;
	case PGRES_POLLING_OK:
		pg_connected(c);
		break;
	default:
		pg_connection_lost(c, PQerrorMessage(c->conn));
		break;
	}
}

/* libpq's default receiver prints to stderr, over the screen and around
 * the sanitizer; every notice goes to the owner instead. */
static void
pg_on_notice(void *arg, const PGresult *res)
{
	struct pg_client *c = arg;
	const char *sev = PQresultErrorField(res, PG_DIAG_SEVERITY);
	const char *text = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	char *line, *msg;

	if (c->opts.on_notice == NULL)
		return;
	line = xasprintf("%s: %s", sev != NULL ? sev : "NOTICE",
	    text != NULL ? text : PQresultErrorMessage(res));
	msg = pg_one_line(c, line);
	c->opts.on_notice(c->opts.arg, msg);
	free(msg);
	free(line);
}

static void
pg_connect_open(struct pg_client *c)
{
	c->conn = PQconnectStartParams((const char *const *)c->kw,
	    (const char *const *)c->vals, 0);
	if (c->conn == NULL) {
		pg_connection_lost(c, "out of memory");
		return;
	}
	if (PQstatus(c->conn) == CONNECTION_BAD) {
		pg_connection_lost(c, PQerrorMessage(c->conn));
		return;
	}
	PQsetNoticeReceiver(c->conn, pg_on_notice, c);
	c->state = PG_CONNECTING;
	pg_set_state(c, PG_CONNECTING, NULL);
	if (c->state != PG_CONNECTING)
		return;
	/* libpq's own connect_timeout does not apply to PQconnectPoll. */
	uv_timer_start(&c->timer, pg_on_timer,
	    pg_ms(c->opts.connect_timeout_s, 10), 0);
	/* As the libpq documentation says: begin as if polling said WRITING. */
	pg_watch_set(c, UV_WRITABLE);
}

static void
pg_set_param(struct pg_client *c, const char *key, const char *val)
{
	int i;

	for (i = 0; i < c->nkw; i++) {
		if (strcmp(c->kw[i], key) == 0) {
			free(c->vals[i]);
			c->vals[i] = xstrdup(val);
			return;
		}
	}
	c->kw = xreallocarray(c->kw, c->nkw + 2, sizeof *c->kw);
	c->vals = xreallocarray(c->vals, c->nkw + 2, sizeof *c->vals);
	c->kw[c->nkw] = xstrdup(key);
	c->vals[c->nkw] = xstrdup(val);
	c->nkw++;
	c->kw[c->nkw] = NULL;
	c->vals[c->nkw] = NULL;
}

static void
pg_on_resolved(uv_getaddrinfo_t *req, int status, struct addrinfo *res)
{
	struct pg_client *c = req->data;
	char ip[INET6_ADDRSTRLEN];
	bool stale = c->gai_generation != 0;

	c->gai_active = false;
	c->gai_generation = 0;
	if (c->state == PG_CLOSING) {
		uv_freeaddrinfo(res);
		pg_release(c);
		return;
	}
	if (stale) {
		uv_freeaddrinfo(res);
		return;
	}
	if (status != 0 || res == NULL) {
		char *msg = xasprintf("could not resolve host \"%s\": %s",
		    c->resolve_host, uv_strerror(status));
		uv_freeaddrinfo(res);
		pg_connection_lost(c, msg);
		free(msg);
		return;
	}
	if (uv_ip_name(res->ai_addr, ip, sizeof ip) == 0)
		pg_set_param(c, "hostaddr", ip);
	uv_freeaddrinfo(res);
	pg_connect_open(c);
}

/* libpq resolves host names synchronously inside PQconnectPoll; a slow DNS
 * would freeze the screen, so names are resolved here first and passed as
 * hostaddr (host stays for TLS verification and .pgpass). */
static void
pg_connect_begin(struct pg_client *c)
{
	struct addrinfo hints;

	if (c->resolve_host == NULL) {
		pg_connect_open(c);
		return;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	c->gai.data = c;
	if (uv_getaddrinfo(c->loop, &c->gai, pg_on_resolved, c->resolve_host,
	    NULL, &hints) != 0) {
		pg_connection_lost(c, "could not start name resolution");
		return;
	}
	c->gai_active = true;
	c->state = PG_RESOLVING;
	pg_set_state(c, PG_RESOLVING, NULL);
	uv_timer_start(&c->timer, pg_on_timer,
	    pg_ms(c->opts.connect_timeout_s, 10), 0);
}

static void
pg_cancel_run(uv_work_t *req)
{
	struct pg_cancel_work *w = req->data;

	/* Failure needs no handling: the grace timer drops the connection. */
	(void)PQcancel(w->handle, w->errbuf, sizeof w->errbuf);
}

static void
pg_cancel_done(uv_work_t *req, int status)
{
	struct pg_cancel_work *w = req->data;
	struct pg_client *c = w->client;

	(void)status;
	PQfreeCancel(w->handle);
	free(w);
	c->cancel = NULL;
	if (c->state == PG_CLOSING)
		pg_release(c);
}

/* At most one cancel at a time: a server that does not answer one will
 * not answer two, and the thread pool is shared with name resolution. */
static void
pg_cancel_start(struct pg_client *c)
{
	struct pg_cancel_work *w;
	PGcancel *handle;

	if (c->cancel != NULL || (handle = PQgetCancel(c->conn)) == NULL)
		return;
	w = xcalloc(1, sizeof *w);
	w->client = c;
	w->handle = handle;
	w->req.data = w;
	if (uv_queue_work(c->loop, &w->req, pg_cancel_run,
	    pg_cancel_done) != 0) {
		PQfreeCancel(handle);
		free(w);
		return;
	}
	c->cancel = w;
}

/* The owner hears of the timeout now; whatever the cancelled batch still
 * sends is read and dropped before the next one goes out. */
static void
pg_query_timed_out(struct pg_client *c)
{
	struct pg_batch *b = c->head;
	pg_batch_cb cb = b->cb;
	char *msg;

	c->timed_out = true;
	pg_cancel_start(c);
	uv_timer_start(&c->timer, pg_on_timer, PG_CANCEL_GRACE_MS, 0);
	b->cb = NULL;
	if (cb == NULL)
		return;
	msg = xasprintf("query timed out after %.0f s",
	    pg_ms(c->opts.query_timeout_s, 30) / 1000.0);
	cb(b->arg, b->results, b->n, msg);
	free(msg);
}

static void
pg_on_timer(uv_timer_t *t)
{
	struct pg_client *c = t->data;
	char *msg;

	switch (c->state) {
	case PG_BACKOFF:
		pg_connect_begin(c);
		break;
	case PG_RESOLVING:
		/* uv_cancel may lose the race; the late answer is then ignored. */
		uv_cancel((uv_req_t *)&c->gai);
		c->gai_generation = 1;
		msg = xasprintf("timed out resolving \"%s\"", c->resolve_host);
		pg_connection_lost(c, msg);
		free(msg);
		break;
	case PG_CONNECTING:
		msg = xasprintf("connection to %s timed out after %.0f s",
		    c->target, pg_ms(c->opts.connect_timeout_s, 10) / 1000.0);
		pg_connection_lost(c, msg);
		free(msg);
		break;
	case PG_READY:
		if (c->in_flight && !c->timed_out) {
			pg_query_timed_out(c);
			break;
		}
		msg = xasprintf("query timed out after %.0f s; the server "
		    "did not answer the cancel",
		    pg_ms(c->opts.query_timeout_s, 30) / 1000.0);
		pg_connection_lost(c, msg);
		free(msg);
		break;
	default:
		break;
	}
}

static int
pg_send_plain(PGconn *conn, const char *sql)
{
	return PQsendQueryParams(conn, sql, 0, NULL, NULL, NULL, NULL, 0);
}

static void
pg_flush(struct pg_client *c)
{
	int r = PQflush(c->conn);

	if (r < 0) {
		pg_connection_lost(c, PQerrorMessage(c->conn));
		return;
	}
	/* Writable only while output is pending: an idle socket is always
	 * writable and a standing watch would spin. */
	pg_watch_set(c, r == 1 ? UV_READABLE | UV_WRITABLE : UV_READABLE);
}

static void
pg_cmd_add(struct pg_batch *b, int stmt, bool prepare)
{
	b->cmds[b->ncmds].stmt = stmt;
	b->cmds[b->ncmds].prepare = prepare;
	b->ncmds++;
}

/* One statement: Parse its name first on a connection that has not seen
 * it, then Bind/Execute. */
static int
pg_send_stmt(struct pg_client *c, struct pg_batch *b, int i)
{
	const struct pg_stmt *st = &b->stmts[i];

	if (st->name == NULL) {
		pg_cmd_add(b, i, false);
		return PQsendQueryParams(c->conn, st->sql, st->nparams, NULL,
		    st->params, NULL, NULL, 0);
	}
	if (!pg_prepared_has(c, st->name)) {
		pg_cmd_add(b, i, true);
		if (!PQsendPrepare(c->conn, st->name, st->sql, st->nparams, NULL))
			return 0;
	}
	pg_cmd_add(b, i, false);
	return PQsendQueryPrepared(c->conn, st->name, st->nparams, st->params,
	    NULL, NULL, 0);
}

static void
pg_send_head(struct pg_client *c)
{
	struct pg_batch *b = c->head;
	int i, ok = 1;

	if (c->state != PG_READY || c->in_flight || b == NULL)
		return;
	c->in_flight = true;
	b->ncmds = 0;
	if (b->flags) {
		pg_cmd_add(b, -1, false);
		ok = pg_send_plain(c->conn, b->flags & PG_BATCH_SNAPSHOT ?
		    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "BEGIN");
	}
	for (i = 0; ok && i < b->n; i++)
		ok = pg_send_stmt(c, b, i);
	if (ok && b->flags) {
		pg_cmd_add(b, -1, false);
		ok = pg_send_plain(c->conn, "COMMIT");
	}
	if (ok)
		ok = PQpipelineSync(c->conn);
	if (!ok) {
		pg_connection_lost(c, PQerrorMessage(c->conn));
		return;
	}
	uv_timer_start(&c->timer, pg_on_timer,
	    pg_ms(c->opts.query_timeout_s, 30), 0);
	pg_flush(c);
}

static void
pg_batch_take(struct pg_client *c, struct pg_batch *b, PGresult *res)
{
	const struct pg_cmd *cmd = b->cursor < b->ncmds ? &b->cmds[b->cursor] : NULL;
	const char *state;

	switch (PQresultStatus(res)) {
	case PGRES_FATAL_ERROR:
		if (b->error == NULL)
			b->error = pg_one_line(c, PQresultErrorMessage(res));
		/* The session lost its prepared statements (a pooler's
		 * DISCARD ALL, say): prepare again from scratch. */
		state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (state != NULL && strcmp(state, "26000") == 0)
			pg_prepared_forget(c);
		break;
	case PGRES_TUPLES_OK:
	case PGRES_COMMAND_OK:
		if (cmd != NULL && cmd->prepare) {
			pg_prepared_add(c, b->stmts[cmd->stmt].name);
			break;
		}
		if (cmd != NULL && cmd->stmt >= 0 &&
		    b->results[cmd->stmt] == NULL) {
			b->results[cmd->stmt] = res;
			return;
		}
		break;
	default:
		break;
	}
	PQclear(res);
}

/* The Sync of the batch in flight arrived: roll back what it left open,
 * hand it over, send the next. */
static void
pg_batch_done(struct pg_client *c)
{
	struct pg_batch *b;
	PGTransactionStatusType ts = PQtransactionStatus(c->conn);

	uv_timer_stop(&c->timer);
	c->in_flight = false;
	c->timed_out = false;
	b = pg_batch_pop(c);
	if (ts == PQTRANS_INERROR || ts == PQTRANS_INTRANS)
		pg_push_front(c, "ROLLBACK");
	pg_batch_finish(b, NULL);
	pg_send_head(c);
}

/* Reads whatever results have arrived for the batch in flight. */
static void
pg_read_results(struct pg_client *c)
{
	struct pg_batch *b = c->head;
	PGresult *res;

	while (c->in_flight && !PQisBusy(c->conn)) {
		res = PQgetResult(c->conn);
		if (res == NULL) {
			b->cursor++;
			continue;
		}
		if (PQresultStatus(res) == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			pg_batch_done(c);
			return;
		}
		pg_batch_take(c, b, res);
	}
}

/* Notifications arrive between any two results: hand each over as soon
 * as the input holding it is consumed. */
static void
pg_take_notifies(struct pg_client *c)
{
	PGnotify *n;

	while (c->conn != NULL && (n = PQnotifies(c->conn)) != NULL) {
		if (c->opts.on_notify != NULL)
			c->opts.on_notify(c->opts.arg, n->relname, n->extra,
			    n->be_pid);
		PQfreemem(n);
	}
}

static void
pg_on_poll(uv_poll_t *h, int status, int events)
{
	struct pg_client *c = ((struct pg_watch *)h->data)->client;

	if (c->state == PG_CONNECTING || c->state == PG_RESOLVING) {
		pg_connect_step(c);
		return;
	}
	if (c->state != PG_READY)
		return;
	if (status < 0 || (events & UV_READABLE)) {
		if (!PQconsumeInput(c->conn)) {
			pg_connection_lost(c, PQerrorMessage(c->conn));
			return;
		}
		pg_take_notifies(c);
	}
	if ((events & UV_WRITABLE) && c->in_flight) {
		pg_flush(c);
		if (c->state != PG_READY)
			return;
	}
	pg_read_results(c);
	if (c->state == PG_READY)
		pg_take_notifies(c);	/* parsed along with the results */
	if (c->state == PG_READY && PQstatus(c->conn) == CONNECTION_BAD)
		pg_connection_lost(c, PQerrorMessage(c->conn));
}

/* The target for messages: where, never who or with what password. */
static char *
pg_describe_target(PQconninfoOption *opts)
{
	const char *host = NULL, *port = NULL, *db = NULL;
	PQconninfoOption *o;

	for (o = opts; o->keyword != NULL; o++) {
		if (o->val == NULL || *o->val == '\0')
			continue;
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "port") == 0)
			port = o->val;
		else if (strcmp(o->keyword, "dbname") == 0)
			db = o->val;
	}
	if (host == NULL)
		host = getenv("PGHOST");
	if (port == NULL)
		port = getenv("PGPORT");
	if (db == NULL)
		db = getenv("PGDATABASE");
	return xasprintf("%s:%s/%s", host ? host : "local socket",
	    port ? port : "5432", db ? db : "(default)");
}

static bool
pg_host_needs_resolving(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	if (host == NULL || *host == '\0' || *host == '/' || *host == '@')
		return false;
	if (strchr(host, ',') != NULL)	/* multi-host: left to libpq */
		return false;
	return inet_pton(AF_INET, host, buf) != 1 &&
	    inet_pton(AF_INET6, host, buf) != 1;
}

/* libpq quotes the part it could not parse, password included. */
static char *
pg_conninfo_error(const char *conninfo, const char *err)
{
	char *raw, *safe;

	raw = xasprintf("invalid connection string: %s",
	    err != NULL ? err : "out of memory");
	raw[strcspn(raw, "\n")] = '\0';
	safe = conninfo_redact(conninfo, raw);
	free(raw);
	return safe;
}

int
pg_client_new(uv_loop_t *loop, const struct pg_client_opts *opts,
    struct pg_client **out, char **cause)
{
	PQconninfoOption *parsed, *o;
	struct pg_client *c;
	const char *host = NULL, *hostaddr = NULL;
	char *err = NULL;

	parsed = PQconninfoParse(opts->conninfo ? opts->conninfo : "", &err);
	if (parsed == NULL) {
		*cause = pg_conninfo_error(opts->conninfo, err);
		PQfreemem(err);
		return -1;
	}
	for (o = parsed; o->keyword != NULL; o++) {
		if (conninfo_check_option(o->keyword, o->val, cause) != 0) {
			PQconninfoFree(parsed);
			return -1;
		}
	}
	c = xcalloc(1, sizeof *c);
	c->conninfo = xstrdup(opts->conninfo ? opts->conninfo : "");
	c->loop = loop;
	c->opts = *opts;
	c->opts.conninfo = NULL;
	c->kw = xcalloc(1, sizeof *c->kw);
	c->vals = xcalloc(1, sizeof *c->vals);
	for (o = parsed; o->keyword != NULL; o++) {
		if (o->val == NULL)
			continue;
		pg_set_param(c, o->keyword, o->val);
		if (strcmp(o->keyword, "host") == 0)
			host = o->val;
		else if (strcmp(o->keyword, "hostaddr") == 0)
			hostaddr = o->val;
		else if (strcmp(o->keyword, "connect_timeout") == 0 &&
		    atof(o->val) > 0)	/* libpq's own, which polling ignores */
			c->opts.connect_timeout_s = atof(o->val);
	}
	if (host == NULL)
		host = getenv("PGHOST");
	if (hostaddr == NULL && pg_host_needs_resolving(host)) {
		c->resolve_host = xstrdup(host);
		pg_set_param(c, "host", host);
	}
	c->target = pg_describe_target(parsed);
	PQconninfoFree(parsed);
	pg_set_param(c, "fallback_application_name", "opsdeck");
	/* Text we read must be UTF-8 whatever the server's encoding. */
	pg_set_param(c, "client_encoding", "UTF8");
	uv_timer_init(loop, &c->timer);
	c->timer.data = c;
	c->state = PG_IDLE;
	*out = c;
	return 0;
}

void
pg_client_start(struct pg_client *c)
{
	if (c->state == PG_IDLE)
		pg_connect_begin(c);
}

int
pg_client_submit(struct pg_client *c, const struct pg_stmt *stmts, int n,
    int flags, pg_batch_cb cb, void *arg)
{
	struct pg_batch *b;

	if (c->state != PG_READY)
		return -1;
	b = pg_batch_new(stmts, n, flags, cb, arg);
	if (c->tail != NULL)
		c->tail->next = b;
	else
		c->head = b;
	c->tail = b;
	pg_send_head(c);
	return 0;
}

enum pg_state
pg_client_state(const struct pg_client *c)
{
	return c->state;
}

bool
pg_client_connected(const struct pg_client *c)
{
	return c->state == PG_READY && c->conn != NULL;
}

const char *
pg_client_target(const struct pg_client *c)
{
	return c->target;
}

const char *
pg_client_trust_note(const struct pg_client *c)
{
	return c->state == PG_READY ? c->trust_note : NULL;
}

void
pg_client_close(struct pg_client *c)
{
	if (c->state == PG_CLOSING)
		return;
	c->state = PG_CLOSING;
	pg_drop_conn(c);
	pg_fail_all(c, "closed");
	if (c->cancel != NULL)
		c->pending_closes++;	/* released by pg_cancel_done */
	if (c->gai_active) {
		uv_cancel((uv_req_t *)&c->gai);
		c->pending_closes++;	/* released by pg_on_resolved */
	}
	c->pending_closes++;
	uv_close((uv_handle_t *)&c->timer, pg_on_handle_closed);
}
