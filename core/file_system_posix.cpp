#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/file_system.hpp"

namespace kmsprep {

namespace {

int posix_open_flags(unsigned flags) {
  int posix = O_CLOEXEC;
  if (flags & kOpenReadWrite) {
    posix |= O_RDWR;
  } else if (flags & kOpenWrite) {
    posix |= O_WRONLY;
  } else {
    posix |= O_RDONLY;
  }
  if (flags & kOpenCreate) posix |= O_CREAT;
  if (flags & kOpenExclusive) posix |= O_EXCL;
  if (flags & kOpenTruncate) posix |= O_TRUNC;
  if (flags & kOpenNoFollow) posix |= O_NOFOLLOW;
  if (flags & kOpenAppend) posix |= O_APPEND;
  return posix;
}

FileKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::file;
  if (S_ISDIR(mode)) return FileKind::directory;
  if (S_ISLNK(mode)) return FileKind::symlink;
  return FileKind::other;
}

void fill(const struct stat& info, FileStatus& status) {
  status.kind = kind_of(info.st_mode);
  status.size = static_cast<uint64_t>(info.st_size);
  status.mode = info.st_mode & 07777;
  status.owner = info.st_uid;
  status.group = info.st_gid;
  status.modified = info.st_mtime;
  status.device = info.st_dev;
  status.identity = info.st_ino;
}

}  // namespace

int open_file(const std::filesystem::path& path, unsigned flags, unsigned mode) {
  return ::open(path.c_str(), posix_open_flags(flags), static_cast<mode_t>(mode));
}

int close_file(int fd) { return ::close(fd); }

int64_t read_some(int fd, void* buffer, size_t length) { return ::read(fd, buffer, length); }

int64_t write_some(int fd, const void* buffer, size_t length) {
  return ::write(fd, buffer, length);
}

int64_t read_some_at(int fd, void* buffer, size_t length, uint64_t offset) {
  return ::pread(fd, buffer, length, static_cast<off_t>(offset));
}

int64_t write_some_at(int fd, const void* buffer, size_t length, uint64_t offset) {
  return ::pwrite(fd, buffer, length, static_cast<off_t>(offset));
}

int64_t seek_to(int fd, uint64_t offset) {
  return ::lseek(fd, static_cast<off_t>(offset), SEEK_SET);
}

int truncate_file(int fd, uint64_t length) {
  return ::ftruncate(fd, static_cast<off_t>(length)) == 0 ? 0 : errno;
}

int sync_file(int fd) { return ::fsync(fd) == 0 ? 0 : errno; }

int lock_file(int fd, FileLock lock, bool wait) {
  const int operation = (lock == FileLock::shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
  while (::flock(fd, operation) != 0) {
    if (errno != EINTR) return errno;
  }
  return 0;
}

int unlock_file(int fd) { return ::flock(fd, LOCK_UN) == 0 ? 0 : errno; }

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

int status_of(const std::filesystem::path& path, FileStatus& status) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    status = FileStatus{};
    return errno;
  }
  fill(info, status);
  return 0;
}

int status_of_target(const std::filesystem::path& path, FileStatus& status) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    status = FileStatus{};
    return errno;
  }
  fill(info, status);
  return 0;
}

int status_of(int fd, FileStatus& status) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    status = FileStatus{};
    return errno;
  }
  fill(info, status);
  return 0;
}

int replace_path(const std::filesystem::path& from, const std::filesystem::path& to) {
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

int remove_file(const std::filesystem::path& path) {
  return ::unlink(path.c_str()) == 0 ? 0 : errno;
}

int sync_directory(const std::filesystem::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  const int result = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return result;
}

uint64_t process_id() { return static_cast<uint64_t>(::getpid()); }

}  // namespace kmsprep
