// Reading the variables the built-in step adapters share (ImagePath, ImageIndex, OSFamily,
// Architecture) into the option types of servicing/ and sysprep/, and opening the image they
// name. Callers: plugin/step_*.cpp.
#pragma once

#include <optional>
#include <string>

#include "core/os_family.hpp"
#include "core/result.hpp"
#include "plugin/step_context.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {

// ImageIndex as a 1-based WIM index; kNoImageIndex when unset.
Result<int> image_index_variable(const StepContext& step);
// The image at `path` and `index` (from image_index_variable). Without ImageIndex, a WIM with
// several images fails the step (E103) listing its images, as the subcommands refuse it.
Result<ImageSession> open_step_image(const StepContext& step, const std::string& path, int index,
                                     bool writable);
Result<std::optional<OsFamily>> os_family_variable(const StepContext& step);
Result<std::optional<std::string>> architecture_variable(const StepContext& step);

}  // namespace kmsprep
