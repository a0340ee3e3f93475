#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int health_body_stub_t;
