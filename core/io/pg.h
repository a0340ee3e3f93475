/*
 * An asynchronous PostgreSQL client on the libuv loop.
 *
 * One connection, driven entirely by a uv_poll on PQsocket(): the connect is
 * PQconnectStartParams/PQconnectPoll, queries are PQsendQueryParams in
 * pipeline mode, so a batch of statements costs one round trip.  Nothing here
 * ever blocks: a host name is resolved with uv_getaddrinfo first, connects
 * and batches have deadlines, and a connection that dies is re-established
 * with capped exponential backoff.
 *
 * Ownership: the caller owns the struct pg_client returned by pg_client_new
 * until it calls pg_client_close(); the memory is released once libuv has
 * closed every handle.  Results handed to a batch callback belong to the
 * client and live only for the duration of the callback.
 */
#ifndef OPSDECK_PG_H
#define OPSDECK_PG_H

#include <stdbool.h>

#include <libpq-fe.h>
#include <uv.h>

#define PG_MAX_PARAMS 12

enum pg_state {
	PG_IDLE,		/* not started */
	PG_RESOLVING,		/* uv_getaddrinfo of the host name */
	PG_CONNECTING,
	PG_READY,
	PG_BACKOFF,		/* waiting to reconnect */
	PG_FAILED,		/* gave up (no reconnect) */
	PG_CLOSING
};

struct pg_stmt {
	const char	*sql;
	/* A name makes the statement prepared, once per connection, the first
	 * time it is sent: later batches skip parsing and planning.  One name
	 * must always stand for the same sql.  NULL: sent unnamed. */
	const char	*name;
	int		 nparams;
	const char	*params[PG_MAX_PARAMS];	/* NULL is SQL NULL */
};

/* Flags for pg_client_submit. */
#define PG_BATCH_SNAPSHOT	0x1	/* one REPEATABLE READ, READ ONLY transaction */
#define PG_BATCH_WRITE		0x2	/* one read-write transaction */

/* results[i] answers stmts[i]; error is NULL on success, else one line. */
typedef void (*pg_batch_cb)(void *arg, PGresult *const *results, int n,
    const char *error);
/* Called on every state change; error explains PG_BACKOFF / PG_FAILED. */
typedef void (*pg_state_cb)(void *arg, enum pg_state state, const char *error);
/* A NOTICE or WARNING from the server (or libpq), as "SEVERITY: text" on
 * one line.  It is raw server text: sanitize it before a terminal sees it.
 * Without this callback notices are dropped, never printed. */
typedef void (*pg_notice_cb)(void *arg, const char *notice);
/* A NOTIFY on a channel the session LISTENs to; payload is raw. */
typedef void (*pg_notify_cb)(void *arg, const char *channel,
    const char *payload, int backend_pid);

struct pg_client_opts {
	const char	*conninfo;		/* NULL or "": libpq defaults */
	double		 connect_timeout_s;	/* 0: 10 s */
	double		 query_timeout_s;	/* 0: 30 s */
	bool		 reconnect;		/* false: one attempt only */
	pg_state_cb	 on_state;
	pg_notice_cb	 on_notice;		/* NULL: drop notices */
	pg_notify_cb	 on_notify;		/* NULL: drop notifications */
	void		*arg;
};

struct pg_client;

/* 0, or -1 with *cause (caller frees) for a conninfo libpq cannot parse
 * or with an invalid value (a bad port or sslmode): a configuration error,
 * told apart from an unreachable database.  No message of the client ever
 * carries the password. */
int		 pg_client_new(uv_loop_t *, const struct pg_client_opts *,
		     struct pg_client **, char **cause)
		     __attribute__((warn_unused_result));
void		 pg_client_start(struct pg_client *);
/* Queue a batch; statements and parameters are copied.  -1 when the
 * client is not connected (the callback will not be called).  A batch that
 * fails leaves the session idle again (its transaction rolled back); one
 * that passes query_timeout is reported failed at once, its query is
 * cancelled, and the connection is dropped only if the cancel goes
 * unanswered, so a waiting query never leaves a second backend behind. */
int		 pg_client_submit(struct pg_client *, const struct pg_stmt *,
		     int n, int flags, pg_batch_cb, void *arg);
enum pg_state	 pg_client_state(const struct pg_client *);
/* Whether the session is up right now: false already while a batch is
 * being failed because the connection was lost, so that its owner can
 * tell "the database answered with an error" from "no answer came". */
bool		 pg_client_connected(const struct pg_client *);
/* Where we connect, for messages: "host:port/db", never credentials. */
const char	*pg_client_target(const struct pg_client *);
/* Why the current session cannot be trusted over the network ("no TLS",
 * "TLS unverified"), or NULL: a local socket, loopback, or verify-full. */
const char	*pg_client_trust_note(const struct pg_client *);
/* Fails queued batches, closes the connection and frees the client once
 * its handles are closed. */
void		 pg_client_close(struct pg_client *);

const char	*pg_state_name(enum pg_state);

#endif
