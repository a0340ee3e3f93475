/*
 * Freshness, decided once for every reader of the view (see view.h): the
 * header, the status line and every pane title apply the same windows.
 */
#include "autoconfig.h"

#include "view.h"

/* A service without its own interval is checked every 10 s (config.h). */
static double
service_interval(const struct config *cfg, size_t i)
{
	if (i < cfg->n_services && cfg->services[i].interval_s > 0)
		return cfg->services[i].interval_s;
	return 10;
}

enum fresh
view_db_fresh(const struct dash_view *v, const struct config *cfg,
    uint64_t now_ms, double *age_s)
{
	double window = 2 * cfg->db.refresh_s + 1;

	*age_s = 0;
	if (!v->db.has_model)
		return FRESH_WAIT;
	if (now_ms > v->db.refreshed_ms)
		*age_s = (double)(now_ms - v->db.refreshed_ms) / 1000.0;
	if (!v->db.last_ok)
		return FRESH_STALE;
	/* A listening session hears of every change: its model is current
	 * however long ago the last change was. */
	if (v->db.listening && v->db.state == DB_OK)
		return FRESH_LIVE;
	if (*age_s > cfg->ui.stale_after_s)
		return FRESH_STALE;
	if (*age_s >= window)
		return FRESH_LATE;
	return FRESH_LIVE;
}

enum fresh
view_service_fresh(const struct dash_view *v, const struct config *cfg,
    size_t i, uint64_t now_ms, double *age_s)
{
	const struct svc_status *s = &v->services[i];
	double iv = service_interval(cfg, i);

	*age_s = 0;
	if (s->checked_ms == 0)
		return FRESH_WAIT;
	if (now_ms > s->checked_ms)
		*age_s = (double)(now_ms - s->checked_ms) / 1000.0;
	if (*age_s > 3 * iv)
		return FRESH_STALE;
	if (*age_s >= 2 * iv + 1)
		return FRESH_LATE;
	return FRESH_LIVE;
}

const char *
deploy_kind_name(enum deploy_kind k)
{
	switch (k) {
	case DEPLOY_KIND_DEPLOY:	return "deploy";
	case DEPLOY_KIND_ROLLBACK:	return "rollback";
	case DEPLOY_KIND_AUTO_ROLLBACK:	return "auto_rollback";
	}
	return "?";
}
