/*
 * The migration's statements (see migrate.h): the SQL stays in db/, where
 * it can be read, reviewed and run with psql; the binary carries a copy.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "migrate.h"
#include "sql-script.h"
#include "xalloc.h"

static void
append(char ***all, size_t *n, const char *text)
{
	size_t k, i;
	char **v = sql_script_split(text, &k);

	*all = xreallocarray(*all, *n + k + 1, sizeof **all);
	for (i = 0; i < k; i++)
		(*all)[(*n)++] = v[i];
	free(v);
}

char **
migrate_statements(bool roles, size_t *n)
{
	char **all = NULL;

	*n = 0;
	append(&all, n, db_migrate_sql);
	append(&all, n, db_indexes_sql);
	if (roles)
		append(&all, n, db_roles_sql);
	return all;
}
