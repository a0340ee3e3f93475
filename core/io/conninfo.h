/*
 * What can be told about a libpq connection string without connecting:
 * whether its enumerated and numeric values are valid (a typo is a
 * configuration error, not an unreachable database), where its password
 * sits (so that no message ever repeats it), and whether a session made
 * with it can be trusted over the network.
 */
#ifndef OPSDECK_CONNINFO_H
#define OPSDECK_CONNINFO_H

#include <stdbool.h>

/* 0 when value is acceptable for libpq option keyword, else -1 with
 * *cause (caller frees) naming the option and what it accepts.  Options
 * this does not know are accepted: libpq judges them when connecting. */
int	 conninfo_check_option(const char *keyword, const char *value,
	     char **cause) __attribute__((warn_unused_result));

/* Copy of msg in which whatever could be the password of conninfo (the
 * URI's user:password@, ?password=, password=...) is "***": every quoted
 * token that holds or is part of it, and every bare occurrence of four or
 * more characters.  libpq quotes the offending part of a conninfo in its
 * parse errors, password included.  Caller frees. */
char	*conninfo_redact(const char *conninfo, const char *msg);

/* Why a session cannot be trusted over the network, or NULL when it can:
 * a Unix socket or a loopback address needs nothing; any other host needs
 * TLS with sslmode=verify-full.  host is PQhost(), ssl_in_use PQsslInUse(),
 * sslmode the session's value (NULL: libpq's default, prefer). */
const char *conninfo_trust_note(const char *host, const char *hostaddr,
	     bool ssl_in_use, const char *sslmode);

#endif
