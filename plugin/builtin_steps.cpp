#include "plugin/builtin_steps.hpp"

namespace kmsprep {

// One adapter per file, plugin/step_<name>.cpp.
const kmsprep_step* set_variable_step();

std::vector<const kmsprep_step*> builtin_steps() {
  return {
      set_variable_step(),
  };
}

}  // namespace kmsprep
