// Temporary: replaced by the WIM backend.
#include "image/wim_image.hpp"
namespace kmsprep {
bool looks_like_wim(const std::string&) { return false; }
Result<std::unique_ptr<Image>> open_wim_image(const std::string& path, const OpenOptions&) {
  return Error(ErrorCode::image_format_unknown, "WIM backend not built yet", path);
}
}  // namespace kmsprep
