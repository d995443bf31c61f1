// The archive backend (libarchive): tar (any compression), zip, cpio are readable and writable
// (rewrite into a sibling temporary file, then rename); 7z is read-only.
#pragma once

#include "image/image.hpp"

namespace kmsprep {

// True when libarchive recognises a readable archive format in the header bytes.
bool looks_like_archive(const std::string& header);
Result<std::unique_ptr<Image>> open_archive_image(const std::string& path,
                                                  const OpenOptions& options);

}  // namespace kmsprep
