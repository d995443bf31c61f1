// Temporary: replaced by the directory backend.
#include "image/directory_image.hpp"
namespace kmsprep {
Result<std::unique_ptr<Image>> open_directory_image(const std::string& path, const OpenOptions&) {
  return Error(ErrorCode::image_format_unknown, "directory backend not built yet", path);
}
}  // namespace kmsprep
