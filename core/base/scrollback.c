/*
 * The bounded scrollback (see scrollback.h).  A command that floods 10 MB
 * costs at most SCROLLBACK_LINES x SCROLLBACK_LINE_MAX bytes here; the
 * screen draws from the ring and the audit keeps scrollback_tail.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "scrollback.h"
#include "xalloc.h"

void
scrollback_init(struct scrollback *s)
{
	memset(s, 0, sizeof *s);
}

static void
scrollback_end_line(struct scrollback *s)
{
	size_t slot;

	if (s->n == SCROLLBACK_LINES) {
		free(s->lines[s->first]);
		s->lines[s->first] = NULL;
		s->first = (s->first + 1) % SCROLLBACK_LINES;
		s->n--;
	}
	slot = (s->first + s->n) % SCROLLBACK_LINES;
	s->lines[slot] = xstrndup(s->partial, s->plen);
	s->n++;
	s->plen = 0;
	s->total++;
}

void
scrollback_append(struct scrollback *s, const char *data, size_t len)
{
	size_t i;

	s->bytes += len;
	for (i = 0; i < len; i++) {
		if (data[i] == '\n') {
			scrollback_end_line(s);
			continue;
		}
		if (s->plen == SCROLLBACK_LINE_MAX)
			scrollback_end_line(s);
		s->partial[s->plen++] = data[i];
	}
}

void
scrollback_flush(struct scrollback *s)
{
	if (s->plen > 0)
		scrollback_end_line(s);
}

const char *
scrollback_line(const struct scrollback *s, size_t i)
{
	if (i >= s->n)
		return "";
	return s->lines[(s->first + i) % SCROLLBACK_LINES];
}

char *
scrollback_tail(const struct scrollback *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t i = s->n, used = 0, len;
	char *out;

	/* Walk back while whole lines fit. */
	while (i > 0 && used + (len = strlen(scrollback_line(s, i - 1)) + 1) <= max) {
		used += len;
		i--;
	}
	if (i > 0 && used + 1 < max) {
		/* the line that does not fit whole: its end, from the start of
		 * a character */
		const char *l = scrollback_line(s, i - 1);
		size_t keep = max - used - 1, ll = strlen(l);
		const char *from = l + ll - keep;
		while (*from != '\0' && ((unsigned char)*from & 0xc0) == 0x80)
			from++;
		buf_put(&b, from);
		buf_putn(&b, "\n", 1);
	}
	for (; i < s->n; i++) {
		buf_put(&b, scrollback_line(s, i));
		buf_putn(&b, "\n", 1);
	}
	out = buf_take(&b);
	return out != NULL ? out : xstrdup("");
}

void
scrollback_free(struct scrollback *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->lines[(s->first + i) % SCROLLBACK_LINES]);
	s->n = 0;
	s->plen = 0;
}
