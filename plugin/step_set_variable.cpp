// Built-in step set-variable: ConfigMgr's "Set Task Sequence Variable". Sets one variable for
// the steps after it, typically inside a group whose condition picks the value (a KMS host per
// site, a capture name per edition).
#include "plugin/kmsprep_plugin.h"
#include "plugin/step_context.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {
namespace {

constexpr kmsprep_variable_spec kVariables[] = {
    {"VariableName", 1, KMSPREP_IN, "the variable to set (not one beginning with '_')"},
    {"VariableValue", 0, KMSPREP_IN, "its new value; unset means empty"},
};

int32_t run(const kmsprep_context* context) {
  return run_builtin_step(context, [](StepContext& step) -> Result<int32_t> {
    auto name = step.require("VariableName");
    if (!name) return name.error();
    if (!is_valid_variable_name(*name) || (*name)[0] == '_') {
      return Error(ErrorCode::usage_invalid_argument,
                   "VariableName \"" + *name + "\" is not a variable a step may set",
                   step.component(),
                   "use letters, digits and '_', not beginning with '_' or a digit");
    }
    if (auto set = step.set(*name, step.get("VariableValue").value_or("")); !set) {
      return set.error();
    }
    return KMSPREP_STEP_SUCCESS;
  });
}

constexpr kmsprep_step kStep = {
    sizeof(kmsprep_step),
    KMSPREP_PLUGIN_ABI_VERSION,
    "set-variable",
    "set a task-sequence variable (VariableName = VariableValue) for the steps after it",
    kVariables,
    sizeof kVariables / sizeof kVariables[0],
    run,
};

}  // namespace

const kmsprep_step* set_variable_step() { return &kStep; }

}  // namespace kmsprep
