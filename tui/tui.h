/*
 * The cockpit screen.  tui/ reads the view that core/'s orchestrator
 * publishes and draws it; it never talks to the database or the network.
 */
#ifndef OPSDECK_TUI_H
#define OPSDECK_TUI_H

#include <stdbool.h>

#include "config.h"
#include "model.h"

/* The exit statuses the cockpit itself may return (spec §1). */
#define COCKPIT_EXIT_USAGE	2

/* What the command line asks of the cockpit; strings are borrowed. */
struct cockpit_opts {
	const char	*now;		/* --now, normalized, or NULL */
	const char	*week;		/* --week, or NULL */
	const char	*owner;		/* feed filters, or NULL */
	const char	*stage;
	const char	*status;
	const char	*theme;		/* --theme, or NULL */
	bool		 wall;
};

/* cockpit.c: runs the full-screen cockpit until quit; returns the exit
 * status. */
int	cockpit_run(const struct cockpit_opts *, const struct config *);

#endif
