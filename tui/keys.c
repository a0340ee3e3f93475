#include "autoconfig.h"

/*
 * Key bindings as data.  The defaults are written in the configuration's
 * [keys] syntax ("action = key key ...") and go through the same parser as
 * the user's lines, so the two can never disagree, and the help overlay is
 * generated from the resulting table, so it is always true.
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

#include "sanitize.h"
#include "tui-int.h"
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
	[ACT_HELP] = { "help", "this help" },
	[ACT_QUIT] = { "quit", "quit" },
	[ACT_ESCAPE] = { "escape", "close help / prompt / zoom, clear search" },
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
	{ "help", "?" },
	{ "quit", "q" },
	{ "escape", "Escape" },
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

static enum action
keys_action_find(const char *name)
{
	int a;

	for (a = 0; a < ACT_COUNT; a++) {
		if (strcmp(keys_actions[a].name, name) == 0)
			return (enum action)a;
	}
	return ACT_NONE;
}

/* One UTF-8 character making up all of s, or -1. */
static int
keys_utf8_single(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	int			 cp, n, i;

	if (p[0] < 0x80)
		return p[1] == '\0' ? p[0] : -1;
	if ((p[0] & 0xE0) == 0xC0) {
		cp = p[0] & 0x1F;
		n = 1;
	} else if ((p[0] & 0xF0) == 0xE0) {
		cp = p[0] & 0x0F;
		n = 2;
	} else if ((p[0] & 0xF8) == 0xF0) {
		cp = p[0] & 0x07;
		n = 3;
	} else
		return -1;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (p[n + 1] != '\0' || cp < 0x80 || cp > 0x10FFFF)
		return -1;
	return cp;
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
	size_t i;

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
	else if (key >= 0x80 && key < 0x800)
		snprintf(buf, len, "%c%c", 0xC0 | (key >> 6),
		    0x80 | (key & 0x3F));
	else if (key >= 0x800 && key < 0x10000)
		snprintf(buf, len, "%c%c%c", 0xE0 | (key >> 12),
		    0x80 | ((key >> 6) & 0x3F), 0x80 | (key & 0x3F));
	else if (key >= 0x10000 && key < KEYC_FN)
		snprintf(buf, len, "%c%c%c%c", 0xF0 | (key >> 18),
		    0x80 | ((key >> 12) & 0x3F), 0x80 | ((key >> 6) & 0x3F),
		    0x80 | (key & 0x3F));
	else
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

static void
keymap_remove(struct keymap *km, size_t i)
{
	memmove(&km->v[i], &km->v[i + 1], (km->n - i - 1) * sizeof *km->v);
	km->n--;
}

/*
 * One "action = keys" line; line 0 is a default.  A user line replaces the
 * action's defaults and takes its keys from other defaults.
 */
static int
keymap_bind(struct keymap *km, const char *file, int line,
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
		for (i = km->n; i > 0; i--) {
			if (km->v[i - 1].action == a)
				keymap_remove(km, i - 1);
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
		for (i = 0; i < km->n; i++) {
			if (km->v[i].key != key)
				continue;
			if (km->v[i].line > 0 && km->v[i].action != a) {
				/* A valid key can be a C1 control. */
				shown = text_escape(word, TEXT_SHOW_MAX);
				*cause = xasprintf("%s%s: [keys] %s: key '%s' "
				    "is already bound to %s at line %d", file,
				    where, action, shown,
				    keys_action_name(km->v[i].action),
				    km->v[i].line);
				free(shown);
				free(copy);
				return -1;
			}
			keymap_remove(km, i);
			break;
		}
		km->v = xreallocarray(km->v, km->n + 1, sizeof *km->v);
		km->v[km->n].key = key;
		km->v[km->n].action = a;
		km->v[km->n].line = line;
		km->n++;
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

int
keymap_init(struct keymap *km, const struct config *cfg, char **cause)
{
	const char	*file = cfg->path != NULL ? cfg->path : "config";
	size_t		 i;

	memset(km, 0, sizeof *km);
	for (i = 0; i < sizeof keys_defaults / sizeof keys_defaults[0]; i++) {
		if (keymap_bind(km, "opsdeck", 0, keys_defaults[i].action,
		    keys_defaults[i].keys, cause) != 0) {
			keymap_free(km);
			return -1;
		}
	}
	for (i = 0; i < cfg->n_keys; i++) {
		if (keymap_bind(km, file, cfg->keys[i].line > 0 ?
		    cfg->keys[i].line : 1, cfg->keys[i].action,
		    cfg->keys[i].keys, cause) != 0) {
			keymap_free(km);
			return -1;
		}
	}
	return 0;
}

enum action
keymap_lookup(const struct keymap *km, int key)
{
	size_t i;

	for (i = 0; i < km->n; i++) {
		if (km->v[i].key == key)
			return km->v[i].action;
	}
	return ACT_NONE;
}

void
keymap_describe(const struct keymap *km, enum action a, char *buf,
    size_t len)
{
	char	name[32];
	size_t	i, used = 0;
	int	n;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < km->n; i++) {
		if (km->v[i].action != a)
			continue;
		keys_name(km->v[i].key, name, sizeof name);
		n = snprintf(buf + used, len - used, "%s%s", used > 0 ? " " :
		    "", name);
		if (n < 0 || (size_t)n >= len - used)
			break;
		used += (size_t)n;
	}
}

void
keymap_free(struct keymap *km)
{
	free(km->v);
	km->v = NULL;
	km->n = 0;
}
