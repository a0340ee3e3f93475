#include "autoconfig.h"

/*
 * core/sanitize.c: UTF-8 repair, terminal-safe text, column widths and
 * truncation.  The fuzz loop checks the output with a validator written
 * differently from the decoder under test (lengths and minimum values
 * instead of second-byte ranges).
 */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

#define FFFD "\xef\xbf\xbd"

/* Decodes strictly; false on anything that is not valid UTF-8.  Calls
 * fn for each code point when given. */
static bool
check_utf8(const char *s, bool (*fn)(uint32_t))
{
	const unsigned char	*p = (const unsigned char *)s;
	static const uint32_t	 min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t		 cp;
	int			 n, i;

	while (*p != '\0') {
		if (*p < 0x80)
			n = 1, cp = *p;
		else if ((*p & 0xE0) == 0xC0)
			n = 2, cp = *p & 0x1F;
		else if ((*p & 0xF0) == 0xE0)
			n = 3, cp = *p & 0x0F;
		else if ((*p & 0xF8) == 0xF0)
			n = 4, cp = *p & 0x07;
		else
			return false;
		for (i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if (cp < min[n] || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		if (fn != NULL && !fn(cp))
			return false;
		p += n;
	}
	return true;
}

static bool
terminal_safe(uint32_t cp)
{
	return !(cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069));
}

static void
assert_repair(const char *in, size_t len, const char *want)
{
	char *out = utf8_repair(in, len);

	assert_string_equal(out, want);
	assert_true(check_utf8(out, NULL));
	free(out);
}

static void
assert_sanitized(const char *in, int ascii, const char *want)
{
	char *out = sanitize_text(in, ascii);

	assert_string_equal(out, want);
	free(out);
}

static void
assert_truncated(const char *in, int cols, int ellipsis, const char *want)
{
	char *out = text_truncate(in, cols, ellipsis);

	assert_string_equal(out, want);
	assert_true(text_width(out) <= (cols > 0 ? cols : 0));
	free(out);
}

static void
test_valid_unchanged(void **state)
{
	static const char *valid[] = {
		"", "plain ascii", "h\xc3\xa9llo", "\xe6\x97\xa5\xe6\x9c\xac",
		"\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf", "\xef\xbf\xbd",
		"\xed\x9f\xbf", "\xee\x80\x80", "\xc2\x80\xdf\xbf",
	};
	size_t	 i;
	char	*out;

	(void)state;
	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		assert_repair(valid[i], strlen(valid[i]), valid[i]);
	/* Printable text is untouched by sanitize_text as well. */
	for (i = 0; i < 6; i++) {
		out = sanitize_text(valid[i], 0);
		assert_string_equal(out, valid[i]);
		free(out);
	}
	/* Only len bytes are read. */
	assert_repair("abcdef", 3, "abc");
	out = utf8_repair(NULL, 0);
	assert_string_equal(out, "");
	free(out);
}

static void
test_invalid_classes(void **state)
{
	(void)state;
	/* Lone continuation bytes and impossible bytes. */
	assert_repair("a\x80z", 3, "a" FFFD "z");
	assert_repair("\xbf\x80", 2, FFFD FFFD);
	assert_repair("\xfe\xff", 2, FFFD FFFD);
	assert_repair("\xf8\x88\x80\x80\x80", 5, FFFD FFFD FFFD FFFD FFFD);
	/* Overlongs: every byte is its own maximal invalid subsequence. */
	assert_repair("\xc0\xaf", 2, FFFD FFFD);
	assert_repair("\xc1\xbf", 2, FFFD FFFD);
	assert_repair("\xe0\x80\xaf", 3, FFFD FFFD FFFD);
	assert_repair("\xe0\x9f\xbf", 3, FFFD FFFD FFFD);
	assert_repair("\xf0\x80\x80\xaf", 4, FFFD FFFD FFFD FFFD);
	assert_repair("\xf0\x8f\xbf\xbf", 4, FFFD FFFD FFFD FFFD);
	/* UTF-16 surrogates. */
	assert_repair("\xed\xa0\x80", 3, FFFD FFFD FFFD);
	assert_repair("\xed\xbf\xbf", 3, FFFD FFFD FFFD);
	/* Above U+10FFFF. */
	assert_repair("\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD);
	assert_repair("\xf5\x80\x80\x80", 4, FFFD FFFD FFFD FFFD);
	/* Truncated sequences: the valid prefix is one replacement. */
	assert_repair("\xe6\x97", 2, FFFD);
	assert_repair("\xe6\x97x", 3, FFFD "x");
	assert_repair("\xf0\x9f\x98" "A", 4, FFFD "A");
	assert_repair("\xf0\x9f\x98\xf0\x9f\x98\x80", 7,
	    FFFD "\xf0\x9f\x98\x80");
	assert_repair("\xc3", 1, FFFD);
	assert_repair("\xc3\xc3\xa9", 3, FFFD "\xc3\xa9");
	/* The same classes come out of sanitize_text. */
	assert_sanitized("\xed\xa0\x80|\xc0\xaf|\xe6\x97", 0,
	    FFFD FFFD FFFD "|" FFFD FFFD "|" FFFD);
}

static void
test_controls(void **state)
{
	(void)state;
	assert_sanitized("\x1b]0;pwned\x07", 0, FFFD "]0;pwned" FFFD);
	assert_sanitized("\x1b[2Jx", 0, FFFD "[2Jx");
	/* 8-bit CSI and the rest of C1. */
	assert_sanitized("\xc2\x9b" "2J", 0, FFFD "2J");
	assert_sanitized("\xc2\x80\xc2\x9f\xc2\xa0", 0,
	    FFFD FFFD "\xc2\xa0");
	assert_sanitized("a\x7f" "b", 0, "a" FFFD "b");
	assert_sanitized("\x01\x08\x0b\x0c\x1f", 0,
	    FFFD FFFD FFFD FFFD FFFD);
	/* Whitespace that breaks lines becomes a plain space. */
	assert_sanitized("a\tb\r\nc", 0, "a b  c");
	/* Bidi embeddings, overrides and isolates. */
	assert_sanitized("x\xe2\x80\xaa\xe2\x80\xae" "y", 0,
	    "x" FFFD FFFD "y");
	assert_sanitized("\xe2\x81\xa6\xe2\x81\xa9", 0, FFFD FFFD);
	/* Neighbours of those ranges are ordinary text. */
	assert_sanitized("\xe2\x80\xa9\xe2\x80\xaf", 0,
	    "\xe2\x80\xa9\xe2\x80\xaf");
	assert_sanitized(NULL, 0, "");
}

static void
test_ascii_mode(void **state)
{
	(void)state;
	assert_sanitized("h\xc3\xa9llo", 1, "h?llo");
	assert_sanitized("\xe6\x97\xa5\xe6\x9c\xac.", 1, "??.");
	assert_sanitized("\x1b]0;x\x07\xc2\x9b\xff\t.", 1, "?]0;x??? .");
	assert_sanitized("e\xcc\x81", 1, "e?");
}

static void
test_widths(void **state)
{
	(void)state;
	assert_int_equal(text_width(""), 0);
	assert_int_equal(text_width(NULL), 0);
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 6);
	assert_int_equal(text_width("e\xcc\x81"), 1);
	assert_int_equal(text_width("\xf0\x9f\x98\x80"), 2);
	assert_int_equal(text_width(FFFD), 1);
	assert_int_equal(text_width("\xe2\x80\xa6"), 1);
	/* Unsanitized input still gets a width: 1 per invalid sequence. */
	assert_int_equal(text_width("\xff\xfe"), 2);
}

/* Widths do not follow the process locale, and it is left as it was. */
static void
test_width_locale_independent(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	assert_int_equal(text_width("e\xcc\x81"), 1);
	assert_int_equal((int)MB_CUR_MAX, 1);
}

static void
test_truncate(void **state)
{
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";	/* 6 cols */
	const char *acute = "e\xcc\x81" "e\xcc\x81" "e\xcc\x81";	/* 3 cols */

	(void)state;
	assert_truncated("hello world", 5, 1, "hell\xe2\x80\xa6");
	assert_truncated("hello world", 5, 0, "hello");
	assert_truncated("hello", 5, 1, "hello");
	assert_truncated("hello", 6, 1, "hello");
	assert_truncated("hello", 1, 1, "\xe2\x80\xa6");
	assert_truncated("hello", 0, 1, "");
	assert_truncated("hello", -3, 0, "");
	assert_truncated(NULL, 10, 1, "");
	/* Wide characters are never split. */
	assert_truncated(cjk, 6, 1, cjk);
	assert_truncated(cjk, 5, 1, "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6");
	assert_truncated(cjk, 4, 1, "\xe6\x97\xa5\xe2\x80\xa6");	/* 3 cols */
	assert_truncated(cjk, 5, 0, "\xe6\x97\xa5\xe6\x9c\xac");	/* 4 cols */
	assert_truncated(cjk, 1, 0, "");
	/* A CJK character straddling the limit is dropped. */
	assert_truncated("ab\xe6\x97\xa5", 3, 0, "ab");
	assert_truncated("ab\xe6\x97\xa5" "c", 4, 1, "ab\xe2\x80\xa6");
	/* Combining marks stay with their base. */
	assert_truncated(acute, 2, 0, "e\xcc\x81" "e\xcc\x81");
	assert_truncated(acute, 2, 1, "e\xcc\x81\xe2\x80\xa6");
	assert_truncated(acute, 3, 1, acute);
	/* ASCII terminals get a tilde. */
	text_set_ascii(1);
	assert_truncated("hello world", 5, 1, "hell~");
	assert_string_equal(text_ellipsis(), "~");
	text_set_ascii(0);
	assert_string_equal(text_ellipsis(), "\xe2\x80\xa6");
}

/* The word wrapper's measure: whole characters, up to a space or cols. */
static void
test_fit_word(void **state)
{
	const char	*cjk = "\xe6\x97\xa5\xe6\x9c\xac";	/* 4 cols */
	int		 w;

	(void)state;
	assert_int_equal(text_fit_word("hello world", 80, &w), 5);
	assert_int_equal(w, 5);
	assert_int_equal(text_fit_word("hello", 3, &w), 3);
	assert_int_equal(w, 3);
	assert_int_equal(text_fit_word(" hello", 80, &w), 0);
	assert_int_equal(text_fit_word("", 80, &w), 0);
	assert_int_equal(w, 0);
	assert_int_equal(text_fit_word("hello", -1, &w), 0);
	/* A wide character that does not fit whole stays out. */
	assert_int_equal(text_fit_word(cjk, 3, &w), 3);
	assert_int_equal(w, 2);
	assert_int_equal(text_fit_word(cjk, 4, &w), 6);
	assert_int_equal(w, 4);
	/* A combining mark goes with its base. */
	assert_int_equal(text_fit_word("e\xcc\x81x", 1, &w), 3);
	assert_int_equal(w, 1);
}

/* The quoting of config errors, for any message that quotes input. */
static void
test_escape(void **state)
{
	char *s;

	(void)state;
	s = text_escape("quit", 40);
	assert_string_equal(s, "quit");
	free(s);
	s = text_escape("a\x1b]0;t\x07\xc2\x9b\x7f\r", 40);
	assert_string_equal(s, "a\\x1b]0;t\\x07\\xc2\\x9b\\x7f\\x0d");
	free(s);
	s = text_escape("0123456789", 4);
	assert_string_equal(s, "0123...");
	free(s);
	/* Every byte escaped and cut: the buffer holds the worst case. */
	s = text_escape("\x01\x02\x03\x04\x05", 4);
	assert_string_equal(s, "\\x01\\x02\\x03\\x04...");
	free(s);
}

static void
random_bytes(char *buf, size_t len)
{
	/* Biased towards the bytes that matter: ESC, C1 leads, lead bytes. */
	static const unsigned char hot[] = {
		0x1b, 0x07, 0x09, 0x0a, 0x0d, 0x7f, 0x80, 0x9b, 0xbf, 0xc0,
		0xc1, 0xc2, 0xdf, 0xe0, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0xf5,
		0xff, '[', ']',
	};
	size_t i;

	for (i = 0; i < len; i++) {
		if (rand() % 3 == 0)
			buf[i] = (char)hot[rand() % sizeof(hot)];
		else
			buf[i] = (char)(1 + rand() % 255);
	}
	buf[len] = '\0';
}

static bool
ascii_safe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7F)
			return false;
	return true;
}

static void
test_fuzz(void **state)
{
	char	 buf[80], *out, *cut, *rep;
	size_t	 len;
	int	 i, cols;

	(void)state;
	srand(20251027);
	for (i = 0; i < 20000; i++) {
		len = (size_t)(rand() % 64);
		random_bytes(buf, len);

		rep = utf8_repair(buf, len);
		assert_true(check_utf8(rep, NULL));
		free(rep);

		out = sanitize_text(buf, 0);
		assert_true(check_utf8(out, terminal_safe));
		cols = rand() % 20;
		cut = text_truncate(out, cols, i & 1);
		assert_true(check_utf8(cut, terminal_safe));
		assert_true(text_width(cut) <= cols);
		free(cut);
		free(out);

		out = sanitize_text(buf, 1);
		assert_true(ascii_safe(out));
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_unchanged),
		cmocka_unit_test(test_invalid_classes),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_ascii_mode),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_width_locale_independent),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_fit_word),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_fuzz),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
