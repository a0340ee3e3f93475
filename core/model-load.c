#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int model_load_stub_t;
