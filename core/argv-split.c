#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int argv_split_stub_t;
