/* Test plugin: a descriptor whose struct_size is too small (an ABI from before version 1). */
#include "kmsprep_plugin.h"

static int32_t run(const kmsprep_context* context) {
  (void)context;
  return 0;
}

static const kmsprep_step step = {8, KMSPREP_PLUGIN_ABI_VERSION, "test-bad-struct-size",
                                  "must be refused", 0, 0, run};

KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void) { return &step; }
