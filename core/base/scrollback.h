/*
 * A command's output as the last lines it printed, bounded however much
 * it prints: at most SCROLLBACK_LINES lines of at most SCROLLBACK_LINE_MAX
 * bytes (a longer line is split there), the oldest dropped first.  Bytes
 * are kept raw; whoever shows them sanitizes them.
 *
 * Ownership: struct scrollback owns its lines; scrollback_free releases
 * them.
 */
#ifndef OPSDECK_SCROLLBACK_H
#define OPSDECK_SCROLLBACK_H

#include <stddef.h>
#include <stdint.h>

#define SCROLLBACK_LINES	2000
#define SCROLLBACK_LINE_MAX	1024

struct scrollback {
	char		*lines[SCROLLBACK_LINES];	/* a ring */
	size_t		 first;		/* index of the oldest kept */
	size_t		 n;		/* lines kept */
	char		 partial[SCROLLBACK_LINE_MAX];	/* not yet ended */
	size_t		 plen;
	uint64_t	 total;		/* lines ever ended */
	uint64_t	 bytes;		/* bytes ever appended */
};

void		 scrollback_init(struct scrollback *);
void		 scrollback_append(struct scrollback *, const char *, size_t);
/* Ends a last line that has no newline. */
void		 scrollback_flush(struct scrollback *);
/* Line i of the kept ones, 0 the oldest, NUL-terminated. */
const char	*scrollback_line(const struct scrollback *, size_t i);
/* The last at most max bytes of the kept text, lines joined by '\n', cut
 * at a line start when one fits; caller frees. */
char		*scrollback_tail(const struct scrollback *, size_t max);
void		 scrollback_free(struct scrollback *);

#endif
