#include "autoconfig.h"

/*
 * Figures as the screen shows them.  Every formatter here is deliberately
 * coarse where the value drifts (ages, spans): a figure that changes every
 * second would make curses repaint cells every second, and an idle cockpit
 * must send next to nothing to the terminal.
 *
 * A value that is no number (NaN, an infinity) shows as "-", never as "nan"
 * or "inf", and doubles are rounded as doubles: converting one to an
 * integer type out of its range is undefined.
 */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "tui-int.h"

static const char *const fmt_months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's). */
static int64_t
fmt_days(int y, int m, int d)
{
	int64_t		era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
fmt_ts_seconds(const char *s)
{
	int	y, mo, d, h = 0, mi = 0, se = 0, n;

	if (s == NULL)
		return -1;
	n = sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d", &y, &mo, &d, &h, &mi,
	    &se);
	if (n < 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	if (n < 6)
		h = mi = se = 0;
	return fmt_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

void
fmt_span(double s, char *buf, size_t len)
{
	if (!isfinite(s)) {
		snprintf(buf, len, "-");
		return;
	}
	s = fabs(s);
	if (s < 60)
		snprintf(buf, len, "%.0fs", floor(s));
	else if (s < 3600)
		snprintf(buf, len, "%.0fm", floor(s / 60));
	else if (s < 48 * 3600)
		snprintf(buf, len, "%.0fh", floor(s / 3600));
	else
		snprintf(buf, len, "%.0fd", floor(s / 86400));
}

void
fmt_age_coarse(double s, char *buf, size_t len)
{
	if (!isfinite(s))
		snprintf(buf, len, "-");
	else if (s < 10)
		snprintf(buf, len, "<10s");
	else if (s < 60)
		snprintf(buf, len, "%.0fs", floor(s / 10) * 10);
	else
		fmt_span(s, buf, len);
}

void
fmt_money(const struct opt_num *n, bool compact, char *buf, size_t len)
{
	double	v, a;

	if (n == NULL || !n->has || !isfinite(n->v)) {
		snprintf(buf, len, "-");
		return;
	}
	v = n->v;
	a = fabs(v);
	if (!compact || a < 1000)
		money_whole(v, buf, len);
	else if (a < 1e6) {
		if (fmod(a, 1000) == 0 || a >= 1e5)
			snprintf(buf, len, "$%.0fK", v / 1e3);
		else
			snprintf(buf, len, "$%.1fK", v / 1e3);
	} else
		snprintf(buf, len, "$%.1fM", v / 1e6);
}

void
fmt_pct(double v, char *buf, size_t len)
{
	if (!isfinite(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.0f%%", floor(v + 0.5));
}

void
fmt_week(const char *start, const char *end, char *buf, size_t len)
{
	int	y1, m1, d1, y2, m2, d2;

	if (start == NULL || end == NULL ||
	    sscanf(start, "%4d-%2d-%2d", &y1, &m1, &d1) != 3 ||
	    sscanf(end, "%4d-%2d-%2d", &y2, &m2, &d2) != 3 ||
	    m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12) {
		snprintf(buf, len, "-");
		return;
	}
	if (y1 != y2)
		snprintf(buf, len, "%s %d, %d-%s %d, %d", fmt_months[m1 - 1],
		    d1, y1, fmt_months[m2 - 1], d2, y2);
	else if (m1 != m2)
		snprintf(buf, len, "%s %d-%s %d, %d", fmt_months[m1 - 1], d1,
		    fmt_months[m2 - 1], d2, y2);
	else
		snprintf(buf, len, "%s %d-%d, %d", fmt_months[m1 - 1], d1, d2,
		    y1);
}

void
fmt_when(const char *ts, char *buf, size_t len)
{
	int	y, mo, d, h, mi;

	if (ts == NULL || sscanf(ts, "%4d-%2d-%2d%*1[T ]%2d:%2d", &y, &mo,
	    &d, &h, &mi) != 5 || mo < 1 || mo > 12) {
		if (len > 0)
			buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "%s %d %02d:%02d", fmt_months[mo - 1], d, h, mi);
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
