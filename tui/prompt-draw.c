#include "autoconfig.h"

/*
 * The prompt on screen, for the status line.  Apart from the editor
 * (prompt.c) so that the editor stays free of curses and can be tested
 * without a terminal.
 */

#include "tui-int.h"
#include "utf8.h"

void
prompt_draw(const struct prompt *p, WINDOW *w, int y, int x, int width,
    const char *label)
{
	const char	*text = p->buf;
	int		 lw, room;

	lw = draw_text(w, y, x, width, label, theme_attr(ROLE_PROMPT),
	    ALIGN_LEFT);
	room = width - lw - 1;
	if (room <= 0)
		return;
	/* Show the end of a long line: that is where the typing is. */
	while (*text != '\0' && text_width(text) > room) {
		text++;
		while (UTF8_CONT(*text))
			text++;
	}
	lw += draw_text(w, y, x + lw, room, text, theme_attr(ROLE_NORMAL),
	    ALIGN_LEFT);
	draw_text(w, y, x + lw, 1, " ", theme_attr(ROLE_SELECTION),
	    ALIGN_LEFT);
}
