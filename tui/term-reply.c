#include "autoconfig.h"

/*
 * The DA1 answer, kept out of the keys (term-reply.h).
 *
 * Only the answer's own shape is kept back: ESC, then [, then ?, then
 * digits and semicolons, then c.  A user cannot type ESC [ ? within
 * curses' escape delay, so once those three have come the rest is the
 * answer's even when it arrives in a later read; before that, a read
 * that ends gives back what is kept, so the Esc key is never held.
 */

#include <string.h>

#include "term-reply.h"

#define ESC	0x1b

void
term_reply_asked(struct term_reply *r)
{
	memset(r, 0, sizeof *r);
	r->owed = true;
}

/* Everything kept, then ch (when not WEOF), as keys. */
static int
give_back(struct term_reply *r, wint_t ch, wint_t *out)
{
	int n = r->n;

	memcpy(out, r->held, (size_t)n * sizeof *out);
	if (ch != WEOF)
		out[n++] = ch;
	r->n = 0;
	return n;
}

/* The parameters of ESC [ ? Ps ; ... ; Ps (held[3..n)): 28 among them? */
static bool
lists_rects(const struct term_reply *r)
{
	int i, value = -1;

	for (i = 3; i <= r->n; i++) {
		if (i == r->n || r->held[i] == ';') {
			if (value == 28)
				return true;
			value = -1;
		} else if (value < 1000)
			value = (value < 0 ? 0 : value * 10) +
			    (int)(r->held[i] - '0');
	}
	return false;
}

int
term_reply_take(struct term_reply *r, wint_t ch,
    wint_t out[TERM_REPLY_MAX + 1])
{
	static const wint_t opening[3] = { ESC, '[', '?' };

	if (!r->owed) {
		out[0] = ch;
		return 1;
	}
	if (r->n < 3) {
		if (ch != opening[r->n])
			return give_back(r, ch, out);
		r->held[r->n++] = ch;
		return 0;
	}
	if (ch == 'c') {
		r->rects = lists_rects(r);
		r->owed = false;
		r->answered = true;
		r->n = 0;
		return 0;
	}
	if ((ch >= '0' && ch <= '9') || ch == ';') {
		if (r->n < TERM_REPLY_MAX) {
			r->held[r->n++] = ch;
			return 0;
		}
	}
	return give_back(r, ch, out);
}

int
term_reply_release(struct term_reply *r, bool all,
    wint_t out[TERM_REPLY_MAX + 1])
{
	if (r->n == 0 || (!all && r->n >= 3))
		return 0;
	return give_back(r, WEOF, out);
}
