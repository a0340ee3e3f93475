/*
 * A growing string: the one buffer that report lines, health details, HTTP
 * bodies and the simulator's answers are built in.
 *
 * Ownership: a struct buf owns s.  buf_take hands it to the caller and
 * leaves the buffer empty; buf_free releases it.  A zeroed struct buf
 * (BUF_INIT) is an empty buffer that has allocated nothing.
 */
#ifndef OPSDECK_BUF_H
#define OPSDECK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*s;	/* owned; NUL-terminated once anything was put */
	size_t	 len;	/* bytes before that NUL (s may hold NULs too) */
	size_t	 cap;	/* bytes allocated */
};

#define BUF_INIT	{ NULL, 0, 0 }

/* Appends n bytes of p (any bytes, NULs too). */
void	 buf_putn(struct buf *, const void *p, size_t n);
/* Appends the string s. */
void	 buf_put(struct buf *, const char *s);
/* Appends n copies of byte c. */
void	 buf_fill(struct buf *, char c, size_t n);
/* Appends formatted text. */
void	 buf_printf(struct buf *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *, const char *, va_list)
	     __attribute__((format(printf, 2, 0)));
/* Cuts the contents to len bytes (no more than it holds). */
void	 buf_truncate(struct buf *, size_t len);
/* The contents, which the caller now owns and frees ("" when nothing was
 * put); the buffer is empty again. */
char	*buf_take(struct buf *);
void	 buf_free(struct buf *);

#endif
