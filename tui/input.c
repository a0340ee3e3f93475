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

enum keytable_id
input_table(enum mode mode, enum keytable_id base)
{
	switch (mode) {
	case MODE_SEARCH:
	case MODE_FILTER:
		return KT_PROMPT;
	case MODE_HELP:
		return KT_HELP;
	case MODE_NORMAL:
		break;
	}
	return base;
}

enum action
input_translate(const struct keytables *kts, enum mode mode,
    enum keytable_id base, int key)
{
	return keytable_lookup(keytables_get(kts, input_table(mode, base)),
	    key);
}
