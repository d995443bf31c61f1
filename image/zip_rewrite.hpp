// Rewriting a zip by copying what did not change, as Info-ZIP's `zip` does when it updates one
// entry: each unchanged entry's local header, compressed data and data descriptor are copied as
// they are (copy_file_range), and its central directory record is kept byte for byte but for
// the offset of its local header. Only replaced and added entries go through libarchive, one
// small zip each, whose local part and record are spliced in. Archive backend only.
#pragma once

#include <string>

#include "image/archive_index.hpp"
#include "image/archive_rewrite.hpp"

namespace kmsprep {

// Writes the edited zip at `path` to `out_fd` and returns true; returns false, having written
// nothing, when the zip is laid out in a way this copy does not take apart (split archives,
// bytes before the first entry, central directory records that overlap, point backwards or do
// not name the entries libarchive indexed): the caller then rewrites it through libarchive.
Result<bool> rewrite_zip_by_copy(const std::string& path, const ArchiveIndex& index,
                                 const ArchiveEdit& edit, int out_fd, Logger* logger);

}  // namespace kmsprep
