// The WIM backend (wimlib): one image index of a WIM or ESD. Reads single files without
// extracting the image; commits by appending (wimlib_overwrite without rebuild) or, with
// OpenOptions::rebuild, by rewriting through a temporary file.
#pragma once

#include "image/image.hpp"

namespace kmsprep {

// True for the WIM/ESD magic ("MSWIM\0\0\0") and the pipable WIM magic ("WLPWM\0\0\0").
bool looks_like_wim(const std::string& header);
Result<std::unique_ptr<Image>> open_wim_image(const std::string& path, const OpenOptions& options);

}  // namespace kmsprep
