// Test plugin: a C++ step that throws through the C ABI; the host must contain it (result 806).
#include <stdexcept>

#include "kmsprep_plugin.h"

namespace {

int32_t run(const kmsprep_context*) { throw std::runtime_error("test-throwing always throws"); }

const kmsprep_step step = {sizeof(kmsprep_step),
                           KMSPREP_PLUGIN_ABI_VERSION,
                           "test-throwing",
                           "throws std::runtime_error from run()",
                           nullptr,
                           0,
                           run};

}  // namespace

extern "C" KMSPREP_EXPORT const kmsprep_step* kmsprep_step_descriptor(void) { return &step; }
