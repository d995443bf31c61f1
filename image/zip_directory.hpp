// The end of a zip file checked by hand: libarchive falls back to reading local headers when
// the central directory is missing or does not add up, so a cut zip would read (and be
// rewritten) as if whole. Used by the archive backend when it indexes a zip.
#pragma once

#include <string>

#include "core/result.hpp"

namespace kmsprep {

// image_corrupt unless `path` ends with an end-of-central-directory record (its comment
// reaching exactly the end of the file) whose central directory, zip64 or not, ends where the
// record starts.
Status check_zip_central_directory(const std::string& path);

}  // namespace kmsprep
