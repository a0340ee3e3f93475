#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int funnel_advice_stub_t;
