#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int model_sql_stub_t;
