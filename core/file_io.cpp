#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace kmsprep {

namespace fs = std::filesystem;

int write_all_bytes(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    if (wrote == 0) return EIO;  // cannot happen for a file or pipe; never spin on it
    done += static_cast<size_t>(wrote);
  }
  return 0;
}

int write_all_bytes_at(int fd, std::string_view bytes, uint64_t offset) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote =
        ::pwrite(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return errno;
    if (wrote == 0) return EIO;
    done += static_cast<size_t>(wrote);
  }
  return 0;
}

int read_exactly_at(int fd, std::string& bytes, uint64_t offset) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got =
        ::pread(fd, bytes.data() + done, bytes.size() - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno;
    if (got == 0) return EIO;  // the file ends before the bytes asked for
    done += static_cast<size_t>(got);
  }
  return 0;
}

Result<std::string> read_file(const fs::path& path, uint64_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) {
      return Error::not_found("no such file", path.string(), "check the path");
    }
    return Error::io("cannot open", path.string(), error);
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd);
    return Error(S_ISDIR(info.st_mode) ? ErrorCode::path_is_directory : ErrorCode::file_unreadable,
                 "not a regular file", path.string());
  }
  if (static_cast<uint64_t>(info.st_size) > max_bytes) {
    ::close(fd);
    return Error(ErrorCode::file_too_large,
                 std::to_string(info.st_size) + " bytes; the limit is " + std::to_string(max_bytes),
                 path.string(), "check that this is the right file");
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(info.st_size));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t got = ::read(fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      return Error::io("read failed", path.string(), error);
    }
    if (got == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  ::close(fd);
  return bytes;
}

Status replace_file_atomically(const fs::path& target, std::string_view bytes) {
  mode_t mode = 0644;
  struct stat info {};
  if (::stat(target.c_str(), &info) == 0) mode = info.st_mode & 07777;
  auto replacement = AtomicReplacement::begin(target);
  if (!replacement) return std::move(replacement).error();
  if (auto written = replacement->write(bytes); !written) return written;
  return replacement->commit(mode);
}

}  // namespace kmsprep
