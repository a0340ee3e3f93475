/*
 * Rows that move are moved by the terminal, not rewritten (screen-move.c).
 *
 * When a row enters or leaves a list, every row below it moves.  curses
 * already has the terminal scroll lines that moved whole (its hashmap
 * scrolling, with a scroll region and insert/delete line), but a pane a
 * third of the screen wide moves only part of each line, and curses then
 * rewrites each moved row whole.  Just before doupdate, screen_move looks
 * inside each rectangle it is given for a block of rows that the terminal
 * already shows a few rows higher or lower, and has the terminal scroll
 * them there, by copying the rectangle (DECCRA) or scrolling it inside
 * left and right margins (DECSLRM), where the terminal can: term.c asks
 * at start.  curses is then told what the terminal
 * shows, and doupdate writes only what is still different.  Rectangles
 * that are whole lines (but for a border) are left to curses, and so is
 * everything on a terminal without margins: it gets what curses alone
 * would send.
 */
#ifndef OPSDECK_TUI_SCREEN_MOVE_H
#define OPSDECK_TUI_SCREEN_MOVE_H

#include <stdbool.h>

struct rect;

/* What the terminal can do. */
struct screen_move_caps {
	bool	lines;		/* scroll region, insert and delete line */
	bool	margins;	/* left and right margins too: set once the
				 * terminal has said it has them */
	bool	rects;		/* it copies a rectangle (DECCRA): set once
				 * its DA1 answer has listed it; preferred,
				 * as the rows it leaves are not blanked.
				 * Without margins or this, nothing is moved */
};

/* After curses is set up: lines from the terminfo entry; margins false. */
void		 screen_move_caps_init(struct screen_move_caps *);
/*
 * The question to ask the terminal (DECRQM for mode 69, DECLRMM) when its
 * terminfo entry has DEC left and right margins, or NULL.  Many terminals
 * call themselves xterm without having them, so the entry alone is not
 * trusted: margins are used only after a reply saying the mode is known.
 */
const char	*screen_move_margins_query(const struct screen_move_caps *);
/* The replies to that question, one per state (0 to 4), for define_key. */
#define SCREEN_MOVE_REPLIES	5
const char	*screen_move_margins_reply(int state);
/* A reply's state: 1 (set), 2 (reset) and 3 (always set) mean the
 * terminal has margins; 0 (unknown mode) and 4 (always reset) that it
 * has none. */
void		 screen_move_margins_answer(struct screen_move_caps *,
		     int state);

/* The DA1 answer: whether the terminal lists rectangular editing. */
void		 screen_move_rects_answer(struct screen_move_caps *,
		     bool listed);

/*
 * Between the last wnoutrefresh and doupdate.  rects are screen
 * rectangles (a pane's inside, without its box); in each, a few blocks of
 * rows at most are moved.  Returns the number of blocks moved.
 */
int		 screen_move(const struct screen_move_caps *,
		     const struct rect *rects, int n);

#endif
