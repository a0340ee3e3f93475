#include "autoconfig.h"

/*
 * Drawing primitives: text, bars, sparklines, boxes and glyphs, each with
 * an ASCII fallback for terminals whose codeset is not UTF-8.
 *
 * Every string goes through sanitize_text before it reaches curses, ours
 * included (it costs little and means no caller can forget): no escape
 * sequence, OSC or bell from the database or a health endpoint can reach
 * the terminal.  Text is measured with text_width and cut with
 * text_truncate, so nothing ever wraps or runs over a border.
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "sanitize.h"
#include "tui-int.h"
#include "xalloc.h"

static bool draw_ascii_mode;

void
draw_set_ascii(bool ascii)
{
	draw_ascii_mode = ascii;
	text_set_ascii(ascii ? 1 : 0);
}

bool
draw_ascii(void)
{
	return draw_ascii_mode;
}

int
draw_text(WINDOW *w, int y, int x, int width, const char *s, attr_t attr,
    int align)
{
	char	*safe, *cut;
	int	 tw, pad = 0;

	if (w == NULL || width <= 0 || s == NULL)
		return 0;
	safe = sanitize_text(s, draw_ascii_mode ? 1 : 0);
	cut = text_truncate(safe, width, 1);
	tw = text_width(cut);
	if (align == ALIGN_RIGHT && tw < width)
		pad = width - tw;
	wattrset(w, attr);
	if (pad > 0)
		mvwhline(w, y, x, ' ', pad);
	mvwaddnstr(w, y, x + pad, cut, -1);
	wattrset(w, A_NORMAL);
	free(cut);
	free(safe);
	return pad + tw;
}

void
draw_fill(WINDOW *w, int y, int x, int width, attr_t attr)
{
	if (w == NULL || width <= 0)
		return;
	wattrset(w, attr);
	mvwhline(w, y, x, ' ', width);
	wattrset(w, A_NORMAL);
}

void
draw_bar(WINDOW *w, int y, int x, int width, double pct, attr_t fill,
    attr_t empty)
{
	static const char *const eighths[8] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b",
		"\u258a", "\u2589"
	};
	int	 cells, full, part, i;

	if (w == NULL || width <= 0)
		return;
	/* Converting NaN, an infinity or anything out of range to int is
	 * undefined: a figure that is no number draws an empty bar. */
	if (!isfinite(pct) || pct < 0)
		pct = 0;
	if (pct > 100)
		pct = 100;
	if (draw_ascii_mode) {
		full = (int)(pct * width / 100.0 + 0.5);
		wattrset(w, fill);
		for (i = 0; i < full; i++)
			mvwaddch(w, y, x + i, '#');
		wattrset(w, empty);
		for (; i < width; i++)
			mvwaddch(w, y, x + i, '.');
		wattrset(w, A_NORMAL);
		return;
	}
	cells = (int)(pct * width * 8 / 100.0 + 0.5);
	full = cells / 8;
	part = cells % 8;
	wattrset(w, fill);
	wmove(w, y, x);
	for (i = 0; i < full; i++)
		waddstr(w, "\u2588");
	if (part > 0 && full < width) {
		waddstr(w, eighths[part]);
		i++;
	}
	wattrset(w, empty);
	for (; i < width; i++)
		waddstr(w, "\u2591");
	wattrset(w, A_NORMAL);
}

/* The block (0-7) for v between lo and hi, -1 for a point that is no
 * number.  The scaling is clamped while still a double: converting one out
 * of int's range (or NaN) is undefined. */
static int
draw_spark_level(double v, double lo, double hi)
{
	double f;

	if (!isfinite(v))
		return -1;
	if (!isfinite(lo) || !isfinite(hi) || !(hi > lo))
		return 3;
	f = (v - lo) / (hi - lo) * 7.0 + 0.5;
	if (!(f >= 0))
		return 0;
	if (f >= 7)
		return 7;
	return (int)f;
}

void
draw_spark(WINDOW *w, int y, int x, const double *v, size_t n, double lo,
    double hi, attr_t attr)
{
	static const char *const blocks[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588"
	};
	static const char ramp[8] = { '_', '.', '-', '~', '=', '+', '*', '#' };
	size_t	i;
	int	level;

	if (w == NULL)
		return;
	wattrset(w, attr);
	wmove(w, y, x);
	for (i = 0; i < n; i++) {
		level = draw_spark_level(v[i], lo, hi);
		if (level < 0)
			waddch(w, ' ');
		else if (draw_ascii_mode)
			waddch(w, (chtype)ramp[level]);
		else
			waddstr(w, blocks[level]);
	}
	wattrset(w, A_NORMAL);
}

static void
draw_cchar(cchar_t *cc, wchar_t ch, attr_t attr)
{
	wchar_t s[2] = { ch, L'\0' };

	setcchar(cc, s, attr, PAIR_NUMBER(attr), NULL);
}

void
draw_box(WINDOW *w, int y, int x, int h, int wd, bool heavy, attr_t attr)
{
	cchar_t hl, vl, tl, tr, bl, br;

	if (w == NULL || h < 2 || wd < 2)
		return;
	if (draw_ascii_mode) {
		wattrset(w, attr);
		mvwhline(w, y, x + 1, heavy ? '=' : '-', wd - 2);
		mvwhline(w, y + h - 1, x + 1, heavy ? '=' : '-', wd - 2);
		mvwvline(w, y + 1, x, '|', h - 2);
		mvwvline(w, y + 1, x + wd - 1, '|', h - 2);
		mvwaddch(w, y, x, '+');
		mvwaddch(w, y, x + wd - 1, '+');
		mvwaddch(w, y + h - 1, x, '+');
		mvwaddch(w, y + h - 1, x + wd - 1, '+');
		wattrset(w, A_NORMAL);
		return;
	}
	draw_cchar(&hl, heavy ? L'\u2501' : L'\u2500', attr);
	draw_cchar(&vl, heavy ? L'\u2503' : L'\u2502', attr);
	draw_cchar(&tl, heavy ? L'\u250f' : L'\u250c', attr);
	draw_cchar(&tr, heavy ? L'\u2513' : L'\u2510', attr);
	draw_cchar(&bl, heavy ? L'\u2517' : L'\u2514', attr);
	draw_cchar(&br, heavy ? L'\u251b' : L'\u2518', attr);
	mvwhline_set(w, y, x + 1, &hl, wd - 2);
	mvwhline_set(w, y + h - 1, x + 1, &hl, wd - 2);
	mvwvline_set(w, y + 1, x, &vl, h - 2);
	mvwvline_set(w, y + 1, x + wd - 1, &vl, h - 2);
	mvwadd_wch(w, y, x, &tl);
	mvwadd_wch(w, y, x + wd - 1, &tr);
	mvwadd_wch(w, y + h - 1, x, &bl);
	/* The bottom-right cell of a window: placed, though the cursor
	 * cannot advance past it (curses reports ERR, harmlessly). */
	mvwadd_wch(w, y + h - 1, x + wd - 1, &br);
}

const char *
draw_glyph_state(enum svc_state s)
{
	switch (s) {
	case SVC_UP:
		return draw_ascii_mode ? "o" : "\u25cf";
	case SVC_DEGRADED:
		return draw_ascii_mode ? "^" : "\u25b2";
	case SVC_DOWN:
		return draw_ascii_mode ? "X" : "\u2716";
	case SVC_UNKNOWN:
		break;
	}
	return "?";
}

const char *
draw_glyph_dot(void)
{
	return draw_ascii_mode ? "o" : "\u25cf";
}

const char *
draw_glyph_arrow(void)
{
	return draw_ascii_mode ? "->" : "\u2192";
}

const char *
draw_glyph_sep(void)
{
	return draw_ascii_mode ? "|" : "\u2502";
}

int
draw_wrap(const char *s, int width, char **lines, int max)
{
	char	*safe, *word, *save = NULL, *cur = NULL, *next;
	int	 n = 0, curw = 0, ww;

	if (s == NULL || width <= 0)
		return 0;
	safe = sanitize_text(s, draw_ascii_mode ? 1 : 0);
	for (word = strtok_r(safe, " ", &save); word != NULL;
	    word = strtok_r(NULL, " ", &save)) {
		ww = text_width(word);
		if (cur != NULL && curw + 1 + ww <= width) {
			next = xasprintf("%s %s", cur, word);
			free(cur);
			cur = next;
			curw += 1 + ww;
			continue;
		}
		if (cur != NULL) {
			if (n < max)
				lines[n] = cur;
			else
				free(cur);
			n++;
		}
		cur = text_truncate(word, width, 1);
		curw = text_width(cur);
	}
	if (cur != NULL) {
		if (n < max)
			lines[n] = cur;
		else
			free(cur);
		n++;
	}
	free(safe);
	return n;
}
