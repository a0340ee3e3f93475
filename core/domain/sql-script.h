/*
 * A SQL file as its statements, for the extended protocol, which takes one
 * statement per message: split at each ';' that is outside a quoted
 * string, a quoted identifier, a dollar-quoted body and a comment.
 *
 * Ownership: the array and its strings belong to the caller;
 * sql_script_free() releases them.
 */
#ifndef OPSDECK_SQL_SCRIPT_H
#define OPSDECK_SQL_SCRIPT_H

#include <stddef.h>

/* The statements of text, trimmed, without their ';' and without empty
 * ones or ones that are only comments; *n their number. */
char	**sql_script_split(const char *text, size_t *n);
void	 sql_script_free(char **stmts, size_t n);

#endif
