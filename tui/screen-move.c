#include "autoconfig.h"

/*
 * Moving rows on the terminal instead of rewriting them (screen-move.h).
 *
 * Everything is decided from the two screens curses keeps: curscr, what
 * the terminal shows, and newscr, what the next doupdate must make it
 * show.  For a rectangle, a block of rows of newscr equal (or nearly:
 * a heading whose count changed) to rows of curscr k rows higher or lower
 * can be had by copying that part of the terminal k rows down or up
 * (DECCRA, on a terminal that copies rectangles), or by scrolling it by
 * k: a scroll region for the rows, margins for the columns, then insert
 * (or delete) line.  A copy is preferred: one sequence, the cursor stays,
 * and the rows the block leaves keep what they showed, so only the cells
 * that differ there are written; a scroll blanks them.  Which block and
 * which k: the one that spares the most cells from being written, net of
 * the rows a scroll blanks, and only when that is more than the sequences
 * cost; then the next, a few times at most.
 *
 * Then curses must learn what the terminal now shows, or doupdate would
 * work from the old picture: the rectangle's rows of curscr are moved the
 * same way, after a scroll the blanked rows become blanks in the default
 * colours (what insert line leaves after the attributes are reset, and
 * what curses itself takes a cleared cell for; where newscr wants a blank
 * that looks the same, that blank, so that it is not written again), and
 * newscr's rows there are marked for doupdate to compare.  doupdate writes from
 * the cells, so the screen comes out right even where curses' own
 * whole-line hashes of those lines are stale for this frame (at worst it
 * scrolls a line it need not).
 * Only rows of single-width, single-character cells are moved; anything
 * else in the rectangle (a wide character) leaves it to curses.
 *
 * The sequences go out as putp sends them, through stdio's stdout (the
 * terminal curses writes to), flushed at once.  curses has a buffer of its
 * own, empty between frames (doupdate, beep and the refresh of the input
 * window all flush it), so they reach the terminal before the frame.  The
 * attributes are reset first (vidputs, which curses keeps track of):
 * insert line blanks with the current background.  Setting a scroll
 * region or margins moves the cursor (home), so curses is then told
 * where it is (with mvcur, which also writes to stdout).
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "screen-move.h"
#include "tui-int.h"
#include "xalloc.h"

#define MOVE_MAX_SHIFT	8	/* rows a block may move in one frame */
#define MOVE_MIN_GAIN	48	/* cells it must spare, net: about what the
				 * sequences cost (margins, region, insert
				 * or delete line, resets) */
#define COPY_MIN_GAIN	26	/* the same for one rectangle copy */
#define MOVE_ROW_DIFF	4	/* a row moves with its block when at most a
				 * quarter of it then differs */
#define MOVE_MAX_BLOCKS	4	/* blocks moved in a rectangle in one frame */
#define MOVE_MIN_LINES	3	/* changed lines before a rectangle is looked
				 * at */

/* DECRQM for DECLRMM, and the DECRPM replies. */
#define LRMM_QUERY	"\033[?69$p"

static const char *const lrmm_replies[SCREEN_MOVE_REPLIES] = {
	"\033[?69;0$y", "\033[?69;1$y", "\033[?69;2$y", "\033[?69;3$y",
	"\033[?69;4$y",
};

static const char *
cap(const char *name)
{
	const char *s = tigetstr(name);

	return s == NULL || s == (const char *)-1 ? NULL : s;
}

void
screen_move_caps_init(struct screen_move_caps *c)
{
	memset(c, 0, sizeof *c);
	c->lines = cap("csr") != NULL && cap("cup") != NULL &&
	    (cap("il") != NULL || cap("il1") != NULL) &&
	    (cap("dl") != NULL || cap("dl1") != NULL);
}

const char *
screen_move_margins_query(const struct screen_move_caps *c)
{
	const char *smglr = cap("smglr");

	if (!c->lines || smglr == NULL || cap("mgc") == NULL ||
	    strstr(smglr, "[?69h") == NULL)
		return NULL;
	return LRMM_QUERY;
}

const char *
screen_move_margins_reply(int state)
{
	if (state < 0 || state >= SCREEN_MOVE_REPLIES)
		return NULL;
	return lrmm_replies[state];
}

void
screen_move_margins_answer(struct screen_move_caps *c, int state)
{
	c->margins = c->lines && state >= 1 && state <= 3;
}

void
screen_move_rects_answer(struct screen_move_caps *c, bool listed)
{
	c->rects = c->lines && listed;
}

/* ---- the two screens ------------------------------------------------------ */

/* A rectangle's cells of one screen, row after row, a hash per row, and
 * a hash of each row's whole screen line. */
struct cells {
	cchar_t		*v;
	uint64_t	*hash;
	uint64_t	*line;
};

#define FNV_BASIS	1469598103934665603ULL
#define FNV_PRIME	1099511628211ULL

/* FNV-1a over the cell's 32-bit words (a cchar_t is made of them). */
static uint64_t
cell_hash(uint64_t h, const cchar_t *c)
{
	uint32_t	w[(sizeof *c + 3) / 4] = { 0 };
	size_t		i;

	memcpy(w, c, sizeof *c);
	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		h ^= w[i];
		h *= FNV_PRIME;
	}
	return h;
}

static bool
cell_simple(const cchar_t *c)
{
	wchar_t		wch[CCHARW_MAX + 1];
	attr_t		attrs;
	short		pair;

	if (getcchar(c, wch, &attrs, &pair, NULL) == ERR ||
	    wch[0] == L'\0' || wch[1] != L'\0')
		return false;
	/* Printable ASCII, the most of any screen, needs no lookup. */
	return (wch[0] >= 0x20 && wch[0] < 0x7f) || wcwidth(wch[0]) == 1;
}

/* Reads the rectangle of w; false when a cell is not simple. */
static bool
cells_read(WINDOW *w, const struct rect *r, struct cells *c)
{
	uint64_t	 h, line;
	cchar_t		*cell, other;
	int		 y, x, cy, cx;
	bool		 ok = true;

	getyx(w, cy, cx);
	for (y = 0; y < r->h && ok; y++) {
		h = FNV_BASIS;
		line = FNV_BASIS;
		for (x = 0; x < COLS && ok; x++) {
			if (x < r->x || x >= r->x + r->w) {
				if (mvwin_wch(w, r->y + y, x, &other) != ERR)
					line = cell_hash(line, &other);
				continue;
			}
			cell = &c->v[(size_t)y * (size_t)r->w +
			    (size_t)(x - r->x)];
			if (mvwin_wch(w, r->y + y, x, cell) == ERR ||
			    !cell_simple(cell))
				ok = false;
			h = cell_hash(h, cell);
			line = cell_hash(line, cell);
		}
		c->hash[y] = h;
		c->line[y] = line;
	}
	wmove(w, cy, cx);
	return ok;
}

/* How many cells of row ya of a differ from row yb of b. */
static int
row_diff(const struct cells *a, int ya, const struct cells *b, int yb, int w)
{
	const cchar_t	*p = &a->v[(size_t)ya * (size_t)w];
	const cchar_t	*q = &b->v[(size_t)yb * (size_t)w];
	int		 x, n = 0;

	if (a->hash[ya] == b->hash[yb] &&
	    memcmp(p, q, (size_t)w * sizeof *p) == 0)
		return 0;
	for (x = 0; x < w; x++) {
		if (memcmp(&p[x], &q[x], sizeof *p) != 0)
			n++;
	}
	return n;
}

/* What drawing row y of c on a blanked row costs: its cells that are not
 * blanks. */
static int
row_ink(const struct cells *c, int y, int w)
{
	int x, n = 0;

	for (x = 0; x < w; x++) {
		if (!gap_attrs_blank(&c->v[(size_t)y * (size_t)w + (size_t)x]))
			n++;
	}
	return n;
}

/* ---- finding the block ---------------------------------------------------- */

/*
 * New rows [from, to) are old rows [from - shift, to - shift), give or
 * take a few cells (a group heading whose count changed moves with its
 * group and then has one digit written); gain is in cells that need not
 * be written.
 */
struct block {
	int	from, to, shift, gain;
};

/* Every row compared once: diff[y][shift] cells of new row y differ from
 * old row y - shift (-1 out of the rectangle), ink[y] what drawing it on
 * a blanked row costs. */
#define SHIFTS		(2 * MOVE_MAX_SHIFT + 1)

struct diffs {
	int	*diff;
	int	*ink;
};

static int
diff_at(const struct diffs *d, int y, int shift)
{
	return d->diff[y * SHIFTS + shift + MOVE_MAX_SHIFT];
}

static void
diffs_make(struct diffs *d, const struct cells *old, const struct cells *new,
    const struct rect *r)
{
	int y, shift, src;

	d->diff = xcalloc((size_t)r->h * SHIFTS, sizeof *d->diff);
	d->ink = xcalloc((size_t)r->h, sizeof *d->ink);
	for (y = 0; y < r->h; y++) {
		d->ink[y] = row_ink(new, y, r->w);
		for (shift = -MOVE_MAX_SHIFT; shift <= MOVE_MAX_SHIFT;
		    shift++) {
			src = y - shift;
			d->diff[y * SHIFTS + shift + MOVE_MAX_SHIFT] =
			    src < 0 || src >= r->h ? -1 :
			    row_diff(new, y, old, src, r->w);
		}
	}
}

static void
diffs_free(struct diffs *d)
{
	free(d->diff);
	free(d->ink);
}

/* copy: the rows the block leaves keep what they showed (a rectangle
 * copy) rather than being blanked (a scroll). */
static void
block_consider(const struct diffs *d, int from, int to, int shift,
    bool copy, struct block *best)
{
	int y, gain = 0, blank_from, blank_to;

	for (y = from; y < to; y++)
		gain += diff_at(d, y, 0) - diff_at(d, y, shift);
	/* The rows the scroll blanks, drawn again from nothing. */
	blank_from = shift > 0 ? from - shift : to;
	blank_to = shift > 0 ? from : to - shift;
	for (y = blank_from; y < blank_to && !copy; y++)
		gain -= d->ink[y] - diff_at(d, y, 0);
	if (gain > best->gain)
		*best = (struct block){ from, to, shift, gain };
}

/* Whether new row y's whole screen line is old row y - shift's. */
static bool
line_moved(const struct cells *old, const struct cells *new,
    const struct rect *r, int y, int shift)
{
	int src = y - shift;

	return y >= 0 && y < r->h && src >= 0 && src < r->h &&
	    new->line[y] == old->line[src];
}

/*
 * New row y is old row y - shift inside the rectangle, and the move is
 * ours to make.  curses scrolls whole lines itself, deciding from hashes
 * of curscr's lines that it keeps (and that our move leaves stale): lines
 * that moved whole, at least CURSES_MIN_HUNK of them in a row (curses
 * drops shorter runs), it would move again after us, so they are left to
 * it.
 */
#define CURSES_MIN_HUNK	3

static bool
block_fits(const struct cells *old, const struct cells *new,
    const struct rect *r, const struct diffs *d, int y, int shift)
{
	int run = 1, i, moved = diff_at(d, y, shift);

	if (moved < 0)
		return false;
	/* The row is (nearly) there, a few rows away, and better there
	 * than where it is. */
	if (moved > 0 && (moved * MOVE_ROW_DIFF > r->w ||
	    moved >= diff_at(d, y, 0)))
		return false;
	if (!line_moved(old, new, r, y, shift))
		return true;
	for (i = y - 1; line_moved(old, new, r, i, shift); i--)
		run++;
	for (i = y + 1; line_moved(old, new, r, i, shift); i++)
		run++;
	return run < CURSES_MIN_HUNK;
}

static bool
block_find(const struct cells *old, const struct cells *new,
    const struct rect *r, bool copy, struct block *best)
{
	struct diffs	d;
	int		shift, y, from;

	diffs_make(&d, old, new, r);
	*best = (struct block){ 0, 0, 0,
	    (copy ? COPY_MIN_GAIN : MOVE_MIN_GAIN) - 1 };
	for (shift = -MOVE_MAX_SHIFT; shift <= MOVE_MAX_SHIFT; shift++) {
		if (shift == 0 || abs(shift) >= r->h)
			continue;
		y = 0;
		while (y < r->h) {
			if (!block_fits(old, new, r, &d, y, shift)) {
				y++;
				continue;
			}
			from = y;
			while (y < r->h &&
			    block_fits(old, new, r, &d, y, shift))
				y++;
			block_consider(&d, from, y, shift, copy, best);
		}
	}
	diffs_free(&d);
	return best->shift != 0;
}

/* ---- moving it ------------------------------------------------------------ */

/* putp is tputs(s, 1, putchar): stdio's stdout. */
static void
put(const char *s)
{
	putp(s);
}

static void
put_lines(const char *many, const char *one, int n)
{
	int i;

	if (many != NULL && (n > 1 || one == NULL)) {
		put(tiparm(many, n));
		return;
	}
	for (i = 0; i < n; i++)
		put(one);
}

/* The terminal scrolls rows [top, bottom] of r's columns by b->shift. */
static void
block_send(const struct rect *r, int top, int bottom, const struct block *b)
{
	vidputs(A_NORMAL, putchar);
	put(tiparm(cap("smglr"), r->x, r->x + r->w - 1));
	put(tiparm(cap("csr"), r->y + top, r->y + bottom));
	put(tiparm(cap("cup"), r->y + top, r->x));
	if (b->shift > 0)
		put_lines(cap("il"), cap("il1"), b->shift);
	else
		put_lines(cap("dl"), cap("dl1"), -b->shift);
	put(cap("mgc"));
	put(tiparm(cap("csr"), 0, LINES - 1));
	/*
	 * Setting the scroll region leaves the cursor at home.  curses
	 * learns it from a move to home from the cell beside it: a
	 * backspace (or a return), which goes nowhere from home, and one
	 * byte instead of a cursor address.  mvcur too writes to stdout.
	 */
	mvcur(0, 1, 0, 0);
	fflush(stdout);
}

/*
 * The terminal copies the block's old rows to where newscr has them
 * (DECCRA: source top, left, bottom, right, page, then destination top,
 * left, page; 1-based; the pages left out are the default, the first).
 * The cursor and the attributes stay as they were, and the rows the
 * block leaves keep what they showed.
 */
static void
block_copy(const struct rect *r, const struct block *b)
{
	char seq[80];

	snprintf(seq, sizeof seq, "\033[%d;%d;%d;%d;;%d;%d$v",
	    r->y + b->from - b->shift + 1, r->x + 1,
	    r->y + b->to - b->shift, r->x + r->w,
	    r->y + b->from + 1, r->x + 1);
	put(seq);
	fflush(stdout);
}

/* curscr as the terminal now shows it; newscr's rows there compared.
 * copy: the rows the block left were not blanked. */
static void
block_record(const struct rect *r, const struct cells *old,
    const struct cells *new, int top, int bottom, bool copy,
    const struct block *b)
{
	const cchar_t	*want;
	cchar_t		*blank;
	int		 y, x, cy, cx, blank_from, blank_to;

	blank = xcalloc((size_t)r->w, sizeof *blank);
	blank_from = b->shift > 0 ? b->from - b->shift : b->to;
	blank_to = b->shift > 0 ? b->from : b->to - b->shift;
	getyx(curscr, cy, cx);
	for (y = b->from; y < b->to; y++)
		mvwadd_wchnstr(curscr, r->y + y, r->x,
		    &old->v[(size_t)(y - b->shift) * (size_t)r->w], r->w);
	for (y = blank_from; y < blank_to && !copy; y++) {
		for (x = 0; x < r->w; x++) {
			want = &new->v[(size_t)y * (size_t)r->w + (size_t)x];
			if (gap_attrs_blank(want))
				blank[x] = *want;
			else
				setcchar(&blank[x], L" ", A_NORMAL, 0, NULL);
		}
		mvwadd_wchnstr(curscr, r->y + y, r->x, blank, r->w);
	}
	wmove(curscr, cy, cx);
	if (copy)
		wtouchln(newscr, r->y + b->from, b->to - b->from, 1);
	else
		wtouchln(newscr, r->y + top, bottom - top + 1, 1);
	free(blank);
}

/* Moves up to MOVE_MAX_BLOCKS blocks, the most useful first (a row that
 * enters one group and leaves another moves the rows between in two or
 * three blocks, split by the group headings whose counts changed). */
static int
rect_move(const struct screen_move_caps *caps, const struct rect *r)
{
	struct cells	 old, new;
	struct block	 b;
	size_t		 n = (size_t)r->h * (size_t)r->w;
	int		 y, touched = 0, top, bottom, moved = 0;

	/* Only lines that changed since the last doupdate are marked in
	 * newscr: an idle frame, or one where a figure or two changed, is
	 * left alone without reading a cell. */
	for (y = r->y; y < r->y + r->h; y++) {
		if (is_linetouched(newscr, y) == TRUE)
			touched++;
	}
	if (touched < MOVE_MIN_LINES)
		return 0;
	old.v = xcalloc(n, sizeof *old.v);
	new.v = xcalloc(n, sizeof *new.v);
	old.hash = xcalloc((size_t)r->h, sizeof *old.hash);
	new.hash = xcalloc((size_t)r->h, sizeof *new.hash);
	old.line = xcalloc((size_t)r->h, sizeof *old.line);
	new.line = xcalloc((size_t)r->h, sizeof *new.line);
	if (cells_read(newscr, r, &new)) {
		while (moved < MOVE_MAX_BLOCKS && cells_read(curscr, r, &old) &&
		    block_find(&old, &new, r, caps->rects, &b)) {
			top = b.shift > 0 ? b.from - b.shift : b.from;
			bottom = b.shift > 0 ? b.to - 1 : b.to - b.shift - 1;
			if (caps->rects)
				block_copy(r, &b);
			else
				block_send(r, top, bottom, &b);
			block_record(r, &old, &new, top, bottom, caps->rects,
			    &b);
			moved++;
		}
	}
	free(old.v);
	free(new.v);
	free(old.hash);
	free(new.hash);
	free(old.line);
	free(new.line);
	return moved;
}

int
screen_move(const struct screen_move_caps *caps, const struct rect *rects,
    int n)
{
	const struct rect	*r;
	int			 i, moved = 0;

	if (!caps->lines || (!caps->margins && !caps->rects))
		return 0;
	for (i = 0; i < n; i++) {
		r = &rects[i];
		if (r->y < 0 || r->x < 0 || r->h < 2 || r->w < 1 ||
		    r->y + r->h > LINES || r->x + r->w > COLS)
			continue;
		/* Whole lines (but for a border column) are curses' own:
		 * its hashmap would scroll them again, working from hashes
		 * of curscr it keeps, which our move would leave stale. */
		if (r->x <= 1 && r->x + r->w >= COLS - 1)
			continue;
		moved += rect_move(caps, r);
	}
	return moved;
}
