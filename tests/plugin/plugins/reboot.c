/* Test plugin: succeeds and asks for a reboot (3010). */
#include "kmsprep_plugin.h"

static int32_t run(const kmsprep_context* context) {
  context->api->log(context->host, KMSPREP_LOG_INFO, "reboot please", 13);
  return KMSPREP_STEP_REBOOT_REQUIRED;
}

static const kmsprep_step step = {sizeof(kmsprep_step), KMSPREP_PLUGIN_ABI_VERSION, "test-reboot",
                                  "returns 3010", 0, 0, run};

KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void) { return &step; }
