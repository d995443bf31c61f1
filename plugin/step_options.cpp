#include "plugin/step_options.hpp"

#include "core/text.hpp"
#include "unattend/processor_architecture.hpp"

namespace kmsprep {

Result<int> image_index_variable(const StepContext& step) {
  const auto text = step.get("ImageIndex");
  if (!text) return kNoImageIndex;
  const auto value = parse_integer<int>(*text, 1, kMaxImageIndex);
  if (!value) {
    return Error(ErrorCode::usage_invalid_argument,
                 "ImageIndex \"" + *text + "\" is not a positive number", step.component(),
                 "WIM image indexes start at 1; a step services one image, so run one step "
                 "per index");
  }
  return *value;
}

Result<ImageSession> open_step_image(const StepContext& step, const std::string& path, int index,
                                     bool writable) {
  auto session = ImageSession::open(path, index, writable, &step.logger());
  if (!session && session.error().code() == ErrorCode::usage_index_required) {
    return Error(session.error()).with_hint("set ImageIndex to one of them");
  }
  return session;
}

Result<std::optional<OsFamily>> os_family_variable(const StepContext& step) {
  const auto text = step.get("OSFamily");
  if (!text) return std::optional<OsFamily>();
  auto family = parse_os_family(*text);
  if (!family) return Error(family.error()).within("OSFamily");
  return std::optional<OsFamily>(*family);
}

Result<std::optional<std::string>> architecture_variable(const StepContext& step) {
  const auto text = step.get("Architecture");
  if (!text) return std::optional<std::string>();
  auto architecture = parse_processor_architecture(*text);
  if (!architecture) return Error(architecture.error()).within("Architecture");
  return std::optional<std::string>(*architecture);
}

}  // namespace kmsprep
