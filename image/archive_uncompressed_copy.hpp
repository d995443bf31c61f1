// UncompressedCopy: the uncompressed stream of a compressed archive (tar.gz, tar.xz, cpio.bz2,
// ...), written once into an unlinked temporary file when the archive is opened for writing.
// Indexing, comparing and rewriting then read the copy, so an `image put` decompresses the
// archive once and compresses it once, as bsdtar re-creating it does, instead of decompressing
// it for each of those steps. Archive backend only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/file_version.hpp"
#include "core/memory_file.hpp"

namespace kmsprep {

class UncompressedCopy {
 public:
  // nullopt when `archive_path` has no compression filter, or when the copy cannot be made
  // (no room in the temporary directory, a damaged stream): the caller then reads the archive
  // itself, which reports the damage as it always did.
  static std::optional<UncompressedCopy> make(const std::string& archive_path);

  int fd() const { return file_.fd(); }
  // For libarchive: /proc/self/fd/N on Linux, the temporary file's name on Windows.
  const std::string& path() const { return path_; }
  const std::vector<int>& filters() const { return filters_; }  // as ArchiveLayout lists them
  // Whether `now` (the archive as it is) is the file the copy was made from: same inode, size,
  // modification and change time. A rewrite from a stale copy would silently undo what another
  // program wrote into the archive since it was opened.
  bool made_from(const FileVersion& now) const { return now.same_version(source_); }

 private:
  UncompressedCopy(MemoryFile file, std::vector<int> filters)
      : file_(std::move(file)), path_(file_.path()), filters_(std::move(filters)) {}

  MemoryFile file_;  // an unnamed file on disk (scratch_file.hpp)
  std::string path_;
  std::vector<int> filters_;
  FileVersion source_;  // the archive when the copy was made
};

}  // namespace kmsprep
