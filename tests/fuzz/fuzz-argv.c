#include "autoconfig.h"

/*
 * core/argv-split.c against config.h and docs/configuration.md: blanks
 * separate, double quotes group, a backslash takes the next character,
 * nothing else is special.  The input, up to its first NUL, is the command.
 *
 * Promises checked: the three documented errors and only when they apply
 * (and the reason never quotes the command); on success a NULL-terminated,
 * non-empty vector no bigger than the input; text without quotes or
 * backslashes splits exactly on blanks; and quoting the words back, two
 * different ways, splits to the same words again.
 */

#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "buf.h"
#include "fuzz.h"

static void	check_error(const char *, const char *);
static void	check_words(const char *, char **);
static void	check_plain(const char *, char **);
static void	check_round_trip(char **, int);
static bool	is_blank(char);

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void
check_error(const char *s, const char *cause)
{
	size_t		 len = strlen(s), col;
	bool		 blank_only = true;
	const char	*p;
	char		*end;

	for (p = s; *p != '\0'; p++)
		if (!is_blank(*p))
			blank_only = false;
	if (strcmp(cause, "empty command") == 0) {
		PROMISE(blank_only);
		return;
	}
	PROMISE(!blank_only);
	if (strcmp(cause, "trailing backslash") == 0) {
		PROMISE(len > 0 && s[len - 1] == '\\');
		return;
	}
	/* The only other reason, with a column that holds a quote. */
	PROMISE(strncmp(cause, "unterminated double quote (opened at column ",
	    44) == 0);
	col = strtoul(cause + 44, &end, 10);
	PROMISE(strcmp(end, ")") == 0);
	PROMISE(col >= 1 && col <= len && s[col - 1] == '"');
}

static void
check_words(const char *s, char **argv)
{
	size_t	n, bytes = 0, len = strlen(s);

	PROMISE(argv != NULL && argv[0] != NULL);
	for (n = 0; argv[n] != NULL; n++)
		bytes += strlen(argv[n]);
	/* Each word costs a byte and each gap between two a blank. */
	PROMISE(bytes <= len);
	PROMISE(n <= (len + 1) / 2);
}

/* Without quotes or backslashes, the words are the runs of non-blanks. */
static void
check_plain(const char *s, char **argv)
{
	const char	*p = s, *start;
	size_t		 n = 0;

	for (;;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0')
			break;
		for (start = p; *p != '\0' && !is_blank(*p); p++)
			/* nothing */;
		PROMISE(argv[n] != NULL);
		PROMISE(strlen(argv[n]) == (size_t)(p - start) &&
		    memcmp(argv[n], start, (size_t)(p - start)) == 0);
		n++;
	}
	PROMISE(argv[n] == NULL);
}

/*
 * Quoted ("a b", with \" and \\ inside) or escaped (a\ b), any vector of
 * words must survive being written back and split again.
 */
static void
check_round_trip(char **argv, int quoted)
{
	struct buf	 b = BUF_INIT;
	char		**again, *cause;
	const char	*p;
	size_t		 i;

	buf_put(&b, "");
	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			buf_put(&b, i % 2 ? " " : " \t ");
		if (quoted || argv[i][0] == '\0')
			buf_put(&b, "\"");
		for (p = argv[i]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\' ||
			    (!quoted && is_blank(*p)))
				buf_put(&b, "\\");
			buf_putn(&b, p, 1);
		}
		if (quoted || argv[i][0] == '\0')
			buf_put(&b, "\"");
	}
	PROMISE(argv_split(b.s, &again, &cause) == 0);
	for (i = 0; argv[i] != NULL; i++)
		PROMISE(again[i] != NULL && strcmp(again[i], argv[i]) == 0);
	PROMISE(again[i] == NULL);
	argv_free(again);
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = fuzz_cstring(data, size), **argv, *cause = NULL;
	int	 rv;

	rv = argv_split(s, &argv, &cause);
	PROMISE(rv == 0 || rv == -1);
	if (rv == -1) {
		PROMISE(argv == NULL && cause != NULL);
		check_error(s, cause);
		free(cause);
	} else {
		check_words(s, argv);
		if (strpbrk(s, "\"\\") == NULL)
			check_plain(s, argv);
		check_round_trip(argv, 1);
		check_round_trip(argv, 0);
		argv_free(argv);
	}
	free(s);
	return 0;
}
