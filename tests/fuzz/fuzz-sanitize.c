#include "autoconfig.h"

/*
 * core/sanitize.c against the promises of sanitize.h.
 *
 * Input: byte 0 is the column budget for text_truncate (-8..247), byte 1
 * the modes (bit 0: sanitize_text's ascii, bit 1: the ellipsis, bit 2:
 * text_set_ascii), the rest the text.  The text may hold NULs: utf8_repair
 * takes a length, the others stop at the first one.
 */

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sanitize.h"

static void	check_repair(const char *, size_t);
static void	check_sanitize(const char *);
static void	check_truncate(const char *, int, int, int);
static bool	is_unsafe(uint32_t);
static size_t	count_chars(const char *);

/* What sanitize.h says never reaches the terminal. */
static bool
is_unsafe(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static size_t
count_chars(const char *s)
{
	size_t		n = 0;
	uint32_t	cp;

	while (*s != '\0') {
		s += fuzz_utf8_decode(s, &cp);
		n++;
	}
	return n;
}

/* Valid UTF-8 out, valid input unchanged, nothing else changes. */
static void
check_repair(const char *s, size_t len)
{
	char	*out, *again, *head;
	size_t	 first_nul = strnlen(s, len), olen;

	out = utf8_repair(s, len);
	olen = strlen(out);
	if (first_nul == len) {
		PROMISE(fuzz_utf8_valid(out, olen));
		PROMISE(olen <= 3 * len);
		if (fuzz_utf8_valid(s, len))
			PROMISE(olen == len && memcmp(out, s, len) == 0);
		again = utf8_repair(out, olen);
		PROMISE(strcmp(again, out) == 0);
		free(again);
	} else {
		/*
		 * NUL is a character like any other and stays; what comes
		 * before it is repaired as if the text ended there.
		 */
		head = utf8_repair(s, first_nul);
		PROMISE(strcmp(head, out) == 0);
		free(head);
	}
	free(out);
}

static void
check_sanitize(const char *s)
{
	char		*clean, *ascii, *again;
	const char	*p, *q;
	size_t		 n;
	uint32_t	 cp, cq;
	bool		 safe = true;

	clean = sanitize_text(s, 0);
	ascii = sanitize_text(s, 1);
	PROMISE(fuzz_utf8_valid(clean, strlen(clean)));
	PROMISE(count_chars(clean) <= strlen(s));
	for (p = clean; *p != '\0'; p += n) {
		n = fuzz_utf8_decode(p, &cp);
		PROMISE(!is_unsafe(cp));
	}
	/* ASCII mode is the same text with every non-ASCII character '?'. */
	for (p = clean, q = ascii; *p != '\0'; p += n, q++) {
		n = fuzz_utf8_decode(p, &cp);
		cq = (unsigned char)*q;
		PROMISE(cq != '\0');
		PROMISE(cp < 0x80 ? cq == cp : cq == '?');
	}
	PROMISE(*q == '\0');
	/* Safe text passes through untouched; sanitizing twice is once. */
	if (fuzz_utf8_valid(s, strlen(s))) {
		for (p = s; *p != '\0' && safe; p += n) {
			n = fuzz_utf8_decode(p, &cp);
			safe = !is_unsafe(cp);
		}
		if (safe)
			PROMISE(strcmp(clean, s) == 0);
	}
	again = sanitize_text(clean, 0);
	PROMISE(strcmp(again, clean) == 0);
	free(again);
	free(ascii);
	free(clean);
}

/* s is sanitized: the precondition of text_width and text_truncate. */
static void
check_truncate(const char *s, int cols, int ellipsis, int ascii_mark)
{
	const char	*mark = ascii_mark ? "~" : "\xe2\x80\xa6";
	char		*cut;
	size_t		 len = strlen(s), clen, keep;
	int		 width = text_width(s), cw;

	PROMISE(width >= 0 && (size_t)width <= 2 * count_chars(s));
	cut = text_truncate(s, cols, ellipsis);
	clen = strlen(cut);
	cw = text_width(cut);
	PROMISE(fuzz_utf8_valid(cut, clen));
	if (cols <= 0)
		PROMISE(clen == 0);
	else {
		PROMISE(cw <= cols);
		if (width <= cols)
			PROMISE(strcmp(cut, s) == 0);
	}
	if (cols > 0 && width > cols) {
		keep = clen;
		if (ellipsis) {
			PROMISE(clen >= strlen(mark) &&
			    strcmp(cut + clen - strlen(mark), mark) == 0);
			keep -= strlen(mark);
		}
		/* A prefix, never cut inside a character. */
		PROMISE(keep < len && memcmp(cut, s, keep) == 0);
		PROMISE(((unsigned char)s[keep] & 0xC0) != 0x80);
	}
	free(cut);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*text, *clean;
	size_t	 len;
	int	 cols, modes;

	if (size < 2)
		return 0;
	cols = (int)data[0] - 8;
	modes = data[1];
	len = size - 2;
	text = fuzz_cstring(data + 2, len);

	check_repair(text, len);
	check_sanitize(text);
	text_set_ascii(modes & 4);
	clean = sanitize_text(text, modes & 1);
	check_truncate(clean, cols, modes & 2, modes & 4);
	text_set_ascii(0);
	free(clean);
	free(text);
	return 0;
}
