/*
 * The terminal under the loop (term.c): curses set up on stdin/stdout, a
 * uv_poll on fd 0 for input, uv_signals for SIGWINCH/SIGTERM/SIGINT/SIGHUP.
 * Only cockpit.c opens, rings and closes it; the state module reads its
 * size.
 */
#ifndef OPSDECK_TUI_TERM_H
#define OPSDECK_TUI_TERM_H

#include <stdbool.h>

#include <uv.h>

#include "curses-compat.h"
#include "screen-move.h"
#include "term-reply.h"

typedef void (*term_input_cb)(void *arg, int key);
typedef void (*term_event_cb)(void *arg);

/*
 * Embedded in its owner; term_close closes the handles (the owner's loop
 * must run until they are closed) and restores the terminal.
 */
struct term {
	uv_loop_t	*loop;
	SCREEN		*screen;
	WINDOW		*input;		/* never drawn into: wget_wch reads here */
	uv_poll_t	 poll;
	uv_signal_t	 sig[4];
	int		 fd_flags;	/* fd 0's flags before uv_poll_init */
	int		 empty_reads;	/* consecutive readable events with ERR */
	int		 rows;		/* the size, as of the last resize */
	int		 cols;
	bool		 colour;
	bool		 open;
	struct screen_move_caps move;	/* what the terminal can scroll */
	struct term_reply reply;	/* its DA1 answer, kept out of the keys */
	int		 pending_closes;
	term_input_cb	 on_key;
	term_event_cb	 on_resize;
	term_event_cb	 on_quit;	/* signal or dead tty */
	void		*arg;
};

/* 0, or -1 with *cause (caller frees); nothing is left changed on failure. */
int		 term_open(struct term *, uv_loop_t *, term_input_cb,
		     term_event_cb resize, term_event_cb quit, void *arg,
		     char **cause) __attribute__((warn_unused_result));
/* The size now, after a SIGWINCH (resizeterm done). */
void		 term_size(const struct term *, int *rows, int *cols);
/* Wants COLOR? NO_COLOR set or no colours: false. */
bool		 term_colour(const struct term *);
/* How rows may be moved on this terminal (margins once it has said so). */
const struct screen_move_caps *term_move_caps(const struct term *);
void		 term_bell(struct term *);
/* endwin, restore fd flags, close handles.  Safe to call twice. */
void		 term_close(struct term *);

#endif
