/*
 * The command line's database work (`opsdeck action`, `opsdeck migrate`):
 * one connection without reconnecting, one piece of work, the answer,
 * everything closed again.  It runs its own loop, so the caller simply
 * waits for the return; nothing here prints.
 */
#ifndef OPSDECK_ONCE_H
#define OPSDECK_ONCE_H

#include <stdbool.h>

#include "action.h"
#include "config.h"

enum once_status {
	ONCE_OK,
	ONCE_BAD_CONNINFO,	/* *cause says why: a usage error */
	ONCE_UNREACHABLE,	/* *cause: the connection's error */
	ONCE_NOT_INSTALLED,	/* `opsdeck migrate` has not run */
	ONCE_DB_ERROR		/* the database failed the work: *cause */
};

/* A NOTICE or WARNING from the server, raw. */
typedef void (*once_notice_cb)(void *arg, const char *notice);

struct once_opts {
	const struct config	*cfg;
	const char		*conninfo;	/* overrides [database] conninfo */
	once_notice_cb		 on_notice;
	void			*arg;
};

/* One action write; *out is the database's answer when ONCE_OK.
 * *cause (caller frees) otherwise. */
enum once_status	once_action(const struct once_opts *,
			    const struct action_req *, struct action_outcome *out,
			    char **cause);
/* The migration in one transaction; *target gets "host:port/db" (caller
 * frees) for the message. */
enum once_status	once_migrate(const struct once_opts *, bool roles,
			    char **target, char **cause);

#endif
