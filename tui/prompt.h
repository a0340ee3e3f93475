/*
 * The one-line editor of the search and filter prompts, and the filter
 * syntax (prompt.c).  Pure: no curses, no cockpit; the status line draws
 * the line (prompt_draw, tui-int.h), the prompt key table (keys.h) turns
 * keys into the edits.
 */
#ifndef OPSDECK_TUI_PROMPT_H
#define OPSDECK_TUI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>

#include "keys.h"

#define PROMPT_MAX	256

/* A one-line editor (UTF-8 text); owns nothing. */
struct prompt {
	char	buf[PROMPT_MAX];
	size_t	len;
};

void		 prompt_reset(struct prompt *, const char *initial);
/* One edit of the prompt table: ACT_INSERT (key: the character),
 * ACT_DELETE_CHAR, ACT_DELETE_WORD, ACT_DELETE_LINE; anything else does
 * nothing.  Whether the line changed. */
bool		 prompt_edit(struct prompt *, enum action, int key);
/* Parses "owner=Jesse stage=middle status=blocked" into three heap
 * strings (NULL when not given).  0, or -1 with *cause (caller frees). */
int		 prompt_parse_filter(const char *, char *out[3], char **cause)
		     __attribute__((warn_unused_result));
/* The other way: "owner=Jesse stage=middle" from the filters (NULL: not
 * filtered), as the prompt reads it back; what does not fit is left out. */
void		 prompt_filter_text(const char *owner, const char *stage,
		     const char *status, char *, size_t);

#endif
