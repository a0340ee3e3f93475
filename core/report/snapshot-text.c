#include "autoconfig.h"

/*
 * `opsdeck snapshot --format text`: the JSON's content as a report for a
 * terminal or a mail body.
 *
 * Everything is written through one small line writer (struct out) that
 * knows the column it is at: every piece of text is sanitized and measured
 * in display columns, cut with an ellipsis where it would pass `width`, and
 * padded by columns rather than bytes so CJK data keeps tables aligned.  So
 * no line can be wider than `width` and no control character from the data
 * can reach the output, whatever the model holds.  Long values that are
 * word-wrapped take at most WRAP_LINES lines, so the report stays short
 * whatever their length, and the time spent is in proportion to the input.
 *
 * Tables are described by column arrays (struct col) sized to fit 80
 * columns; the last column of most tables takes whatever the width leaves.
 * Missing values print as "-", money as $98,000, rates as 67.9%.
 */

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert-groups.h"
#include "buf.h"
#include "figures.h"
#include "sanitize.h"
#include "snapshot.h"
#include "xalloc.h"

#define DEFAULT_WIDTH	80
#define LABEL_W		14	/* "recommendation" */
#define GAP		2	/* between table columns */
#define NONE		FIG_NONE
#define WRAP_LINES	6	/* the most lines one wrapped field takes */

/* The report being written; owns b (snapshot_text hands it over). */
struct out {
	struct buf	 b;
	int		 width;
	int		 col;	/* columns used on the current line */
};

struct col {
	const char	*title;
	int		 w;	/* 0: the rest of the line */
	bool		 right;
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* --- the line writer ----------------------------------------------------- */

static void
out_bytes(struct out *o, const char *s, size_t n)
{
	buf_putn(&o->b, s, n);
}

/* Appends already sanitized text, cut to what is left of the line. */
static void
out_put(struct out *o, const char *clean)
{
	int	 left = o->width - o->col, w;
	char	*cut;

	if (left <= 0 || clean[0] == '\0')
		return;
	w = text_width(clean);
	if (w <= left) {
		out_bytes(o, clean, strlen(clean));
		o->col += w;
		return;
	}
	cut = text_truncate(clean, left, 1);
	out_bytes(o, cut, strlen(cut));
	o->col += text_width(cut);
	free(cut);
}

static void
out_pad(struct out *o, int n)
{
	if (n > o->width - o->col)
		n = o->width - o->col;
	if (n <= 0)
		return;
	buf_fill(&o->b, ' ', (size_t)n);
	o->col += n;
}

/* Ends the line without trailing blanks (padding of empty cells). */
static void
out_end(struct out *o)
{
	size_t len = o->b.len;

	while (len > 0 && o->b.s[len - 1] == ' ')
		len--;
	buf_truncate(&o->b, len);
	out_bytes(o, "\n", 1);
	o->col = 0;
}

/* Data (or one of our own strings) as a terminal-safe copy; NULL is "-". */
static char *
clean_text(const char *raw)
{
	return sanitize_text(raw != NULL ? raw : NONE, 0);
}

/* One table cell of w columns: cut with an ellipsis, padded by width. */
static void
out_cell(struct out *o, const char *raw, int w, bool right)
{
	char	*clean, *fit;
	int	 pad;

	if (w > o->width - o->col)
		w = o->width - o->col;
	if (w <= 0)
		return;
	clean = clean_text(raw);
	fit = text_truncate(clean, w, 1);
	pad = w - text_width(fit);
	if (right)
		out_pad(o, pad);
	out_put(o, fit);
	if (!right)
		out_pad(o, pad);
	free(fit);
	free(clean);
}

static void
out_rest(struct out *o, const char *raw)
{
	char *clean = clean_text(raw);

	out_put(o, clean);
	free(clean);
}

/* A line of our own words and numbers (still sanitized, on principle). */
static void __attribute__((format(printf, 2, 3)))
out_line(struct out *o, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	out_rest(o, s);
	out_end(o);
	free(s);
}

/*
 * The next line of a wrapped field, from s (at a word): whole words, one
 * space between them, while they fit in avail columns; or, when the first
 * word alone is wider, as much of it as fits.  Sets its length in bytes
 * (the blanks between its words included) and its width; returns where the
 * rest starts.  No word is measured past the end of the line, so a field
 * costs time in proportion to what is printed, not to its length.
 */
static const char *
wrap_line(const char *s, int avail, size_t *len, int *w)
{
	const char	*p = s;
	size_t		 n;
	int		 sep, ww;

	*len = 0;
	*w = 0;
	for (;;) {
		sep = *len > 0 ? 1 : 0;
		n = text_fit_word(p, avail - *w - sep, &ww);
		if (p[n] != ' ' && p[n] != '\0') {
			/* The word does not fit: it starts the next line,
			 * unless it is the first, which is split. */
			if (*len > 0)
				return p;
			*len = n;
			*w = ww;
			return p + n;
		}
		*w += sep + ww;
		*len = (size_t)(p + n - s);
		p += n;
		p += strspn(p, " ");
		if (*p == '\0')
			return p;
	}
}

/* Appends a line measured by wrap_line: each run of blanks becomes one. */
static void
out_span(struct out *o, const char *s, size_t len, int w)
{
	size_t i, j;

	for (i = 0; i < len; i = j) {
		for (j = i; j < len && s[j] != ' '; j++)
			continue;
		if (j < len)
			j++;
		out_bytes(o, s + i, j - i);
		while (j < len && s[j] == ' ')
			j++;
	}
	o->col += w;
}

/*
 * Word-wraps text from the current column to the end of the line,
 * continuing at the same column on the next lines; ends the last line.
 * A word longer than a whole line is split between characters.  One field
 * takes at most WRAP_LINES lines: past that, the last one ends with the
 * ellipsis, so a huge value (a 400 kB blocker) cannot flood the report.
 */
static void
out_wrap(struct out *o, const char *raw)
{
	char		*clean = clean_text(raw);
	const char	*p = clean, *next;
	int		 avail = o->width - o->col, indent = o->col, line, w;
	size_t		 len;

	if (avail < 8) {
		out_put(o, clean);
		goto done;
	}
	p += strspn(p, " ");
	for (line = 1; *p != '\0'; line++) {
		next = wrap_line(p, avail, &len, &w);
		if (len == 0)
			break;		/* nothing fits: cannot happen at 8 */
		if (line > 1) {
			out_end(o);
			out_pad(o, indent);
		}
		if (line == WRAP_LINES && *next != '\0') {
			/* More than fits: the mark takes the last column. */
			wrap_line(p, avail - 1, &len, &w);
			out_span(o, p, len, w);
			out_bytes(o, text_ellipsis(), strlen(text_ellipsis()));
			o->col++;
			break;
		}
		out_span(o, p, len, w);
		p = next;
	}
done:
	out_end(o);
	free(clean);
}

/* "  label         value" */
static void
out_kv(struct out *o, const char *label, const char *raw)
{
	out_pad(o, 2);
	out_cell(o, label, LABEL_W, false);
	out_pad(o, 1);
	out_rest(o, raw);
	out_end(o);
}

static void
out_row(struct out *o, int indent, const struct col *cols, size_t n,
    const char *const *v)
{
	size_t i;

	out_pad(o, indent);
	for (i = 0; i < n; i++) {
		if (i > 0)
			out_pad(o, GAP);
		if (cols[i].w == 0)
			out_rest(o, v[i]);
		else
			out_cell(o, v[i], cols[i].w, cols[i].right);
	}
	out_end(o);
}

static void
out_titles(struct out *o, int indent, const struct col *cols, size_t n)
{
	const char	*v[16];
	size_t		 i;

	for (i = 0; i < n && i < NCOLS(v); i++)
		v[i] = cols[i].title;
	out_row(o, indent, cols, i, v);
}

static void
out_section(struct out *o, const char *title)
{
	out_end(o);		/* a blank line before every section */
	out_line(o, "%s", title);
}

/* --- figures as text: figures.h, in the report's form (flags 0) ---------- */

static const char *
stamp(const char *s)
{
	return s[0] == '\0' ? NONE : s;
}

/* --- sections ------------------------------------------------------------- */

static void
header_text(struct out *o, const struct snapshot *snap)
{
	const struct model *m = snap->model;

	out_line(o, "opsdeck snapshot");
	out_kv(o, "now", stamp(m != NULL ? m->now : snap->now));
	out_kv(o, "generated at", stamp(snap->generated_at));
	out_kv(o, "refreshed at", stamp(snap->refreshed_at));
	if (snap->db_ok) {
		out_kv(o, "database", "ok");
		return;
	}
	out_pad(o, 2);
	out_cell(o, "database", LABEL_W, false);
	out_pad(o, 1);
	out_rest(o, "error: ");
	out_wrap(o, snap->db_error != NULL ? snap->db_error : "unknown");
}

/* "(no data ...)" for a section the database should have filled. */
static bool
no_model(struct out *o, const struct model *m)
{
	if (m != NULL)
		return false;
	out_line(o, "  (no data: database unavailable)");
	return true;
}

static void
plan_owners_text(struct out *o, const struct model_plan *p)
{
	static const struct col cols[] = {
		{ "OWNER", 30, false }, { "DONE", 6, true },
		{ "TOTAL", 6, true }, { "RATE", 8, true },
	};
	char		 a[FIG_LEN], b[FIG_LEN], c[FIG_LEN];
	const char	*v[NCOLS(cols)];
	size_t		 i;

	out_line(o, "  owners");
	if (p->n_owners == 0) {
		out_line(o, "    (none)");
		return;
	}
	out_titles(o, 4, cols, NCOLS(cols));
	for (i = 0; i < p->n_owners; i++) {
		snprintf(a, sizeof(a), "%ld", p->owners[i].completed);
		snprintf(b, sizeof(b), "%ld", p->owners[i].total);
		v[0] = p->owners[i].owner;
		v[1] = a;
		v[2] = b;
		v[3] = fig_pct(p->owners[i].rate, 0, c, sizeof c);
		out_row(o, 4, cols, NCOLS(cols), v);
	}
}

/* The weekly completion rates, oldest first, wrapped as one paragraph. */
static void
plan_trend_text(struct out *o, const struct model_plan *p)
{
	struct buf	line = BUF_INIT;
	char		pct[FIG_LEN];
	size_t		i;

	if (p->n_trend == 0) {
		out_kv(o, "trend", NONE);
		return;
	}
	buf_printf(&line, "from %s:", stamp(p->trend[0].week_start));
	for (i = 0; i < p->n_trend; i++)
		buf_printf(&line, " %s", fig_pct(p->trend[i].completion_rate,
		    0, pct, sizeof pct));
	out_pad(o, 2);
	out_cell(o, "trend", LABEL_W, false);
	out_pad(o, 1);
	out_wrap(o, line.s);
	buf_free(&line);
}

static void
plan_text(struct out *o, const struct model *m)
{
	const struct model_plan	*p;
	char			 a[FIG_LEN], b[FIG_LEN], *s;

	out_section(o, "PLAN");
	if (no_model(o, m))
		return;
	if (!m->has_plan) {
		out_line(o, "  (no current plan)");
		return;
	}
	p = &m->plan;
	s = xasprintf("%s to %s", stamp(p->week_start), stamp(p->week_end));
	out_kv(o, "week", s);
	free(s);
	out_kv(o, "id", p->id);
	out_kv(o, "status", p->status);
	out_kv(o, "owner", p->owner);
	s = xasprintf("%s completed (%s)", fig_fraction(p->completed_actions,
	    p->total_actions, a, sizeof a),
	    fig_pct(p->completion_rate, 0, b, sizeof b));
	out_kv(o, "actions", s);
	free(s);
	/* 0: unknown (a week that starts at -infinity). */
	s = p->elapsed_days > 0 ? xasprintf("%ld day%s", p->elapsed_days,
	    p->elapsed_days == 1 ? "" : "s") : xstrdup(NONE);
	out_kv(o, "elapsed", s);
	free(s);
	if (isfinite(p->velocity_per_day))
		snprintf(a, sizeof(a), "%.2f actions/day", p->velocity_per_day);
	else
		snprintf(a, sizeof(a), "%s", NONE);
	out_kv(o, "velocity", a);
	plan_trend_text(o, p);
	plan_owners_text(o, p);
}

static void
results_text(struct out *o, const struct model *m)
{
	static const struct col cols[] = {
		{ "CODE", 12, false }, { "STATUS", 11, false },
		{ "PROGRESS", 8, true }, { "DONE/TOTAL", 10, true },
		{ "TEXT", 0, false },
	};
	const struct model_result	*r;
	const char			*v[NCOLS(cols)];
	char				 a[FIG_LEN], b[FIG_LEN];
	size_t				 i;

	out_section(o, "RESULTS");
	if (no_model(o, m))
		return;
	if (m->n_results == 0) {
		out_line(o, "  (none)");
		return;
	}
	out_titles(o, 2, cols, NCOLS(cols));
	for (i = 0; i < m->n_results; i++) {
		r = &m->results[i];
		v[0] = r->code;
		v[1] = r->status;
		v[2] = fig_pct(r->progress, 0, a, sizeof a);
		v[3] = fig_fraction(r->completed, r->total, b, sizeof b);
		v[4] = r->text;
		out_row(o, 2, cols, NCOLS(cols), v);
	}
}

static void
action_group_text(struct out *o, enum feed_group g,
    const struct model_action_list *list)
{
	struct col cols[] = {
		{ "CODE", 15, false }, { "OWNER", 10, false },
		{ "STAGE", 7, false }, { "DUE", 16, false },
		{ "TEXT", 0, false },
	};
	const struct model_action	*a;
	const char			*v[NCOLS(cols)];
	char				 buf[FIG_LEN];
	bool				 done = g == FEED_COMPLETED_24H;
	size_t				 i;

	out_line(o, "  %s (%zu)", feed_group_name(g), list->n);
	if (list->n == 0)
		return;
	if (done)
		cols[3].title = "COMPLETED";
	out_titles(o, 4, cols, NCOLS(cols));
	for (i = 0; i < list->n; i++) {
		a = &list->v[i];
		v[0] = a->code;
		v[1] = a->owner;
		v[2] = a->funnel_stage;
		v[3] = fig_when(done ? a->completion_date : a->due_date, 0,
		    buf, sizeof buf);
		v[4] = a->text;
		out_row(o, 4, cols, NCOLS(cols), v);
		if (g == FEED_BLOCKED) {
			out_pad(o, 6);
			out_rest(o, "blocker: ");
			out_wrap(o, a->blocker);
		}
	}
}

static void
actions_text(struct out *o, const struct model *m)
{
	int g;

	out_section(o, "ACTIONS");
	if (no_model(o, m))
		return;
	for (g = 0; g < FEED_NGROUPS; g++)
		action_group_text(o, (enum feed_group)g, &m->feed[g]);
}

static void
agents_text(struct out *o, const struct model *m)
{
	static const struct col cols[] = {
		{ "NAME", 16, false }, { "BAND", 9, false },
		{ "SCORE", 5, true }, { "STATUS", 9, false },
		{ "HEARTBEAT", 9, true }, { "STALE", 5, false },
		{ "ACTION", 0, false },
	};
	const struct model_agent	*ag;
	const char			*v[NCOLS(cols)];
	char				 a[FIG_LEN], b[FIG_LEN];
	size_t				 i;

	out_section(o, "AGENTS");
	if (no_model(o, m))
		return;
	if (m->n_agents == 0) {
		out_line(o, "  (none)");
		return;
	}
	out_titles(o, 2, cols, NCOLS(cols));
	for (i = 0; i < m->n_agents; i++) {
		ag = &m->agents[i];
		v[0] = ag->name;
		v[1] = ag->band;
		v[2] = fig_num(opt_num_value(ag->health_score), 1, a,
		    sizeof a);
		v[3] = ag->status;
		v[4] = fig_age(opt_num_value(ag->last_heartbeat_age_s), 0, b,
		    sizeof b);
		v[5] = ag->stale ? "STALE" : "";
		v[6] = ag->current_action;
		out_row(o, 2, cols, NCOLS(cols), v);
	}
}

static void
deliverables_text(struct out *o, const struct model_revenue *rev)
{
	static const struct col cols[] = {
		{ "TARGET", 12, true }, { "ACTUAL", 12, true },
		{ "TYPE", 10, false }, { "STATUS", 10, false },
		{ "TITLE", 0, false },
	};
	const struct model_deliverable	*d;
	const char			*v[NCOLS(cols)];
	char				 a[FIG_LEN], b[FIG_LEN];
	size_t				 i;

	out_line(o, "  top deliverables");
	if (rev->n_top == 0) {
		out_line(o, "    (none)");
		return;
	}
	out_titles(o, 4, cols, NCOLS(cols));
	for (i = 0; i < rev->n_top; i++) {
		d = &rev->top[i];
		v[0] = fig_money(opt_num_value(d->revenue_target), 0, a,
		    sizeof a);
		v[1] = fig_money(opt_num_value(d->revenue_actual), 0, b,
		    sizeof b);
		v[2] = d->type;
		v[3] = d->status;
		v[4] = d->title;
		out_row(o, 4, cols, NCOLS(cols), v);
	}
}

static void
revenue_trend_text(struct out *o, const struct model_revenue *rev)
{
	static const struct col cols[] = {
		{ "WEEK", 10, false }, { "TARGET", 12, true },
		{ "ACTUAL", 12, true },
	};
	const char	*v[NCOLS(cols)];
	char		 a[FIG_LEN], b[FIG_LEN];
	size_t		 i;

	out_line(o, "  trend");
	if (rev->n_trend == 0) {
		out_line(o, "    (none)");
		return;
	}
	out_titles(o, 4, cols, NCOLS(cols));
	for (i = 0; i < rev->n_trend; i++) {
		v[0] = stamp(rev->trend[i].week_start);
		v[1] = fig_money(opt_num_value(rev->trend[i].target), 0, a,
		    sizeof a);
		v[2] = fig_money(opt_num_value(rev->trend[i].actual), 0, b,
		    sizeof b);
		out_row(o, 4, cols, NCOLS(cols), v);
	}
}

static void
revenue_text(struct out *o, const struct model *m)
{
	const struct model_revenue	*rev;
	char				 buf[FIG_LEN];

	out_section(o, "REVENUE");
	if (no_model(o, m))
		return;
	rev = &m->revenue;
	out_kv(o, "target", fig_money(opt_num_value(rev->target), 0, buf,
	    sizeof buf));
	out_kv(o, "actual", fig_money(opt_num_value(rev->actual), 0, buf,
	    sizeof buf));
	out_kv(o, "achievement", fig_pct(opt_num_value(rev->achievement_rate),
	    0, buf, sizeof buf));
	out_kv(o, "source", rev->source);
	deliverables_text(o, rev);
	revenue_trend_text(o, rev);
}

static void
funnel_text(struct out *o, const struct model *m)
{
	static const struct col cols[] = {
		{ "STAGE", 12, false }, { "ACTIONS", 7, true },
		{ "COMPLETED", 9, true }, { "OPEN", 6, true },
		{ "AVG DAYS", 8, true }, { "", 0, false },
	};
	const struct model_funnel	*f;
	const struct model_stage	*st;
	const char			*v[NCOLS(cols)];
	char				 a[FIG_LEN], b[FIG_LEN], c[FIG_LEN];
	char				 d[FIG_LEN];
	const char			*neck = NONE;
	size_t				 i;

	out_section(o, "FUNNEL");
	if (no_model(o, m))
		return;
	f = &m->funnel;
	if (f->bottleneck >= 0 && (size_t)f->bottleneck < f->n_stages)
		neck = f->stages[f->bottleneck].stage;
	if (f->n_stages == 0)
		out_line(o, "  (no stages)");
	else
		out_titles(o, 2, cols, NCOLS(cols));
	for (i = 0; i < f->n_stages; i++) {
		st = &f->stages[i];
		snprintf(a, sizeof(a), "%ld", st->actions);
		snprintf(b, sizeof(b), "%ld", st->completed);
		snprintf(c, sizeof(c), "%ld", st->open);
		v[0] = st->stage;
		v[1] = a;
		v[2] = b;
		v[3] = c;
		v[4] = fig_num(opt_num_value(st->avg_days), 1, d,
		    sizeof d);
		v[5] = (long)i == f->bottleneck ? "<- bottleneck" : "";
		out_row(o, 2, cols, NCOLS(cols), v);
	}
	out_kv(o, "bottleneck", neck);
	out_pad(o, 2);
	out_cell(o, "recommendation", LABEL_W, false);
	out_pad(o, 1);
	out_wrap(o, f->recommendation);
}

static void
services_text(struct out *o, const struct snapshot *snap)
{
	static const struct col cols[] = {
		{ "NAME", 12, false }, { "STATE", 8, false },
		{ "HTTP", 4, true }, { "LATENCY", 8, true },
		{ "P95", 8, true }, { "ERRORS", 6, true },
		{ "CHECKED", 0, false },
	};
	const struct svc_status	*sv;
	const char		*v[NCOLS(cols)];
	char			 a[FIG_LEN], b[FIG_LEN], c[FIG_LEN];
	char			 d[FIG_LEN];
	size_t			 i;

	out_section(o, "SERVICES");
	if (snap->services == NULL || snap->n_services == 0) {
		out_line(o, "  (none configured)");
		return;
	}
	out_titles(o, 2, cols, NCOLS(cols));
	for (i = 0; i < snap->n_services; i++) {
		sv = &snap->services[i];
		if (sv->http_status != 0)
			snprintf(a, sizeof(a), "%ld", sv->http_status);
		else
			snprintf(a, sizeof(a), "%s", NONE);
		v[0] = sv->name;
		v[1] = svc_state_name(sv->state);
		v[2] = a;
		v[3] = fig_ms(opt_num_value(sv->latency_ms), 0, b, sizeof b);
		v[4] = fig_ms(opt_num_value(sv->p95_ms), 0, c, sizeof c);
		v[5] = fig_pct(opt_num_value(sv->error_rate), 0, d,
		    sizeof d);
		v[6] = stamp(sv->checked_at);
		out_row(o, 2, cols, NCOLS(cols), v);
		if (sv->detail != NULL && sv->detail[0] != '\0') {
			out_pad(o, 6);
			out_wrap(o, sv->detail);
		}
	}
}

/* A group of alerts, where its first member would be: its summary over
 * the subject and message columns, since its oldest member, and under it
 * the oldest and the worst. */
static void
alert_group_text(struct out *o, const struct alert_group *g)
{
	static const struct col cols[] = {
		{ "SEVERITY", 8, false }, { "SINCE", 19, false },
		{ "SUMMARY", 0, false },
	};
	const char	*v[NCOLS(cols)];
	char		*summary = alert_group_summary(g);
	char		*detail = alert_group_detail(g, 0);

	v[0] = alert_severity_name(g->severity);
	v[1] = stamp(g->oldest->since);
	v[2] = summary;
	out_row(o, 2, cols, NCOLS(cols), v);
	out_pad(o, 2 + 8 + GAP + 19 + GAP);
	out_wrap(o, detail);
	free(detail);
	free(summary);
}

static void
alerts_text(struct out *o, const struct snapshot *snap)
{
	static const struct col cols[] = {
		{ "SEVERITY", 8, false }, { "SINCE", 19, false },
		{ "SUBJECT", 14, false }, { "MESSAGE", 0, false },
	};
	const struct alert	*al;
	const char		*v[NCOLS(cols)];
	size_t			 i;

	out_section(o, "ALERTS");
	if (snap->alerts == NULL || snap->n_alerts == 0) {
		out_line(o, "  (none)");
		return;
	}
	out_titles(o, 2, cols, NCOLS(cols));
	for (i = 0; i < snap->n_alerts; i++) {
		al = &snap->alerts[i];
		if (al->group != NULL) {
			if (al->group->first == al)
				alert_group_text(o, al->group);
			continue;
		}
		v[0] = alert_severity_name(al->severity);
		v[1] = stamp(al->since);
		v[2] = al->subject;
		v[3] = al->message;
		out_row(o, 2, cols, NCOLS(cols), v);
	}
}

char *
snapshot_text(const struct snapshot *snap, int width)
{
	struct out o;

	memset(&o, 0, sizeof(o));
	o.width = width > 0 ? width : DEFAULT_WIDTH;
	if (snap == NULL) {
		out_line(&o, "opsdeck snapshot: nothing to report");
		return buf_take(&o.b);
	}
	header_text(&o, snap);
	plan_text(&o, snap->model);
	results_text(&o, snap->model);
	actions_text(&o, snap->model);
	agents_text(&o, snap->model);
	revenue_text(&o, snap->model);
	funnel_text(&o, snap->model);
	services_text(&o, snap);
	alerts_text(&o, snap);
	return buf_take(&o.b);
}
