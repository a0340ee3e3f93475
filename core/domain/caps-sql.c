/*
 * The capability probe's statements (see caps-sql.h).
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "caps-sql.h"
#include "sanitize.h"
#include "xalloc.h"

static const char probe_sql[] =
	"SELECT to_regprocedure('opsdeck.capabilities()') IS NOT NULL"
	" AND to_regprocedure('opsdeck.action_write(uuid,text,text,text,"
	"timestamp,text,timestamp,numeric,text,text,uuid)') IS NOT NULL";

static const char caps_sql[] =
	"SELECT write, own_owner, can_deploy, notify, version"
	" FROM opsdeck.capabilities()";

void
caps_probe_stmt(struct pg_stmt *st)
{
	memset(st, 0, sizeof *st);
	st->sql = probe_sql;
}

int
caps_probe_load(const PGresult *res, bool *installed, char **cause)
{
	if (res == NULL || PQntuples(res) != 1 || PQnfields(res) != 1) {
		*cause = xstrdup("unexpected answer to the capability probe");
		return -1;
	}
	*installed = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	return 0;
}

void
caps_stmt(struct pg_stmt *st)
{
	memset(st, 0, sizeof *st);
	st->sql = caps_sql;
}

int
caps_load(struct db_caps *c, const PGresult *res, char **cause)
{
	const char *w;

	memset(c, 0, sizeof *c);
	if (res == NULL || PQntuples(res) != 1 || PQnfields(res) != 5) {
		*cause = xstrdup("unexpected answer from opsdeck.capabilities");
		return -1;
	}
	w = PQgetvalue(res, 0, 0);
	c->write = strcmp(w, "all") == 0 ? CAPS_WRITE_ALL :
	    strcmp(w, "own") == 0 ? CAPS_WRITE_OWN : CAPS_WRITE_NONE;
	if (!PQgetisnull(res, 0, 1))
		c->own_owner = utf8_repair(PQgetvalue(res, 0, 1),
		    PQgetlength(res, 0, 1));
	c->deploy = strcmp(PQgetvalue(res, 0, 2), "t") == 0;
	c->notify = strcmp(PQgetvalue(res, 0, 3), "t") == 0;
	c->version = PQgetisnull(res, 0, 4) ? 0 : atoi(PQgetvalue(res, 0, 4));
	c->known = c->installed = true;
	return 0;
}

