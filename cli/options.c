#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int options_stub_t;
