/*
 * The commands of spec §1.  Each returns the process exit status and prints
 * its own output; core/ never prints.
 */
#ifndef OPSDECK_COMMANDS_H
#define OPSDECK_COMMANDS_H

#include "config.h"
#include "options.h"

/* cmd-snapshot.c */
int	cmd_snapshot(const struct options *, const struct config *);

#endif
