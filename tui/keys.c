#include "autoconfig.h"

/*
 * Key tables as data.  The defaults are written in the configuration's
 * [keys] syntax ("action = key key ...") and go through the same parser as
 * the user's lines, so the two can never disagree; the result is the
 * normal table, and the help overlay is generated from it, so it is always
 * true.  The wall and help tables are maps over the normal table's
 * bindings: each offers some of its actions (the help table under its own
 * meaning: q closes the help), so a rebinding holds wherever the action is
 * offered and a mode cannot offer what its map leaves out.  The prompt
 * table is fixed.
 *
 * A user line for an action replaces all of that action's default keys;
 * a key the user binds is taken away from any default action that had it.
 * Binding one key to two actions in the file is an error, as are unknown
 * actions and key names.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "keys.h"
#include "sanitize.h"
#include "utf8.h"
#include "xalloc.h"

static const struct {
	const char	*name;
	const char	*help;
} keys_actions[ACT_COUNT] = {
	[ACT_FOCUS_NEXT] = { "focus_next", "focus the next pane" },
	[ACT_FOCUS_PREV] = { "focus_prev", "focus the previous pane" },
	[ACT_FOCUS_1] = { "focus_1", "focus SERVICES" },
	[ACT_FOCUS_2] = { "focus_2", "focus WEEK" },
	[ACT_FOCUS_3] = { "focus_3", "focus ACTIONS" },
	[ACT_FOCUS_4] = { "focus_4", "focus AGENTS" },
	[ACT_FOCUS_5] = { "focus_5", "focus REVENUE" },
	[ACT_FOCUS_6] = { "focus_6", "focus FUNNEL" },
	[ACT_ZOOM] = { "zoom", "zoom the focused pane (again: back)" },
	[ACT_DOWN] = { "down", "next line / item" },
	[ACT_UP] = { "up", "previous line / item" },
	[ACT_PAGE_DOWN] = { "page_down", "one page down" },
	[ACT_PAGE_UP] = { "page_up", "one page up" },
	[ACT_HOME] = { "home", "first line" },
	[ACT_END] = { "end", "last line" },
	[ACT_SEARCH] = { "search", "search the focused pane" },
	[ACT_SEARCH_NEXT] = { "search_next", "next match" },
	[ACT_SEARCH_PREV] = { "search_prev", "previous match" },
	[ACT_FILTER] = { "filter", "feed filter: owner= stage= status=" },
	[ACT_REFRESH] = { "refresh", "re-read the database, re-check services" },
	[ACT_COMPLETE] = { "complete", "complete the selected action (asks hours, evidence)" },
	[ACT_BLOCK] = { "block", "block the selected action (asks the reason)" },
	[ACT_START] = { "start", "start the selected action" },
	[ACT_UNDO] = { "undo", "undo your last write" },
	[ACT_DEPLOY] = { "deploy", "deploy the selected service (type its name to confirm)" },
	[ACT_ROLLBACK] = { "rollback", "roll back the selected service (type its name)" },
	[ACT_OUTPUT] = { "output", "show / hide the deploy output" },
	[ACT_CANCEL] = { "cancel", "cancel the running deploy (asks first)" },
	[ACT_HELP] = { "help", "this help" },
	[ACT_QUIT] = { "quit", "quit" },
	[ACT_ESCAPE] = { "escape", "close help / prompt / zoom, clear search" },
	/* Not bindable: never found by name in [keys]. */
	[ACT_CLOSE] = { "close", "close the help, cancel the prompt" },
	[ACT_ACCEPT] = { "accept", "apply the prompt" },
	[ACT_DELETE_CHAR] = { "delete_char", "delete a character" },
	[ACT_DELETE_WORD] = { "delete_word", "delete a word" },
	[ACT_DELETE_LINE] = { "delete_line", "clear the line" },
	[ACT_INSERT] = { "insert", "insert the character" },
};

/* The defaults, in the [keys] syntax. */
static const struct {
	const char	*action;
	const char	*keys;
} keys_defaults[] = {
	{ "focus_next", "Tab" },
	{ "focus_prev", "BTab" },
	{ "focus_1", "1" },
	{ "focus_2", "2" },
	{ "focus_3", "3" },
	{ "focus_4", "4" },
	{ "focus_5", "5" },
	{ "focus_6", "6" },
	{ "zoom", "Enter z" },
	{ "down", "Down j" },
	{ "up", "Up k" },
	{ "page_down", "NPage" },
	{ "page_up", "PPage" },
	{ "home", "Home g" },
	{ "end", "End G" },
	{ "search", "/" },
	{ "search_next", "n" },
	{ "search_prev", "N" },
	{ "filter", "f" },
	{ "refresh", "r" },
	{ "complete", "c" },
	{ "block", "b" },
	{ "start", "s" },
	{ "undo", "u" },
	{ "deploy", "d" },
	{ "rollback", "R" },
	{ "output", "o" },
	{ "cancel", "x" },
	{ "help", "?" },
	{ "quit", "q" },
	{ "escape", "Escape" },
};

/* An action of the normal table that a derived table offers, and what it
 * means there. */
struct keys_map {
	enum action	 from;
	enum action	 to;
};

/*
 * The wall display: it is looked at, not worked.  The panes can be
 * switched and the cycling zoom toggled, the data refreshed; no selection,
 * search, filter or escape (there is no zoom of the user's to leave), and
 * none of the write keys.
 */
static const struct keys_map keys_wall_map[] = {
	{ ACT_FOCUS_NEXT, ACT_FOCUS_NEXT },
	{ ACT_FOCUS_PREV, ACT_FOCUS_PREV },
	{ ACT_FOCUS_1, ACT_FOCUS_1 },
	{ ACT_FOCUS_2, ACT_FOCUS_2 },
	{ ACT_FOCUS_3, ACT_FOCUS_3 },
	{ ACT_FOCUS_4, ACT_FOCUS_4 },
	{ ACT_FOCUS_5, ACT_FOCUS_5 },
	{ ACT_FOCUS_6, ACT_FOCUS_6 },
	{ ACT_ZOOM, ACT_ZOOM },
	{ ACT_REFRESH, ACT_REFRESH },
	{ ACT_HELP, ACT_HELP },
	{ ACT_QUIT, ACT_QUIT },
};

/* Read-only: everything of the normal table but the writes, so a key
 * that may not write is neither offered in the help nor acted on. */
static const struct keys_map keys_readonly_map[] = {
	{ ACT_FOCUS_NEXT, ACT_FOCUS_NEXT },
	{ ACT_FOCUS_PREV, ACT_FOCUS_PREV },
	{ ACT_FOCUS_1, ACT_FOCUS_1 },
	{ ACT_FOCUS_2, ACT_FOCUS_2 },
	{ ACT_FOCUS_3, ACT_FOCUS_3 },
	{ ACT_FOCUS_4, ACT_FOCUS_4 },
	{ ACT_FOCUS_5, ACT_FOCUS_5 },
	{ ACT_FOCUS_6, ACT_FOCUS_6 },
	{ ACT_ZOOM, ACT_ZOOM },
	{ ACT_DOWN, ACT_DOWN },
	{ ACT_UP, ACT_UP },
	{ ACT_PAGE_DOWN, ACT_PAGE_DOWN },
	{ ACT_PAGE_UP, ACT_PAGE_UP },
	{ ACT_HOME, ACT_HOME },
	{ ACT_END, ACT_END },
	{ ACT_SEARCH, ACT_SEARCH },
	{ ACT_SEARCH_NEXT, ACT_SEARCH_NEXT },
	{ ACT_SEARCH_PREV, ACT_SEARCH_PREV },
	{ ACT_FILTER, ACT_FILTER },
	{ ACT_REFRESH, ACT_REFRESH },
	{ ACT_HELP, ACT_HELP },
	{ ACT_QUIT, ACT_QUIT },
	{ ACT_ESCAPE, ACT_ESCAPE },
	{ ACT_OUTPUT, ACT_OUTPUT },
};

/* The output view: it scrolls and searches like a pane; its own key,
 * Escape and q close it (the command goes on); x asks to cancel. */
static const struct keys_map keys_output_map[] = {
	{ ACT_DOWN, ACT_DOWN },
	{ ACT_UP, ACT_UP },
	{ ACT_PAGE_DOWN, ACT_PAGE_DOWN },
	{ ACT_PAGE_UP, ACT_PAGE_UP },
	{ ACT_HOME, ACT_HOME },
	{ ACT_END, ACT_END },
	{ ACT_SEARCH, ACT_SEARCH },
	{ ACT_SEARCH_NEXT, ACT_SEARCH_NEXT },
	{ ACT_SEARCH_PREV, ACT_SEARCH_PREV },
	{ ACT_CANCEL, ACT_CANCEL },
	{ ACT_OUTPUT, ACT_CLOSE },
	{ ACT_ESCAPE, ACT_CLOSE },
	{ ACT_QUIT, ACT_CLOSE },
};

/* Over the help: its own key, quit and escape close it (quitting from the
 * help would lose a keystroke meant for it); the rest scrolls. */
static const struct keys_map keys_help_map[] = {
	{ ACT_ESCAPE, ACT_CLOSE },
	{ ACT_HELP, ACT_CLOSE },
	{ ACT_QUIT, ACT_CLOSE },
	{ ACT_DOWN, ACT_DOWN },
	{ ACT_UP, ACT_UP },
	{ ACT_PAGE_DOWN, ACT_PAGE_DOWN },
	{ ACT_PAGE_UP, ACT_PAGE_UP },
};

/* The prompts' editing keys, whatever [keys] says; any other text key
 * inserts itself. */
static const struct key_binding keys_prompt_fixed[] = {
	{ KEYC_ENTER, ACT_ACCEPT, 0 },
	{ KEYC_ESCAPE, ACT_CLOSE, 0 },
	{ KEYC_BSPACE, ACT_DELETE_CHAR, 0 },
	{ 'u' & 0x1f, ACT_DELETE_LINE, 0 },
	{ 'w' & 0x1f, ACT_DELETE_WORD, 0 },
};

static const struct key_hint keys_normal_hints[] = {
	{ ACT_HELP, "help" },
	{ ACT_FOCUS_NEXT, "pane" },
	{ ACT_ZOOM, "zoom" },
	{ ACT_SEARCH, "search" },
	{ ACT_FILTER, "filter" },
	{ ACT_REFRESH, "refresh" },
	{ ACT_QUIT, "quit" },
	{ ACT_NONE, NULL }
};
static const struct key_hint keys_normal_hints_short[] = {
	{ ACT_HELP, "help" },
	{ ACT_SEARCH, "search" },
	{ ACT_FILTER, "filter" },
	{ ACT_QUIT, "quit" },
	{ ACT_NONE, NULL }
};
static const struct key_hint keys_wall_hints[] = {
	{ ACT_HELP, "help" },
	{ ACT_ZOOM, "zoom" },
	{ ACT_QUIT, "quit" },
	{ ACT_NONE, NULL }
};
static const struct key_hint keys_wall_hints_short[] = {
	{ ACT_HELP, "help" },
	{ ACT_QUIT, "quit" },
	{ ACT_NONE, NULL }
};

#define KEYS_N(a)	(sizeof (a) / sizeof (a)[0])

/* Each table: derived from the normal one through map, or fixed. */
static const struct {
	const char		*name;
	const struct keys_map	*map;
	size_t			 nmap;
	const struct key_binding *fixed;
	size_t			 nfixed;
	bool			 text;
	const struct key_hint	*hints;
	const struct key_hint	*hints_short;
} keys_tables[KT_COUNT] = {
	[KT_NORMAL] = { "normal", NULL, 0, NULL, 0, false,
	    keys_normal_hints, keys_normal_hints_short },
	[KT_WALL] = { "wall", keys_wall_map, KEYS_N(keys_wall_map), NULL, 0,
	    false, keys_wall_hints, keys_wall_hints_short },
	[KT_HELP] = { "help", keys_help_map, KEYS_N(keys_help_map), NULL, 0,
	    false, NULL, NULL },
	[KT_PROMPT] = { "prompt", NULL, 0, keys_prompt_fixed,
	    KEYS_N(keys_prompt_fixed), true, NULL, NULL },
	[KT_READONLY] = { "read-only", keys_readonly_map,
	    KEYS_N(keys_readonly_map), NULL, 0, false, keys_normal_hints,
	    keys_normal_hints_short },
	[KT_OUTPUT] = { "output", keys_output_map, KEYS_N(keys_output_map),
	    NULL, 0, false, NULL, NULL },
};

static const struct {
	const char	*name;
	int		 key;
} keys_named[] = {
	{ "Up", KEYC_FN + KEY_UP },
	{ "Down", KEYC_FN + KEY_DOWN },
	{ "Left", KEYC_FN + KEY_LEFT },
	{ "Right", KEYC_FN + KEY_RIGHT },
	{ "Home", KEYC_FN + KEY_HOME },
	{ "End", KEYC_FN + KEY_END },
	{ "NPage", KEYC_FN + KEY_NPAGE },
	{ "PPage", KEYC_FN + KEY_PPAGE },
	{ "IC", KEYC_FN + KEY_IC },
	{ "DC", KEYC_FN + KEY_DC },
	{ "Enter", KEYC_ENTER },
	{ "Tab", KEYC_TAB },
	{ "BTab", KEYC_FN + KEY_BTAB },
	{ "Escape", KEYC_ESCAPE },
	{ "Space", ' ' },
	{ "BSpace", KEYC_BSPACE },
};

bool
keytable_offers(const struct keytable *t, enum action a)
{
	size_t i;

	if (keys_tables[t->id].map == NULL)
		return true;
	for (i = 0; i < keys_tables[t->id].nmap; i++)
		if (keys_tables[t->id].map[i].to == a)
			return true;
	return false;
}

const char *
keys_action_name(enum action a)
{
	if (a < 0 || a >= ACT_COUNT)
		return "none";
	return keys_actions[a].name;
}

const char *
keys_action_help(enum action a)
{
	if (a < 0 || a >= ACT_COUNT)
		return "";
	return keys_actions[a].help;
}

/* Only the bindable actions have names in [keys]. */
static enum action
keys_action_find(const char *name)
{
	int a;

	for (a = 0; a < ACT_BINDABLE; a++) {
		if (strcmp(keys_actions[a].name, name) == 0)
			return (enum action)a;
	}
	return ACT_NONE;
}

/* One UTF-8 character making up all of s, or -1. */
static int
keys_utf8_single(const char *s)
{
	size_t		len = strlen(s);
	uint32_t	cp;

	if (len == 0 || utf8_next(s, len, &cp) != len || cp == UTF8_BAD)
		return -1;
	return (int)cp;
}

/* A key name of the [keys] syntax; -1 if it is not one. */
static int
keys_parse_name(const char *s)
{
	size_t	i;
	int	c, n;
	char	tail;

	if ((c = keys_utf8_single(s)) >= 0x20 && c != 0x7f)
		return c;
	for (i = 0; i < sizeof keys_named / sizeof keys_named[0]; i++) {
		if (strcasecmp(s, keys_named[i].name) == 0)
			return keys_named[i].key;
	}
	if ((s[0] == 'F' || s[0] == 'f') && sscanf(s + 1, "%d%c", &n,
	    &tail) == 1 && n >= 1 && n <= 12 && s[1] != '0')
		return KEYC_FN + KEY_F(n);
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && s[2] != '\0' &&
	    s[3] == '\0') {
		c = s[2];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c >= 'a' && c <= 'z')
			return c & 0x1f;
		if (c == '@' || c == '[' || c == '\\' || c == ']' ||
		    c == '^' || c == '_')
			return c & 0x1f;
	}
	return -1;
}

void
keys_name(int key, char *buf, size_t len)
{
	char	u[UTF8_MAX + 1];
	size_t	i;

	for (i = 0; i < sizeof keys_named / sizeof keys_named[0]; i++) {
		if (keys_named[i].key == key) {
			snprintf(buf, len, "%s", keys_named[i].name);
			return;
		}
	}
	if (key >= KEYC_FN + KEY_F(1) && key <= KEYC_FN + KEY_F(12))
		snprintf(buf, len, "F%d", key - KEYC_FN - KEY_F(0));
	else if (key >= 0 && key < 0x20)
		snprintf(buf, len, "C-%c", key + 'a' - 1);
	else if (key >= 0x20 && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else if (key >= 0x80 && key <= 0x10FFFF) {
		u[utf8_put(u, (uint32_t)key)] = '\0';
		snprintf(buf, len, "%s", u);
	} else
		snprintf(buf, len, "key%d", key - KEYC_FN);
}

int
keys_from_input(int rc, wint_t ch)
{
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_ENTER)
			return KEYC_ENTER;
		return KEYC_FN + (int)ch;
	}
	/* Terminals disagree on these; one name each in the table. */
	if (ch == '\r')
		return KEYC_ENTER;
	if (ch == 0x7f || ch == 0x08)
		return KEYC_BSPACE;
	return (int)ch;
}

bool
keys_is_text(int key)
{
	/* Not C0, DEL or C1 controls, not a surrogate, not a curses key. */
	return key >= 0x20 && key != 0x7f && (key < 0x80 || key >= 0xA0) &&
	    (key < 0xD800 || key > 0xDFFF) && key <= 0x10FFFF;
}

static void
keytable_remove(struct keytable *t, size_t i)
{
	memmove(&t->v[i], &t->v[i + 1], (t->n - i - 1) * sizeof *t->v);
	t->n--;
}

static void
keytable_add(struct keytable *t, int key, enum action a, int line)
{
	t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
	t->v[t->n].key = key;
	t->v[t->n].action = a;
	t->v[t->n].line = line;
	t->n++;
}

/*
 * One "action = keys" line; line 0 is a default.  A user line replaces the
 * action's defaults and takes its keys from other defaults.
 */
static int
keytable_bind(struct keytable *t, const char *file, int line,
    const char *action, const char *keys, char **cause)
{
	enum action	 a;
	char		*copy, *word, *save = NULL, where[64], *shown;
	size_t		 i;
	int		 key, nkeys = 0;

	if (line > 0)
		snprintf(where, sizeof where, ":%d", line);
	else
		snprintf(where, sizeof where, " (built-in)");
	if ((a = keys_action_find(action)) == ACT_NONE) {
		shown = text_escape(action, TEXT_SHOW_MAX);
		*cause = xasprintf("%s%s: [keys] unknown action '%s' (see "
		    "docs/keys.md or press ? for the list)", file, where,
		    shown);
		free(shown);
		return -1;
	}
	if (line > 0) {
		for (i = t->n; i > 0; i--) {
			if (t->v[i - 1].action == a)
				keytable_remove(t, i - 1);
		}
	}
	copy = xstrdup(keys);
	for (word = strtok_r(copy, " \t", &save); word != NULL;
	    word = strtok_r(NULL, " \t", &save)) {
		if ((key = keys_parse_name(word)) < 0) {
			shown = text_escape(word, TEXT_SHOW_MAX);
			*cause = xasprintf("%s%s: [keys] %s: unknown key '%s' "
			    "(a character, C-x, F1-F12, Up, Down, Left, Right, "
			    "Home, End, NPage, PPage, Enter, Tab, BTab, Escape, "
			    "Space, BSpace)", file, where, action, shown);
			free(shown);
			free(copy);
			return -1;
		}
		for (i = 0; i < t->n; i++) {
			if (t->v[i].key != key)
				continue;
			if (t->v[i].line > 0 && t->v[i].action != a) {
				/* A valid key can be a C1 control. */
				shown = text_escape(word, TEXT_SHOW_MAX);
				*cause = xasprintf("%s%s: [keys] %s: key '%s' "
				    "is already bound to %s at line %d", file,
				    where, action, shown,
				    keys_action_name(t->v[i].action),
				    t->v[i].line);
				free(shown);
				free(copy);
				return -1;
			}
			keytable_remove(t, i);
			break;
		}
		keytable_add(t, key, a, line);
		nkeys++;
	}
	free(copy);
	if (nkeys == 0) {
		*cause = xasprintf("%s%s: [keys] %s: no key given", file,
		    where, action);
		return -1;
	}
	return 0;
}

/* The normal table: the defaults, then the config's [keys]. */
static int
keytable_init_normal(struct keytable *t, const struct config *cfg,
    char **cause)
{
	const char	*file = cfg->path != NULL ? cfg->path : "config";
	size_t		 i;

	for (i = 0; i < KEYS_N(keys_defaults); i++) {
		if (keytable_bind(t, "opsdeck", 0, keys_defaults[i].action,
		    keys_defaults[i].keys, cause) != 0)
			return -1;
	}
	for (i = 0; i < cfg->n_keys; i++) {
		if (keytable_bind(t, file, cfg->keys[i].line > 0 ?
		    cfg->keys[i].line : 1, cfg->keys[i].action,
		    cfg->keys[i].keys, cause) != 0)
			return -1;
	}
	return 0;
}

/* A table derived from the normal one: its bindings, in their order, of
 * the actions the map offers, under the map's meaning. */
static void
keytable_init_mapped(struct keytable *t, const struct keytable *normal,
    const struct keys_map *map, size_t nmap)
{
	size_t i, j;

	for (i = 0; i < normal->n; i++) {
		for (j = 0; j < nmap; j++) {
			if (map[j].from == normal->v[i].action) {
				keytable_add(t, normal->v[i].key, map[j].to,
				    normal->v[i].line);
				break;
			}
		}
	}
}

int
keytables_init(struct keytables *kts, const struct config *cfg,
    char **cause)
{
	struct keytable	*t;
	size_t		 i;
	int		 id;

	memset(kts, 0, sizeof *kts);
	for (id = 0; id < KT_COUNT; id++) {
		t = &kts->t[id];
		t->id = (enum keytable_id)id;
		t->name = keys_tables[id].name;
		t->text = keys_tables[id].text;
		t->hints = keys_tables[id].hints;
		t->hints_short = keys_tables[id].hints_short;
	}
	if (keytable_init_normal(&kts->t[KT_NORMAL], cfg, cause) != 0) {
		keytables_free(kts);
		return -1;
	}
	for (id = 0; id < KT_COUNT; id++) {
		t = &kts->t[id];
		if (keys_tables[id].map != NULL)
			keytable_init_mapped(t, &kts->t[KT_NORMAL],
			    keys_tables[id].map, keys_tables[id].nmap);
		for (i = 0; i < keys_tables[id].nfixed; i++)
			keytable_add(t, keys_tables[id].fixed[i].key,
			    keys_tables[id].fixed[i].action, 0);
	}
	return 0;
}

const struct keytable *
keytables_get(const struct keytables *kts, enum keytable_id id)
{
	return &kts->t[id];
}

enum action
keytable_lookup(const struct keytable *t, int key)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].key == key)
			return t->v[i].action;
	}
	if (t->text && keys_is_text(key))
		return ACT_INSERT;
	return ACT_NONE;
}

void
keytable_describe(const struct keytable *t, enum action a, char *buf,
    size_t len)
{
	char	name[32];
	size_t	i, used = 0;
	int	n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < t->n; i++) {
		if (t->v[i].action != a)
			continue;
		keys_name(t->v[i].key, name, sizeof name);
		n = snprintf(buf + used, len - used, "%s%s", used > 0 ? " " :
		    "", name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

void
keytable_hints(const struct keytable *t, bool brief, char *out, size_t len)
{
	const struct key_hint	*h = brief ? t->hints_short : t->hints;
	char			 keys[64], *sp;
	size_t			 used = 0;
	int			 k;

	if (len == 0)
		return;
	out[0] = '\0';
	for (; h != NULL && h->label != NULL; h++) {
		keytable_describe(t, h->action, keys, sizeof keys);
		if (*keys == '\0')
			continue;
		if ((sp = strchr(keys, ' ')) != NULL)
			*sp = '\0';
		k = snprintf(out + used, len - used, "%s%s %s",
		    used > 0 ? "  " : "", keys, h->label);
		if (k < 0 || (size_t)k >= len - used) {
			/* Whole hints only: no "E" of an "Enter zoom". */
			out[used] = '\0';
			break;
		}
		used += (size_t)k;
	}
}

void
keytables_free(struct keytables *kts)
{
	int id;

	for (id = 0; id < KT_COUNT; id++) {
		free(kts->t[id].v);
		kts->t[id].v = NULL;
		kts->t[id].n = 0;
	}
}
