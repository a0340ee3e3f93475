/*
 * What a command tells on its streams: one line, "opsdeck: ...", made safe
 * for a terminal (it may quote the database or a command's output).
 */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "sanitize.h"
#include "xalloc.h"

void
cli_say(FILE *f, const char *raw)
{
	char *safe = sanitize_text(raw, 0);

	fprintf(f, "opsdeck: %s\n", safe);
	free(safe);
}

/* A command has no status line: a server's NOTICE goes to stderr. */
void
cli_notice(void *arg, const char *notice)
{
	char *msg = xasprintf("database says: %s", notice);

	(void)arg;
	cli_say(stderr, msg);
	free(msg);
}
