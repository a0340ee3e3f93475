#include "autoconfig.h"

/*
 * FUNNEL: top -> middle -> bottom as three boxes with action count, average
 * days and open count, the bottleneck's box in the critical colour, then
 * the bottleneck and its recommendation.  A pane too small for boxes gets
 * the same figures as a table, one stage per line.  Stages other than the
 * three standard ones follow as table rows either way.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"
#include "xalloc.h"

#define FUN_GAP		4	/* " -> " between boxes */
#define FUN_BOX_MAX	16
#define FUN_BOX_MIN	9
#define FUN_WRAP_MAX	6

static void
fun_days(const struct model_stage *s, char *buf, size_t len, bool terse)
{
	if (!s->avg_days.has)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, terse ? "%.1fd" : "%.1f days",
		    s->avg_days.v);
}

/* Horizontal box edge: corner, fill, corner. */
static void
fun_edge(char *buf, size_t len, int w, bool top)
{
	const char	*l, *m, *r;
	size_t		 o = 0;
	int		 i;

	if (draw_ascii()) {
		l = r = "+";
		m = "-";
	} else {
		l = top ? "\u250c" : "\u2514";
		r = top ? "\u2510" : "\u2518";
		m = "\u2500";
	}
	o += (size_t)snprintf(buf + o, len - o, "%s", l);
	for (i = 0; i < w - 2 && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s", m);
	if (o < len)
		snprintf(buf + o, len - o, "%s", r);
}

/* Line `row` (1-4) of a stage's box, the long form if it fits in iw. */
static void
fun_box_text(const struct model_stage *s, int row, int iw, char *buf,
    size_t len)
{
	char *p;

	switch (row) {
	case 1:
		snprintf(buf, len, "%s", s->stage != NULL ? s->stage : "?");
		for (p = buf; *p != '\0'; p++) {
			if (*p >= 'a' && *p <= 'z')
				*p -= 'a' - 'A';
		}
		break;
	case 2:
		snprintf(buf, len, "%ld actions", s->actions);
		if ((int)strlen(buf) > iw)
			snprintf(buf, len, "%ld acts", s->actions);
		break;
	case 3:
		fun_days(s, buf, len, false);
		if ((int)strlen(buf) > iw)
			fun_days(s, buf, len, true);
		break;
	default:
		snprintf(buf, len, "%ld open", s->open);
		break;
	}
}

static void
fun_boxes(struct canvas *c, const struct model_funnel *f)
{
	const char	*vbar = draw_ascii() ? "|" : "\u2502";
	char		 edge[256], text[48], arrow[16];
	int		 bw, left, row, i, x, tw;
	enum role	 br, tr;
	const struct model_stage *s;

	bw = (c->w - 2 * FUN_GAP) / 3;
	if (bw > FUN_BOX_MAX)
		bw = FUN_BOX_MAX;
	left = (c->w - 3 * bw - 2 * FUN_GAP) / 2;
	snprintf(arrow, sizeof arrow, " %s ", draw_ascii() ? "->" :
	    "\u2500\u25b6");
	for (row = 0; row < 6; row++) {
		if (!canvas_line(c, NULL, NULL))
			continue;
		for (i = 0; i < 3; i++) {
			s = &f->stages[i];
			x = left + i * (bw + FUN_GAP);
			br = f->bottleneck == i ? ROLE_CRIT : ROLE_BORDER;
			if (row == 0 || row == 5) {
				fun_edge(edge, sizeof edge, bw, row == 0);
				canvas_text(c, x, bw, edge, br, ALIGN_LEFT);
				continue;
			}
			fun_box_text(s, row, bw - 2, text, sizeof text);
			tr = row == 1 ? (f->bottleneck == i ? ROLE_CRIT :
			    ROLE_TITLE) : row == 2 ? ROLE_FIGURE : row == 3 &&
			    f->bottleneck == i ? ROLE_CRIT : ROLE_NORMAL;
			tw = text_width(text);
			if (tw > bw - 2)
				tw = bw - 2;
			canvas_text(c, x, 1, vbar, br, ALIGN_LEFT);
			canvas_text(c, x + 1 + (bw - 2 - tw) / 2, bw - 2, text,
			    tr, ALIGN_LEFT);
			canvas_text(c, x + bw - 1, 1, vbar, br, ALIGN_LEFT);
			if (row == 2 && i < 2)
				canvas_text(c, x + bw, FUN_GAP, arrow,
				    ROLE_MUTED, ALIGN_LEFT);
		}
	}
}

static void
fun_table_row(struct canvas *c, const struct model_funnel *f, size_t i)
{
	const struct model_stage *s = &f->stages[i];
	const char	*mark;
	char		 name[32], buf[64], days[32];
	int		 x;

	if (!canvas_line(c, NULL, NULL))
		return;
	fmt_capitalize(s->stage, name, sizeof name);
	canvas_text(c, 0, 8, name, (long)i == f->bottleneck ? ROLE_CRIT :
	    ROLE_NORMAL, ALIGN_LEFT);
	snprintf(buf, sizeof buf, "%3ld act", s->actions);
	x = 8 + canvas_text(c, 8, c->w - 8, buf, ROLE_FIGURE, ALIGN_LEFT);
	snprintf(buf, sizeof buf, "  %2ld open", s->open);
	x += canvas_text(c, x, c->w - x, buf, ROLE_NORMAL, ALIGN_LEFT);
	fun_days(s, days, sizeof days, true);
	snprintf(buf, sizeof buf, "  %5s", days);
	x += canvas_text(c, x, c->w - x, buf, ROLE_NORMAL, ALIGN_LEFT);
	if ((long)i == f->bottleneck) {
		/* The verdict below names it; a bare arrow will do if short. */
		mark = draw_ascii() ? "<- bottleneck" : "\u25c0 bottleneck";
		if (text_width(mark) > c->w - x - 1)
			mark = draw_ascii() ? "<-" : "\u25c0";
		canvas_text(c, x + 1, c->w - x - 1, mark, ROLE_CRIT,
		    ALIGN_LEFT);
	}
}

static void
fun_verdict(struct canvas *c, const struct model_funnel *f)
{
	const struct model_stage *s;
	char	 name[32], line[128], *lines[FUN_WRAP_MAX];
	int	 n, i;

	if (!c->terse)
		canvas_skip(c);
	if (f->bottleneck < 0 || (size_t)f->bottleneck >= f->n_stages) {
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "No bottleneck: nothing open",
			    ROLE_OK, ALIGN_LEFT);
		return;
	}
	s = &f->stages[f->bottleneck];
	fmt_capitalize(s->stage, name, sizeof name);
	if (s->avg_days.has)
		snprintf(line, sizeof line, "%s Bottleneck: %s (%.1f days avg)",
		    draw_glyph_state(SVC_DOWN), name, s->avg_days.v);
	else
		snprintf(line, sizeof line, "%s Bottleneck: %s",
		    draw_glyph_state(SVC_DOWN), name);
	if (canvas_line(c, NULL, NULL))
		canvas_text(c, 0, c->w, line, ROLE_CRIT, ALIGN_LEFT);
	if (f->recommendation == NULL)
		return;
	n = draw_wrap(f->recommendation, c->w, lines, FUN_WRAP_MAX);
	for (i = 0; i < n && i < FUN_WRAP_MAX; i++) {
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, lines[i], ROLE_NORMAL,
			    ALIGN_LEFT);
		free(lines[i]);
	}
}

static void
fun_draw(struct canvas *c, const struct view *v)
{
	const struct model_funnel	*f = &v->dash->model.funnel;
	size_t				 i, first = 0;

	if (f->n_stages == 0) {
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "no actions", ROLE_MUTED,
			    ALIGN_LEFT);
		return;
	}
	if (!c->terse && f->n_stages >= 3 &&
	    c->w >= 3 * FUN_BOX_MIN + 2 * FUN_GAP) {
		fun_boxes(c, f);
		first = 3;
	}
	for (i = first; i < f->n_stages; i++)
		fun_table_row(c, f, i);
	fun_verdict(c, f);
}

const struct pane_type pane_funnel_type = {
	.name = "FUNNEL",
	.draw = fun_draw,
};
