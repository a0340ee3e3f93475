#include "autoconfig.h"
#include "tui.h"
/* stub */
int
cockpit_run(const struct options *o, const struct config *c)
{
	(void)o; (void)c;
	return 2;
}
