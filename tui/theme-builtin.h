/* Theme files compiled into the binary (tui/theme-builtin.c is generated
 * from themes/ at build time by scripts/embed-theme.sh). */
#ifndef OPSDECK_THEME_BUILTIN_H
#define OPSDECK_THEME_BUILTIN_H

struct theme_builtin {
	const char	*name;
	const char	*text;
};

/* Ends with { NULL, NULL }. */
extern const struct theme_builtin theme_builtins[];

#endif
