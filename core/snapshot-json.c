#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int snapshot_json_stub_t;
