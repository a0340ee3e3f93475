/*
 * UTF-8, decoded one way everywhere: strictly (no overlongs, no surrogates,
 * nothing above U+10FFFF) and without the process locale, so that what the
 * sanitizer repairs, what the Prometheus parser refuses and where a message
 * is cut all agree on what a character is.
 */
#ifndef OPSDECK_UTF8_H
#define OPSDECK_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_BAD	0xFFFFFFFFu	/* an invalid sequence, not a code point */
#define UTF8_REPLACEMENT 0xFFFDu	/* what an invalid sequence is shown as */
#define UTF8_MAX	4		/* bytes of the longest character */

/* Whether byte c continues a character (10xxxxxx) rather than starting one. */
#define UTF8_CONT(c)	(((unsigned char)(c) & 0xC0) == 0x80)

/* Decodes the character at s (len > 0): the bytes it takes, at least 1, and
 * in *cp its code point or UTF8_BAD.  An invalid sequence takes its maximal
 * invalid prefix (Unicode's "substitution of maximal subparts"), so that
 * each becomes exactly one U+FFFD. */
size_t	utf8_next(const char *s, size_t len, uint32_t *cp);
/* Writes cp (a Unicode scalar value) as UTF-8 into out, which has room for
 * UTF8_MAX bytes; returns how many it wrote.  No NUL is added. */
size_t	utf8_put(char *out, uint32_t cp);
/* Whether s[0..len) is all valid UTF-8. */
bool	utf8_valid(const char *s, size_t len);
/* Where to cut s to keep at most n bytes without splitting a character: n,
 * less the bytes (at most three) of a character that starts before s[n]
 * and goes on past it.  s holds more than n bytes. */
size_t	utf8_cut(const char *s, size_t n);

#endif
