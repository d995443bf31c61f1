// The directory backend: an applied or mounted image, or an extracted media tree. Never follows
// a symlink or `..` out of the root. Commit: see docs/images.md (stage + fsync every new file,
// then rename in a fixed order).
#pragma once

#include "image/image.hpp"

namespace kmsprep {

Result<std::unique_ptr<Image>> open_directory_image(const std::string& path,
                                                    const OpenOptions& options);

}  // namespace kmsprep
