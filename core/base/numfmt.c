#include "autoconfig.h"

#include <math.h>
#include <stdio.h>

#include "numfmt.h"

void
money_whole(double v, char *buf, size_t len)
{
	char	digits[24], grouped[32];
	double	a = round(fabs(v));
	int	nd, i, g = 0;

	if (a >= 1e15) {	/* past what the digits buffer holds */
		snprintf(buf, len, "%s$%.3g", v < 0 ? "-" : "", a);
		return;
	}
	nd = snprintf(digits, sizeof digits, "%.0f", a);
	for (i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			grouped[g++] = ',';
		grouped[g++] = digits[i];
	}
	grouped[g] = '\0';
	snprintf(buf, len, "%s$%s", v < 0 && a != 0 ? "-" : "", grouped);
}
