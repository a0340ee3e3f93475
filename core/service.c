#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int service_stub_t;
