/*
 * Figures as people read them: one vocabulary for the text report and the
 * cockpit, so that one figure reads the same in both.  Where the two show a
 * figure differently, the difference is a flag, not a second formatter: the
 * report's form is the default, FIG_NARROW the cockpit's, whose columns are
 * narrow and whose figures must change rarely (an idle cockpit should send
 * next to nothing to the terminal).
 *
 * A value that is no number prints as FIG_NONE, never as "nan" or "inf", so
 * a missing value is passed as NAN.  Each formatter writes at most len bytes
 * (the NUL included) to buf and returns what to print: buf, or a constant.
 */
#ifndef OPSDECK_FIGURES_H
#define OPSDECK_FIGURES_H

#include <stddef.h>

#define FIG_NONE	"-"	/* a missing value */
#define FIG_LEN		48	/* room for any figure of this file */

#define FIG_NARROW	0x01	/* the cockpit's form; see each formatter */
#define FIG_COARSE	0x02	/* ages: tens of seconds below a minute */
#define FIG_COMPACT	0x04	/* money: thousands and millions, "$98K" */
#define FIG_WHOLE	0x08	/* percent: whole units, "68%" */

/* A number with the given decimals: "72.0", "72". */
const char	*fig_num(double v, int decimals, char *buf, size_t len);
/* Percent to a tenth, "67.9%"; with FIG_WHOLE rounded half up to a whole,
 * "68%"; with FIG_NARROW a tenths figure of 99.95 or more is whole too
 * ("100%", not "100.0%", which would not fit its column). */
const char	*fig_pct(double v, int flags, char *buf, size_t len);
/* Whole dollars with thousands separators, rounded half away from zero,
 * "$98,000", "-$1,250", beyond 1e15 "$1.23e+15"; with FIG_COMPACT, from
 * $1,000 on, "$98K", "$1.5K", "$1.2M". */
const char	*fig_money(double v, int flags, char *buf, size_t len);
/* Milliseconds: "12.3ms" below 100, "123ms", then whole seconds from
 * 100000 ("100s"); with FIG_NARROW no decimals and seconds from 10000. */
const char	*fig_ms(double ms, int flags, char *buf, size_t len);
/* An age or a span in its largest whole unit: "45s", "12m", "3h", "2d".
 * The report keeps two digits: seconds up to 99 (rounded), minutes up to
 * 99, hours up to 47.  FIG_NARROW: seconds up to 59 (whole seconds passed)
 * and minutes up to 59, and the sign is dropped (the caller says "ago" or
 * "in").  FIG_COARSE (with FIG_NARROW): "<10s", then tens of seconds. */
const char	*fig_age(double seconds, int flags, char *buf, size_t len);
/* "12/40": done of a total. */
const char	*fig_fraction(long done, long total, char *buf, size_t len);
/* A model stamp "YYYY-MM-DDTHH:MM:SS" for people: "2025-10-26 15:00", the
 * date alone at midnight, FIG_NONE for NULL and anything else as it is (ts
 * itself).  FIG_NARROW: "Oct 26 15:00", and "" for anything else. */
const char	*fig_when(const char *ts, int flags, char *buf, size_t len);
/* "Oct 21-27, 2025", "Oct 27-Nov 2, 2025", "Dec 29, 2025-Jan 4, 2026" from
 * two "YYYY-MM-DD" dates; FIG_NONE when either is not one. */
const char	*fig_week(const char *start, const char *end, char *buf,
		    size_t len);

#endif
