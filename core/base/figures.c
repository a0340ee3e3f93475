#include "autoconfig.h"

/*
 * The figures' formats (figures.h).  Doubles are rounded as doubles:
 * converting one to an integer type out of its range is undefined, and the
 * schema allows amounts and ages far beyond any integer.
 */

#include <math.h>
#include <stdbool.h>
#include <stdio.h>

#include "figures.h"
#include "timefmt.h"

static const char *const fig_months[12] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
};

static const char *
none(char *buf, size_t len)
{
	snprintf(buf, len, "%s", FIG_NONE);
	return buf;
}

const char *
fig_num(double v, int decimals, char *buf, size_t len)
{
	if (!isfinite(v))
		return none(buf, len);
	snprintf(buf, len, "%.*f", decimals, v);
	return buf;
}

const char *
fig_pct(double v, int flags, char *buf, size_t len)
{
	if (!isfinite(v))
		return none(buf, len);
	if ((flags & FIG_WHOLE) || ((flags & FIG_NARROW) && v >= 99.95))
		snprintf(buf, len, "%.0f%%", floor(v + 0.5));
	else
		snprintf(buf, len, "%.1f%%", v);
	return buf;
}

/* "$98,000": whole dollars, grouped by thousands. */
static void
money_whole(double v, char *buf, size_t len)
{
	char	digits[24], grouped[32];
	double	a = round(fabs(v));
	int	nd, i, g = 0;

	if (a >= 1e15) {	/* past what the digits buffer holds */
		snprintf(buf, len, "%s$%.3g", v < 0 ? "-" : "", a);
		return;
	}
	nd = snprintf(digits, sizeof digits, "%.0f", a);
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(buf, len, "%s$%s", v < 0 && a != 0 ? "-" : "", grouped);
}

const char *
fig_money(double v, int flags, char *buf, size_t len)
{
	double a = fabs(v);

	if (!isfinite(v))
		return none(buf, len);
	if (!(flags & FIG_COMPACT) || a < 1000)
		money_whole(v, buf, len);
	else if (a < 1e6) {
		/* "$98K" and "$150K", but "$1.5K": three figures at most. */
		if (fmod(a, 1000) == 0 || a >= 1e5)
			snprintf(buf, len, "$%.0fK", v / 1e3);
		else
			snprintf(buf, len, "$%.1fK", v / 1e3);
	} else
		snprintf(buf, len, "$%.1fM", v / 1e6);
	return buf;
}

const char *
fig_ms(double ms, int flags, char *buf, size_t len)
{
	bool narrow = (flags & FIG_NARROW) != 0;

	if (!isfinite(ms))
		return none(buf, len);
	if (!narrow && ms < 100)
		snprintf(buf, len, "%.1fms", ms);
	else if (ms < (narrow ? 10000 : 100000))
		snprintf(buf, len, "%.0fms", ms);
	else
		snprintf(buf, len, "%.0fs", ms / 1000);
	return buf;
}

/* "<10s", "20s": below a minute an age moves in steps of ten seconds. */
static bool
age_coarse(double s, char *buf, size_t len)
{
	if (s < 10)
		snprintf(buf, len, "<10s");
	else if (s < 60)
		snprintf(buf, len, "%.0fs", floor(s / 10) * 10);
	else
		return false;
	return true;
}

/*
 * The report shows a unit while its count has two digits, the cockpit
 * while it is below the next unit (59s, then 1m).  Both show hours up to
 * 47: "47h" says more than "1d".
 */
const char *
fig_age(double s, int flags, char *buf, size_t len)
{
	bool	narrow = (flags & FIG_NARROW) != 0;
	double	top = narrow ? 60 : 100;

	if (!isfinite(s))
		return none(buf, len);
	if ((flags & FIG_COARSE) && age_coarse(s, buf, len))
		return buf;
	if (narrow)
		s = fabs(s);
	if (s < top)
		snprintf(buf, len, "%.0fs", narrow ? floor(s) : s);
	else if (s < top * 60)
		snprintf(buf, len, "%.0fm", floor(s / 60));
	else if (s < 48 * 3600)
		snprintf(buf, len, "%.0fh", floor(s / 3600));
	else
		snprintf(buf, len, "%.0fd", floor(s / 86400));
	return buf;
}

const char *
fig_fraction(long done, long total, char *buf, size_t len)
{
	snprintf(buf, len, "%ld/%ld", done, total);
	return buf;
}

const char *
fig_when(const char *ts, int flags, char *buf, size_t len)
{
	struct ts_fields	f;
	bool			narrow = (flags & FIG_NARROW) != 0;

	if (ts_split(ts, &f) != 0 || f.n < 5) {
		if (narrow)
			return "";
		return ts != NULL ? ts : FIG_NONE;
	}
	if (narrow)
		snprintf(buf, len, "%s %d %02d:%02d", fig_months[f.mo - 1], f.d,
		    f.h, f.mi);
	else if (f.h == 0 && f.mi == 0 && f.s == 0)
		snprintf(buf, len, "%04d-%02d-%02d", f.y, f.mo, f.d);
	else
		snprintf(buf, len, "%04d-%02d-%02d %02d:%02d", f.y, f.mo, f.d,
		    f.h, f.mi);
	return buf;
}

const char *
fig_week(const char *start, const char *end, char *buf, size_t len)
{
	struct ts_fields a, b;

	if (ts_split(start, &a) != 0 || ts_split(end, &b) != 0)
		return none(buf, len);
	if (a.y != b.y)
		snprintf(buf, len, "%s %d, %d-%s %d, %d", fig_months[a.mo - 1],
		    a.d, a.y, fig_months[b.mo - 1], b.d, b.y);
	else if (a.mo != b.mo)
		snprintf(buf, len, "%s %d-%s %d, %d", fig_months[a.mo - 1], a.d,
		    fig_months[b.mo - 1], b.d, b.y);
	else
		snprintf(buf, len, "%s %d-%d, %d", fig_months[a.mo - 1], a.d,
		    b.d, a.y);
	return buf;
}
