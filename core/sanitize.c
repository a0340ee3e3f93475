#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int sanitize_stub_t;
