/*
 * The cockpit itself: its struct, private to the two files that need it.
 * cockpit.c owns the life cycle (the loop, the terminal, the dashboard,
 * the handles), the windows and the frame; cockpit-state.c is the only
 * code that changes what the cockpit shows and how (focus, zoom, mode,
 * prompt, search, message, help scroll, the feed filters, through the
 * dashboard) and marks what must be redrawn.  cockpit.c calls the state
 * module, never the other way round, and clears only the marks it drew.
 */
#ifndef OPSDECK_TUI_COCKPIT_INT_H
#define OPSDECK_TUI_COCKPIT_INT_H

#include <stdbool.h>

#include <uv.h>

#include "action.h"
#include "keys.h"
#include "prompt.h"
#include "term.h"
#include "tui-int.h"

/*
 * The application, on cockpit_run's stack for its whole life.  Owns what
 * is marked so; cockpit_quit (cockpit.c) hands the terminal back and
 * closes the dashboard and the handles, and cockpit_free releases the rest
 * when uv_run returns (the state module's part through state_free).
 */
struct cockpit {
	uv_loop_t		 loop;
	const struct cockpit_opts *opts;
	const struct config	*cfg;
	struct term		 term;
	struct theme		 theme;		/* owned */
	struct keytables	 keys;		/* owned */
	struct dashboard	*dash;		/* owned until dashboard_close */
	struct pane		 panes[PANE_COUNT];	/* owned */
	struct layout		 layout;
	WINDOW			*header;	/* owned windows */
	WINDOW			*status;
	WINDOW			*help;
	WINDOW			*notice;	/* LAYOUT_TINY only */
	WINDOW			*output;	/* the output view, when shown */
	uv_prepare_t		 prepare;
	uv_timer_t		 tick;
	uv_timer_t		 wall_timer;
	uv_timer_t		 output_timer;	/* paces the output view */
	bool			 handles_open;

	/* cockpit-state.c's */
	enum keytable_id	 base;		/* KT_NORMAL, KT_WALL, KT_READONLY */
	int			 focus;
	bool			 zoom;
	bool			 wall;
	enum mode		 mode;
	struct prompt		 prompt;
	char			*search;	/* last accepted search, owned */
	int			 search_origin;
	char			 prompt_label[160];
	struct action_req	 write;		/* the write being asked for,
						   its target pinned; owned */
	size_t			 deploy_service;	/* pinned by d / R */
	enum deploy_kind	 deploy_kind;
	int			 out_top;	/* output view: first line, -1 follows */
	char			*out_search;	/* owned */
	char			*message;	/* owned, until the next key */
	bool			 message_error;
	char			 hints[160];
	char			 hints_short[64];
	int			 help_top;
	bool			 quit_asked;	/* cockpit.c quits */

	/* marks: set by the state module (and by cockpit.c when windows
	 * go), cleared by the frame once drawn */
	bool			 relayout;
	bool			 dirty_header;
	bool			 dirty_status;
	bool			 dirty_output;
	bool			 bell;

	/* cockpit.c's */
	bool			 quitting;
	int			 rc;
	char			*fatal;		/* printed after endwin */
};

/* ---- cockpit-state.c --------------------------------------------------- */

/* The state at start, from the options; the key tables are loaded. */
void		 state_init(struct cockpit *, const struct cockpit_opts *);
/* A key from the terminal: its action in the mode in force, applied. */
void		 state_key(struct cockpit *, int key);
/* One action (ACT_INSERT: key is the character). */
void		 state_apply(struct cockpit *, enum action, int key);
/* dashboard_change_cb's news: what changed, critical alerts raised. */
void		 state_data(struct cockpit *, int what, int new_critical);
/* Time alone moved: freshness markers, the clock. */
void		 state_tick(struct cockpit *);
/* New output came (paced): the output view redraws, if it is shown. */
void		 state_output_due(struct cockpit *);
/* The wall's cycle: the next pane, when zoomed. */
void		 state_wall_step(struct cockpit *);
/* Everything redraws (new windows). */
void		 state_dirty_all(struct cockpit *);
/* Frees what the state owns (search, message, the pinned write). */
void		 state_free(struct cockpit *);

/* ---- cockpit-say.c: what the state module tells, called by its parts -- */

/* A one-line note in the status line until the next key (sanitized). */
void		 state_say(struct cockpit *, bool error, const char *, ...)
		     __attribute__((format(printf, 3, 4)));
void		 state_set_prompt_label(struct cockpit *, const char *);
/* A write's outcome or a journal matter from the dashboard: raw text. */
void		 state_dash_message(struct cockpit *, const char *);

/* ---- cockpit-write.c: the write keys, part of the state module -------- */

void		 state_write_key(struct cockpit *, enum action);
void		 state_write_prompt(struct cockpit *, enum action, int key);
void		 state_write_free(struct cockpit *);

/* ---- cockpit-deploy.c: the deploy keys and the output view ----------- */

void		 state_deploy_key(struct cockpit *, enum action);
void		 state_output_key(struct cockpit *, enum action, int key);
void		 state_deploy_prompt(struct cockpit *, enum action, int key);
void		 state_deploy_free(struct cockpit *);

#endif
