#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int prom_stub_t;
