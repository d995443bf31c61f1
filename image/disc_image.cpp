// Temporary: replaced by the disc backend.
#include "image/disc_image.hpp"
namespace kmsprep {
bool looks_like_disc_image(const std::string&) { return false; }
Result<std::unique_ptr<Image>> open_disc_image(const std::string& path, const OpenOptions&) {
  return Error(ErrorCode::image_format_unknown, "disc backend not built yet", path);
}
}  // namespace kmsprep
