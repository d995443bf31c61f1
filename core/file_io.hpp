// Reading whole small files and replacing files atomically (sibling temporary file, fsync,
// rename, fsync of the directory), so a crash leaves either the old or the new content.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

// Reads a whole regular file; refuses files larger than `max_bytes` with file_too_large.
Result<std::string> read_file(const std::filesystem::path& path,
                              uint64_t max_bytes = UINT64_MAX);

// Writes `bytes` to a new temporary file beside `target` and fsyncs it; returns its path.
// The caller renames it into place (or removes it) later.
Result<std::filesystem::path> write_sibling_temp_file(const std::filesystem::path& target,
                                                      std::string_view bytes,
                                                      std::filesystem::perms mode);

// Creates a new, empty temporary file beside `target` for the caller to fill; returns its
// path and an open descriptor.
struct TempFile {
  std::filesystem::path path;
  int fd = -1;
};
Result<TempFile> create_sibling_temp_file(const std::filesystem::path& target);

// Flushes a directory entry change (rename, create) to disk.
Status fsync_directory(const std::filesystem::path& directory);

// write_sibling_temp_file + rename + fsync_directory. Keeps the mode of an existing target.
Status replace_file_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace kmsprep
