#include "autoconfig.h"

/*
 * The output view: the running (or last) deploy's output as an overlay
 * over the panes, the way k9s shows logs inside the tool rather than
 * handing the terminal over (k9s #2626).  The title says what runs and
 * its state (running 12s, exit 0, exit 7, timed out, cancelled,
 * verifying 3 of 30 s, verified); the body is the bounded scrollback,
 * every line sanitized, following the end unless scrolled back; the last
 * line is the latest step told.  It stays readable after the command
 * ended, until the next deploy.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scrollback.h"
#include "tui-int.h"

void
output_size(int rows, int cols, struct rect *r)
{
	r->y = 1;
	r->x = cols > 100 ? 2 : 0;
	r->h = rows - 2 > 3 ? rows - 2 : rows;
	r->w = cols - 2 * r->x;
}

/* "running 12s", "exit 7 after 3s", "verifying 4/30s, 1 bad" */
static void
output_state(const struct view_deploy *d, uint64_t now_ms, char *buf,
    size_t len)
{
	uint64_t end = d->ended_ms ? d->ended_ms : now_ms;
	double ran = d->started_ms && end > d->started_ms ?
	    (double)(end - d->started_ms) / 1000.0 : 0;

	if (d->phase == DEPLOY_RUNNING)
		snprintf(buf, len, "running %.0fs", ran);
	else if (d->phase == DEPLOY_VERIFYING)
		snprintf(buf, len, "verifying %.0f/%.0fs, %d bad in a row",
		    (double)(now_ms - d->verify_started_ms) / 1000.0,
		    d->verify_for_s, d->bad_in_row);
	else
		snprintf(buf, len, "%s", d->status ? d->status : "");
}

/* Where the body starts: top, or following the end (top < 0). */
int
output_first_line(const struct view_deploy *d, int top, int body_h)
{
	int n = d != NULL && d->output != NULL ? (int)d->output->n : 0;
	int last = n - body_h > 0 ? n - body_h : 0;

	if (top < 0 || top > last)
		return last;
	return top;
}

void
output_draw(WINDOW *w, const struct view_deploy *d, uint64_t now_ms, int top,
    const char *search)
{
	char	 title[256], state[96], *safe;
	int	 rows, cols, body_h, first, i, y;
	size_t	 n;

	getmaxyx(w, rows, cols);
	werase(w);
	draw_box(w, 0, 0, rows, cols, true, theme_attr(ROLE_BORDER_FOCUS));
	if (d == NULL) {
		draw_text(w, 0, 2, cols - 4, " OUTPUT ", theme_attr(ROLE_TITLE_FOCUS),
		    ALIGN_LEFT);
		draw_text(w, 1, 2, cols - 4, "no deploy or rollback yet",
		    theme_attr(ROLE_MUTED), ALIGN_LEFT);
		return;
	}
	output_state(d, now_ms, state, sizeof state);
	snprintf(title, sizeof title, " OUTPUT: %s %s - %s ",
	    deploy_kind_name(d->kind), d->service, state);
	safe = sanitize_text(title, draw_ascii());
	draw_text(w, 0, 2, cols - 4, safe, theme_attr(ROLE_TITLE_FOCUS),
	    ALIGN_LEFT);
	free(safe);
	body_h = rows - 3;
	n = d->output != NULL ? d->output->n : 0;
	first = output_first_line(d, top, body_h);
	for (i = 0, y = 1; i < body_h && (size_t)(first + i) < n; i++, y++) {
		const char *line = scrollback_line(d->output, (size_t)(first + i));
		bool hit = search != NULL && *search != '\0' &&
		    strcasestr(line, search) != NULL;
		safe = sanitize_text(line, draw_ascii());
		draw_text(w, y, 2, cols - 4, safe, theme_attr(hit ? ROLE_WARN :
		    ROLE_NORMAL), ALIGN_LEFT);
		free(safe);
	}
	if (n == 0)
		draw_text(w, 1, 2, cols - 4, "(no output yet)",
		    theme_attr(ROLE_MUTED), ALIGN_LEFT);
	safe = sanitize_text(d->message ? d->message : "", draw_ascii());
	draw_text(w, rows - 2, 2, cols - 4, safe, theme_attr(ROLE_INFO),
	    ALIGN_LEFT);
	free(safe);
	snprintf(title, sizeof title, " %zu lines%s  Esc close  x cancel  / search ",
	    n, first + body_h < (int)n ? ", scrolled back" : "");
	draw_text(w, rows - 1, 2, cols - 4, title, theme_attr(ROLE_MUTED),
	    ALIGN_LEFT);
}
