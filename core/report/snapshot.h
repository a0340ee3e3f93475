/*
 * Writers for `opsdeck snapshot` (spec §4): JSON through cJSON and a plain
 * text report that fits 80 columns.  They only read; the caller owns the
 * struct snapshot and everything it points to.
 */
#ifndef OPSDECK_SNAPSHOT_H
#define OPSDECK_SNAPSHOT_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "service.h"

struct snapshot {
	char			 generated_at[MODEL_TS_LEN];
	/* --now when given: "now" when the database cannot say it */
	char			 now[MODEL_TS_LEN];
	bool			 db_ok;
	const char		*db_error;	/* NULL when db_ok */
	char			 refreshed_at[MODEL_TS_LEN];	/* "" never */
	const struct model	*model;		/* NULL when nothing was read */
	const struct svc_status	*services;
	size_t			 n_services;
	const struct alert	*alerts;
	size_t			 n_alerts;
	/* Groups of alerts (alert-groups.h), pointing into alerts: the text
	 * shows each as one row, the JSON lists them beside every alert. */
	const struct alert_group *alert_groups;
	size_t			 n_alert_groups;
};

/* snapshot-json.c: a heap string, caller frees. */
char	*snapshot_json(const struct snapshot *);
/* snapshot-text.c: a heap string of lines no wider than `width` columns
 * with no control characters from the data. Caller frees. */
char	*snapshot_text(const struct snapshot *, int width);

#endif
