#include "autoconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "timefmt.h"
#include "xalloc.h"

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Reads exactly n digits at *p, advancing it; -1 when they are not there. */
static int
take_digits(const char **p, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	return v;
}

static int
parse_date_part(const char **p, int *y, int *m, int *d)
{
	if ((*y = take_digits(p, 4)) < 0 || *(*p)++ != '-')
		return -1;
	if ((*m = take_digits(p, 2)) < 0 || *(*p)++ != '-')
		return -1;
	if ((*d = take_digits(p, 2)) < 0)
		return -1;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int
date_parse_iso(const char *s, char out[DATE_LEN], char **cause)
{
	const char *p = s;
	int y, m, d;

	if (parse_date_part(&p, &y, &m, &d) != 0 || *p != '\0') {
		*cause = xstrdup("expected a date as YYYY-MM-DD");
		return -1;
	}
	snprintf(out, DATE_LEN, "%04d-%02d-%02d", y, m, d);
	return 0;
}

static int
parse_time_part(const char **p, int *hh, int *mm, int *ss)
{
	*ss = 0;
	if ((*hh = take_digits(p, 2)) < 0 || *(*p)++ != ':')
		return -1;
	if ((*mm = take_digits(p, 2)) < 0)
		return -1;
	if (**p == ':') {
		(*p)++;
		if ((*ss = take_digits(p, 2)) < 0)
			return -1;
		if (**p == '.' || **p == ',') {
			(*p)++;
			if (!isdigit((unsigned char)**p))
				return -1;
			while (isdigit((unsigned char)**p))
				(*p)++;
		}
	}
	if (*hh > 23 || *mm > 59 || *ss > 59)
		return -1;
	return 0;
}

int
ts_parse_iso(const char *s, char out[TS_LEN], char **cause)
{
	const char *p = s;
	int y, m, d, hh = 0, mm = 0, ss = 0;

	if (parse_date_part(&p, &y, &m, &d) != 0)
		goto bad;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (parse_time_part(&p, &hh, &mm, &ss) != 0)
			goto bad;
	}
	if (*p == 'Z' || *p == 'z' || *p == '+' || *p == '-') {
		*cause = xstrdup("time zone offsets are not supported: the schema's "
		    "timestamps are wall-clock times, give one as YYYY-MM-DDTHH:MM:SS");
		return -1;
	}
	if (*p != '\0')
		goto bad;
	snprintf(out, TS_LEN, "%04d-%02d-%02dT%02d:%02d:%02d",
	    y, m, d, hh, mm, ss);
	return 0;
bad:
	*cause = xstrdup("expected a timestamp as YYYY-MM-DDTHH:MM:SS");
	return -1;
}

void
ts_format_local(time_t t, char out[TS_LEN])
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, TS_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
}

int
ts_split(const char *s, struct ts_fields *f)
{
	memset(f, 0, sizeof *f);
	if (s == NULL)
		return -1;
	f->n = sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d", &f->y, &f->mo,
	    &f->d, &f->h, &f->mi, &f->s);
	if (f->n < 3 || f->mo < 1 || f->mo > 12) {
		f->n = 0;
		return -1;
	}
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil): exact for every year, BC ones too. */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t
ts_seconds(const char *s)
{
	struct ts_fields f;

	if (ts_split(s, &f) != 0 || f.d < 1 || f.d > 31)
		return -1;
	if (f.n < 6)
		f.h = f.mi = f.s = 0;
	return days_from_civil(f.y, f.mo, f.d) * 86400 + f.h * 3600 +
	    f.mi * 60 + f.s;
}
