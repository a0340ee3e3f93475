#include "autoconfig.h"

/*
 * The ? overlay: every bindable action with its keys, generated from the
 * normal key table in force (defaults plus [keys]), so it can never
 * disagree with what the keys do.  A terminal too short for it scrolls it
 * with the up/down keys (the help key table).
 */

#include <stdio.h>
#include <string.h>

#include "tui-int.h"

#define HELP_KEYS_W	16
#define HELP_NAME_W	13
#define HELP_MAX_W	78

static const char *const help_notes[] = {
	"",
	"Prompts (/ and f): Enter applies, Escape cancels, BSpace,",
	"C-u clears, C-w deletes a word.",
	"Filter: owner=NAME stage=top,middle status=blocked; an empty",
	"line clears every filter.",
	"Rebind keys in the config's [keys] section: action = key ...",
	"Escape, ? or q closes this help.",
};

#define HELP_NNOTES	(sizeof help_notes / sizeof help_notes[0])

int
help_lines(const struct keytable *kt)
{
	int a, n = 0;

	for (a = 0; a < ACT_BINDABLE; a++)
		n += keytable_offers(kt, (enum action)a);
	return 2 + n + (int)HELP_NNOTES;
}

void
help_size(const struct keytable *kt, int rows, int cols, struct rect *r)
{
	r->w = cols - 4 < HELP_MAX_W ? cols - 4 : HELP_MAX_W;
	r->h = help_lines(kt) + 2;
	if (r->h > rows - 2)
		r->h = rows - 2;
	if (r->w < 10)
		r->w = cols;
	if (r->h < 3)
		r->h = rows;
	r->y = (rows - r->h) / 2;
	r->x = (cols - r->w) / 2;
}

/* One column of a help row: `off` columns into the inner area, `want`
 * wide, cut to what is left of the inner width, so that a narrow terminal
 * truncates the text instead of running it over the border. */
static void
help_cell(WINDOW *w, int y, int inner, int off, int want, const char *text,
    int attr)
{
	int width = inner - off < want ? inner - off : want;

	if (width > 0)
		draw_text(w, y, 2 + off, width, text, attr, ALIGN_LEFT);
}

/* The window row of the next help line, or -1 when scrolled out. */
static int
help_row(int *line, int top, int rows)
{
	int y = *line - top + 1;

	(*line)++;
	return y >= 1 && y <= rows ? y : -1;
}

void
help_draw(WINDOW *w, const struct keytable *kt, int top)
{
	char	 keys[128];
	int	 rows, cols, inner, line = 0, y, a;
	size_t	 i;

	getmaxyx(w, rows, cols);
	werase(w);
	draw_box(w, 0, 0, rows, cols, true, theme_attr(ROLE_BORDER_FOCUS));
	draw_text(w, 0, 2, cols - 4, " HELP: keys ",
	    theme_attr(ROLE_TITLE_FOCUS), ALIGN_LEFT);
	inner = cols - 4;
	rows -= 2;

	if ((y = help_row(&line, top, rows)) > 0) {
		help_cell(w, y, inner, 0, HELP_KEYS_W, "KEYS",
		    theme_attr(ROLE_LABEL));
		help_cell(w, y, inner, HELP_KEYS_W, HELP_NAME_W, "ACTION",
		    theme_attr(ROLE_LABEL));
		help_cell(w, y, inner, HELP_KEYS_W + HELP_NAME_W, inner,
		    "WHAT IT DOES", theme_attr(ROLE_LABEL));
	}
	line++;
	for (a = 0; a < ACT_BINDABLE; a++) {
		/* What the mode does not offer is not listed: the help of a
		 * read-only cockpit names no write key. */
		if (!keytable_offers(kt, (enum action)a) ||
		    (y = help_row(&line, top, rows)) < 0)
			continue;
		keytable_describe(kt, (enum action)a, keys, sizeof keys);
		help_cell(w, y, inner, 0, HELP_KEYS_W - 1,
		    *keys ? keys : "(unbound)",
		    theme_attr(*keys ? ROLE_KEY : ROLE_MUTED));
		help_cell(w, y, inner, HELP_KEYS_W, HELP_NAME_W - 1,
		    keys_action_name((enum action)a), theme_attr(ROLE_INFO));
		help_cell(w, y, inner, HELP_KEYS_W + HELP_NAME_W, inner,
		    keys_action_help((enum action)a), theme_attr(ROLE_NORMAL));
	}
	for (i = 0; i < HELP_NNOTES; i++) {
		if ((y = help_row(&line, top, rows)) > 0)
			help_cell(w, y, inner, 0, inner, help_notes[i],
			    theme_attr(ROLE_MUTED));
	}
}
