#include "autoconfig.h"

/*
 * What the cockpit tells the operator: the status line's note and the
 * prompts' labels, made safe once here.  The lowest part of the state
 * module: the key handlers (cockpit-state.c, cockpit-write.c,
 * cockpit-deploy.c) call it and it calls none of them.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cockpit-int.h"
#include "xalloc.h"

/* A one-line note in the status line until the next key.  Made safe
 * here: it may quote the database (an owner, a reason). */
void
state_say(struct cockpit *app, bool error, const char *fmt, ...)
{
	va_list ap;
	char *raw;

	free(app->message);
	va_start(ap, fmt);
	raw = xvasprintf(fmt, ap);
	va_end(ap);
	app->message = sanitize_text(raw, draw_ascii());
	free(raw);
	app->message_error = error;
	app->dirty_status = true;
}

void
state_set_prompt_label(struct cockpit *app, const char *label)
{
	char *safe = sanitize_text(label, draw_ascii());

	snprintf(app->prompt_label, sizeof app->prompt_label, "%s", safe);
	free(safe);
	app->dirty_status = true;
}

/* The dashboard's messages come in bursts without a key between them (a
 * journal opened with a damaged record, then the replay's outcomes): an
 * error stays until a key ends it, so the next note cannot wipe it out
 * before it was ever drawn. */
void
state_dash_message(struct cockpit *app, const char *msg)
{
	bool bad = strstr(msg, "refused") != NULL ||
	    strstr(msg, "nothing written") != NULL ||
	    strstr(msg, "failed") != NULL ||
	    strstr(msg, "dropped") != NULL ||
	    strstr(msg, "not replayed") != NULL;

	if (!bad && app->message != NULL && app->message_error)
		return;
	state_say(app, bad, "%s", msg);
}
