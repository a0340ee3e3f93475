/*
 * Number formats shared by the text snapshot and the cockpit, so that one
 * figure reads the same in both.
 */
#ifndef OPSDECK_NUMFMT_H
#define OPSDECK_NUMFMT_H

#include <stddef.h>

/* Whole dollars with thousands separators, rounded half away from zero:
 * "$98,000", "-$1,250"; beyond 1e15, "$1.23e+15".  v must be finite. */
void	money_whole(double v, char *buf, size_t len);

#endif
