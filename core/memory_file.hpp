// MemoryFile: an open, private file holding bytes that a library wants as a path or a
// descriptor (hivex opens hives by name, wimlib adds files by name): an anonymous memory file
// (memfd) where the kernel has one, else an unlinked temporary file in $TMPDIR, or any open
// file handed over with adopt(). On Linux it is never visible in a directory listing, and
// closing it frees it; on Windows it is a temporary file only this process writes, removed by
// the destructor (memory_file_windows.cpp). Users: image/ (reads as files, WIM adds),
// registry/ (hives).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

class MemoryFile {
 public:
  // An empty file; `what` names it in error messages.
  static Result<MemoryFile> create(const std::string& what);
  static Result<MemoryFile> with_bytes(std::string_view bytes, const std::string& what);
  // Takes ownership of `fd`, an open file (for example one just extracted and then unlinked).
  static MemoryFile adopt(int fd, std::string what);

  MemoryFile(MemoryFile&& other) noexcept;
  MemoryFile& operator=(MemoryFile&& other) noexcept;
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  ~MemoryFile();

  int fd() const { return fd_; }
  const std::string& what() const { return what_; }
  // A name open(2) accepts for this very file ("/proc/self/fd/N"); empty where /proc is not
  // mounted (some chroots), and then callers that need a name copy the bytes with create().
  // create() falls back to a named temporary file there (and on Windows), removed when this
  // object goes.
  std::string path() const;

  Result<uint64_t> size() const;
  Status append(std::string_view bytes);
  Result<std::string> read_all() const;
  // Up to `length` bytes from `offset` (fewer at the end of the file).
  Result<std::string> read_at(uint64_t offset, size_t length) const;

 private:
  MemoryFile(int fd, std::string what, std::string named_path)
      : fd_(fd), what_(std::move(what)), named_path_(std::move(named_path)) {}

  int fd_ = -1;
  std::string what_;
  std::string named_path_;  // the temporary file of create()'s fallback, unlinked on destruction
};

}  // namespace kmsprep
