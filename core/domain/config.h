/*
 * The configuration (spec §5): an INI file read with inih.
 *
 * config_load() fills a struct config that owns every string and vector in
 * it; config_free() releases them.  Durations are seconds (fractions allowed;
 * the file may also write 500ms, 30s, 2m, 1h).  Errors come back as one heap
 * string "FILE:LINE: reason" that the caller prints and frees.
 */
#ifndef OPSDECK_CONFIG_H
#define OPSDECK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct db_config {
	char	*conninfo;		/* NULL: libpq defaults */
	double	 refresh_s;		/* polling period, default 5 */
	double	 agent_stale_after_s;	/* default 120 */
	double	 connect_timeout_s;	/* default 10 */
	double	 query_timeout_s;	/* default 30 */
};

struct ui_config {
	char	*theme;			/* NULL: "default-dark" */
	char	*principal;		/* NULL: the plan's owner */
	char	*operator;		/* NULL: the login name (spec §6) */
	bool	 bell;			/* default yes */
	bool	 read_only;		/* default no */
	double	 wall_cycle_s;		/* wall mode: seconds per pane, default 10 */
	double	 stale_after_s;		/* "updated Ns ago" turns stale, default 3 x refresh */
};

struct alert_config {
	double	 down_for_s;		/* down this long: critical, default 120 */
	double	 error_rate_pct;	/* default 5 */
	double	 error_rate_for_s;	/* default 300 */
	double	 p95_ms;		/* default 10000 */
	double	 p95_for_s;		/* default 600 */
	bool	 agents;		/* stale/critical agents warn, default yes */
	bool	 blocked;		/* blocked actions inform, default yes */
};

struct svc_config {
	char	*name;
	char	*health;		/* URL, required */
	char	*metrics;		/* URL or NULL */
	double	 interval_s;		/* default 10 */
	double	 timeout_s;		/* default 5 */
	double	 latency_threshold_ms;	/* default 2000 */
	double	 p95_threshold_ms;	/* default: [alerts] p95_ms */
	double	 error_rate_threshold;	/* percent, default: [alerts] error_rate */
	char	*latency_histogram;	/* default http_request_duration_seconds */
	char	*requests_counter;	/* default http_requests_total */
	char	**deploy;		/* NULL-terminated argv, or NULL */
	char	**rollback;		/* NULL-terminated argv, or NULL */
	double	 verify_for_s;		/* default 60 */
	int	 verify_failures;	/* bad checks in a row that fail it, default 3 */
	bool	 auto_rollback;		/* default no */
	double	 command_timeout_s;	/* default 600 */
	int	 line;			/* where the section starts */
};

/* One line of [keys]: the TUI validates these, core/ only keeps them. */
struct key_config {
	char	*action;
	char	*keys;
	int	 line;
};

struct config {
	char			*path;	/* NULL when no file was read */
	struct db_config	 db;
	struct ui_config	 ui;
	struct alert_config	 alerts;
	struct svc_config	*services;
	size_t			 n_services;
	struct key_config	*keys;
	size_t			 n_keys;
};

/* config.c */
/* Every default, no file; frees nothing, so only on a fresh struct. */
void	config_init_defaults(struct config *);
/* 0 on success; -1 with *cause = "FILE:LINE: reason" (caller frees).
 * The struct must be initialized (config_init_defaults, config_free or an
 * earlier load): it is replaced only when the whole file is good, so a
 * failed reload keeps the configuration that was running.  A file that
 * cannot be opened or read gives "FILE: cannot open: ..." (no line). */
int	config_load(struct config *, const char *path, char **cause)
	    __attribute__((warn_unused_result));
/* The default path: $XDG_CONFIG_HOME/opsdeck/opsdeck.conf, then
 * ~/.config/opsdeck/opsdeck.conf.  Caller frees; NULL when no HOME. */
char	*config_default_path(void);
void	config_free(struct config *);

#endif
