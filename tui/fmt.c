#include "autoconfig.h"

/*
 * Figures as the screen shows them: the cockpit's form of each figure of
 * core/base/figures.h, chosen here once so that every pane agrees.  The
 * forms are deliberately coarse where the value drifts (ages, spans): a
 * figure that changes every second would make curses repaint cells every
 * second, and an idle cockpit must send next to nothing to the terminal.
 */

#include <math.h>
#include <stdio.h>

#include "figures.h"
#include "tui-int.h"

void
fmt_span(double s, char *buf, size_t len)
{
	fig_age(s, FIG_NARROW, buf, len);
}

void
fmt_age_coarse(double s, char *buf, size_t len)
{
	fig_age(s, FIG_NARROW | FIG_COARSE, buf, len);
}

void
fmt_money(const struct opt_num *n, bool compact, char *buf, size_t len)
{
	fig_money(n != NULL ? opt_num_value(*n) : NAN,
	    compact ? FIG_COMPACT : 0, buf, len);
}

void
fmt_pct(double v, char *buf, size_t len)
{
	fig_pct(v, FIG_WHOLE, buf, len);
}

void
fmt_when(const char *ts, char *buf, size_t len)
{
	if (fig_when(ts, FIG_NARROW, buf, len) != buf && len > 0)
		buf[0] = '\0';		/* no stamp: nothing at all */
}

void
fmt_capitalize(const char *s, char *buf, size_t len)
{
	if (len == 0)
		return;
	snprintf(buf, len, "%s", s != NULL ? s : "");
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] -= 'a' - 'A';
}
