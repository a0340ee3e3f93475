#include "autoconfig.h"
/* stub: replaced by the real module */
typedef int snapshot_text_stub_t;
