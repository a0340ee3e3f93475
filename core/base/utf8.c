#include "autoconfig.h"

#include "utf8.h"

/*
 * Overlongs, surrogates and values above U+10FFFF are ruled out by
 * narrowing the range allowed for the second byte, which also makes the
 * invalid prefix maximal: the byte that breaks a sequence is never part of
 * it.
 */
size_t
utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	unsigned char		 c = u[0], lo = 0x80, hi = 0xBF;
	size_t			 need, i;
	uint32_t		 v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4) {
		*cp = UTF8_BAD;
		return 1;
	}
	if (c < 0xE0) {
		need = 1;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;		/* overlong */
		else if (c == 0xED)
			hi = 0x9F;		/* surrogates */
	} else {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;		/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;		/* above U+10FFFF */
	}
	for (i = 1; i <= need; i++) {
		if (i >= len || u[i] < lo || u[i] > hi) {
			*cp = UTF8_BAD;
			return i;
		}
		v = (v << 6) | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

size_t
utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t		i = 0;
	uint32_t	cp;

	while (i < len) {
		i += utf8_next(s + i, len - i, &cp);
		if (cp == UTF8_BAD)
			return false;
	}
	return true;
}

/*
 * Back over the continuation bytes at s[n]: they belong to a character that
 * started before the cut.  Three at the most, so a run of stray
 * continuation bytes costs at most four bytes, never the whole text.
 */
size_t
utf8_cut(const char *s, size_t n)
{
	size_t back;

	for (back = 0; back < 3 && n > 0; back++, n--) {
		if (!UTF8_CONT(s[n]))
			break;
	}
	return n;
}
