#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "xalloc.h"

/*
 * The checks below are written independently of core/: a harness that
 * borrowed the decoder it is testing would agree with its bugs.
 */

void
fuzz_broken(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: broken promise: %s\n", file, line, what);
	abort();
}

/* Length of the sequence a lead byte announces, 0 if it is no lead byte. */
static size_t
seq_len(unsigned char b)
{
	if (b < 0x80)
		return 1;
	if ((b & 0xE0) == 0xC0)
		return 2;
	if ((b & 0xF0) == 0xE0)
		return 3;
	if ((b & 0xF8) == 0xF0)
		return 4;
	return 0;
}

size_t
fuzz_utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 n = seq_len(u[0]), i;
	uint32_t		 v;

	if (n <= 1) {
		*cp = u[0];
		return 1;
	}
	v = u[0] & (0x7F >> n);
	for (i = 1; i < n; i++)
		v = (v << 6) | (u[i] & 0x3F);
	*cp = v;
	return n;
}

bool
fuzz_utf8_valid(const char *s, size_t n)
{
	static const uint32_t	 least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, k, j;
	uint32_t		 cp;

	while (i < n) {
		k = seq_len(u[i]);
		if (k == 0 || n - i < k)
			return false;
		for (j = 1; j < k; j++)
			if ((u[i + j] & 0xC0) != 0x80)
				return false;
		fuzz_utf8_decode(s + i, &cp);
		if (cp < least[k] || cp > 0x10FFFF ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += k;
	}
	return true;
}

bool
fuzz_printable_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7E)
			return false;
	return true;
}

char *
fuzz_cstring(const uint8_t *data, size_t n)
{
	char	*s = xmalloc(n + 1);

	if (n > 0)
		memcpy(s, data, n);
	s[n] = '\0';
	return s;
}
