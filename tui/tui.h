/*
 * The cockpit screen.  tui/ reads the struct dashboard that core/ keeps
 * current and draws it; it never talks to the database or the network.
 */
#ifndef OPSDECK_TUI_H
#define OPSDECK_TUI_H

#include "config.h"
#include "options.h"

/* cockpit.c: runs the full-screen cockpit until quit; returns the exit
 * status. */
int	cockpit_run(const struct options *, const struct config *);

#endif
