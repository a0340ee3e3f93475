#include "autoconfig.h"

/*
 * Themes: INI files mapping semantic roles to colours and attributes.
 *
 *	[roles]
 *	ok    = green default bold
 *	[roles-8]		; optional, for terminals with < 256 colours
 *	fair  = yellow default bold
 *
 * A value is "fg [bg] [attribute ...]"; a colour is a name (default, black,
 * red, ..., bright-white), a number 0-255 or colourN.  Roles a file leaves
 * out keep a plain built-in style, so a theme only says what it changes.
 *
 * A theme is found by name in $OPSDECK_THEMEDIR, then in the source tree
 * (so a binary run from its build directory finds themes/ without being
 * installed), then in the installed directory.  With fewer colours than a
 * theme asks for, colours are mapped down to the nearest of the 16 ANSI
 * ones (bright ones as bold); without colour only the attributes remain.
 */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <ini.h>

#include "buf.h"
#include "theme-builtin.h"
#include "tui-int.h"
#include "xalloc.h"

static const char *const theme_role_names[ROLE_COUNT] = {
	[ROLE_NORMAL] = "normal",
	[ROLE_OK] = "ok",
	[ROLE_WARN] = "warn",
	[ROLE_FAIR] = "fair",
	[ROLE_CRIT] = "crit",
	[ROLE_INFO] = "info",
	[ROLE_MUTED] = "muted",
	[ROLE_FIGURE] = "figure",
	[ROLE_LABEL] = "label",
	[ROLE_TITLE] = "title",
	[ROLE_TITLE_FOCUS] = "title_focus",
	[ROLE_BORDER] = "border",
	[ROLE_BORDER_FOCUS] = "border_focus",
	[ROLE_SELECTION] = "selection",
	[ROLE_BAR_FILL] = "bar_fill",
	[ROLE_BAR_EMPTY] = "bar_empty",
	[ROLE_SPARK] = "spark",
	[ROLE_TARGET] = "target",
	[ROLE_STALE] = "stale",
	[ROLE_HEADER] = "header",
	[ROLE_STATUS] = "status",
	[ROLE_KEY] = "key",
	[ROLE_PROMPT] = "prompt",
};

/*
 * Attributes for a role a theme does not set, and for every role when
 * colour is off and the theme is not the mono one: enough to tell the
 * important things apart on any terminal.
 */
static const attr_t theme_fallback[ROLE_COUNT] = {
	[ROLE_CRIT] = A_BOLD,
	[ROLE_WARN] = A_BOLD,
	[ROLE_FAIR] = A_BOLD,
	[ROLE_FIGURE] = A_BOLD,
	[ROLE_TITLE] = A_BOLD,
	[ROLE_TITLE_FOCUS] = A_REVERSE | A_BOLD,
	[ROLE_BORDER_FOCUS] = A_BOLD,
	[ROLE_SELECTION] = A_REVERSE,
	[ROLE_STALE] = A_REVERSE | A_BOLD,
	[ROLE_HEADER] = A_BOLD,
	[ROLE_KEY] = A_BOLD,
	[ROLE_PROMPT] = A_BOLD,
	[ROLE_MUTED] = A_DIM,
	[ROLE_BAR_EMPTY] = A_DIM,
};

static attr_t	theme_attrs[ROLE_COUNT];

static const struct {
	const char	*name;
	short		 value;
} theme_colours[] = {
	{ "default", -1 },
	{ "black", 0 }, { "red", 1 }, { "green", 2 }, { "yellow", 3 },
	{ "blue", 4 }, { "magenta", 5 }, { "cyan", 6 }, { "white", 7 },
	{ "bright-black", 8 }, { "grey", 8 }, { "gray", 8 },
	{ "bright-red", 9 }, { "bright-green", 10 }, { "bright-yellow", 11 },
	{ "bright-blue", 12 }, { "bright-magenta", 13 }, { "bright-cyan", 14 },
	{ "bright-white", 15 },
	{ "orange", 208 },
};

static const struct {
	const char	*name;
	attr_t		 value;
} theme_attr_names[] = {
	{ "normal", A_NORMAL }, { "none", A_NORMAL },
	{ "bold", A_BOLD }, { "underline", A_UNDERLINE },
	{ "reverse", A_REVERSE }, { "dim", A_DIM },
	{ "standout", A_STANDOUT }, { "italic", A_ITALIC },
	{ "blink", A_BLINK },
};

/* The 16 ANSI colours as xterm shows them, for mapping 256 colours down. */
static const unsigned char theme_ansi_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

struct theme_parse {
	struct theme	*theme;
	const char	*path;
	char		*error;		/* the first problem */
};

const char *
theme_role_name(enum role r)
{
	if (r < 0 || r >= ROLE_COUNT)
		return "?";
	return theme_role_names[r];
}

static int
theme_parse_colour(const char *s, short *out)
{
	const char	*digits = s;
	char		*end;
	long		 v;
	size_t		 i;

	for (i = 0; i < sizeof theme_colours / sizeof theme_colours[0]; i++) {
		if (strcasecmp(s, theme_colours[i].name) == 0) {
			*out = theme_colours[i].value;
			return 0;
		}
	}
	if (strncasecmp(s, "colour", 6) == 0)
		digits = s + 6;
	else if (strncasecmp(s, "color", 5) == 0)
		digits = s + 5;
	if (*digits < '0' || *digits > '9')
		return -1;
	errno = 0;
	v = strtol(digits, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 255)
		return -1;
	*out = (short)v;
	return 0;
}

static int
theme_parse_attr(const char *s, attr_t *out)
{
	size_t i;

	for (i = 0; i < sizeof theme_attr_names / sizeof theme_attr_names[0];
	    i++) {
		if (strcasecmp(s, theme_attr_names[i].name) == 0) {
			*out = theme_attr_names[i].value;
			return 0;
		}
	}
	return -1;
}

/* "fg [bg] [attr ...]", words separated by blanks or commas. */
static int
theme_parse_style(const char *value, struct theme_style *st, char **why)
{
	char	*copy, *word, *save = NULL;
	int	 colours = 0;
	attr_t	 a;
	short	 c;

	st->fg = st->bg = -1;
	st->attrs = A_NORMAL;
	copy = xstrdup(value);
	for (word = strtok_r(copy, " \t,", &save); word != NULL;
	    word = strtok_r(NULL, " \t,", &save)) {
		if (theme_parse_attr(word, &a) == 0) {
			st->attrs |= a;
			continue;
		}
		if (theme_parse_colour(word, &c) != 0) {
			*why = xasprintf("'%s' is neither a colour (a name, "
			    "0-255 or colourN) nor an attribute (bold, "
			    "underline, reverse, dim, ...)", word);
			free(copy);
			return -1;
		}
		if (colours == 2) {
			*why = xasprintf("too many colours at '%s' (fg [bg] "
			    "[attributes])", word);
			free(copy);
			return -1;
		}
		if (colours++ == 0)
			st->fg = c;
		else
			st->bg = c;
	}
	free(copy);
	st->set = true;
	return 0;
}

static int
theme_on_entry(void *arg, const char *section, const char *name,
    const char *value)
{
	struct theme_parse	*p = arg;
	struct theme_style	*table;
	char			*why = NULL;
	int			 r;

	if (p->error != NULL)
		return 0;
	if (strcmp(section, "theme") == 0)
		return 1;	/* description and the like: free text */
	if (strcmp(section, "roles") == 0)
		table = p->theme->roles;
	else if (strcmp(section, "roles-8") == 0)
		table = p->theme->roles8;
	else {
		p->error = xasprintf("unknown section [%s] (theme, roles, "
		    "roles-8)", section);
		return 0;
	}
	for (r = 0; r < ROLE_COUNT; r++) {
		if (strcmp(name, theme_role_names[r]) == 0)
			break;
	}
	if (r == ROLE_COUNT) {
		p->error = xasprintf("unknown role '%s'", name);
		return 0;
	}
	if (theme_parse_style(value, &table[r], &why) != 0) {
		p->error = xasprintf("%s: %s", name, why);
		free(why);
		return 0;
	}
	return 1;
}

/* The directory of the running binary, or NULL. */
static char *
theme_exe_dir(void)
{
	char	 buf[PATH_MAX];
	ssize_t	 n;
	char	*slash;

	n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	if ((slash = strrchr(buf, '/')) == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/*
 * The source tree's themes/.  __FILE__ is this file's path as the compiler
 * saw it: absolute when configure was run by absolute path, else relative
 * to the top build directory, which is where the binary is linked (the
 * build is non-recursive).  Either way its grandparent is the source tree.
 */
static char *
theme_source_dir(void)
{
	const char	*file = __FILE__;
	const char	*end;
	char		*top, *exe, *dir, real[PATH_MAX];

	end = strstr(file, "tui/theme.c");
	if (end == NULL)
		return NULL;
	top = xstrndup(file, (size_t)(end - file));
	if (*file == '/') {
		dir = xasprintf("%sthemes", top);
		free(top);
		return dir;
	}
	if ((exe = theme_exe_dir()) == NULL) {
		free(top);
		return NULL;
	}
	dir = xasprintf("%s/%sthemes", exe, top);
	free(exe);
	free(top);
	/* "/src/_build/../themes" reads better as "/src/themes". */
	if (realpath(dir, real) != NULL) {
		free(dir);
		dir = xstrdup(real);
	}
	return dir;
}

/* The places to look, in order; caller frees each and the array. */
static char **
theme_dirs(size_t *n)
{
	const char	*env = getenv("OPSDECK_THEMEDIR");
	char		**v = xcalloc(4, sizeof *v);
	char		*src;

	*n = 0;
	if (env != NULL && *env != '\0')
		v[(*n)++] = xstrdup(env);
	if ((src = theme_source_dir()) != NULL)
		v[(*n)++] = src;
	v[(*n)++] = xstrdup(OPSDECK_THEMEDIR);
	return v;
}

static bool
theme_name_ok(const char *name)
{
	const char *p;

	if (*name == '\0' || *name == '.')
		return false;
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' ||
		    *p == '.'))
			return false;
	}
	return true;
}

/* A name with a slash is a file; else NAME.theme in the theme dirs. */
static char *
theme_find(const char *name, char **cause)
{
	struct buf	  looked = BUF_INIT;
	char		**dirs, *path = NULL;
	size_t		  n, i;

	if (strchr(name, '/') != NULL) {
		if (access(name, R_OK) == 0)
			return xstrdup(name);
		*cause = xasprintf("theme file %s: %s", name, strerror(errno));
		return NULL;
	}
	if (!theme_name_ok(name)) {
		*cause = xasprintf("bad theme name '%s' (letters, digits, "
		    "'-', '_' and '.', or a path to a file)", name);
		return NULL;
	}
	dirs = theme_dirs(&n);
	for (i = 0; i < n && path == NULL; i++) {
		path = xasprintf("%s/%s.theme", dirs[i], name);
		if (access(path, R_OK) != 0) {
			free(path);
			path = NULL;
		}
	}
	if (path == NULL) {
		for (i = 0; i < n; i++)
			buf_printf(&looked, "%s%s", i > 0 ? ", " : "", dirs[i]);
		*cause = xasprintf("unknown theme '%s' (looked for %s.theme "
		    "in %s)", name, name, looked.s != NULL ? looked.s : "");
		buf_free(&looked);
	}
	for (i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
	return path;
}

/* The copy compiled into the binary, or NULL. */
static const char *
theme_builtin_text(const char *name)
{
	const struct theme_builtin *b;

	for (b = theme_builtins; b->name != NULL; b++)
		if (strcmp(b->name, name) == 0)
			return b->text;
	return NULL;
}

int
theme_load(struct theme *t, const char *name, char **cause)
{
	struct theme_parse	 p;
	const char		*builtin = NULL;
	int			 rc;

	memset(t, 0, sizeof *t);
	if ((t->path = theme_find(name, cause)) == NULL) {
		/* Files win (they may be edited); the built-in copy only
		 * stands in when none is found. */
		if ((builtin = theme_builtin_text(name)) == NULL)
			return -1;
		free(*cause);
		*cause = NULL;
		t->path = xasprintf("(built-in %s)", name);
	}
	t->name = xstrdup(name);
	memset(&p, 0, sizeof p);
	p.theme = t;
	p.path = t->path;
	if (builtin != NULL)
		rc = ini_parse_string(builtin, theme_on_entry, &p);
	else
		rc = ini_parse(t->path, theme_on_entry, &p);
	if (rc == -1) {
		*cause = xasprintf("%s: cannot open: %s", t->path,
		    strerror(errno));
	} else if (rc != 0) {
		*cause = xasprintf("%s:%d: %s", t->path, rc, p.error != NULL ?
		    p.error : "not a 'name = value' line or a [section]");
	}
	free(p.error);
	if (rc != 0) {
		theme_free(t);
		return -1;
	}
	return 0;
}

/* Nearest of the 16 ANSI colours to a 256-colour index. */
static short
theme_nearest16(short c)
{
	int	r, g, b, i, best = 0, d, bestd = INT_MAX;
	static const int levels[6] = { 0, 95, 135, 175, 215, 255 };

	if (c < 16)
		return c;
	if (c >= 232) {
		r = g = b = 8 + 10 * (c - 232);
	} else {
		c -= 16;
		r = levels[c / 36];
		g = levels[(c / 6) % 6];
		b = levels[c % 6];
	}
	for (i = 0; i < 16; i++) {
		d = (r - theme_ansi_rgb[i][0]) * (r - theme_ansi_rgb[i][0]) +
		    (g - theme_ansi_rgb[i][1]) * (g - theme_ansi_rgb[i][1]) +
		    (b - theme_ansi_rgb[i][2]) * (b - theme_ansi_rgb[i][2]);
		if (d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return (short)best;
}

/* A colour the terminal can show; bright ones become bold on 8 colours. */
static short
theme_fit(short c, attr_t *attrs, bool fg)
{
	if (c < 0 || c < COLORS)
		return c;
	c = theme_nearest16(c);
	if (c >= COLORS && c >= 8) {
		if (fg)
			*attrs |= A_BOLD;
		c -= 8;
	}
	return c;
}

void
theme_apply(const struct theme *t, bool colour)
{
	struct theme_style	 st;
	bool			 mono_file;
	int			 r;
	short			 fg, bg;
	attr_t			 a;

	mono_file = t != NULL && t->name != NULL &&
	    strcmp(t->name, "mono") == 0;
	for (r = 0; r < ROLE_COUNT; r++) {
		memset(&st, 0, sizeof st);
		if (t != NULL && t->roles[r].set)
			st = t->roles[r];
		if (t != NULL && colour && COLORS < 256 && t->roles8[r].set)
			st = t->roles8[r];
		if (!st.set) {
			theme_attrs[r] = theme_fallback[r];
			continue;
		}
		a = st.attrs;
		if (!colour) {
			/*
			 * A colour theme's attributes alone may not tell ok
			 * from critical; the fallback table does.
			 */
			theme_attrs[r] = mono_file ? a : theme_fallback[r];
			continue;
		}
		fg = theme_fit(st.fg, &a, true);
		bg = theme_fit(st.bg, &a, false);
		if (r + 1 < COLOR_PAIRS && init_pair((short)(r + 1), fg,
		    bg) == OK)
			a |= COLOR_PAIR(r + 1);
		theme_attrs[r] = a;
	}
}

attr_t
theme_attr(enum role r)
{
	if (r < 0 || r >= ROLE_COUNT)
		return A_NORMAL;
	return theme_attrs[r];
}

void
theme_free(struct theme *t)
{
	free(t->name);
	free(t->path);
	t->name = t->path = NULL;
}
