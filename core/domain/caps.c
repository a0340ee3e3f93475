/*
 * The capability probe (see caps.h).  The answer is advice for the
 * screen: the database still enforces every rule itself, and a write it
 * refuses is reported as refused whatever the probe said.
 */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "xalloc.h"

bool
caps_may_write(const struct db_caps *c, const char *owner)
{
	switch (c->write) {
	case CAPS_WRITE_ALL:
		return true;
	case CAPS_WRITE_OWN:
		return owner != NULL && c->own_owner != NULL &&
		    strcmp(owner, c->own_owner) == 0;
	default:
		return false;
	}
}

void
db_caps_free(struct db_caps *c)
{
	free(c->own_owner);
	memset(c, 0, sizeof *c);
}
