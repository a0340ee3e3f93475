/*
 * Untrusted text (database rows, HTTP bodies, libpq error messages) made safe
 * for a terminal, and measured in terminal columns.
 */
#ifndef OPSDECK_SANITIZE_H
#define OPSDECK_SANITIZE_H

#include <stddef.h>

/* Valid UTF-8 copy of len bytes of s: each invalid sequence becomes U+FFFD.
 * Nothing else changes.  Caller frees. */
char	*utf8_repair(const char *s, size_t len);

/* Terminal-safe copy of s: invalid UTF-8, C0 controls (TAB becomes a
 * space, CR/LF become a space), DEL, C1 controls (U+0080-U+009F) and bidi
 * overrides (U+202A-U+202E, U+2066-U+2069) are replaced by U+FFFD, so no
 * escape sequence, OSC, CSI or bell from data reaches the terminal.  When
 * ascii is non-zero the result is 7-bit and non-ASCII becomes '?'.
 * Caller frees. */
char	*sanitize_text(const char *s, int ascii);

/* Display width of a sanitized UTF-8 string in terminal columns (wcwidth:
 * CJK counts 2, combining marks 0). */
int	text_width(const char *s);

/* Copy of a sanitized string cut to at most `cols` columns, never splitting
 * a character; when cut and ellipsis is non-zero the last column is "…"
 * (or "~" in ASCII mode).  Caller frees. */
char	*text_truncate(const char *s, int cols, int ellipsis);

/* Process-wide: non-zero makes text_truncate mark a cut with "~" instead of
 * "…" (for terminals without UTF-8).  Set once at start-up. */
void	 text_set_ascii(int ascii);

#endif
