#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int config_stub_t;
