/*
 * opsdeck with no command: the full-screen cockpit, given what the
 * command line asks of it in its own terms.
 */
#include "autoconfig.h"

#include "commands.h"
#include "tui.h"

int
cmd_cockpit(const struct options *o, const struct config *cfg)
{
	struct cockpit_opts c = {
		.now = o->has_now ? o->now : NULL,
		.week = o->has_week ? o->week : NULL,
		.owner = o->owner,
		.stage = o->stage,
		.status = o->status,
		.theme = o->theme,
		.wall = o->wall,
	};

	return cockpit_run(&c, cfg);
}
