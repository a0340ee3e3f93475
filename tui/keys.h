/*
 * Keys and what they mean (keys.c, input.c).
 *
 * A key table maps a key to an action.  Each mode of the cockpit reads its
 * own table, so what a mode must not offer is simply not in it: the wall
 * display's table has no selection, prompt or escape keys, the help
 * overlay's only closes and scrolls, the prompts' edit the line.  The
 * tables of the normal, wall and help modes are derived from one set of
 * bindings (the defaults, written in the [keys] syntax, then the config's
 * [keys] lines), so a rebinding holds in every mode that offers the
 * action; the prompts' keys are fixed, so a prompt stays usable whatever
 * [keys] says.
 *
 * Nothing here calls curses: keys are plain numbers and the tables data,
 * so all of it can be tested without a terminal.
 */
#ifndef OPSDECK_TUI_KEYS_H
#define OPSDECK_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "curses-compat.h"
#include "config.h"

enum action {
	ACT_NONE = -1,
	/* Bindable: the [keys] section names them, the help lists them. */
	ACT_FOCUS_NEXT,
	ACT_FOCUS_PREV,
	ACT_FOCUS_1,
	ACT_FOCUS_2,
	ACT_FOCUS_3,
	ACT_FOCUS_4,
	ACT_FOCUS_5,
	ACT_FOCUS_6,
	ACT_ZOOM,
	ACT_DOWN,
	ACT_UP,
	ACT_PAGE_DOWN,
	ACT_PAGE_UP,
	ACT_HOME,
	ACT_END,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_FILTER,
	ACT_REFRESH,
	ACT_COMPLETE,		/* the writes (spec §6.1): ACTIONS only */
	ACT_BLOCK,
	ACT_START,
	ACT_UNDO,
	ACT_DEPLOY,		/* SERVICES: spec §6.3 */
	ACT_ROLLBACK,
	ACT_OUTPUT,		/* the command's output view */
	ACT_CANCEL,		/* cancel the running command */
	ACT_HELP,
	ACT_QUIT,
	ACT_ESCAPE,
	ACT_BINDABLE,
	/* What the help overlay and the prompts make of their keys. */
	ACT_CLOSE = ACT_BINDABLE,	/* close the help, cancel a prompt */
	ACT_ACCEPT,			/* apply the prompt's line */
	ACT_DELETE_CHAR,
	ACT_DELETE_WORD,
	ACT_DELETE_LINE,
	ACT_INSERT,			/* the key's own character */
	ACT_COUNT
};

/* Keys are Unicode code points, or KEYC_FN + a curses KEY_* code. */
#define KEYC_FN		0x200000
#define KEYC_ENTER	'\n'
#define KEYC_TAB	'\t'
#define KEYC_ESCAPE	0x1b
#define KEYC_BSPACE	(KEYC_FN + KEY_BACKSPACE)

/* What the cockpit is doing; each mode reads one key table. */
enum mode {
	MODE_NORMAL,		/* the base table: normal or wall */
	MODE_SEARCH,		/* the prompt table */
	MODE_FILTER,		/* the prompt table */
	MODE_HOURS,		/* complete: hours, then evidence (prompt table) */
	MODE_EVIDENCE,
	MODE_REASON,		/* block: the reason (prompt table) */
	MODE_CONFIRM,		/* deploy/rollback: type the service's name */
	MODE_HELP,		/* the help table */
	MODE_OUTPUT,		/* the output view (its table) */
	MODE_OUTPUT_SEARCH,	/* a search in it (prompt table) */
	MODE_CANCEL		/* cancel the command? type yes (prompt) */
};

/* Whether the output view is on screen in this mode. */
bool		 mode_shows_output(enum mode);

/* Whether the mode reads a line (the prompt table). */
bool		 mode_is_prompt(enum mode);

enum keytable_id {
	KT_NORMAL,		/* every bindable action */
	KT_WALL,		/* --wall: look, do not touch */
	KT_HELP,		/* the overlay: close and scroll */
	KT_PROMPT,		/* search, filter, the writes' questions:
				   line editing, fixed */
	KT_READONLY,		/* --read-only, or a role that may not
				   write: normal less the write keys */
	KT_OUTPUT,		/* the output view: scroll, search, cancel */
	KT_COUNT
};

struct key_binding {
	int		 key;
	enum action	 action;
	int		 line;		/* config line, 0 for a default */
};

/* "help" for the status line's "? help": an action and its label. */
struct key_hint {
	enum action	 action;
	const char	*label;
};

/* One key table.  Owns v; keytables_free releases it. */
struct keytable {
	enum keytable_id	 id;
	const char		*name;		/* "normal", "wall", ... */
	struct key_binding	*v;		/* first match wins */
	size_t			 n;
	bool			 text;		/* text keys: ACT_INSERT */
	const struct key_hint	*hints;		/* NULL-labelled end */
	const struct key_hint	*hints_short;
};

/* Every table.  Owns them; keytables_free releases them. */
struct keytables {
	struct keytable		 t[KT_COUNT];
};

/* ---- keys.c ------------------------------------------------------------ */

/* The defaults, then the config's [keys] on top, in every table that takes
 * them.  0, or -1 with *cause ("FILE:LINE: reason", caller frees) and
 * nothing left to free. */
int		 keytables_init(struct keytables *, const struct config *,
		     char **cause) __attribute__((warn_unused_result));
void		 keytables_free(struct keytables *);
const struct keytable *keytables_get(const struct keytables *,
		     enum keytable_id);
/* Whether the table offers the action at all (a derived table leaves some
 * out; the normal one offers every action, bound or not). */
bool		 keytable_offers(const struct keytable *, enum action);
/* The action of key in this table; ACT_NONE when it has none. */
enum action	 keytable_lookup(const struct keytable *, int key);
/* "Down j": every key of an action, in binding order ("" if none). */
void		 keytable_describe(const struct keytable *, enum action,
		     char *, size_t);
/* "? help  Tab pane ...": the first key of each hinted action the table
 * binds, so the hints stay true after [keys] rebinds them. */
void		 keytable_hints(const struct keytable *, bool brief, char *,
		     size_t);
const char	*keys_action_name(enum action);
const char	*keys_action_help(enum action);
/* Whether key is a character a prompt may insert. */
bool		 keys_is_text(int key);
/* A key from wget_wch's return value and character. */
int		 keys_from_input(int rc, wint_t ch);
/* The key's name in the [keys] syntax ("C-x", "Tab", "q"). */
void		 keys_name(int key, char *, size_t);

/* ---- input.c ----------------------------------------------------------- */

/* The table a mode reads; base is the normal mode's (KT_NORMAL, KT_WALL). */
enum keytable_id input_table(enum mode, enum keytable_id base);
/* What key means in that mode. */
enum action	 input_translate(const struct keytables *, enum mode,
		     enum keytable_id base, int key);

#endif
