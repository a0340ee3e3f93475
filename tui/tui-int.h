/*
 * The cockpit's drawing contract: what the files of tui/ that draw share
 * (themes, formats, drawing, the layout, canvases, panes, the header, the
 * status line, the help).  tui.h is the public face (cockpit_run) and stays
 * free of curses so cli/ can include it; this header is for tui/ only and
 * reaches curses through curses-compat.h.  The cockpit's own state (struct
 * cockpit) is private to cockpit.c and cockpit-state.c (cockpit-int.h);
 * keys and their tables are keys.h, the prompt's editor prompt.h, the
 * terminal term.h.
 *
 * Model.  One libuv loop drives everything.  Data arrives through the
 * dashboard's change callback, which only marks things dirty; keys are
 * translated to actions by the mode's key table (input.c) and applied by
 * the state module (cockpit-state.c), which also only marks things dirty.
 * A uv_prepare callback (cockpit.c) draws whatever is dirty into its own
 * WINDOW, wnoutrefreshes each, and calls doupdate once.  Drawing identical
 * content therefore sends nothing to the terminal.
 *
 * Every pane draws through a struct canvas: a list of virtual lines, clipped
 * to the pane's inner rectangle and scrolled by the pane's offset.  A pane is
 * drawn twice per frame, once to measure (count lines, collect selectable
 * items) and once for real, so scrolling and selection work the same way in
 * every pane without each one keeping its own geometry.
 */
#ifndef OPSDECK_TUI_INT_H
#define OPSDECK_TUI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "curses-compat.h"
#include "config.h"
#include "dashboard.h"
#include "keys.h"
#include "prompt.h"
#include "tui.h"
#include "sanitize.h"

/* ---- theme.c ----------------------------------------------------------- */

/* Semantic roles: nothing outside theme.c names a colour. */
enum role {
	ROLE_NORMAL,
	ROLE_OK,
	ROLE_WARN,
	ROLE_FAIR,
	ROLE_CRIT,
	ROLE_INFO,
	ROLE_MUTED,
	ROLE_FIGURE,
	ROLE_LABEL,
	ROLE_TITLE,
	ROLE_TITLE_FOCUS,
	ROLE_BORDER,
	ROLE_BORDER_FOCUS,
	ROLE_SELECTION,
	ROLE_BAR_FILL,
	ROLE_BAR_EMPTY,
	ROLE_SPARK,
	ROLE_TARGET,
	ROLE_STALE,
	ROLE_HEADER,
	ROLE_STATUS,
	ROLE_KEY,
	ROLE_PROMPT,
	ROLE_COUNT
};

struct theme_style {
	short	 fg;		/* -1: the terminal's default */
	short	 bg;
	attr_t	 attrs;
	bool	 set;
};

/*
 * A parsed theme file.  Owns name and path; theme_free releases them.
 * roles8 holds the optional [roles-8] overrides for terminals with fewer
 * than 256 colours.
 */
struct theme {
	char			*name;
	char			*path;
	struct theme_style	 roles[ROLE_COUNT];
	struct theme_style	 roles8[ROLE_COUNT];
};

/* 0, or -1 with *cause (caller frees): unknown theme (naming where it was
 * looked for) or a bad file ("FILE:LINE: reason"). */
int		 theme_load(struct theme *, const char *name, char **cause)
		     __attribute__((warn_unused_result));
/* After initscr: allocate colour pairs (or, with colour off, use attributes
 * only) and make theme_attr answer for every role. */
void		 theme_apply(const struct theme *, bool colour);
attr_t		 theme_attr(enum role);
const char	*theme_role_name(enum role);
void		 theme_free(struct theme *);

/* ---- fmt.c ------------------------------------------------------------- */

/* "12s", "5m", "3h", "2d": a duration in its largest whole unit. */
void		 fmt_span(double seconds, char *, size_t);
/* A heartbeat age quantized to 10 s below a minute, so it changes rarely. */
void		 fmt_age_coarse(double seconds, char *, size_t);
/* "$98,000", or with compact "$98K" / "$1.2M"; "-" for no value. */
void		 fmt_money(const struct opt_num *, bool compact, char *, size_t);
/* Whole percent, rounded: "68%". */
void		 fmt_pct(double, char *, size_t);
/* "Oct 26 15:00" from a timestamp; "" when it does not parse. */
void		 fmt_when(const char *ts, char *, size_t);
/* "Middle" from "middle". */
void		 fmt_capitalize(const char *, char *, size_t);

/* ---- draw.c ------------------------------------------------------------ */

#define ALIGN_LEFT	0
#define ALIGN_RIGHT	1

/* Process-wide: draw 7-bit glyphs and borders (no UTF-8 codeset). */
void		 draw_set_ascii(bool);
bool		 draw_ascii(void);
/*
 * Untrusted text at (y, x), sanitized and cut to at most width columns
 * (never wrapping); ALIGN_RIGHT pads on the left.  Returns columns drawn.
 */
int		 draw_text(WINDOW *, int y, int x, int width, const char *,
		     attr_t, int align);
/* width blanks. */
void		 draw_fill(WINDOW *, int y, int x, int width, attr_t);
/* A bar of width cells filled to pct (0-100), eighths in UTF-8. */
void		 draw_bar(WINDOW *, int y, int x, int width, double pct,
		     attr_t fill, attr_t empty);
/* One cell per value, scaled between lo and hi. */
void		 draw_spark(WINDOW *, int y, int x, const double *, size_t n,
		     double lo, double hi, attr_t);
/* A box around the rectangle (heavy lines when focused, ASCII fallback). */
void		 draw_box(WINDOW *, int y, int x, int h, int w, bool heavy,
		     attr_t);
/* Glyphs with ASCII fallbacks. */
const char	*draw_glyph_state(enum svc_state);
const char	*draw_glyph_dot(void);
const char	*draw_glyph_arrow(void);
const char	*draw_glyph_sep(void);
/* Splits s into lines of at most width columns at blanks; returns the
 * number of lines, filling at most max of lines[] (caller frees each). */
int		 draw_wrap(const char *, int width, char **lines, int max);

/* ---- gap-attrs.c ------------------------------------------------------- */

/* After drawing a window: short gaps of plain blanks between two drawn
 * cells take the attribute of the cell before them when it shows nothing
 * on a blank, so that curses need not switch attributes off and on again
 * around every gap.  The picture does not change. */
void		 gap_attrs_fill(WINDOW *);
/* A blank that looks like a plain one (whatever its invisible attribute). */
bool		 gap_attrs_blank(const cchar_t *);

/* ---- layout.c ---------------------------------------------------------- */

#define PANE_COUNT	6

enum pane_id {
	PANE_SERVICES,
	PANE_WEEK,
	PANE_ACTIONS,
	PANE_AGENTS,
	PANE_REVENUE,
	PANE_FUNNEL
};

struct rect {
	int	y, x, h, w;
};

enum layout_kind {
	LAYOUT_GRID,		/* >= 120x30: 3 columns x 2 rows */
	LAYOUT_COMPACT,		/* >= 80x24: 2 columns x 3 rows */
	LAYOUT_SINGLE,		/* smaller: one pane at a time */
	LAYOUT_TINY		/* too small for anything but a notice */
};

struct layout {
	enum layout_kind kind;
	bool		 zoomed;	/* one pane fills the body */
	struct rect	 header;
	struct rect	 status;
	struct rect	 pane[PANE_COUNT];
	bool		 visible[PANE_COUNT];
};

void		 layout_compute(struct layout *, int rows, int cols, int focus,
		     bool zoom);
const char	*layout_name(enum layout_kind);

/* ---- canvas.c ---------------------------------------------------------- */

/* A selectable line: its identity across refreshes and its search text.
 * key and text point into the block that holds the items. */
struct canvas_item {
	const char	*key;
	const char	*text;
	int		 line;		/* its virtual line */
	size_t		 key_at;	/* while measuring: offsets in strings */
	size_t		 text_at;
};

/*
 * Virtual lines clipped to a rectangle.  While measuring (win == NULL)
 * nothing is drawn; lines are counted and items recorded in items[], their
 * strings one after another in strings[] (a pane of 5 000 agents measured
 * twice a second would otherwise allocate 20 000 strings a second); both
 * owned by the canvas until canvas_take_items.
 */
struct canvas {
	WINDOW			*win;
	int			 y0, x0, w, h;
	int			 top;		/* first virtual line shown */
	int			 line;		/* lines emitted so far */
	int			 row;		/* window row of the current line, -1 */
	bool			 terse;		/* small pane: drop headings */
	/* selection */
	int			 sel;		/* selected item, -1 none */
	bool			 show_sel;
	bool			 on_sel;	/* current line is the selection */
	int			 sel_line;	/* virtual line of the selection */
	int			 n_items;
	struct canvas_item	*items;
	size_t			 n_alloc;
	char			*strings;
	size_t			 strings_len, strings_alloc;
};

void		 canvas_init(struct canvas *, WINDOW *, struct rect inner,
		     int top, int sel);
/* Starts the next line; key non-NULL makes it a selectable item with
 * search text (NULL: the key).  Returns true when the line is on screen. */
bool		 canvas_line(struct canvas *, const char *key, const char *);
/* Text at column col of the current line within width columns (clipped to
 * the canvas).  Returns columns drawn. */
int		 canvas_text(struct canvas *, int col, int width, const char *,
		     enum role, int align);
void		 canvas_bar(struct canvas *, int col, int width, double pct);
void		 canvas_spark(struct canvas *, int col, const double *,
		     size_t, double lo, double hi, enum role);
/* A blank line. */
void		 canvas_skip(struct canvas *);
/* Moves the items out, with their strings, in one block (the caller frees
 * it with canvas_items_free). */
struct canvas_item *canvas_take_items(struct canvas *, int *n);
void		 canvas_items_free(struct canvas_item *);
void		 canvas_done(struct canvas *);

/* ---- pane.c ------------------------------------------------------------ */


/* What every pane may read while drawing; valid for one frame. */
struct view {
	const struct dash_view	*dash;
	const struct config	*cfg;
	uint64_t		 now_ms;	/* loop time */
	int64_t			 model_now;	/* model.now in seconds, -1 */
	bool			 wall;
	bool			 focused;
	bool			 alone;		/* the only pane on screen */
	bool			 zoomed;	/* ... by the zoom, not a small screen */
	/* the database panes' freshness */
	enum fresh		 db_fresh;
	double			 db_age;
};

struct pane;

/* One pane kind (pane-*.c).  draw emits virtual lines into the canvas;
 * fresh may be NULL (then the database's freshness applies). */
struct pane_type {
	const char	*name;
	void		(*draw)(struct canvas *, const struct view *);
	enum fresh	(*fresh)(const struct view *, double *age, int *count);
};

/* A pane on screen.  Owns win, sel_key and items; pane_free releases them. */
struct pane {
	const struct pane_type	*type;
	int			 index;		/* 0-5: its number is index+1 */
	WINDOW			*win;
	struct rect		 r;
	bool			 dirty;
	int			 top;
	int			 sel;		/* -1: none */
	char			*sel_key;
	struct canvas_item	*items;		/* from the last frame */
	int			 n_items;
	int			 n_lines;
	int			 inner_h;
};

extern const struct pane_type pane_services_type;
extern const struct pane_type pane_week_type;
extern const struct pane_type pane_actions_type;
extern const struct pane_type pane_agents_type;
extern const struct pane_type pane_revenue_type;
extern const struct pane_type pane_funnel_type;

void		 pane_init(struct pane *, const struct pane_type *, int index);
/* Gives the pane a window at r (or none when hidden). -1 when newwin
 * failed. */
int		 pane_place(struct pane *, const struct rect *, bool visible);
/* Drops the pane's window (before a resize of stdscr, which it shares). */
void		 pane_unplace(struct pane *);
void		 pane_draw(struct pane *, const struct view *);
/* Navigation keys; true when handled. */
bool		 pane_key(struct pane *, enum action);
/* Moves the selection to the next (dir 1) or previous (-1) item whose text
 * contains needle, starting after (before) from; true when found. */
bool		 pane_search(struct pane *, const char *needle, int from,
		     int dir);
void		 pane_free(struct pane *);
/* "live", "12s ago", "stale 45s", "waiting": the title's freshness text. */
void		 pane_fresh_text(enum fresh, double age, int count, char *,
		     size_t, enum role *);

/* ---- header.c ---------------------------------------------------------- */

void		 header_draw(WINDOW *, int width, const struct view *,
		     const char *filters);

/* ---- statusline.c ------------------------------------------------------ */

struct status_info {
	enum mode	 mode;
	const char	*message;	/* transient, NULL for none */
	bool		 message_error;
	const char	*prompt_label;	/* in MODE_SEARCH / MODE_FILTER */
	const struct prompt *prompt;
	const char	*hints;		/* "? help  q quit ...": base key table */
	const char	*hints_short;	/* when the long ones do not fit */
};

void		 statusline_draw(WINDOW *, int width, const struct view *,
		     const struct status_info *);

/* ---- prompt-draw.c ----------------------------------------------------- */

/* Draws "label text" with a block cursor at (y, x) within width. */
void		 prompt_draw(const struct prompt *, WINDOW *, int y, int x,
		     int width, const char *label);

/* ---- help.c ------------------------------------------------------------ */

/* The overlay lists every bindable action with its keys in the table it
 * is given (the normal one, which binds them all).  Lines of the help text
 * (for scrolling): */
int		 help_lines(const struct keytable *);
/* The overlay, from line top on, into its window. */
void		 help_draw(WINDOW *, const struct keytable *, int top);
/* Its window's rectangle, centred in rows x cols. */
void		 help_size(const struct keytable *, int rows, int cols,
		     struct rect *);

/* ---- output.c ------------------------------------------------------------ */

/* The output view's rectangle: nearly the whole screen. */
void		 output_size(int rows, int cols, struct rect *);
/* The first line shown: top, or the end's page when top < 0 (follow). */
int		 output_first_line(const struct view_deploy *, int top,
		     int body_h);
/* d may be NULL (nothing ran yet); lines matching search stand out. */
void		 output_draw(WINDOW *, const struct view_deploy *, uint64_t now_ms,
		     int top, const char *search);

#endif
