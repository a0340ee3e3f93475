#include "autoconfig.h"

/*
 * The terminal under a libuv loop.
 *
 * curses owns the tty's modes; we only watch fd 0 with a uv_poll and, when
 * it is readable, drain wget_wch until ERR (nodelay mode).  uv_poll_init
 * makes the fd non-blocking, and fds 0-2 of a terminal usually share one
 * open file description, so curses' output would then spin on EAGAIN on a
 * slow link and the shell would inherit a non-blocking tty; the flag is
 * cleared right after uv_poll_init (curses polls before each read in
 * nodelay mode, so blocking reads never block) and the original flags come
 * back at close.
 *
 * Signals are uv_signals, so their callbacks run on the loop where curses
 * may be called: SIGWINCH reads the size and calls resizeterm, SIGTERM,
 * SIGINT and SIGHUP ask the owner to shut down.  A hung-up tty stays
 * readable forever with nothing to read; three such wake-ups in a row and a
 * failing tcgetattr mean the terminal is gone, which is also a shutdown.
 *
 * A terminal whose terminfo entry has left and right margins is asked
 * whether it really has them (screen-move.h), and what it is (DA1: whether
 * it copies rectangles).  The replies come in with the keys and are taken
 * out here, never seen as keys: the first as a key of its own that curses
 * recognizes (define_key), the second, whose length varies, by
 * term-reply.c.  A terminal that does not know a question says nothing,
 * and moved rows are left to curses.
 */

#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "keys.h"
#include "term.h"
#include "term-reply.h"
#include "xalloc.h"

#define TERM_DEAD_PROBE		3	/* empty wake-ups before probing */
#define TERM_DEAD_LIMIT		1000	/* empty wake-ups: give up anyway */
#define TERM_ESCDELAY_MS	25
/* The key codes of the margins replies (screen_move_margins_reply). */
#define TERM_KEY_MARGINS	(KEY_MAX + 1)

static const int term_signals[4] = { SIGWINCH, SIGTERM, SIGINT, SIGHUP };

/* One key read, to the owner. */
static void
term_key(struct term *t, int rc, wint_t ch)
{
	int key = keys_from_input(rc, ch);

	/* resizeterm queues one; SIGWINCH already handled it. */
	if (key == KEYC_FN + KEY_RESIZE)
		return;
	t->on_key(t->arg, key);
}

/* Characters given back by the answer filter, as keys. */
static void
term_chars(struct term *t, const wint_t *chars, int n)
{
	int i;

	for (i = 0; i < n && t->open; i++)
		term_key(t, OK, chars[i]);
}

static void
term_on_readable(uv_poll_t *h, int status, int events)
{
	struct term	*t = h->data;
	struct termios	 tio;
	wint_t		 ch, kept[TERM_REPLY_MAX + 1];
	int		 rc, got = 0;
	bool		 owed;

	(void)events;
	if (status < 0) {
		t->on_quit(t->arg);
		return;
	}
	while (t->open && (rc = wget_wch(t->input, &ch)) != ERR) {
		got++;
		if (rc == KEY_CODE_YES && ch >= TERM_KEY_MARGINS &&
		    ch < TERM_KEY_MARGINS + SCREEN_MOVE_REPLIES) {
			screen_move_margins_answer(&t->move,
			    (int)ch - TERM_KEY_MARGINS);
			continue;
		}
		if (rc == KEY_CODE_YES) {
			term_chars(t, kept,
			    term_reply_release(&t->reply, true, kept));
			term_key(t, rc, ch);
			continue;
		}
		owed = t->reply.owed;
		term_chars(t, kept, term_reply_take(&t->reply, ch, kept));
		if (owed && t->reply.answered)
			screen_move_rects_answer(&t->move, t->reply.rects);
	}
	term_chars(t, kept, term_reply_release(&t->reply, false, kept));
	if (!t->open)
		return;
	if (got > 0) {
		t->empty_reads = 0;
		return;
	}
	if (++t->empty_reads < TERM_DEAD_PROBE)
		return;
	if (tcgetattr(STDIN_FILENO, &tio) != 0 ||
	    t->empty_reads >= TERM_DEAD_LIMIT)
		t->on_quit(t->arg);
}

static void
term_on_signal(uv_signal_t *h, int signum)
{
	struct term	*t = h->data;
	struct winsize	 ws;

	if (!t->open)
		return;
	if (signum != SIGWINCH) {
		t->on_quit(t->arg);
		return;
	}
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 &&
	    ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) != 0)
		return;
	if (ws.ws_row == 0 || ws.ws_col == 0)
		return;
	/* First, so the owner can drop its subwindows of stdscr: they must
	 * not outlive the resize of the window they share cells with. */
	t->on_resize(t->arg);
	resizeterm(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, t->rows, t->cols);
}

/*
 * Asks whether the terminal has left and right margins, and what it is
 * (DA1: whether it copies rectangles), when its terminfo entry says it
 * may (see above).
 */
static void
term_ask_moves(struct term *t)
{
	const char	*query;
	char		 both[64];
	int		 i;

	screen_move_caps_init(&t->move);
	memset(&t->reply, 0, sizeof t->reply);
	if ((query = screen_move_margins_query(&t->move)) == NULL)
		return;
	for (i = 0; i < SCREEN_MOVE_REPLIES; i++)
		define_key(screen_move_margins_reply(i), TERM_KEY_MARGINS + i);
	/* Straight to the terminal: a question draws nothing, so it needs
	 * no place among curses' output (putp would leave it in stdio's
	 * buffer until something flushed it).  Not sent: no answer, rows
	 * are not moved by us. */
	snprintf(both, sizeof both, "%s%s", query, TERM_REPLY_QUERY);
	if (write(STDOUT_FILENO, both, strlen(both)) < 0)
		return;
	term_reply_asked(&t->reply);
}

static bool
term_want_colour(void)
{
	const char *nc = getenv("NO_COLOR");

	if (nc != NULL && *nc != '\0')
		return false;
	return has_colors();
}

int
term_open(struct term *t, uv_loop_t *loop, term_input_cb on_key,
    term_event_cb on_resize, term_event_cb on_quit, void *arg, char **cause)
{
	const char	*termname = getenv("TERM");
	char		*cup;
	int		 rc, i;

	memset(t, 0, sizeof *t);
	t->loop = loop;
	t->on_key = on_key;
	t->on_resize = on_resize;
	t->on_quit = on_quit;
	t->arg = arg;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*cause = xstrdup("the cockpit needs a terminal on stdin and "
		    "stdout (for a report use 'opsdeck snapshot')");
		return -1;
	}
	if (termname == NULL || *termname == '\0') {
		*cause = xstrdup("TERM is not set");
		return -1;
	}
	if ((t->fd_flags = fcntl(STDIN_FILENO, F_GETFL)) == -1) {
		*cause = xasprintf("stdin: %s", strerror(errno));
		return -1;
	}
	/* The size comes from the tty (ioctl), not from stale LINES and
	 * COLUMNS variables in the environment. */
	use_tioctl(TRUE);
	if ((t->screen = newterm(NULL, stdout, stdin)) == NULL) {
		*cause = xasprintf("cannot use terminal type '%s'", termname);
		return -1;
	}
	set_term(t->screen);
	/* A terminal that cannot move the cursor (TERM=dumb) would show
	 * nothing at all; say so instead. */
	cup = tigetstr("cup");
	if (cup == NULL || cup == (char *)-1) {
		endwin();
		delscreen(t->screen);
		*cause = xasprintf("terminal type '%s' cannot address the "
		    "cursor (for a report use 'opsdeck snapshot')", termname);
		return -1;
	}
	cbreak();
	noecho();
	nonl();
	set_escdelay(TERM_ESCDELAY_MS);
	curs_set(0);
	leaveok(stdscr, TRUE);
	getmaxyx(stdscr, t->rows, t->cols);
	/* Keys are read from a window nothing is drawn into, so wget_wch's
	 * implicit refresh never paints over the panes. */
	t->input = newwin(1, 1, 0, 0);
	if (t->input == NULL) {
		endwin();
		delscreen(t->screen);
		*cause = xstrdup("cannot create the input window");
		return -1;
	}
	keypad(t->input, TRUE);
	nodelay(t->input, TRUE);
	leaveok(t->input, TRUE);
	term_ask_moves(t);
	t->colour = term_want_colour();
	if (t->colour) {
		start_color();
		if (use_default_colors() != OK)
			assume_default_colors(COLOR_WHITE, COLOR_BLACK);
	}

	if ((rc = uv_poll_init(loop, &t->poll, STDIN_FILENO)) != 0) {
		delwin(t->input);
		endwin();
		delscreen(t->screen);
		fcntl(STDIN_FILENO, F_SETFL, t->fd_flags);
		*cause = xasprintf("cannot watch the terminal: %s",
		    uv_strerror(rc));
		return -1;
	}
	fcntl(STDIN_FILENO, F_SETFL, t->fd_flags & ~O_NONBLOCK);
	t->poll.data = t;
	uv_poll_start(&t->poll, UV_READABLE, term_on_readable);
	/* After curses, which installs handlers of its own for some. */
	for (i = 0; i < 4; i++) {
		uv_signal_init(loop, &t->sig[i]);
		t->sig[i].data = t;
		uv_signal_start(&t->sig[i], term_on_signal, term_signals[i]);
	}
	t->open = true;
	return 0;
}

/* Kept, not asked of curses: whoever wants the size need not call it. */
void
term_size(const struct term *t, int *rows, int *cols)
{
	*rows = t->rows;
	*cols = t->cols;
}

bool
term_colour(const struct term *t)
{
	return t->colour;
}

const struct screen_move_caps *
term_move_caps(const struct term *t)
{
	return &t->move;
}

void
term_bell(struct term *t)
{
	if (t->open)
		beep();
}

void
term_close(struct term *t)
{
	int i;

	if (!t->open)
		return;
	t->open = false;
	uv_poll_stop(&t->poll);
	uv_close((uv_handle_t *)&t->poll, NULL);
	for (i = 0; i < 4; i++) {
		uv_signal_stop(&t->sig[i]);
		uv_close((uv_handle_t *)&t->sig[i], NULL);
	}
	delwin(t->input);
	t->input = NULL;
	/* On a dead tty endwin's writes fail with EIO: nothing to do. */
	endwin();
	fcntl(STDIN_FILENO, F_SETFL, t->fd_flags);
	delscreen(t->screen);
	t->screen = NULL;
}
