#include "autoconfig.h"

/*
 * WEEK: the plan's results with progress bars, the 8-week completion trend
 * as a sparkline, and every owner's completion rate (the principal's in
 * bold).  The sparkline is scaled 0-100 % rather than to its own range, so
 * a flat week does not look like a collapse.
 */

#include <stdio.h>
#include <string.h>

#include "figures.h"
#include "tui-int.h"
#include "xalloc.h"

#define WEEK_PCT_W	5
#define WEEK_FRAC_W	6
#define WEEK_BAR_MAX	40

static int
week_bar_width(int w)
{
	int b = w / 4;

	if (b < 5)
		b = 5;
	if (b > 20)
		b = 20;
	return b;
}

/*
 * name ... [done/total] bar pct: shared by results and owners.  textmax is
 * the longest text of the list: on a wide pane the bar, not the blank after
 * the names, takes the room.
 */
static void
week_progress_row(struct canvas *c, int textx, const char *text,
    enum role trole, long done, long total, double pct, int textmax)
{
	char	 frac[32], p[16];
	int	 barw = week_bar_width(c->w), fracw, x, textw;

	fracw = c->w >= 44 ? WEEK_FRAC_W : 0;
	textw = c->w - textx - 1 - fracw - barw - WEEK_PCT_W;
	if (textw < 6) {
		barw -= 6 - textw;
		textw = 6;
	}
	if (textw > textmax + 1) {
		barw += textw - textmax - 1;
		if (barw > WEEK_BAR_MAX)
			barw = WEEK_BAR_MAX;
		textw = textmax + 1;
	}
	canvas_text(c, textx, textw, text, trole, ALIGN_LEFT);
	x = textx + textw + 1;
	if (fracw > 0) {
		fig_fraction(done, total, frac, sizeof frac);
		canvas_text(c, x, fracw - 1, frac, ROLE_MUTED, ALIGN_RIGHT);
		x += fracw;
	}
	if (barw > 0)
		canvas_bar(c, x, barw, pct);
	x += barw;
	fmt_pct(pct, p, sizeof p);
	canvas_text(c, x, WEEK_PCT_W, p, ROLE_FIGURE, ALIGN_RIGHT);
}

static void
week_results(struct canvas *c, const struct model *m)
{
	const struct model_result	*r;
	char				 key[64];
	int				 codew = 2, w, textmax = 4;
	size_t				 i;

	for (i = 0; i < m->n_results; i++) {
		w = text_width(m->results[i].code);
		if (w > codew)
			codew = w;
		w = text_width(m->results[i].text);
		if (w > textmax)
			textmax = w;
	}
	if (codew > 8)
		codew = 8;
	if (!c->terse && canvas_line(c, NULL, NULL))
		canvas_text(c, 0, c->w, "RESULTS", ROLE_LABEL, ALIGN_LEFT);
	if (m->n_results == 0 && canvas_line(c, NULL, NULL))
		canvas_text(c, 0, c->w, "no results", ROLE_MUTED, ALIGN_LEFT);
	for (i = 0; i < m->n_results; i++) {
		r = &m->results[i];
		snprintf(key, sizeof key, "r:%.60s", r->code ? r->code : "");
		if (!canvas_line(c, key, r->text ? r->text : r->code))
			continue;
		canvas_text(c, 0, codew, r->code, r->progress >= 100 ?
		    ROLE_OK : ROLE_INFO, ALIGN_LEFT);
		week_progress_row(c, codew + 1, r->text, ROLE_NORMAL,
		    r->completed, r->total, r->progress, textmax);
	}
}

static void
week_trend(struct canvas *c, const struct model_plan *pl)
{
	double	v[8];
	char	a[16], b[16], tail[48];
	size_t	n = pl->n_trend, i, first;
	int	x;

	if (n == 0)
		return;
	first = n > 8 ? n - 8 : 0;
	for (i = first; i < n; i++)
		v[i - first] = pl->trend[i].completion_rate;
	n -= first;
	if (!c->terse)
		canvas_skip(c);
	if (!canvas_line(c, NULL, NULL))
		return;
	x = canvas_text(c, 0, c->w, c->w >= 40 ? "TREND 8 WEEKS" : "TREND",
	    ROLE_LABEL, ALIGN_LEFT) + 1;
	canvas_spark(c, x, v, n, 0, 100, ROLE_SPARK);
	x += (int)n + 1;
	fmt_pct(v[0], a, sizeof a);
	fmt_pct(v[n - 1], b, sizeof b);
	snprintf(tail, sizeof tail, "%s %s %s", a, draw_glyph_arrow(), b);
	canvas_text(c, x, c->w - x, tail, ROLE_FIGURE, ALIGN_LEFT);
}

static void
week_owners(struct canvas *c, const struct view *v)
{
	const struct model_plan		*pl = &v->dash->model.plan;
	const struct model_owner	*o;
	const char			*principal;
	char				 key[96];
	size_t				 i;
	int				 textmax = 4;
	bool				 me;

	principal = v->dash->principal;
	if (pl->n_owners == 0)
		return;
	for (i = 0; i < pl->n_owners; i++) {
		if (text_width(pl->owners[i].owner) > textmax)
			textmax = text_width(pl->owners[i].owner);
	}
	if (!c->terse) {
		canvas_skip(c);
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "OWNERS", ROLE_LABEL,
			    ALIGN_LEFT);
	}
	for (i = 0; i < pl->n_owners; i++) {
		o = &pl->owners[i];
		snprintf(key, sizeof key, "o:%.80s", o->owner);
		if (!canvas_line(c, key, o->owner))
			continue;
		me = principal != NULL && strcmp(principal, o->owner) == 0;
		week_progress_row(c, 0, o->owner, me ? ROLE_FIGURE :
		    ROLE_NORMAL, o->completed, o->total, o->rate, textmax);
	}
}

static void
week_draw(struct canvas *c, const struct view *v)
{
	const struct dash_view *d = v->dash;

	if (!d->model.has_plan) {
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "no plan for this week",
			    ROLE_MUTED, ALIGN_LEFT);
		return;
	}
	week_results(c, &d->model);
	week_trend(c, &d->model.plan);
	week_owners(c, v);
}

const struct pane_type pane_week_type = {
	.name = "WEEK",
	.draw = week_draw,
};
