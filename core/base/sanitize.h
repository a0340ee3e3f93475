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

/* The longest run of whole characters at the start of a sanitized string
 * that holds no space and fits in cols columns: its length in bytes, its
 * width in *w.  It reads what it returns and one character more, so text
 * laid out with it costs time in proportion to its length. */
size_t	 text_fit_word(const char *s, int cols, int *w);

/* The one-column mark of a cut: "…", or "~" in ASCII mode. */
const char *text_ellipsis(void);

/* Process-wide: non-zero makes text_truncate mark a cut with "~" instead of
 * "…" (for terminals without UTF-8).  Set once at start-up. */
void	 text_set_ascii(int ascii);

/* Text a user typed (an option, a config value) made fit for an error
 * message: at most max bytes of it, each control, DEL or non-ASCII byte
 * written as \xNN, and "..." when it was cut.  Caller frees. */
char	*text_escape(const char *s, size_t max);
/* What error messages quote of such text (docs/configuration.md). */
#define TEXT_SHOW_MAX	40

#endif
