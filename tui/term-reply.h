/*
 * The terminal's answer to "what are you?" (primary device attributes,
 * DA1), taken out of the keys (term-reply.c).
 *
 * The answer, CSI ? Ps ; ... ; Ps c, comes in with the keys, and curses
 * knows no key like it: it hands it over one character at a time, ESC
 * first.  While an answer is owed, term.c gives every character to
 * term_reply_take: the characters of an answer are kept back and, at the
 * final c, read for what the terminal says it can do; anything else is
 * given back, in order, to be taken as keys.
 */
#ifndef OPSDECK_TUI_TERM_REPLY_H
#define OPSDECK_TUI_TERM_REPLY_H

#include <stdbool.h>
#include <wchar.h>

/* Longer than any answer: "ESC [ ? 64 ; 1 ; 2 ; 6 ; ... c" is 40. */
#define TERM_REPLY_MAX	96

struct term_reply {
	bool	owed;		/* asked, not answered yet */
	bool	answered;
	bool	rects;		/* the answer lists 28: rectangular editing
				 * (DECCRA, copy a rectangle) */
	int	n;		/* characters kept back */
	wint_t	held[TERM_REPLY_MAX];
};

/* The question (DA1); after sending it, term_reply_asked. */
#define TERM_REPLY_QUERY	"\033[c"

void	term_reply_asked(struct term_reply *);

/*
 * One character read (a function key is not one: give back what is kept
 * first, with term_reply_release).  Returns how many characters out[]
 * now holds to be taken as keys, in order: 0 while they may be an
 * answer's, or when they were one.
 */
int	term_reply_take(struct term_reply *, wint_t ch,
	    wint_t out[TERM_REPLY_MAX + 1]);

/*
 * The read found nothing more.  An ESC, or ESC [, kept back is given
 * back (the Esc key, typed alone, has nothing behind it); once ESC [ ?
 * has come, the rest of the answer is waited for.  all: give back
 * everything kept (before a function key).  Returns how many characters
 * out[] holds.
 */
int	term_reply_release(struct term_reply *, bool all,
	    wint_t out[TERM_REPLY_MAX + 1]);

#endif
