/*
 * The operator (spec §6): named in the audit, the deployments, the
 * notifications and OPSDECK_OPERATOR.
 */
#ifndef OPSDECK_OPERATOR_H
#define OPSDECK_OPERATOR_H

/* [ui] operator when set (configured), else $USER, else the password
 * database's name for the real uid, else "uid N".  Caller frees. */
char	*operator_resolve(const char *configured);

#endif
