// UncompressedCopy: the uncompressed stream of a compressed archive (tar.gz, tar.xz, cpio.bz2,
// ...), written once into an unlinked temporary file when the archive is opened for writing.
// Indexing, comparing and rewriting then read the copy, so an `image put` decompresses the
// archive once and compresses it once, as bsdtar re-creating it does, instead of decompressing
// it for each of those steps. Archive backend only.
#pragma once

#include <sys/stat.h>

#include <optional>
#include <string>
#include <vector>

namespace kmsprep {

class UncompressedCopy {
 public:
  // nullopt when `archive_path` has no compression filter, or when the copy cannot be made
  // (no room in the temporary directory, a damaged stream): the caller then reads the archive
  // itself, which reports the damage as it always did.
  static std::optional<UncompressedCopy> make(const std::string& archive_path);

  UncompressedCopy(UncompressedCopy&& other) noexcept;
  UncompressedCopy& operator=(UncompressedCopy&& other) noexcept;
  UncompressedCopy(const UncompressedCopy&) = delete;
  UncompressedCopy& operator=(const UncompressedCopy&) = delete;
  ~UncompressedCopy();

  int fd() const { return fd_; }
  const std::string& path() const { return path_; }             // /proc/self/fd/N, for libarchive
  const std::vector<int>& filters() const { return filters_; }  // as ArchiveLayout lists them
  // Whether `now` (a stat of the archive) is the file the copy was made from: same inode, size,
  // modification and change time. A rewrite from a stale copy would silently undo what another
  // program wrote into the archive since it was opened.
  bool made_from(const struct stat& now) const;

 private:
  UncompressedCopy(int fd, std::vector<int> filters);

  int fd_ = -1;
  std::string path_;
  std::vector<int> filters_;
  struct stat source_ {};  // the archive when the copy was made
};

}  // namespace kmsprep
