/* Test plugin: a descriptor of an ABI version this host does not speak. */
#include "kmsprep_plugin.h"

static int32_t run(const kmsprep_context* context) {
  (void)context;
  return 0;
}

static const kmsprep_step step = {sizeof(kmsprep_step), 999, "test-bad-abi-version",
                                  "must be refused", 0, 0, run};

KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void) { return &step; }
