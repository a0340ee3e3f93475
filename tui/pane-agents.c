#include "autoconfig.h"

/*
 * AGENTS: one row per agent in the model's order (stale and failing ones
 * first): a dot in its band's colour, name, health score, band (when wide),
 * status, heartbeat age and current action.  A stale agent shows STALE in
 * place of its heartbeat age.  Heartbeat ages are quantized (fmt.c) so the
 * pane does not repaint at every refresh.
 */

#include <stdio.h>
#include <string.h>

#include "figures.h"
#include "tui-int.h"

#define AG_SCORE_W	6
#define AG_STATUS_W	8
#define AG_BEAT_W	6
#define AG_BAND_W	10
#define AG_NAME_MAX	16

static enum role
ag_band_role(const char *band)
{
	if (band == NULL)
		return ROLE_MUTED;
	if (strcmp(band, "excellent") == 0)
		return ROLE_OK;
	if (strcmp(band, "good") == 0)
		return ROLE_WARN;
	if (strcmp(band, "fair") == 0)
		return ROLE_FAIR;
	return ROLE_CRIT;
}

static enum role
ag_status_role(const char *status)
{
	if (status == NULL)
		return ROLE_MUTED;
	if (strcmp(status, "error") == 0 || strcmp(status, "offline") == 0)
		return ROLE_CRIT;
	if (strcmp(status, "active") == 0)
		return ROLE_NORMAL;
	return ROLE_MUTED;
}

static void
ag_draw(struct canvas *c, const struct view *v)
{
	const struct model	*m = &v->dash->model;
	const struct model_agent *a;
	char			 score[16], beat[16], key[96];
	int			 namew = 5, w, x, rest;
	bool			 band, action;
	size_t			 i;

	if (m->n_agents == 0) {
		if (canvas_line(c, NULL, NULL))
			canvas_text(c, 0, c->w, "no agents", ROLE_MUTED,
			    ALIGN_LEFT);
		return;
	}
	/* The widest name, up to the most a name is given. */
	for (i = 0; i < m->n_agents && namew < AG_NAME_MAX; i++) {
		w = text_width(m->agents[i].name);
		if (w > namew)
			namew = w;
	}
	if (namew > AG_NAME_MAX)
		namew = AG_NAME_MAX;
	rest = c->w - 2 - AG_SCORE_W - AG_STATUS_W - AG_BEAT_W;
	if (rest < namew + 1)
		namew = rest - 1 > 4 ? rest - 1 : 4;
	rest -= namew + 1;
	band = rest >= AG_BAND_W + 12;
	if (band)
		rest -= AG_BAND_W;
	action = rest >= 6;

	if (!c->terse && canvas_line(c, NULL, NULL)) {
		canvas_text(c, 2, namew, "AGENT", ROLE_LABEL, ALIGN_LEFT);
		x = 2 + namew + 1;
		canvas_text(c, x, AG_SCORE_W - 1, "SCORE", ROLE_LABEL,
		    ALIGN_RIGHT);
		x += AG_SCORE_W;
		if (band) {
			canvas_text(c, x, AG_BAND_W, "BAND", ROLE_LABEL,
			    ALIGN_LEFT);
			x += AG_BAND_W;
		}
		canvas_text(c, x, AG_STATUS_W, "STATUS", ROLE_LABEL,
		    ALIGN_LEFT);
		x += AG_STATUS_W;
		canvas_text(c, x, AG_BEAT_W - 1, "BEAT", ROLE_LABEL,
		    ALIGN_RIGHT);
		x += AG_BEAT_W;
		if (action)
			canvas_text(c, x + 1, c->w - x - 1, "ACTION",
			    ROLE_LABEL, ALIGN_LEFT);
	}
	for (i = 0; i < m->n_agents; i++) {
		a = &m->agents[i];
		snprintf(key, sizeof key, "g:%.80s", a->name);
		if (!canvas_line(c, key, a->name))
			continue;
		canvas_text(c, 0, 1, draw_glyph_dot(), ag_band_role(a->band),
		    ALIGN_LEFT);
		canvas_text(c, 2, namew, a->name, ROLE_NORMAL, ALIGN_LEFT);
		x = 2 + namew + 1;
		fig_num(opt_num_value(a->health_score), 0, score,
		    sizeof score);
		canvas_text(c, x, AG_SCORE_W - 1, score,
		    ag_band_role(a->band), ALIGN_RIGHT);
		x += AG_SCORE_W;
		if (band) {
			canvas_text(c, x, AG_BAND_W - 1, a->band ? a->band :
			    "-", ag_band_role(a->band), ALIGN_LEFT);
			x += AG_BAND_W;
		}
		canvas_text(c, x, AG_STATUS_W - 1, a->status ? a->status : "-",
		    ag_status_role(a->status), ALIGN_LEFT);
		x += AG_STATUS_W;
		if (a->stale)
			canvas_text(c, x, AG_BEAT_W - 1, "STALE", ROLE_STALE,
			    ALIGN_RIGHT);
		else {
			fmt_age_coarse(opt_num_value(a->last_heartbeat_age_s),
			    beat, sizeof beat);
			canvas_text(c, x, AG_BEAT_W - 1, beat, ROLE_MUTED,
			    ALIGN_RIGHT);
		}
		x += AG_BEAT_W;
		if (action)
			canvas_text(c, x + 1, c->w - x - 1, a->current_action ?
			    a->current_action : "-", a->current_action ?
			    ROLE_INFO : ROLE_MUTED, ALIGN_LEFT);
	}
}

const struct pane_type pane_agents_type = {
	.name = "AGENTS",
	.draw = ag_draw,
};
