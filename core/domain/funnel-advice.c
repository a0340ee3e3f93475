/*
 * One sentence for the bottleneck stage: what it is, how slow, and the move
 * that usually unblocks that kind of stage.
 */
#include "autoconfig.h"

#include <string.h>

#include "model.h"
#include "xalloc.h"

static const struct {
	const char	*stage;
	const char	*label;
	const char	*advice;
} stage_advice[] = {
	{ "top", "Top funnel", "decide faster: assign an owner to every open "
	    "idea or cut it" },
	{ "middle", "Middle funnel", "parallelize execution: split the oldest "
	    "open actions across idle agents" },
	{ "bottom", "Bottom funnel", "close the loop: verify and attach evidence "
	    "to the actions waiting on completion" },
};

char *
funnel_advice(const struct model_stage *s)
{
	const char *label = NULL, *advice = "review its oldest open actions "
	    "and unblock or reassign them";
	size_t i;

	for (i = 0; i < sizeof stage_advice / sizeof stage_advice[0]; i++) {
		if (strcmp(s->stage, stage_advice[i].stage) == 0) {
			label = stage_advice[i].label;
			advice = stage_advice[i].advice;
		}
	}
	if (label != NULL)
		return xasprintf("%s is the bottleneck (%.1f days avg, %ld open): "
		    "%s.", label, s->avg_days.v, s->open, advice);
	return xasprintf("Stage \"%s\" is the bottleneck (%.1f days avg, %ld "
	    "open): %s.", s->stage, s->avg_days.v, s->open, advice);
}
