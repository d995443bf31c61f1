// Linux side of core/file_version.hpp: stat(2) and fstat(2).
#include <sys/stat.h>

#include <cerrno>

#include "core/file_version.hpp"

namespace kmsprep {
namespace {

int64_t nanoseconds(const struct timespec& time) {
  return static_cast<int64_t>(time.tv_sec) * 1000000000 + time.tv_nsec;
}

EntryKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return EntryKind::file;
  if (S_ISDIR(mode)) return EntryKind::directory;
  if (S_ISFIFO(mode)) return EntryKind::named_pipe;
  if (S_ISSOCK(mode)) return EntryKind::socket;
  return EntryKind::device;
}

void fill(const struct stat& info, FileVersion& version) {
  version.kind = kind_of(info.st_mode);
  version.mode = info.st_mode & 07777;
  version.device = info.st_dev;
  version.identity = info.st_ino;
  version.size = static_cast<uint64_t>(info.st_size);
  version.modified_ns = nanoseconds(info.st_mtim);
  version.changed_ns = nanoseconds(info.st_ctim);
}

}  // namespace

int version_of(const std::filesystem::path& path, FileVersion& version) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return errno;
  fill(info, version);
  return 0;
}

int version_of(int fd, FileVersion& version) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) return errno;
  fill(info, version);
  return 0;
}

}  // namespace kmsprep
