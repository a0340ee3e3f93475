/*
 * The cockpit's key tables (tui/keys.c, tui/input.c): the defaults of each
 * mode's table, the wall table without the keys a wall must not offer, the
 * help and prompt tables, the status line's hints, the config's [keys]
 * remapping in every table it applies to, and its errors.  No terminal:
 * the tables are data.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "keys.h"
#include "xalloc.h"

#define CTRL(c)		((c) & 0x1f)
#define FN(k)		(KEYC_FN + (k))

/* ---- helpers ------------------------------------------------------------- */

/* A configuration holding [keys] lines "action", "keys" (NULL-ended pairs),
 * numbered from line 2 on, as if read from "test.conf". */
static void
cfg_keys_v(struct config *cfg, va_list ap)
{
	const char *action, *keys;

	config_init_defaults(cfg);
	cfg->path = xstrdup("test.conf");
	while ((action = va_arg(ap, const char *)) != NULL) {
		keys = va_arg(ap, const char *);
		cfg->keys = xreallocarray(cfg->keys, cfg->n_keys + 1,
		    sizeof *cfg->keys);
		cfg->keys[cfg->n_keys].action = xstrdup(action);
		cfg->keys[cfg->n_keys].keys = xstrdup(keys);
		cfg->keys[cfg->n_keys].line = (int)cfg->n_keys + 2;
		cfg->n_keys++;
	}
}

static void
cfg_keys(struct config *cfg, ...)
{
	va_list ap;

	va_start(ap, cfg);
	cfg_keys_v(cfg, ap);
	va_end(ap);
}

static void
init_ok(struct keytables *kts, struct config *cfg)
{
	char *cause = NULL;

	if (keytables_init(kts, cfg, &cause) != 0)
		fail_msg("unexpected error: %s", cause);
	assert_null(cause);
}

static enum action
lookup(const struct keytables *kts, enum keytable_id id, int key)
{
	return keytable_lookup(keytables_get(kts, id), key);
}

/* The error for the [keys] lines given, which must contain want. */
static void
expect_error(const char *want, ...)
{
	struct keytables	 kts;
	struct config		 cfg;
	char			*cause = NULL;
	va_list			 ap;
	int			 id;

	va_start(ap, want);
	cfg_keys_v(&cfg, ap);
	va_end(ap);
	assert_int_equal(keytables_init(&kts, &cfg, &cause), -1);
	assert_non_null(cause);
	if (strstr(cause, want) == NULL)
		fail_msg("error '%s' lacks '%s'", cause, want);
	/* Nothing is left to free after a failure; freeing is harmless. */
	for (id = 0; id < KT_COUNT; id++)
		assert_int_equal(kts.t[id].n, 0);
	keytables_free(&kts);
	free(cause);
	config_free(&cfg);
}

/* ---- default tables ------------------------------------------------------ */

static const struct {
	int		 key;
	enum action	 action;
} normal_defaults[] = {
	{ KEYC_TAB, ACT_FOCUS_NEXT }, { FN(KEY_BTAB), ACT_FOCUS_PREV },
	{ '1', ACT_FOCUS_1 }, { '2', ACT_FOCUS_2 }, { '3', ACT_FOCUS_3 },
	{ '4', ACT_FOCUS_4 }, { '5', ACT_FOCUS_5 }, { '6', ACT_FOCUS_6 },
	{ KEYC_ENTER, ACT_ZOOM }, { 'z', ACT_ZOOM },
	{ FN(KEY_DOWN), ACT_DOWN }, { 'j', ACT_DOWN },
	{ FN(KEY_UP), ACT_UP }, { 'k', ACT_UP },
	{ FN(KEY_NPAGE), ACT_PAGE_DOWN }, { FN(KEY_PPAGE), ACT_PAGE_UP },
	{ FN(KEY_HOME), ACT_HOME }, { 'g', ACT_HOME },
	{ FN(KEY_END), ACT_END }, { 'G', ACT_END },
	{ '/', ACT_SEARCH }, { 'n', ACT_SEARCH_NEXT },
	{ 'N', ACT_SEARCH_PREV }, { 'f', ACT_FILTER }, { 'r', ACT_REFRESH },
	{ '?', ACT_HELP }, { 'q', ACT_QUIT }, { KEYC_ESCAPE, ACT_ESCAPE },
	{ 'c', ACT_COMPLETE }, { 'b', ACT_BLOCK }, { 's', ACT_START },
	{ 'u', ACT_UNDO }, { 'd', ACT_DEPLOY }, { 'R', ACT_ROLLBACK },
	{ 'o', ACT_OUTPUT }, { 'x', ACT_CANCEL },
};

#define NDEFAULTS	(sizeof normal_defaults / sizeof normal_defaults[0])

/* What a wall display offers (docs/keys.md, "Wall mode"). */
static bool
wall_offers(enum action a)
{
	switch (a) {
	case ACT_FOCUS_NEXT:
	case ACT_FOCUS_PREV:
	case ACT_FOCUS_1:
	case ACT_FOCUS_2:
	case ACT_FOCUS_3:
	case ACT_FOCUS_4:
	case ACT_FOCUS_5:
	case ACT_FOCUS_6:
	case ACT_ZOOM:
	case ACT_REFRESH:
	case ACT_HELP:
	case ACT_QUIT:
		return true;
	default:
		return false;
	}
}

static void
test_normal_defaults(void **state)
{
	struct keytables	 kts;
	struct config		 cfg;
	char			 buf[64];
	size_t			 i;
	int			 a;

	(void)state;
	cfg_keys(&cfg, NULL);
	init_ok(&kts, &cfg);
	for (i = 0; i < NDEFAULTS; i++)
		assert_int_equal(lookup(&kts, KT_NORMAL,
		    normal_defaults[i].key), normal_defaults[i].action);
	assert_int_equal(lookup(&kts, KT_NORMAL, 'y'), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_NORMAL, CTRL('c')), ACT_NONE);
	/* The normal table is not a prompt: text does not insert. */
	assert_int_equal(lookup(&kts, KT_NORMAL, 'a'), ACT_NONE);
	/* Every bindable action has a key; the help lists them all. */
	for (a = 0; a < ACT_BINDABLE; a++) {
		keytable_describe(keytables_get(&kts, KT_NORMAL), a, buf,
		    sizeof buf);
		if (*buf == '\0')
			fail_msg("%s has no default key", keys_action_name(a));
	}
	keytable_describe(keytables_get(&kts, KT_NORMAL), ACT_DOWN, buf,
	    sizeof buf);
	assert_string_equal(buf, "Down j");
	keytable_describe(keytables_get(&kts, KT_NORMAL), ACT_ZOOM, buf,
	    sizeof buf);
	assert_string_equal(buf, "Enter z");
	keytables_free(&kts);
	config_free(&cfg);
}

/* Read-only: everything but the writes and the deploys. */
static void
test_readonly_table(void **state)
{
	const struct keytable	*t;
	struct keytables	 kts;
	struct config		 cfg;
	size_t			 i;

	(void)state;
	cfg_keys(&cfg, NULL);
	init_ok(&kts, &cfg);
	t = keytables_get(&kts, KT_READONLY);
	for (i = 0; i < NDEFAULTS; i++) {
		enum action a = normal_defaults[i].action;
		bool writes = a == ACT_COMPLETE || a == ACT_BLOCK ||
		    a == ACT_START || a == ACT_UNDO || a == ACT_DEPLOY ||
		    a == ACT_ROLLBACK || a == ACT_CANCEL;
		assert_int_equal(keytable_lookup(t, normal_defaults[i].key),
		    writes ? ACT_NONE : a);
		assert_int_equal(keytable_offers(t, a), !writes);
	}
	assert_true(keytable_offers(keytables_get(&kts, KT_NORMAL), ACT_DEPLOY));
	/* The output view scrolls, searches and cancels; o, q and Escape
	 * close it. */
	t = keytables_get(&kts, KT_OUTPUT);
	assert_int_equal(keytable_lookup(t, 'j'), ACT_DOWN);
	assert_int_equal(keytable_lookup(t, 'x'), ACT_CANCEL);
	assert_int_equal(keytable_lookup(t, 'o'), ACT_CLOSE);
	assert_int_equal(keytable_lookup(t, 'q'), ACT_CLOSE);
	assert_int_equal(keytable_lookup(t, KEYC_ESCAPE), ACT_CLOSE);
	assert_int_equal(keytable_lookup(t, 'd'), ACT_NONE);
	keytables_free(&kts);
	config_free(&cfg);
}

static void
test_wall_table(void **state)
{
	const struct keytable	*t;
	struct keytables	 kts;
	struct config		 cfg;
	size_t			 i;

	(void)state;
	cfg_keys(&cfg, NULL);
	init_ok(&kts, &cfg);
	t = keytables_get(&kts, KT_WALL);
	assert_int_equal(t->id, KT_WALL);
	assert_string_equal(t->name, "wall");
	for (i = 0; i < NDEFAULTS; i++) {
		assert_int_equal(keytable_lookup(t, normal_defaults[i].key),
		    wall_offers(normal_defaults[i].action) ?
		    normal_defaults[i].action : ACT_NONE);
	}
	/* Nothing in it that a wall must not offer: no selection, search,
	 * filter prompt, escape or write key. */
	assert_true(t->n > 0);
	for (i = 0; i < t->n; i++) {
		if (!wall_offers(t->v[i].action))
			fail_msg("the wall table binds %s",
			    keys_action_name(t->v[i].action));
	}
	assert_int_equal(keytable_lookup(t, '/'), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 'f'), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 'j'), ACT_NONE);
	assert_int_equal(keytable_lookup(t, KEYC_ESCAPE), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 'a'), ACT_NONE);
	keytables_free(&kts);
	config_free(&cfg);
}

static void
test_help_table(void **state)
{
	const struct keytable	*t;
	struct keytables	 kts;
	struct config		 cfg;

	(void)state;
	cfg_keys(&cfg, NULL);
	init_ok(&kts, &cfg);
	t = keytables_get(&kts, KT_HELP);
	/* Its own key, quit and escape close it; up and down scroll. */
	assert_int_equal(keytable_lookup(t, '?'), ACT_CLOSE);
	assert_int_equal(keytable_lookup(t, 'q'), ACT_CLOSE);
	assert_int_equal(keytable_lookup(t, KEYC_ESCAPE), ACT_CLOSE);
	assert_int_equal(keytable_lookup(t, 'j'), ACT_DOWN);
	assert_int_equal(keytable_lookup(t, FN(KEY_DOWN)), ACT_DOWN);
	assert_int_equal(keytable_lookup(t, 'k'), ACT_UP);
	assert_int_equal(keytable_lookup(t, FN(KEY_UP)), ACT_UP);
	assert_int_equal(keytable_lookup(t, FN(KEY_NPAGE)), ACT_PAGE_DOWN);
	assert_int_equal(keytable_lookup(t, FN(KEY_PPAGE)), ACT_PAGE_UP);
	/* Nothing else does anything over the help. */
	assert_int_equal(keytable_lookup(t, KEYC_TAB), ACT_NONE);
	assert_int_equal(keytable_lookup(t, '1'), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 'z'), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 'g'), ACT_NONE);
	assert_int_equal(keytable_lookup(t, '/'), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 'r'), ACT_NONE);
	keytables_free(&kts);
	config_free(&cfg);
}

static void
test_prompt_table(void **state)
{
	const struct keytable	*t;
	struct keytables	 kts;
	struct config		 cfg;

	(void)state;
	cfg_keys(&cfg, NULL);
	init_ok(&kts, &cfg);
	t = keytables_get(&kts, KT_PROMPT);
	assert_int_equal(keytable_lookup(t, KEYC_ENTER), ACT_ACCEPT);
	assert_int_equal(keytable_lookup(t, KEYC_ESCAPE), ACT_CLOSE);
	assert_int_equal(keytable_lookup(t, KEYC_BSPACE), ACT_DELETE_CHAR);
	assert_int_equal(keytable_lookup(t, CTRL('u')), ACT_DELETE_LINE);
	assert_int_equal(keytable_lookup(t, CTRL('w')), ACT_DELETE_WORD);
	/* Text, the command keys among it, inserts itself. */
	assert_int_equal(keytable_lookup(t, 'a'), ACT_INSERT);
	assert_int_equal(keytable_lookup(t, 'q'), ACT_INSERT);
	assert_int_equal(keytable_lookup(t, '?'), ACT_INSERT);
	assert_int_equal(keytable_lookup(t, ' '), ACT_INSERT);
	assert_int_equal(keytable_lookup(t, 0xE9), ACT_INSERT);
	assert_int_equal(keytable_lookup(t, 0x20AC), ACT_INSERT);
	assert_int_equal(keytable_lookup(t, 0x1F600), ACT_INSERT);
	/* Controls, surrogates and function keys do not. */
	assert_int_equal(keytable_lookup(t, KEYC_TAB), ACT_NONE);
	assert_int_equal(keytable_lookup(t, CTRL('a')), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 0x7f), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 0x9b), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 0xD800), ACT_NONE);
	assert_int_equal(keytable_lookup(t, 0x110000), ACT_NONE);
	assert_int_equal(keytable_lookup(t, FN(KEY_UP)), ACT_NONE);
	assert_int_equal(keytable_lookup(t, FN(KEY_F(1))), ACT_NONE);
	keytables_free(&kts);
	config_free(&cfg);
}

/* The mode picks the table; the base is normal or wall. */
static void
test_input(void **state)
{
	struct keytables	 kts;
	struct config		 cfg;

	(void)state;
	assert_int_equal(input_table(MODE_NORMAL, KT_NORMAL), KT_NORMAL);
	assert_int_equal(input_table(MODE_NORMAL, KT_WALL), KT_WALL);
	assert_int_equal(input_table(MODE_HELP, KT_WALL), KT_HELP);
	assert_int_equal(input_table(MODE_SEARCH, KT_NORMAL), KT_PROMPT);
	assert_int_equal(input_table(MODE_FILTER, KT_NORMAL), KT_PROMPT);

	cfg_keys(&cfg, NULL);
	init_ok(&kts, &cfg);
	assert_int_equal(input_translate(&kts, MODE_NORMAL, KT_NORMAL, 'j'),
	    ACT_DOWN);
	assert_int_equal(input_translate(&kts, MODE_NORMAL, KT_WALL, 'j'),
	    ACT_NONE);
	assert_int_equal(input_translate(&kts, MODE_NORMAL, KT_WALL, 'z'),
	    ACT_ZOOM);
	assert_int_equal(input_translate(&kts, MODE_HELP, KT_NORMAL, 'q'),
	    ACT_CLOSE);
	assert_int_equal(input_translate(&kts, MODE_HELP, KT_WALL, 'j'),
	    ACT_DOWN);
	assert_int_equal(input_translate(&kts, MODE_SEARCH, KT_NORMAL, 'q'),
	    ACT_INSERT);
	assert_int_equal(input_translate(&kts, MODE_FILTER, KT_NORMAL,
	    KEYC_ENTER), ACT_ACCEPT);
	keytables_free(&kts);
	config_free(&cfg);
}

static void
test_hints(void **state)
{
	struct keytables	 kts;
	struct config		 cfg;
	char			 buf[160];

	(void)state;
	cfg_keys(&cfg, NULL);
	init_ok(&kts, &cfg);
	keytable_hints(keytables_get(&kts, KT_NORMAL), false, buf, sizeof buf);
	assert_string_equal(buf, "? help  Tab pane  Enter zoom  / search  "
	    "f filter  r refresh  q quit");
	keytable_hints(keytables_get(&kts, KT_NORMAL), true, buf, sizeof buf);
	assert_string_equal(buf, "? help  / search  f filter  q quit");
	keytable_hints(keytables_get(&kts, KT_WALL), false, buf, sizeof buf);
	assert_string_equal(buf, "? help  Enter zoom  q quit");
	keytable_hints(keytables_get(&kts, KT_WALL), true, buf, sizeof buf);
	assert_string_equal(buf, "? help  q quit");
	/* Cut at a whole hint, never in the middle of one. */
	keytable_hints(keytables_get(&kts, KT_NORMAL), false, buf, 20);
	assert_string_equal(buf, "? help  Tab pane");
	keytables_free(&kts);
	config_free(&cfg);
}

/* ---- [keys] -------------------------------------------------------------- */

/* quit = x: in every table that offers quit, and in the hints. */
static void
test_remap_everywhere(void **state)
{
	struct keytables	 kts;
	struct config		 cfg;
	char			 buf[160];

	(void)state;
	cfg_keys(&cfg, "quit", "x", NULL);
	init_ok(&kts, &cfg);
	assert_int_equal(lookup(&kts, KT_NORMAL, 'x'), ACT_QUIT);
	assert_int_equal(lookup(&kts, KT_NORMAL, 'q'), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_WALL, 'x'), ACT_QUIT);
	assert_int_equal(lookup(&kts, KT_WALL, 'q'), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_HELP, 'x'), ACT_CLOSE);
	assert_int_equal(lookup(&kts, KT_HELP, 'q'), ACT_NONE);
	/* The prompts' keys are fixed: x and q are text there. */
	assert_int_equal(lookup(&kts, KT_PROMPT, 'x'), ACT_INSERT);
	assert_int_equal(lookup(&kts, KT_PROMPT, 'q'), ACT_INSERT);
	keytable_hints(keytables_get(&kts, KT_WALL), false, buf, sizeof buf);
	assert_string_equal(buf, "? help  Enter zoom  x quit");
	keytable_describe(keytables_get(&kts, KT_NORMAL), ACT_QUIT, buf,
	    sizeof buf);
	assert_string_equal(buf, "x");
	keytables_free(&kts);
	config_free(&cfg);
}

/* A line replaces the action's defaults and takes its keys from other
 * defaults; the derived tables follow. */
static void
test_remap_takes_keys(void **state)
{
	struct keytables	 kts;
	struct config		 cfg;
	char			 buf[160];

	(void)state;
	cfg_keys(&cfg, "zoom", "Tab", "down", "Space j", "escape", "C-g",
	    "help", "F1 \xc3\xbc", NULL);
	init_ok(&kts, &cfg);
	assert_int_equal(lookup(&kts, KT_NORMAL, KEYC_TAB), ACT_ZOOM);
	assert_int_equal(lookup(&kts, KT_NORMAL, KEYC_ENTER), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_NORMAL, 'z'), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_WALL, KEYC_TAB), ACT_ZOOM);
	keytable_describe(keytables_get(&kts, KT_NORMAL), ACT_FOCUS_NEXT, buf,
	    sizeof buf);
	assert_string_equal(buf, "");
	/* An action without keys drops out of the hints. */
	keytable_hints(keytables_get(&kts, KT_NORMAL), false, buf, sizeof buf);
	assert_string_equal(buf, "F1 help  Tab zoom  / search  f filter  "
	    "r refresh  q quit");
	assert_int_equal(lookup(&kts, KT_NORMAL, ' '), ACT_DOWN);
	assert_int_equal(lookup(&kts, KT_NORMAL, FN(KEY_DOWN)), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_HELP, ' '), ACT_DOWN);
	assert_int_equal(lookup(&kts, KT_WALL, ' '), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_NORMAL, CTRL('g')), ACT_ESCAPE);
	assert_int_equal(lookup(&kts, KT_NORMAL, KEYC_ESCAPE), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_HELP, CTRL('g')), ACT_CLOSE);
	assert_int_equal(lookup(&kts, KT_WALL, CTRL('g')), ACT_NONE);
	assert_int_equal(lookup(&kts, KT_HELP, FN(KEY_F(1))), ACT_CLOSE);
	assert_int_equal(lookup(&kts, KT_NORMAL, 0xFC), ACT_HELP);
	/* The prompt still cancels with Escape. */
	assert_int_equal(lookup(&kts, KT_PROMPT, KEYC_ESCAPE), ACT_CLOSE);
	keytables_free(&kts);
	config_free(&cfg);
}

static void
test_remap_errors(void **state)
{
	(void)state;
	expect_error("test.conf:3: [keys] quit: unknown key 'Ctrl-q' (",
	    "help", "?", "quit", "Ctrl-q", NULL);
	expect_error("test.conf:2: [keys] unknown action 'frobnicate' (see ",
	    "frobnicate", "y", NULL);
	/* The fixed meanings cannot be named. */
	expect_error("test.conf:2: [keys] unknown action 'close'",
	    "close", "c", NULL);
	expect_error("test.conf:2: [keys] unknown action 'insert'",
	    "insert", "i", NULL);
	expect_error("test.conf:3: [keys] help: key 'x' is already bound to "
	    "quit at line 2", "quit", "x", "help", "x F1", NULL);
	expect_error("test.conf:2: [keys] quit: no key given",
	    "quit", " ", NULL);
	expect_error("test.conf:2: [keys] quit: unknown key 'F13'",
	    "quit", "F13", NULL);
	expect_error("test.conf:2: [keys] quit: unknown key 'C-1'",
	    "quit", "C-1", NULL);
	/* What the file says is quoted safely: control and 8-bit bytes as
	 * \xNN, never raw. */
	expect_error("unknown key '\\x1b[31mq'", "quit", "\x1b[31mq", NULL);
	expect_error("key '\\xc2\\x9b' is already bound",
	    "quit", "\xc2\x9b", "help", "\xc2\x9b", NULL);
}

/* ---- key names ----------------------------------------------------------- */

static void
test_names(void **state)
{
	char buf[32];

	(void)state;
	keys_name(KEYC_TAB, buf, sizeof buf);
	assert_string_equal(buf, "Tab");
	keys_name(KEYC_BSPACE, buf, sizeof buf);
	assert_string_equal(buf, "BSpace");
	keys_name(' ', buf, sizeof buf);
	assert_string_equal(buf, "Space");
	keys_name(FN(KEY_F(5)), buf, sizeof buf);
	assert_string_equal(buf, "F5");
	keys_name(CTRL('g'), buf, sizeof buf);
	assert_string_equal(buf, "C-g");
	keys_name('G', buf, sizeof buf);
	assert_string_equal(buf, "G");
	keys_name(0xFC, buf, sizeof buf);
	assert_string_equal(buf, "\xc3\xbc");
	keys_name(0x20AC, buf, sizeof buf);
	assert_string_equal(buf, "\xe2\x82\xac");

	assert_int_equal(keys_from_input(KEY_CODE_YES, KEY_ENTER), KEYC_ENTER);
	assert_int_equal(keys_from_input(KEY_CODE_YES, KEY_UP), FN(KEY_UP));
	assert_int_equal(keys_from_input(OK, '\r'), KEYC_ENTER);
	assert_int_equal(keys_from_input(OK, 0x7f), KEYC_BSPACE);
	assert_int_equal(keys_from_input(OK, 0x08), KEYC_BSPACE);
	assert_int_equal(keys_from_input(OK, 'q'), 'q');

	assert_string_equal(keys_action_name(ACT_FOCUS_NEXT), "focus_next");
	assert_string_equal(keys_action_name(ACT_NONE), "none");
	assert_string_equal(keys_action_help(ACT_NONE), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal_defaults),
		cmocka_unit_test(test_wall_table),
		cmocka_unit_test(test_readonly_table),
		cmocka_unit_test(test_help_table),
		cmocka_unit_test(test_prompt_table),
		cmocka_unit_test(test_input),
		cmocka_unit_test(test_hints),
		cmocka_unit_test(test_remap_everywhere),
		cmocka_unit_test(test_remap_takes_keys),
		cmocka_unit_test(test_remap_errors),
		cmocka_unit_test(test_names),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
