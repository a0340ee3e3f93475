/*
 * The deploy history's statement (see deploys-sql.h).  Advisory locks of
 * two int4 keys show in pg_locks as classid, objid and objsubid = 2, with
 * the database they belong to: another database of the cluster may be
 * deploying a service of the same name right now.  One
 * run per service holds the lock at a time, so only the newest unfinished
 * row can be the one running: an older unfinished row is a crash's, even
 * while a later run holds the lock.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "deploys-sql.h"
#include "sanitize.h"
#include "xalloc.h"

#define DEPLOYS_PER_SERVICE "5"

static const char deploys_sql[] =
	"SELECT d.service, d.kind, d.operator,"
	"  to_char(d.started_at, 'YYYY-MM-DD HH24:MI:SS'), d.outcome,"
	"  d.verification, d.finished_at IS NULL,"
	"  EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory'"
	"    AND l.database = (SELECT oid FROM pg_database"
	"      WHERE datname = current_database())"
	"    AND l.classid = hashtext('opsdeck deploy')::oid"
	"    AND l.objid = hashtext(d.service)::oid AND l.objsubid = 2"
	"    AND l.granted)"
	"  AND NOT EXISTS (SELECT 1 FROM opsdeck.deployments n"
	"    WHERE n.service = d.service AND n.finished_at IS NULL"
	"    AND (n.started_at, n.id) > (d.started_at, d.id))"
	" FROM (SELECT x.*, row_number() OVER (PARTITION BY x.service"
	"   ORDER BY x.started_at DESC, x.id DESC) AS rn"
	"   FROM opsdeck.deployments x) d"
	" WHERE d.rn <= " DEPLOYS_PER_SERVICE
	" ORDER BY d.service COLLATE \"C\", d.started_at DESC, d.id DESC";

void
deploys_stmt(struct pg_stmt *st)
{
	memset(st, 0, sizeof *st);
	st->sql = deploys_sql;
	st->name = "opsdeck_deploys";
}

static char *
cell(const PGresult *r, int row, int col)
{
	if (PQgetisnull(r, row, col))
		return NULL;
	return utf8_repair(PQgetvalue(r, row, col), PQgetlength(r, row, col));
}

int
deploys_load(struct deploy_history *h, const PGresult *r, char **cause)
{
	int i, n;

	memset(h, 0, sizeof *h);
	if (r == NULL || PQnfields(r) != 8) {
		*cause = xstrdup("unexpected answer about the deploys");
		return -1;
	}
	n = PQntuples(r);
	h->v = xcalloc((size_t)n + 1, sizeof *h->v);
	for (i = 0; i < n; i++) {
		struct deploy_row *d = &h->v[i];
		bool open = strcmp(PQgetvalue(r, i, 6), "t") == 0;
		bool held = strcmp(PQgetvalue(r, i, 7), "t") == 0;
		d->service = cell(r, i, 0);
		d->kind = cell(r, i, 1);
		d->operator = cell(r, i, 2);
		d->started_at = cell(r, i, 3);
		d->outcome = cell(r, i, 4);
		d->verification = cell(r, i, 5);
		d->running = open && held;
		d->interrupted = open && !held;
	}
	h->n = (size_t)n;
	return 0;
}

void
deploy_history_free(struct deploy_history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->v[i].service);
		free(h->v[i].kind);
		free(h->v[i].operator);
		free(h->v[i].started_at);
		free(h->v[i].outcome);
		free(h->v[i].verification);
	}
	free(h->v);
	memset(h, 0, sizeof *h);
}
