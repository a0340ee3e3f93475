#include "autoconfig.h"

/*
 * From a key to an action.  The mode picks the key table: a prompt takes
 * every key for its line, the help overlay only closes and scrolls, and
 * otherwise the base table decides (normal, or the wall display's, which
 * lacks what a wall must not offer).  Nothing here changes any state or
 * touches the terminal: what the action does is cockpit-state.c's
 * business.
 */

#include "keys.h"

bool
mode_is_prompt(enum mode mode)
{
	return mode == MODE_SEARCH || mode == MODE_FILTER ||
	    mode == MODE_HOURS || mode == MODE_EVIDENCE ||
	    mode == MODE_REASON || mode == MODE_CONFIRM ||
	    mode == MODE_OUTPUT_SEARCH || mode == MODE_CANCEL;
}

bool
mode_shows_output(enum mode mode)
{
	return mode == MODE_OUTPUT || mode == MODE_OUTPUT_SEARCH ||
	    mode == MODE_CANCEL;
}

enum keytable_id
input_table(enum mode mode, enum keytable_id base)
{
	if (mode_is_prompt(mode))
		return KT_PROMPT;
	if (mode == MODE_HELP)
		return KT_HELP;
	if (mode == MODE_OUTPUT)
		return KT_OUTPUT;
	return base;
}

enum action
input_translate(const struct keytables *kts, enum mode mode,
    enum keytable_id base, int key)
{
	return keytable_lookup(keytables_get(kts, input_table(mode, base)),
	    key);
}
