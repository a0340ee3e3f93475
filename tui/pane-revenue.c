#include "autoconfig.h"

/*
 * REVENUE: the week's target and actual, the achievement bar, the 8-week
 * target-versus-actual trend (two sparklines on one scale, so their gap
 * reads as the shortfall) and the top deliverables.  Money is written out
 * in full when the pane is wide and as $98K when it is not.
 */

#include <stdio.h>
#include <string.h>

#include "tui-int.h"

static void
rev_summary(struct canvas *c, const struct model_revenue *r, bool compact)
{
	char	t[32], a[32], pct[16];
	int	x, barw;

	fmt_money(&r->target, compact, t, sizeof t);
	fmt_money(&r->actual, compact, a, sizeof a);
	if (canvas_line(c, NULL, NULL)) {
		x = canvas_text(c, 0, c->w, compact ? "Target " : "TARGET ",
		    ROLE_LABEL, ALIGN_LEFT);
		x += canvas_text(c, x, c->w - x, t, ROLE_NORMAL, ALIGN_LEFT);
		x += 3;
		x += canvas_text(c, x, c->w - x, compact ? "Actual " :
		    "ACTUAL ", ROLE_LABEL, ALIGN_LEFT);
		canvas_text(c, x, c->w - x, a, ROLE_FIGURE, ALIGN_LEFT);
	}
	if (canvas_line(c, NULL, NULL)) {
		barw = c->w - 6;
		if (r->achievement_rate.has)
			canvas_bar(c, 0, barw, r->achievement_rate.v);
		fmt_pct(opt_num_value(r->achievement_rate), pct, sizeof pct);
		canvas_text(c, barw, 6, pct, ROLE_FIGURE, ALIGN_RIGHT);
	}
}

static void
rev_trend(struct canvas *c, const struct model_revenue *r, bool compact)
{
	double	tv[8], av[8], hi = 0;
	char	last[32];
	size_t	n = r->n_trend, i, first;
	int	x, pass;

	if (n == 0)
		return;
	first = n > 8 ? n - 8 : 0;
	for (i = first; i < n; i++) {
		tv[i - first] = r->trend[i].target.has ? r->trend[i].target.v :
		    0;
		av[i - first] = r->trend[i].actual.has ? r->trend[i].actual.v :
		    0;
		if (tv[i - first] > hi)
			hi = tv[i - first];
		if (av[i - first] > hi)
			hi = av[i - first];
	}
	n -= first;
	if (!c->terse) {
		canvas_skip(c);
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "TREND 8 WEEKS", ROLE_LABEL,
			    ALIGN_LEFT);
	}
	for (pass = 0; pass < 2; pass++) {
		if (!canvas_line(c, NULL, NULL))
			continue;
		x = canvas_text(c, 0, 7, pass == 0 ? "target" : "actual",
		    ROLE_LABEL, ALIGN_LEFT) + 1;
		canvas_spark(c, x, pass == 0 ? tv : av, n, 0, hi,
		    pass == 0 ? ROLE_TARGET : ROLE_SPARK);
		x += (int)n + 1;
		fmt_money(pass == 0 ? &r->trend[first + n - 1].target :
		    &r->trend[first + n - 1].actual, compact || c->w < 40,
		    last, sizeof last);
		canvas_text(c, x, c->w - x, last, pass == 0 ? ROLE_MUTED :
		    ROLE_FIGURE, ALIGN_LEFT);
	}
}

static void
rev_top(struct canvas *c, const struct model_revenue *r, bool compact)
{
	const struct model_deliverable *d;
	char	 act[32], tgt[32], both[72], key[96];
	int	 valw;
	size_t	 i;

	if (r->n_top == 0)
		return;
	if (!c->terse) {
		canvas_skip(c);
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "TOP DELIVERABLES", ROLE_LABEL,
			    ALIGN_LEFT);
	}
	valw = compact ? 11 : 19;
	for (i = 0; i < r->n_top; i++) {
		d = &r->top[i];
		snprintf(key, sizeof key, "d:%.80s", d->title ? d->title : "");
		if (!canvas_line(c, key, d->title))
			continue;
		fmt_money(&d->revenue_actual, compact, act, sizeof act);
		fmt_money(&d->revenue_target, compact, tgt, sizeof tgt);
		snprintf(both, sizeof both, "%s/%s", act, tgt);
		canvas_text(c, 0, c->w - valw - 1, d->title, ROLE_NORMAL,
		    ALIGN_LEFT);
		canvas_text(c, c->w - valw, valw, both, ROLE_FIGURE,
		    ALIGN_RIGHT);
	}
}

static void
rev_draw(struct canvas *c, const struct view *v)
{
	const struct model_revenue	*r = &v->dash->model.revenue;
	bool				 compact = c->w < 44;

	rev_summary(c, r, compact);
	rev_trend(c, r, compact);
	rev_top(c, r, compact);
}

const struct pane_type pane_revenue_type = {
	.name = "REVENUE",
	.draw = rev_draw,
};
