// The archive backend (libarchive): tar (any compression), zip, cpio are readable and writable
// (rewrite into a sibling temporary file, then rename); 7z and ISO9660 are read-only.
#pragma once

#include "image/image.hpp"

namespace kmsprep {

// True when libarchive recognises a readable archive format in the header bytes.
bool looks_like_archive(const std::string& header);
Result<std::unique_ptr<Image>> open_archive_image(const std::string& path,
                                                  const OpenOptions& options);

// Opens any archive libarchive reads (the disc backend uses it for ISO9660/Joliet discs) as a
// read-only image called `format_name`, whose writes are refused with `write_refusal`.
Result<std::unique_ptr<Image>> open_read_only_archive_image(const std::string& path,
                                                            const OpenOptions& options,
                                                            std::string format_name,
                                                            std::string write_refusal);

}  // namespace kmsprep
