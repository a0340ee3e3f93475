#include "autoconfig.h"

/*
 * The header line: product, week, the overall completion bar with its
 * percentage and done/total, the principal's completion rate and the
 * velocity; on the right the active feed filter, a STALE badge when the
 * database's data is stale, and in wall mode a clock.  Segments that do not
 * fit are dropped from the right; the bar takes whatever room is left.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "figures.h"
#include "tui-int.h"

#define HEADER_BAR_MIN	6
#define HEADER_BAR_MAX	30

/* The principal's rate as "Jesse 75%", or "" when unknown. */
static void
header_principal(const struct view *v, char *buf, size_t len)
{
	const struct model_plan	*pl = &v->dash->model.plan;
	const char		*who;
	char			 pct[16];
	size_t			 i;

	buf[0] = '\0';
	who = v->dash->principal;
	if (who == NULL)
		return;
	for (i = 0; i < pl->n_owners; i++) {
		if (strcmp(pl->owners[i].owner, who) == 0) {
			fmt_pct(pl->owners[i].rate, pct, sizeof pct);
			snprintf(buf, len, "%s %s", who, pct);
			return;
		}
	}
	snprintf(buf, len, "%s -", who);
}

/* The right-hand side; returns its width (drawn right-aligned). */
static int
header_right(WINDOW *w, int width, const struct view *v,
    const char *filters, bool draw)
{
	char		 clock[16], stale[32], span[16];
	struct tm	 tm;
	time_t		 now;
	int		 used = 0, x = width;

	if (v->wall) {
		now = time(NULL);
		localtime_r(&now, &tm);
		strftime(clock, sizeof clock, "%H:%M:%S", &tm);
		used += text_width(clock) + 1;
		if (draw)
			draw_text(w, 0, x - used, used, clock,
			    theme_attr(ROLE_FIGURE), ALIGN_LEFT);
		x -= used;
	}
	if (v->db_fresh == FRESH_STALE) {
		fmt_span(v->db_age, span, sizeof span);
		snprintf(stale, sizeof stale, " STALE %s ", span);
		used += text_width(stale) + 1;
		if (draw)
			draw_text(w, 0, width - used, text_width(stale), stale,
			    theme_attr(ROLE_STALE), ALIGN_LEFT);
	}
	if (filters != NULL && *filters != '\0' &&
	    used + text_width(filters) + 10 < width / 2) {
		char f[300];

		snprintf(f, sizeof f, "filter: %s", filters);
		used += text_width(f) + 1;
		if (draw)
			draw_text(w, 0, width - used, text_width(f), f,
			    theme_attr(ROLE_WARN), ALIGN_LEFT);
	}
	return used;
}

void
header_draw(WINDOW *w, int width, const struct view *v, const char *filters)
{
	const struct dash_view	*d = v->dash;
	const struct model_plan	*pl = &d->model.plan;
	const char		*sep = draw_ascii() ? " | " : " \u2502 ";
	char			 week[64], pct[16], frac[32], who[96], vel[32];
	int			 x, right, room, barw, need, sepw;

	werase(w);
	wbkgdset(w, theme_attr(ROLE_HEADER));
	draw_fill(w, 0, 0, width, theme_attr(ROLE_HEADER));
	right = header_right(w, width, v, filters, false);
	room = width - right;
	sepw = text_width(sep);
	x = draw_text(w, 0, 0, room, " opsdeck", theme_attr(ROLE_HEADER) |
	    A_BOLD, ALIGN_LEFT);
	if (!d->db.has_model || !d->model.has_plan) {
		x += draw_text(w, 0, x, room - x, sep, theme_attr(ROLE_MUTED),
		    ALIGN_LEFT);
		draw_text(w, 0, x, room - x, d->db.has_model ?
		    "no plan for this week" : "waiting for the database",
		    theme_attr(ROLE_MUTED), ALIGN_LEFT);
		header_right(w, width, v, filters, true);
		return;
	}
	fig_week(pl->week_start, pl->week_end, week, sizeof week);
	fmt_pct(pl->completion_rate, pct, sizeof pct);
	fig_fraction(pl->completed_actions, pl->total_actions, frac,
	    sizeof frac);
	header_principal(v, who, sizeof who);
	/* No velocity for a week without a count of days (it starts at
	 * -infinity): the header leaves it out, as when it does not fit. */
	if (isfinite(pl->velocity_per_day))
		snprintf(vel, sizeof vel, "%.1f/day", pl->velocity_per_day);
	else
		*vel = '\0';

	x += draw_text(w, 0, x, room - x, sep, theme_attr(ROLE_MUTED),
	    ALIGN_LEFT);
	x += draw_text(w, 0, x, room - x, week, theme_attr(ROLE_HEADER),
	    ALIGN_LEFT);
	x += draw_text(w, 0, x, room - x, sep, theme_attr(ROLE_MUTED),
	    ALIGN_LEFT);

	/* What must fit beside the bar: " 68%  19/28" and, if they can,
	 * the principal and the velocity. */
	need = 1 + text_width(pct) + 1 + text_width(frac);
	if (*who != '\0' && room - x - need - sepw - text_width(who) >=
	    HEADER_BAR_MIN + 20)
		need += sepw + text_width(who);
	else
		*who = '\0';
	if (*vel != '\0' && room - x - need - sepw - text_width(vel) >=
	    HEADER_BAR_MIN + 10)
		need += sepw + text_width(vel);
	else
		*vel = '\0';
	barw = room - x - need - 1;
	if (barw > HEADER_BAR_MAX)
		barw = HEADER_BAR_MAX;
	if (barw >= HEADER_BAR_MIN) {
		draw_bar(w, 0, x, barw, pl->completion_rate,
		    theme_attr(ROLE_BAR_FILL), theme_attr(ROLE_BAR_EMPTY));
		x += barw + 1;
	}
	x += draw_text(w, 0, x, room - x, pct, theme_attr(ROLE_FIGURE),
	    ALIGN_LEFT);
	x += 1;
	x += draw_text(w, 0, x, room - x, frac, theme_attr(ROLE_HEADER),
	    ALIGN_LEFT);
	if (*who != '\0') {
		x += draw_text(w, 0, x, room - x, sep, theme_attr(ROLE_MUTED),
		    ALIGN_LEFT);
		x += draw_text(w, 0, x, room - x, who, theme_attr(ROLE_FIGURE),
		    ALIGN_LEFT);
	}
	if (*vel != '\0') {
		x += draw_text(w, 0, x, room - x, sep, theme_attr(ROLE_MUTED),
		    ALIGN_LEFT);
		draw_text(w, 0, x, room - x, vel, theme_attr(ROLE_FIGURE),
		    ALIGN_LEFT);
	}
	header_right(w, width, v, filters, true);
}
