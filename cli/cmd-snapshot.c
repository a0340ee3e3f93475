#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int cmd_snapshot_stub_t;
