#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int pg_stub_t;
