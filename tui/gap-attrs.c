#include "autoconfig.h"

/*
 * Gaps between texts on a line take the attribute of the text before them.
 *
 * A row such as "CODE  owner  when  text" is drawn field by field, and the
 * blanks between the fields keep the window's plain background.  curses
 * then switches attributes off after every field and on again for the
 * next one: colour to plain costs a colour reset and sgr0 (11 bytes with
 * xterm's entry), where going straight from one colour to the next costs
 * only the next colour.  A blank shows nothing but its background, so a
 * blank in the attribute of the text before it looks the same as a plain
 * one, and curses can go from field to field without the detour.
 *
 * Only what cannot change the picture is touched: plain blanks (a space
 * with no attribute and the default colours) between two drawn cells of
 * one row, at most GAP_MAX of them, after a cell whose attribute shows
 * nothing on a blank (no reverse, underline, standout, blink; a colour
 * pair with the terminal's default background).  Longer gaps stay plain:
 * curses skips a plain gap with one cursor motion, while a coloured one
 * would have to be written out.  The same content always gives the same
 * cells, so nothing is redrawn that did not change.
 */

#include <string.h>

#include "tui-int.h"

#define GAP_MAX		12

/* Attributes that show on a blank cell. */
#define GAP_VISIBLE	(A_REVERSE | A_STANDOUT | A_UNDERLINE | A_BLINK | \
			 A_INVIS | A_ALTCHARSET | A_PROTECT)

/* Whether a blank in this cell's attribute looks like a plain blank. */
static bool
gap_invisible(const cchar_t *c, attr_t *attrs, short *pair)
{
	wchar_t	wch[CCHARW_MAX + 1];
	short	fg, bg;

	if (getcchar(c, wch, attrs, pair, NULL) == ERR)
		return false;
	*attrs &= ~A_COLOR;
	if ((*attrs & GAP_VISIBLE) != 0)
		return false;
	if (*pair == 0)
		return true;
	return pair_content(*pair, &fg, &bg) == OK && bg == -1;
}

bool
gap_attrs_blank(const cchar_t *c)
{
	wchar_t	wch[CCHARW_MAX + 1];
	attr_t	attrs;
	short	pair;

	if (getcchar(c, wch, &attrs, &pair, NULL) == ERR ||
	    wch[0] != L' ' || wch[1] != L'\0')
		return false;
	return gap_invisible(c, &attrs, &pair);
}

/*
 * Runs on every frame over every redrawn window (the 1 s tick redraws
 * them all), so a cell costs one read and one comparison with the plain
 * blank; the attribute of the cell before a gap is looked at only when a
 * short gap ends.
 */
void
gap_attrs_fill(WINDOW *w)
{
	cchar_t	c, before, plain, blank;
	attr_t	attrs;
	short	pair;
	int	rows, cols, y, x, cy, cx, gap, i;
	bool	drawn;		/* a drawn cell came before the gap */

	if (w == NULL)
		return;
	setcchar(&plain, L" ", A_NORMAL, 0, NULL);
	getmaxyx(w, rows, cols);
	getyx(w, cy, cx);
	for (y = 0; y < rows; y++) {
		drawn = false;
		gap = 0;
		for (x = 0; x < cols; x++) {
			if (mvwin_wch(w, y, x, &c) == ERR)
				break;
			if (memcmp(&c, &plain, sizeof c) == 0) {
				gap++;
				continue;
			}
			if (drawn && gap > 0 && gap <= GAP_MAX &&
			    gap_invisible(&before, &attrs, &pair) &&
			    (attrs != A_NORMAL || pair != 0)) {
				setcchar(&blank, L" ", attrs, pair, NULL);
				for (i = x - gap; i < x; i++)
					mvwadd_wchnstr(w, y, i, &blank, 1);
			}
			gap = 0;
			drawn = true;
			before = c;
		}
	}
	wmove(w, cy, cx);
}
