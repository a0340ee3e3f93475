#include "autoconfig.h"

/*
 * SERVICES: one row per configured service (state glyph, name, latency,
 * p95, error rate, age of the last check) and, below, the alerts over
 * services, agents and actions.  Many alerts of one kind are one row, their
 * group (core/domain/alert-groups.h), where the first of them would be;
 * zoomed, the pane lists the group's alerts under it.  The wall's own zoom
 * keeps groups shut: it shows each pane for a moment and scrolls nothing.
 *
 * A service's age reads "live" while its last check is within its expected
 * window (2 x interval + 1 s), so an idle screen does not tick; beyond that
 * the age shows, and past 3 x interval the row is marked stale.  Columns are
 * dropped right to left as the pane narrows (p95, then error rate, then
 * age); the name column takes what is left.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert-groups.h"
#include "figures.h"
#include "tui-int.h"
#include "xalloc.h"

#define SVC_LAT_W	7
#define SVC_P95_W	7
#define SVC_ERR_W	7
#define SVC_AGE_W	6

static void	svc_deploy_line(struct canvas *, const struct view *,
		    const char *);

static enum role
svc_role(enum svc_state st)
{
	switch (st) {
	case SVC_UP:
		return ROLE_OK;
	case SVC_DEGRADED:
		return ROLE_WARN;
	case SVC_DOWN:
		return ROLE_CRIT;
	case SVC_UNKNOWN:
		break;
	}
	return ROLE_MUTED;
}

/* The pane's title: stale when any service is (counted), else late when
 * any is (the oldest age), waiting until one was checked. */
static enum fresh
svc_fresh(const struct view *v, double *age, int *count)
{
	const struct dash_view	*d = v->dash;
	enum fresh		 f = FRESH_LIVE, sf;
	size_t			 i, checked = 0;
	double			 a;

	*age = 0;
	*count = 0;
	if (d->n_services == 0)
		return FRESH_NONE;
	for (i = 0; i < d->n_services; i++) {
		sf = view_service_fresh(d, v->cfg, i, v->now_ms, &a);
		if (sf == FRESH_WAIT)
			continue;
		checked++;
		if (sf == FRESH_STALE) {
			(*count)++;
			f = FRESH_STALE;
		} else if (sf == FRESH_LATE && f == FRESH_LIVE) {
			f = FRESH_LATE;
			if (a > *age)
				*age = a;
		}
	}
	if (checked == 0)
		return FRESH_WAIT;
	return f;
}

static void
svc_rows(struct canvas *c, const struct view *v)
{
	const struct dash_view	*d = v->dash;
	const struct svc_status	*s;
	char			 lat[16], p95[16], err[16], age[16], key[128];
	bool			 show_p95, show_err, show_age;
	int			 namew, x, rest, longest;
	double			 a;
	enum fresh		 sf;
	enum role		 arole;
	size_t			 i;

	rest = c->w - 2 - SVC_LAT_W;
	show_age = rest - SVC_AGE_W >= 8;
	if (show_age)
		rest -= SVC_AGE_W;
	show_err = rest - SVC_ERR_W >= 10;
	if (show_err)
		rest -= SVC_ERR_W;
	show_p95 = rest - SVC_P95_W >= 10;
	if (show_p95)
		rest -= SVC_P95_W;
	/* Figures stay next to the names on a wide pane. */
	longest = 8;
	for (i = 0; i < d->n_services; i++) {
		if (text_width(d->services[i].name) + 2 > longest)
			longest = text_width(d->services[i].name) + 2;
	}
	namew = rest < longest ? rest : longest;

	if (!c->terse && canvas_line(c, NULL, NULL)) {
		x = 2 + namew;
		canvas_text(c, 2, namew, "SERVICE", ROLE_LABEL, ALIGN_LEFT);
		canvas_text(c, x, SVC_LAT_W, "LAT", ROLE_LABEL, ALIGN_RIGHT);
		x += SVC_LAT_W;
		if (show_p95) {
			canvas_text(c, x, SVC_P95_W, "P95", ROLE_LABEL,
			    ALIGN_RIGHT);
			x += SVC_P95_W;
		}
		if (show_err) {
			canvas_text(c, x, SVC_ERR_W, "ERR", ROLE_LABEL,
			    ALIGN_RIGHT);
			x += SVC_ERR_W;
		}
		if (show_age)
			canvas_text(c, x, SVC_AGE_W, "CHECK", ROLE_LABEL,
			    ALIGN_RIGHT);
	}
	for (i = 0; i < d->n_services; i++) {
		s = &d->services[i];
		snprintf(key, sizeof key, "s:%s", s->name);
		if (canvas_line(c, key, s->name)) {
			sf = view_service_fresh(d, v->cfg, i, v->now_ms, &a);
			/* Whole milliseconds, so they change rarely. */
			fig_ms(opt_num_value(s->latency_ms), FIG_NARROW, lat,
			    sizeof lat);
			fig_ms(opt_num_value(s->p95_ms), FIG_NARROW, p95,
			    sizeof p95);
			fig_pct(opt_num_value(s->error_rate), FIG_NARROW, err,
			    sizeof err);
			arole = ROLE_MUTED;
			if (sf == FRESH_WAIT)
				snprintf(age, sizeof age, "-");
			else if (sf == FRESH_LIVE)
				snprintf(age, sizeof age, "live");
			else {
				fmt_span(a, age, sizeof age);
				arole = sf == FRESH_STALE ? ROLE_STALE : ROLE_WARN;
			}
			canvas_text(c, 0, 1, draw_glyph_state(s->state),
			    svc_role(s->state), ALIGN_LEFT);
			canvas_text(c, 2, namew - 1, s->name,
			    sf == FRESH_STALE ? ROLE_STALE : ROLE_NORMAL,
			    ALIGN_LEFT);
			x = 2 + namew;
			canvas_text(c, x, SVC_LAT_W, lat, ROLE_FIGURE,
			    ALIGN_RIGHT);
			x += SVC_LAT_W;
			if (show_p95) {
				canvas_text(c, x, SVC_P95_W, p95, ROLE_NORMAL,
				    ALIGN_RIGHT);
				x += SVC_P95_W;
			}
			if (show_err) {
				canvas_text(c, x, SVC_ERR_W, err,
				    s->error_rate.has && s->error_rate.v > 0 ?
				    ROLE_WARN : ROLE_NORMAL, ALIGN_RIGHT);
				x += SVC_ERR_W;
			}
			if (show_age)
				canvas_text(c, x, SVC_AGE_W, age, arole,
				    ALIGN_RIGHT);
		}
		svc_deploy_line(c, v, s->name);
		/* Why a service is not up, under it. */
		if (!c->terse && s->state != SVC_UP && s->state !=
		    SVC_UNKNOWN && s->detail != NULL && *s->detail != '\0' &&
		    canvas_line(c, NULL, NULL)) {
			canvas_text(c, 2, 2, draw_ascii() ? "`-" : "\u2514",
			    ROLE_MUTED, ALIGN_LEFT);
			canvas_text(c, 4, c->w - 4, s->detail,
			    svc_role(s->state), ALIGN_LEFT);
		}
	}
}

static const char *
svc_sev_tag(enum alert_severity s, enum role *r)
{
	switch (s) {
	case ALERT_CRITICAL:
		*r = ROLE_CRIT;
		return "CRIT";
	case ALERT_WARNING:
		*r = ROLE_WARN;
		return "WARN";
	case ALERT_INFO:
		break;
	}
	*r = ROLE_INFO;
	return "INFO";
}

/* The right-hand column of an alert's row: when it began. */
static void
svc_since(struct canvas *c, const char *ts, int sincew)
{
	char since[32];

	if (sincew <= 0)
		return;
	fmt_when(ts, since, sizeof since);
	canvas_text(c, c->w - sincew, sincew, since, ROLE_MUTED, ALIGN_RIGHT);
}

/* One alert: its severity, subject, message and since. */
static void
svc_alert_row(struct canvas *c, const struct alert *al, int subw, int sincew)
{
	char			 key[256], search[512];
	const char		*tag;
	enum role		 r;
	int			 x;

	snprintf(key, sizeof key, "a:%s:%.200s", al->subject, al->message);
	snprintf(search, sizeof search, "%s %s", al->subject, al->message);
	if (!canvas_line(c, key, search))
		return;
	tag = svc_sev_tag(al->severity, &r);
	canvas_text(c, 0, 4, tag, r, ALIGN_LEFT);
	canvas_text(c, 5, subw, al->subject, ROLE_FIGURE, ALIGN_LEFT);
	x = 5 + subw + 1;
	canvas_text(c, x, c->w - x - sincew, al->message, ROLE_NORMAL,
	    ALIGN_LEFT);
	svc_since(c, al->since, sincew);
}

/* A group: shut or open, its summary, its oldest and worst, and since
 * when its oldest holds. */
static void
svc_group_row(struct canvas *c, const struct alert_group *g, bool open,
    int sincew)
{
	char			 key[64];
	char			*summary, *detail, *search;
	const char		*tag, *mark;
	enum role		 r;
	int			 x;

	summary = alert_group_summary(g);
	detail = alert_group_detail(g, FIG_NARROW);
	search = xasprintf("%s: %s", summary, detail);
	snprintf(key, sizeof key, "g:%s", alert_kind_name(g->kind));
	if (canvas_line(c, key, search)) {
		tag = svc_sev_tag(g->severity, &r);
		if (draw_ascii())
			mark = open ? "-" : "+";
		else
			mark = open ? "\u25be" : "\u25b8";
		canvas_text(c, 0, 4, tag, r, ALIGN_LEFT);
		canvas_text(c, 5, 1, mark, ROLE_MUTED, ALIGN_LEFT);
		x = 7 + canvas_text(c, 7, c->w - 7 - sincew, summary,
		    ROLE_FIGURE, ALIGN_LEFT);
		x += canvas_text(c, x, c->w - x - sincew, ": ", ROLE_NORMAL,
		    ALIGN_LEFT);
		canvas_text(c, x, c->w - x - sincew, detail, ROLE_NORMAL,
		    ALIGN_LEFT);
		svc_since(c, g->oldest->since, sincew);
	}
	free(search);
	free(detail);
	free(summary);
}

static void
svc_alerts(struct canvas *c, const struct view *v)
{
	const struct dash_view	*d = v->dash;
	const struct alert	*al;
	char			 head[96];
	int			 n[3] = { 0, 0, 0 }, subw = 0, sw, x, sincew;
	bool			 open = v->zoomed && !v->wall;
	size_t			 i, j;

	for (i = 0; i < d->n_alerts; i++) {
		if (d->alerts[i].severity <= ALERT_CRITICAL)
			n[d->alerts[i].severity]++;
		/* The subjects of the rows shown set their column. */
		if (d->alerts[i].group != NULL && !open)
			continue;
		sw = text_width(d->alerts[i].subject);
		if (sw > subw)
			subw = sw;
	}
	if (subw > 16)
		subw = 16;
	if (subw > c->w / 3)
		subw = c->w / 3;
	if (!c->terse)
		canvas_skip(c);
	if (canvas_line(c, NULL, NULL)) {
		x = canvas_text(c, 0, c->w, "ALERTS", ROLE_LABEL, ALIGN_LEFT);
		if (d->n_alerts == 0)
			canvas_text(c, x + 1, c->w - x - 1, "none", ROLE_MUTED,
			    ALIGN_LEFT);
		else {
			x++;
			if (n[ALERT_CRITICAL] > 0) {
				snprintf(head, sizeof head, "%d crit ",
				    n[ALERT_CRITICAL]);
				x += canvas_text(c, x, c->w - x, head,
				    ROLE_CRIT, ALIGN_LEFT);
			}
			if (n[ALERT_WARNING] > 0) {
				snprintf(head, sizeof head, "%d warn ",
				    n[ALERT_WARNING]);
				x += canvas_text(c, x, c->w - x, head,
				    ROLE_WARN, ALIGN_LEFT);
			}
			if (n[ALERT_INFO] > 0) {
				snprintf(head, sizeof head, "%d info",
				    n[ALERT_INFO]);
				canvas_text(c, x, c->w - x, head, ROLE_INFO,
				    ALIGN_LEFT);
			}
		}
	}
	sincew = c->w >= 48 ? 13 : 0;
	for (i = 0; i < d->n_alerts; i++) {
		al = &d->alerts[i];
		if (al->group == NULL) {
			svc_alert_row(c, al, subw, sincew);
			continue;
		}
		if (al->group->first != al)
			continue;	/* shown with its group */
		svc_group_row(c, al->group, open, sincew);
		for (j = i; open && j < d->n_alerts; j++) {
			if (d->alerts[j].group == al->group)
				svc_alert_row(c, &d->alerts[j], subw, sincew);
		}
	}
}

/* This cockpit's deploy of the service, under its row, while it runs
 * and once it ended: deploying, verifying, rolled back, its status. */
static void
svc_deploy_line(struct canvas *c, const struct view *v, const char *name)
{
	const struct view_deploy *d = v->dash->deploy;
	char line[160];
	enum role r = ROLE_WARN;

	if (d == NULL || strcmp(d->service, name) != 0)
		return;
	if (d->phase == DEPLOY_RUNNING || d->phase == DEPLOY_LOCKING)
		snprintf(line, sizeof line, "%s%s", d->kind ==
		    DEPLOY_KIND_DEPLOY ? "deploying" : "rolling back",
		    draw_ascii() ? "..." : "\u2026");
	else if (d->phase == DEPLOY_VERIFYING)
		snprintf(line, sizeof line, "verifying %s (%d bad in a row)",
		    deploy_kind_name(d->kind), d->bad_in_row);
	else {
		snprintf(line, sizeof line, "%s%s: %s", d->rolled_back ?
		    "rolled back after " : "", d->rolled_back ? "deploy" :
		    deploy_kind_name(d->kind), d->status ? d->status : "");
		r = d->rolled_back || (d->status != NULL &&
		    strcmp(d->status, "verified") != 0) ? ROLE_CRIT : ROLE_OK;
	}
	if (!canvas_line(c, NULL, NULL))
		return;
	canvas_text(c, 2, 2, draw_ascii() ? "`-" : "\u2514", ROLE_MUTED,
	    ALIGN_LEFT);
	canvas_text(c, 4, c->w - 4, line, r, ALIGN_LEFT);
}

/* Zoomed: the last runs of every service (opsdeck.deployments): when,
 * who, what, how it ended, verified or not; interrupted when a crash left
 * it unfinished. */
static void
svc_deploys(struct canvas *c, const struct view *v)
{
	const struct deploy_history *h = v->dash->deploys;
	const struct deploy_row *r;
	char line[512];
	size_t i;

	if (!v->alone || h == NULL || h->n == 0)
		return;
	canvas_skip(c);
	if (canvas_line(c, NULL, NULL))
		canvas_text(c, 0, c->w, "DEPLOYS", ROLE_LABEL, ALIGN_LEFT);
	for (i = 0; i < h->n; i++) {
		r = &h->v[i];
		if (!canvas_line(c, NULL, NULL))
			continue;
		snprintf(line, sizeof line, "%s  %-12.40s %-13s %-10.30s %s%s%s",
		    r->started_at ? r->started_at : "-", r->service, r->kind,
		    r->operator, r->interrupted ? "interrupted" : r->running ?
		    "running" : r->outcome ? r->outcome : "-",
		    r->verification ? ", " : "",
		    r->verification ? r->verification : "");
		canvas_text(c, 0, c->w, line, r->interrupted ? ROLE_WARN :
		    r->verification != NULL && strcmp(r->verification,
		    "verified") != 0 ? ROLE_CRIT : ROLE_NORMAL, ALIGN_LEFT);
	}
}

static void
svc_draw(struct canvas *c, const struct view *v)
{
	if (v->dash->n_services == 0) {
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "no services configured",
			    ROLE_MUTED, ALIGN_LEFT);
	} else
		svc_rows(c, v);
	svc_alerts(c, v);
	svc_deploys(c, v);
}

const struct pane_type pane_services_type = {
	.name = "SERVICES",
	.draw = svc_draw,
	.fresh = svc_fresh,
};
