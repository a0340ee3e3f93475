#include "autoconfig.h"

/*
 * The status line: database state with its target and error, how fresh the
 * data is (silent while it is live, "updated 12s ago" later, a STALE badge
 * past [ui] stale_after), alert counts by severity, the mode and key hints.
 * It is built as prioritized segments; on a narrow terminal the least
 * important go first, so the database state and staleness always show.
 * In the search and filter modes the line is the prompt instead.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"

#define SEG_MAX		16

struct seg {
	char		 text[200];
	enum role	 role;
	int		 prio;		/* higher goes first when short of room */
	int		 width;
};

struct segs {
	struct seg	v[SEG_MAX];
	int		n;
};

static void
seg_add(struct segs *s, int prio, enum role role, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
seg_add(struct segs *s, int prio, enum role role, const char *fmt, ...)
{
	struct seg	*g;
	va_list		 ap;

	if (s->n == SEG_MAX)
		return;
	g = &s->v[s->n++];
	va_start(ap, fmt);
	vsnprintf(g->text, sizeof g->text, fmt, ap);
	va_end(ap);
	g->role = role;
	g->prio = prio;
	g->width = text_width(g->text);
}

/* Server text (errors, notices), sanitized and cut: the start of a long
 * libpq message says what went wrong. */
static void
seg_add_message(struct segs *s, int prio, enum role role, const char *msg)
{
	char *safe = sanitize_text(msg, draw_ascii()), *cut;

	seg_add(s, prio, role, "%s", safe);
	free(safe);
	if (s->v[s->n - 1].width > 48) {
		cut = text_truncate(s->v[s->n - 1].text, 48, 1);
		snprintf(s->v[s->n - 1].text, sizeof s->v[0].text, "%s", cut);
		s->v[s->n - 1].width = text_width(cut);
		free(cut);
	}
}

static void
status_db(struct segs *s, const struct view *v)
{
	const struct view_db		*db = &v->dash->db;
	const char			*what;
	enum role			 r;
	char				 span[16];

	switch (db->state) {
	case DB_OK:
		what = db->last_ok || !db->has_model ? "ok" : "error";
		r = db->last_ok || !db->has_model ? ROLE_OK : ROLE_CRIT;
		break;
	case DB_CONNECTING:
		what = db->has_model ? "reconnecting" : "connecting";
		r = db->has_model ? ROLE_WARN : ROLE_MUTED;
		break;
	case DB_RECONNECTING:
		what = "reconnecting";
		r = ROLE_WARN;
		break;
	case DB_FAILED:
		what = "failed";
		r = ROLE_CRIT;
		break;
	case DB_CLOSING:
		what = "closing";
		r = ROLE_MUTED;
		break;
	default:
		what = "starting";
		r = ROLE_MUTED;
		break;
	}
	seg_add(s, 0, r, "db %s", what);
	/* An operator must know when the terminal trusts the network. */
	if (db->trust_note != NULL)
		seg_add(s, 1, ROLE_WARN, "%s", db->trust_note);
	/* Where it points matters most when it is not working. */
	if (db->target != NULL)
		seg_add(s, r == ROLE_OK ? 6 : 2, ROLE_MUTED, "%s", db->target);
	if (db->error != NULL)
		seg_add_message(s, 2, ROLE_CRIT, db->error);
	if (db->notice != NULL)
		seg_add_message(s, 3, ROLE_WARN, db->notice);
	/* How changes reach the screen, and the writes still on their way. */
	if (db->state == DB_OK && db->listening)
		seg_add(s, 5, ROLE_MUTED, "listening");
	else if (db->state == DB_OK && db->poll_reason != NULL)
		seg_add(s, 3, ROLE_MUTED, "polling");
	if (v->dash->pending > 0)
		seg_add(s, 0, ROLE_WARN, "%zu pending", v->dash->pending);
	if (v->dash->journal_note != NULL)
		seg_add_message(s, 3, ROLE_WARN, v->dash->journal_note);
	fmt_span(v->db_age, span, sizeof span);
	switch (v->db_fresh) {
	case FRESH_LATE:
		seg_add(s, 1, ROLE_WARN, "updated %s ago", span);
		break;
	case FRESH_STALE:
		seg_add(s, 0, ROLE_STALE, " STALE %s ", span);
		break;
	default:
		break;
	}
}

static void
status_alerts(struct segs *s, const struct view *v)
{
	const struct dash_view	*d = v->dash;
	int			 n[3] = { 0, 0, 0 };
	size_t			 i;

	for (i = 0; i < d->n_alerts; i++) {
		if (d->alerts[i].severity <= ALERT_CRITICAL)
			n[d->alerts[i].severity]++;
	}
	if (d->n_alerts == 0) {
		seg_add(s, 3, ROLE_MUTED, "no alerts");
		return;
	}
	if (n[ALERT_CRITICAL] > 0)
		seg_add(s, 1, ROLE_CRIT, "%d crit", n[ALERT_CRITICAL]);
	if (n[ALERT_WARNING] > 0)
		seg_add(s, 2, ROLE_WARN, "%d warn", n[ALERT_WARNING]);
	if (n[ALERT_INFO] > 0)
		seg_add(s, 3, ROLE_INFO, "%d info", n[ALERT_INFO]);
}

static void
status_prompt(WINDOW *w, int width, const struct status_info *si)
{
	const char	*hint = " Enter: apply  Esc: cancel";
	int		 hw = text_width(hint);

	if (hw > width / 3)
		hw = 0;
	prompt_draw(si->prompt, w, 0, 0, width - hw, si->prompt_label);
	if (hw > 0)
		draw_text(w, 0, width - hw, hw, hint, theme_attr(ROLE_MUTED),
		    ALIGN_LEFT);
}

void
statusline_draw(WINDOW *w, int width, const struct view *v,
    const struct status_info *si)
{
	struct segs	 s;
	const char	*sep = draw_ascii() ? " | " : " \u2502 ";
	int		 total, i, worst, x, sepw = text_width(sep);
	int		 long_hints;

	werase(w);
	wbkgdset(w, theme_attr(ROLE_STATUS));
	draw_fill(w, 0, 0, width, theme_attr(ROLE_STATUS));
	if (mode_is_prompt(si->mode) && si->prompt != NULL) {
		status_prompt(w, width, si);
		return;
	}
	memset(&s, 0, sizeof s);
	status_db(&s, v);
	status_alerts(&s, v);
	if (v->wall)
		seg_add(&s, 2, ROLE_KEY, "WALL");
	else if (si->mode == MODE_HELP)
		seg_add(&s, 2, ROLE_KEY, "HELP");
	if (si->message != NULL)
		seg_add(&s, 1, si->message_error ? ROLE_CRIT : ROLE_WARN,
		    "%s", si->message);
	if (si->hints != NULL && *si->hints != '\0')
		seg_add(&s, 4, ROLE_KEY, "%s", si->hints);
	long_hints = s.n - 1;

	/* Drop the least important until the rest fits. */
	for (;;) {
		total = 1;
		for (i = 0; i < s.n; i++)
			total += s.v[i].width + (i > 0 ? sepw : 0);
		if (total <= width || s.n <= 1)
			break;
		worst = 0;
		for (i = 1; i < s.n; i++) {
			if (s.v[i].prio >= s.v[worst].prio)
				worst = i;
		}
		/* Long key hints give way to the short ones first. */
		if (worst == long_hints && si->hints_short != NULL &&
		    strcmp(s.v[worst].text, si->hints_short) != 0) {
			snprintf(s.v[worst].text, sizeof s.v[worst].text, "%s",
			    si->hints_short);
			s.v[worst].width = text_width(s.v[worst].text);
			continue;
		}
		memmove(&s.v[worst], &s.v[worst + 1],
		    (size_t)(s.n - worst - 1) * sizeof s.v[0]);
		s.n--;
		if (worst < long_hints)
			long_hints--;
		else if (worst == long_hints)
			long_hints = -1;
	}
	x = 1;
	for (i = 0; i < s.n && x < width; i++) {
		if (i > 0)
			x += draw_text(w, 0, x, width - x, sep,
			    theme_attr(ROLE_MUTED), ALIGN_LEFT);
		x += draw_text(w, 0, x, width - x, s.v[i].text,
		    theme_attr(s.v[i].role), ALIGN_LEFT);
	}
}
