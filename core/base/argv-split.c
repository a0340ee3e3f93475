#include "autoconfig.h"

/*
 * Splitting a deploy or rollback command into an argument vector.  The
 * result goes straight to execvp, never to a shell, so the rules are few and
 * fixed:
 *
 *  - words are separated by blanks (spaces and tabs);
 *  - double quotes group blanks into a word and may touch other text, so
 *    a"b c"d is the single word `ab cd`, and "" is an empty word;
 *  - a backslash takes the next character literally, inside quotes too;
 *  - single quotes are ordinary characters: there is one way to quote, so
 *    nobody has to guess which shell's rules apply.
 *
 * Nothing is expanded: no variables, globs, tildes or redirections.
 */

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "xalloc.h"

struct words {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

static void
words_add(struct words *w, const char *word, size_t len)
{
	/* Room for the new word and the terminating NULL. */
	if (w->n + 2 > w->cap) {
		w->cap = w->cap == 0 ? 8 : w->cap * 2;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	w->v[w->n++] = xstrndup(word, len);
	w->v[w->n] = NULL;
}

static int
split_fail(struct words *w, char *buf, char **cause, char *reason)
{
	argv_free(w->v);
	free(buf);
	*cause = reason;
	return -1;
}

int
argv_split(const char *s, char ***argv, char **cause)
{
	struct words	 w = { NULL, 0, 0 };
	char		*buf;
	size_t		 len = 0, quote_col = 0, i;
	bool		 in_word = false, in_quote = false;

	*argv = NULL;
	/* No word can be longer than the whole string. */
	buf = xmalloc(strlen(s) + 1);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\\') {
			if (s[i + 1] == '\0')
				return split_fail(&w, buf, cause,
				    xstrdup("trailing backslash"));
			buf[len++] = s[++i];
			in_word = true;
		} else if (s[i] == '"') {
			in_quote = !in_quote;
			if (in_quote)
				quote_col = i + 1;
			/* Even "" makes a word: it is how to pass one. */
			in_word = true;
		} else if (!in_quote && (s[i] == ' ' || s[i] == '\t')) {
			if (in_word)
				words_add(&w, buf, len);
			len = 0;
			in_word = false;
		} else {
			buf[len++] = s[i];
			in_word = true;
		}
	}
	if (in_quote)
		return split_fail(&w, buf, cause, xasprintf(
		    "unterminated double quote (opened at column %zu)",
		    quote_col));
	if (in_word)
		words_add(&w, buf, len);
	if (w.n == 0)
		return split_fail(&w, buf, cause, xstrdup("empty command"));
	free(buf);
	*argv = w.v;
	return 0;
}

void
argv_free(char **argv)
{
	size_t	i;

	if (argv == NULL)
		return;
	for (i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}
