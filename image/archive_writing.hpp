// The pieces every archive rewrite shares (archive_rewrite.cpp, zip_rewrite.cpp): owning
// handles for libarchive writers and entries, writing headers and data through libarchive,
// copying byte ranges of the original into the new file, and the checks that the archive did
// not change since it was indexed. Archive backend only.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "image/archive_index.hpp"
#include "image/archive_library.hpp"
#include "image/archive_rewrite.hpp"

namespace kmsprep {

struct ArchiveWriteCloser {
  void operator()(archive* writer) const { libarchive().archive_write_free(writer); }
};
using ArchiveWriter = std::unique_ptr<archive, ArchiveWriteCloser>;

struct EntryFreer {
  void operator()(archive_entry* entry) const { libarchive().archive_entry_free(entry); }
};
using OwnedEntry = std::unique_ptr<archive_entry, EntryFreer>;

// The writer's last error at `location` (io_failure, with errno when there is one).
Error writer_error(archive* writer, const std::string& what, const std::string& location);

Status write_all(int fd, const char* data, size_t length, const std::string& location);
Status write_entry_data(archive* writer, const std::string& content, const std::string& name,
                        const std::string& location);
// ARCHIVE_WARN (a name that does not convert to the locale, say) still wrote the header.
Status write_header(archive* writer, archive_entry* entry, const std::string& name,
                    const std::string& location, Logger* logger);

// The existing entry's metadata (names, owner, mode, xattrs) with new regular-file content.
OwnedEntry replacement_entry(archive_entry* original, size_t size);
OwnedEntry addition_entry(const ArchiveEdit::Addition& addition);

// image_corrupt unless `entry` is the indexed entry `ordinal`.
Status check_same_entry(const ArchiveIndex& index, size_t ordinal, archive_entry* entry,
                        const std::string& location);

// libarchive write callback appending to the std::string `client`.
la_ssize_t append_to_string(archive*, void* client, const void* buffer, size_t length);

// Bytes [from, to) of `in_fd` appended to `out_fd`: copy_file_range (in-kernel), read/write
// where the file systems do not allow it.
Status copy_range(int in_fd, int out_fd, int64_t from, int64_t to, const std::string& location);

}  // namespace kmsprep
