#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int timefmt_stub_t;
