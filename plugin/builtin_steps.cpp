#include "plugin/builtin_steps.hpp"

namespace kmsprep {

// One adapter per file, plugin/step_<name>.cpp.
const kmsprep_step* set_variable_step();
const kmsprep_step* install_key_step();
const kmsprep_step* configure_kms_step();
const kmsprep_step* generalize_step();
const kmsprep_step* capture_step();
const kmsprep_step* validate_step();

std::vector<const kmsprep_step*> builtin_steps() {
  return {
      install_key_step(), configure_kms_step(), generalize_step(),
      capture_step(),     validate_step(),      set_variable_step(),
  };
}

}  // namespace kmsprep
