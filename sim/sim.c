#include "autoconfig.h"

/*
 * The simulator's one state and its messages, at the bottom of sim/: the
 * command line (main.c), the HTTP side (http-server.c) and the behaviours
 * (behaviours.c) all use them, and this file uses none of those.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "sim.h"

struct sim sim;

void
die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("opsdeck-sim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(status == EXIT_USAGE ? "\n(try opsdeck-sim --help)\n" : "\n",
	    stderr);
	exit(status);
}

void
vlog(const char *fmt, ...)
{
	va_list ap;

	if (!sim.verbose)
		return;
	fputs("opsdeck-sim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
