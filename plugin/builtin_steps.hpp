// The table of built-in steps: each is a kmsprep_step descriptor (the same ABI as external
// plugins) defined by one adapter file plugin/step_<name>.cpp. To add one: write
// `const kmsprep_step* <name>_step();` in that file (see step_set_variable.cpp), and add its
// declaration and one row to builtin_steps.cpp. Caller: StepRegistry.
#pragma once

#include <vector>

#include "plugin/kmsprep_plugin.h"

namespace kmsprep {

std::vector<const kmsprep_step*> builtin_steps();

}  // namespace kmsprep
