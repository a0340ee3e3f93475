/*
 * The timestamps of the contract: "YYYY-MM-DD" dates and
 * "YYYY-MM-DDTHH:MM:SS" wall-clock times without a zone (spec §2, §4).
 */
#ifndef OPSDECK_TIMEFMT_H
#define OPSDECK_TIMEFMT_H

#include <stdint.h>
#include <time.h>

/* "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM:SS", with their NUL */
#define DATE_LEN 11
#define TS_LEN 20

/* Parse an ISO 8601 date-time as given to --now: "YYYY-MM-DD",
 * "YYYY-MM-DDTHH:MM[:SS[.fff]]" (a space may stand for the T).  Fractions
 * are dropped; zone suffixes are refused, because the schema's timestamps
 * carry no zone.  0 with out normalized, or -1 with *cause (caller frees). */
int	ts_parse_iso(const char *s, char out[TS_LEN], char **cause)
	    __attribute__((warn_unused_result));
/* Parse "YYYY-MM-DD" (as given to --week).  0, or -1 with *cause. */
int	date_parse_iso(const char *s, char out[DATE_LEN], char **cause)
	    __attribute__((warn_unused_result));
/* The local wall-clock time of t as "YYYY-MM-DDTHH:MM:SS". */
void	ts_format_local(time_t t, char out[TS_LEN]);

/* The fields of a model stamp, "YYYY-MM-DD[THH:MM[:SS]]" (a space may stand
 * for the T), read leniently: nothing after them is looked at. */
struct ts_fields {
	int	y, mo, d;	/* mo is 1..12 */
	int	h, mi, s;	/* 0 when not read */
	int	n;		/* how many fields were read: 3, 5 or 6 */
};
/* Reads s into *f; -1 (and f->n below 3) when it holds no date with a
 * month of 1 to 12. */
int	ts_split(const char *s, struct ts_fields *f);
/* Seconds since 1970-01-01 of a model stamp read as UTC (only differences
 * matter), midnight unless the seconds are given too; -1 when it does not
 * parse. */
int64_t	ts_seconds(const char *s);

#endif
