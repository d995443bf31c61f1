// Linux side of core/directory_handle.hpp: the *at(2) calls on the descriptor itself.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/directory_handle.hpp"

namespace kmsprep {

namespace {

FileKind kind_of(mode_t mode) {
  if (S_ISREG(mode)) return FileKind::file;
  if (S_ISDIR(mode)) return FileKind::directory;
  if (S_ISLNK(mode)) return FileKind::symlink;
  return FileKind::other;
}

// A name the kernel would read as more than one entry, or as the directory or its parent.
int refuse(const std::string& name) {
  if (is_entry_name(name)) return 0;
  errno = EINVAL;
  return EINVAL;
}

}  // namespace

bool is_entry_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string("/\0", 2)) == std::string::npos;
}

int open_directory(const std::filesystem::path& path) {
  return ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

int open_directory_at(int directory, const std::string& name) {
  if (refuse(name)) return -1;
  return ::openat(directory, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

int duplicate_directory(int directory) { return ::fcntl(directory, F_DUPFD_CLOEXEC, 0); }

int status_at(int directory, const std::string& name, FileStatus& status) {
  status = FileStatus{};
  if (const int error = refuse(name)) return error;
  struct stat info {};
  if (::fstatat(directory, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) return errno;
  status.kind = kind_of(info.st_mode);
  status.size = static_cast<uint64_t>(info.st_size);
  status.mode = info.st_mode & 07777;
  status.owner = info.st_uid;
  status.group = info.st_gid;
  status.modified = info.st_mtime;
  status.device = info.st_dev;
  status.identity = info.st_ino;
  return 0;
}

int spelling_at(int directory, const std::string& name, std::string& spelled) {
  FileStatus status;
  if (const int error = status_at(directory, name, status)) return error;
  spelled = name;
  return 0;
}

int read_link_at(int directory, const std::string& name, std::string& target) {
  if (const int error = refuse(name)) return error;
  char buffer[4096];
  const ssize_t length = ::readlinkat(directory, name.c_str(), buffer, sizeof buffer - 1);
  if (length < 0) return errno;
  target.assign(buffer, static_cast<size_t>(length));
  return 0;
}

int open_file_at(int directory, const std::string& name, unsigned flags, unsigned mode) {
  if (refuse(name)) return -1;
  int posix = O_CLOEXEC | O_NOFOLLOW;
  if (flags & kOpenReadWrite) {
    posix |= O_RDWR;
  } else if (flags & kOpenWrite) {
    posix |= O_WRONLY;
  } else {
    posix |= O_RDONLY | O_NONBLOCK;
  }
  if (flags & kOpenCreate) posix |= O_CREAT;
  if (flags & kOpenExclusive) posix |= O_EXCL;
  if (flags & kOpenTruncate) posix |= O_TRUNC;
  if (flags & kOpenAppend) posix |= O_APPEND;
  return ::openat(directory, name.c_str(), posix, static_cast<mode_t>(mode));
}

int create_directory_at(int directory, const std::string& name, unsigned mode) {
  if (const int error = refuse(name)) return error;
  return ::mkdirat(directory, name.c_str(), static_cast<mode_t>(mode)) == 0 ? 0 : errno;
}

int remove_file_at(int directory, const std::string& name) {
  if (const int error = refuse(name)) return error;
  return ::unlinkat(directory, name.c_str(), 0) == 0 ? 0 : errno;
}

int remove_directory_at(int directory, const std::string& name) {
  if (const int error = refuse(name)) return error;
  return ::unlinkat(directory, name.c_str(), AT_REMOVEDIR) == 0 ? 0 : errno;
}

int rename_at(int directory, const std::string& from, const std::string& to) {
  if (const int error = refuse(from) ? EINVAL : refuse(to)) return error;
  return ::renameat(directory, from.c_str(), directory, to.c_str()) == 0 ? 0 : errno;
}

// A descriptor of its own: fdopendir takes over the one it is given and readdir moves its
// position, which the caller's descriptor must keep.
int list_directory(int directory, std::vector<std::string>& names) {
  names.clear();
  const int fd = ::openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR* handle = fd < 0 ? nullptr : ::fdopendir(fd);
  if (!handle) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    return error;
  }
  errno = 0;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  const int error = errno;
  ::closedir(handle);
  return error;
}

int flush_directory(int directory) { return ::fsync(directory) == 0 ? 0 : errno; }

// flock belongs to the open file description: a new one, so that closing it releases the lock
// whatever else holds the directory open.
int lock_directory(int directory, int& held) {
  held = -1;
  const int fd = ::openat(directory, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    const int error = errno;
    ::close(fd);
    return error;
  }
  held = fd;
  return 0;
}

}  // namespace kmsprep
