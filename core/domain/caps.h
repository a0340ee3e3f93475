/*
 * What this database lets us do (spec §6.2, §6.4), read at every connect:
 * whether opsdeck's objects are installed, whether the role may write
 * every action, only its own (opsdeck_team under row-level security) or
 * none, whether it may deploy, and whether the notify triggers are there
 * (else the cockpit polls).
 *
 * Read by caps-sql.h's statements.
 *
 * Ownership: struct db_caps owns own_owner; db_caps_free() releases it.
 */
#ifndef OPSDECK_CAPS_H
#define OPSDECK_CAPS_H

#include <stdbool.h>

enum caps_write {
	CAPS_WRITE_NONE,
	CAPS_WRITE_OWN,
	CAPS_WRITE_ALL
};

struct db_caps {
	bool		 known;		/* read from this database */
	bool		 installed;	/* `opsdeck migrate` ran */
	enum caps_write	 write;
	char		*own_owner;	/* CAPS_WRITE_OWN: the owner name, or NULL */
	bool		 deploy;
	bool		 notify;	/* the triggers are in place */
	int		 version;
};

/* Whether c lets the role write the action owned by owner (NULL:
 * unassigned). */
bool	caps_may_write(const struct db_caps *c, const char *owner);
void	db_caps_free(struct db_caps *);

#endif
