/*
 * Allocation that cannot fail: running out of memory is fatal (a message on
 * stderr and abort), so no caller checks for NULL.  Every other failure in
 * opsdeck is a returned value.
 */
#ifndef OPSDECK_XALLOC_H
#define OPSDECK_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
