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

void
state_dash_message(struct cockpit *app, const char *msg)
{
	bool bad = strstr(msg, "refused") != NULL ||
	    strstr(msg, "nothing written") != NULL ||
	    strstr(msg, "failed") != NULL;

	state_say(app, bad, "%s", msg);
}
