/*
 * The action write as SQL (see action-sql.h).
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "action-sql.h"
#include "sanitize.h"
#include "xalloc.h"

static const char write_sql[] =
	"SELECT outcome, before_status, after_status, version, changed_by,"
	" changed_ago, detail FROM opsdeck.action_write($1::uuid, $2, $3, $4,"
	" $5::timestamp, $6, $7::timestamp, $8::numeric, $9, $10, $11::uuid)";

void
action_stmt(const struct action_req *r, struct pg_stmt *st)
{
	memset(st, 0, sizeof *st);
	st->sql = write_sql;
	st->name = "opsdeck_action_write";
	st->nparams = 11;
	st->params[0] = r->id;
	st->params[1] = action_kind_name(r->kind);
	st->params[2] = r->code;
	st->params[3] = r->operator;
	st->params[4] = r->now;
	st->params[5] = r->seen;
	st->params[6] = r->since;
	st->params[7] = r->hours;
	st->params[8] = r->evidence;
	st->params[9] = r->reason;
	st->params[10] = r->undo_of;
}

static char *
cell(const PGresult *res, int col)
{
	if (PQgetisnull(res, 0, col))
		return NULL;
	return utf8_repair(PQgetvalue(res, 0, col), PQgetlength(res, 0, col));
}

int
action_outcome_load(struct action_outcome *o, const PGresult *res,
    char **cause)
{
	int r;

	memset(o, 0, sizeof *o);
	if (res == NULL || PQntuples(res) != 1 || PQnfields(res) != 7) {
		*cause = xstrdup("unexpected answer from opsdeck.action_write");
		return -1;
	}
	r = action_result_parse(PQgetvalue(res, 0, 0));
	if (r < 0) {
		*cause = xstrdup("unknown outcome from opsdeck.action_write");
		return -1;
	}
	o->result = r;
	o->before = cell(res, 1);
	o->after = cell(res, 2);
	o->version = cell(res, 3);
	o->changed_by = cell(res, 4);
	o->has_ago = !PQgetisnull(res, 0, 5);
	o->ago_s = o->has_ago ? strtod(PQgetvalue(res, 0, 5), NULL) : 0;
	o->detail = cell(res, 6);
	if (r == ACTION_DUPLICATE) {
		/* after carries the earlier outcome's name */
		int e = action_result_parse(o->after);
		o->earlier = e >= 0 ? e : ACTION_APPLIED;
	}
	return 0;
}

