#include "autoconfig.h"

/*
 * Untrusted text made terminal-safe and measured in columns.
 *
 * UTF-8 is decoded by utf8.c rather than with mbrtowc() so the result does
 * not depend on the process locale, and so every maximal invalid
 * subsequence (Unicode's "substitution of maximal subparts") becomes
 * exactly one U+FFFD.
 * Widths come from wcwidth() evaluated in a private C.UTF-8 locale object,
 * again so that LANG=C or a Latin-1 locale cannot change the layout.
 */

#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
#include "utf8.h"
#include "xalloc.h"

static locale_t		width_locale = (locale_t)0;
static pthread_once_t	width_once = PTHREAD_ONCE_INIT;
static int		ascii_mode;

/*
 * Output buffer for len input bytes: a lone invalid byte grows to the
 * three bytes of U+FFFD, nothing grows more.
 */
static char *
out_alloc(size_t len)
{
	return xreallocarray(NULL, len + 1, 3);
}

char *
utf8_repair(const char *s, size_t len)
{
	char		*out;
	size_t		 i = 0, o = 0, n;
	uint32_t	 cp;

	if (s == NULL)
		return xstrdup("");
	out = out_alloc(len);
	while (i < len) {
		n = utf8_next(s + i, len - i, &cp);
		o += utf8_put(out + o, cp == UTF8_BAD ? UTF8_REPLACEMENT : cp);
		i += n;
	}
	out[o] = '\0';
	return out;
}

/* What a terminal would act on rather than draw. */
static bool
is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
sanitize_text(const char *s, int ascii)
{
	char		*out;
	size_t		 len, i = 0, o = 0;
	uint32_t	 cp;

	if (s == NULL)
		return xstrdup("");
	len = strlen(s);
	out = out_alloc(len);
	while (i < len) {
		i += utf8_next(s + i, len - i, &cp);
		if (cp == '\t' || cp == '\r' || cp == '\n')
			cp = ' ';
		else if (cp == UTF8_BAD || is_unsafe(cp))
			cp = UTF8_REPLACEMENT;
		if (ascii && cp >= 0x80)
			cp = '?';
		o += utf8_put(out + o, cp);
	}
	out[o] = '\0';
	return out;
}

static void
width_locale_init(void)
{
	/* glibc has C.UTF-8 built in since 2.35; older systems often ship it. */
	width_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (width_locale == (locale_t)0)
		width_locale = newlocale(LC_CTYPE_MASK, "en_US.UTF-8",
		    (locale_t)0);
}

/*
 * Rough widths for a system without any UTF-8 locale: the common
 * combining blocks are 0, the East Asian wide blocks and emoji are 2.
 */
static int
fallback_width(uint32_t cp)
{
	static const uint32_t zero[][2] = {
		{ 0x0300, 0x036F }, { 0x0483, 0x0489 }, { 0x0591, 0x05BD },
		{ 0x0610, 0x061A }, { 0x064B, 0x065F }, { 0x1AB0, 0x1AFF },
		{ 0x1DC0, 0x1DFF }, { 0x200B, 0x200F }, { 0x20D0, 0x20FF },
		{ 0xFE00, 0xFE0F }, { 0xFE20, 0xFE2F },
	};
	static const uint32_t wide[][2] = {
		{ 0x1100, 0x115F }, { 0x2E80, 0x303E }, { 0x3041, 0x33FF },
		{ 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF }, { 0xA000, 0xA4CF },
		{ 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF }, { 0xFE30, 0xFE4F },
		{ 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x1F300, 0x1F64F },
		{ 0x1F900, 0x1F9FF }, { 0x20000, 0x3FFFD },
	};
	size_t i;

	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		if (cp >= zero[i][0] && cp <= zero[i][1])
			return 0;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

/* Width of one decoded character; call between width_begin/width_end. */
static int
char_width(uint32_t cp)
{
	int w;

	if (cp == UTF8_BAD)
		return 1;		/* drawn as U+FFFD */
	/* Printable ASCII, most of any text, is one column in every
	 * locale: no lookup (the screen is measured on every frame). */
	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (width_locale == (locale_t)0)
		return fallback_width(cp);
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;		/* unprintables end up as U+FFFD */
}

/* Switches this thread to the width locale; returns what to restore. */
static locale_t
width_begin(void)
{
	pthread_once(&width_once, width_locale_init);
	if (width_locale == (locale_t)0)
		return (locale_t)0;
	return uselocale(width_locale);
}

static void
width_end(locale_t old)
{
	if (old != (locale_t)0)
		uselocale(old);
}

/* Width of s with the locale already switched. */
static int
width_of(const char *s, size_t len)
{
	size_t		i = 0;
	uint32_t	cp;
	int		w = 0;

	while (i < len) {
		i += utf8_next(s + i, len - i, &cp);
		w += char_width(cp);
	}
	return w;
}

int
text_width(const char *s)
{
	locale_t	old;
	int		w;

	if (s == NULL)
		return 0;
	old = width_begin();
	w = width_of(s, strlen(s));
	width_end(old);
	return w;
}

void
text_set_ascii(int ascii)
{
	ascii_mode = ascii;
}

const char *
text_ellipsis(void)
{
	return ascii_mode ? "~" : "\xe2\x80\xa6";
}

size_t
text_fit_word(const char *s, int cols, int *w)
{
	locale_t	old;
	size_t		i = 0, n;
	uint32_t	cp;
	int		cw;

	*w = 0;
	if (s == NULL)
		return 0;
	old = width_begin();
	while (s[i] != '\0' && s[i] != ' ') {
		/* Sanitized text is NUL-terminated UTF-8: 4 bytes are enough. */
		n = utf8_next(s + i, UTF8_MAX, &cp);
		cw = char_width(cp);
		if (*w + cw > cols)
			break;
		*w += cw;
		i += n;
	}
	width_end(old);
	return i;
}

/*
 * Copies whole characters while they fit in budget columns.  A character
 * that does not fit ends the copy, so a wide character straddling the limit
 * is dropped, and zero-width marks after it go with it; marks after the
 * last copied base fit by definition and stay with it.
 */
static size_t
copy_columns(char *out, const char *s, size_t len, int budget)
{
	size_t		i = 0, o = 0, n;
	uint32_t	cp;
	int		used = 0, w;

	while (i < len) {
		n = utf8_next(s + i, len - i, &cp);
		w = char_width(cp);
		if (used + w > budget)
			break;
		used += w;
		o += utf8_put(out + o, cp == UTF8_BAD ? UTF8_REPLACEMENT : cp);
		i += n;
	}
	return o;
}

char *
text_truncate(const char *s, int cols, int ellipsis)
{
	const char	*mark = text_ellipsis();
	locale_t	 old;
	size_t		 len, o;
	char		*out;
	int		 budget;
	bool		 cut;

	if (s == NULL || cols <= 0)
		return xstrdup("");
	len = strlen(s);
	out = out_alloc(len + 1);	/* room for the mark too */
	old = width_begin();
	cut = width_of(s, len) > cols;
	budget = cut && ellipsis ? cols - 1 : cols;
	o = copy_columns(out, s, len, budget);
	width_end(old);
	if (cut && ellipsis) {
		memcpy(out + o, mark, strlen(mark));
		o += strlen(mark);
	}
	out[o] = '\0';
	return out;
}

/*
 * The rule of the configuration's error messages (docs/configuration.md,
 * "Error messages"), for every message that quotes what a user typed:
 * bytes, not characters, so the result is plain ASCII whatever the input.
 */
char *
text_escape(const char *s, size_t max)
{
	size_t	 i, n = strlen(s);
	char	*out, *o;

	out = o = xreallocarray(NULL, max + 1, 4);
	for (i = 0; i < n && i < max; i++) {
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			o += sprintf(o, "\\x%02x", (unsigned char)s[i]);
		else
			*o++ = s[i];
	}
	if (n > max)
		o += sprintf(o, "...");
	*o = '\0';
	return out;
}
