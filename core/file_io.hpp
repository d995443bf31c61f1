// Reading whole small files, writing every byte to a descriptor, and replacing a file with new
// bytes atomically (AtomicReplacement: a crash leaves either the old or the new content).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/atomic_replacement.hpp"
#include "core/result.hpp"

namespace kmsprep {

// Reads a whole regular file; refuses files larger than `max_bytes` with file_too_large.
Result<std::string> read_file(const std::filesystem::path& path, uint64_t max_bytes = UINT64_MAX);

// Writes all of `bytes` to `fd`, going on after short writes and EINTR. 0 when every byte is
// written, else the errno of the write that failed (EIO for a write that wrote nothing), so
// each caller words the error for the file it writes.
int write_all_bytes(int fd, std::string_view bytes);
// The same at `offset` (pwrite), and its reading twin: fills all of `bytes` from `offset`
// (pread), EIO when the file ends first.
int write_all_bytes_at(int fd, std::string_view bytes, uint64_t offset);
int read_exactly_at(int fd, std::string& bytes, uint64_t offset);

// `target` now holds `bytes`, through AtomicReplacement. Keeps the mode of an existing target
// (0644 for a new one).
Status replace_file_atomically(const std::filesystem::path& target, std::string_view bytes);

}  // namespace kmsprep
