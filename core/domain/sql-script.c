/*
 * The splitter (see sql-script.h).  It knows just enough of PostgreSQL's
 * lexer to find statement ends in our own db/ files: '...' with ''
 * doubled, E'...' with backslash escapes, "...", $tag$...$tag$, -- to the
 * end of the line, and nested block comments.
 */
#include "autoconfig.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sql-script.h"
#include "xalloc.h"

/* The end of the quoted run that starts at s (at the quote). */
static const char *
skip_quoted(const char *s, char q, bool backslash)
{
	for (s++; *s != '\0'; s++) {
		if (backslash && *s == '\\' && s[1] != '\0')
			s++;
		else if (*s == q) {
			if (s[1] != q)
				return s + 1;
			s++;
		}
	}
	return s;
}

/* The length of a dollar-quote tag at s ("$$", "$body$"), or 0. */
static size_t
dollar_tag(const char *s)
{
	size_t i = 1;

	if (*s != '$')
		return 0;
	while (s[i] == '_' || isalnum((unsigned char)s[i]))
		i++;
	return s[i] == '$' && !isdigit((unsigned char)s[1]) ? i + 1 : 0;
}

static const char *
skip_block_comment(const char *s)
{
	int depth = 0;

	while (*s != '\0') {
		if (s[0] == '/' && s[1] == '*') {
			depth++;
			s += 2;
		} else if (s[0] == '*' && s[1] == '/') {
			s += 2;
			if (--depth == 0)
				return s;
		} else
			s++;
	}
	return s;
}

/* Past one lexical element at s. */
static const char *
skip_element(const char *s, const char *start)
{
	size_t tag;
	const char *end;

	if (s[0] == '-' && s[1] == '-')
		return s + strcspn(s, "\n");
	if (s[0] == '/' && s[1] == '*')
		return skip_block_comment(s);
	if (*s == '\'')
		return skip_quoted(s, '\'', s > start &&
		    (s[-1] == 'E' || s[-1] == 'e'));
	if (*s == '"')
		return skip_quoted(s, '"', false);
	if ((tag = dollar_tag(s)) > 0 &&
	    (s == start || !(isalnum((unsigned char)s[-1]) || s[-1] == '_'))) {
		char *t = xstrndup(s, tag);
		end = strstr(s + tag, t);
		free(t);
		return end != NULL ? end + tag : s + strlen(s);
	}
	return s + 1;
}

/* Whether the text is nothing but blanks and comments. */
static bool
only_comments(const char *s)
{
	while (*s != '\0') {
		if (isspace((unsigned char)*s))
			s++;
		else if ((s[0] == '-' && s[1] == '-') || (s[0] == '/' && s[1] == '*'))
			s = skip_element(s, s);
		else
			return false;
	}
	return true;
}

static void
add_stmt(char ***v, size_t *n, const char *from, const char *to)
{
	char *st;

	/* Leading blanks and comments are the file's, not the statement's. */
	while (from < to && (isspace((unsigned char)*from) ||
	    (from[0] == '-' && from[1] == '-') || (from[0] == '/' && from[1] == '*')))
		from = isspace((unsigned char)*from) ? from + 1 :
		    skip_element(from, from);
	if (from > to)
		from = to;
	while (to > from && isspace((unsigned char)to[-1]))
		to--;
	st = xstrndup(from, (size_t)(to - from));
	if (only_comments(st)) {
		free(st);
		return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = st;
}

char **
sql_script_split(const char *text, size_t *n)
{
	const char *s = text, *from = text;
	char **v = NULL;

	*n = 0;
	while (*s != '\0') {
		if (*s == ';') {
			add_stmt(&v, n, from, s);
			from = ++s;
		} else
			s = skip_element(s, text);
	}
	add_stmt(&v, n, from, s);
	return v;
}

void
sql_script_free(char **stmts, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(stmts[i]);
	free(stmts);
}
