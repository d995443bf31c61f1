// Reading the variables the built-in step adapters share (ImagePath, ImageIndex, OSFamily,
// Architecture) into the option types of servicing/ and sysprep/. Callers: plugin/step_*.cpp.
#pragma once

#include <optional>
#include <string>

#include "core/os_family.hpp"
#include "core/result.hpp"
#include "plugin/step_context.hpp"

namespace kmsprep {

// ImageIndex as a 1-based WIM index; 1 when unset.
Result<int> image_index_variable(const StepContext& step);
Result<std::optional<OsFamily>> os_family_variable(const StepContext& step);
Result<std::optional<std::string>> architecture_variable(const StepContext& step);

}  // namespace kmsprep
