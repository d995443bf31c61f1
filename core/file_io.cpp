#include "core/file_io.hpp"

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "core/file_system.hpp"

namespace kmsprep {

namespace fs = std::filesystem;

int write_all_bytes(int fd, std::string_view bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const int64_t wrote = write_some(fd, bytes.data() + done, bytes.size() - done);
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
    const int64_t wrote =
        write_some_at(fd, bytes.data() + done, bytes.size() - done, offset + done);
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
    const int64_t got = read_some_at(fd, bytes.data() + done, bytes.size() - done, offset + done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno;
    if (got == 0) return EIO;  // the file ends before the bytes asked for
    done += static_cast<size_t>(got);
  }
  return 0;
}

Result<std::string> read_file(const fs::path& path, uint64_t max_bytes) {
  const int fd = open_file(path, kOpenRead);
  if (fd < 0) {
    const int error = errno;
    if (error == ENOENT) {
      return Error::not_found("no such file", path.string(), "check the path");
    }
    return Error::io("cannot open", path.string(), error);
  }
  FileStatus info;
  if (status_of(fd, info) != 0 || info.kind != FileKind::file) {
    close_file(fd);
    return Error(info.kind == FileKind::directory ? ErrorCode::path_is_directory
                                                  : ErrorCode::file_unreadable,
                 "not a regular file", path.string());
  }
  if (info.size > max_bytes) {
    close_file(fd);
    return Error(ErrorCode::file_too_large,
                 std::to_string(info.size) + " bytes; the limit is " + std::to_string(max_bytes),
                 path.string(), "check that this is the right file");
  }
  std::string bytes;
  bytes.resize(static_cast<size_t>(info.size));
  size_t done = 0;
  while (done < bytes.size()) {
    const int64_t got = read_some(fd, bytes.data() + done, bytes.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      close_file(fd);
      return Error::io("read failed", path.string(), error);
    }
    if (got == 0) break;  // the file shrank while we read it
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  close_file(fd);
  return bytes;
}

Status replace_file_atomically(const fs::path& target, std::string_view bytes) {
  unsigned mode = 0644;
  FileStatus info;
  if (status_of(target, info) == 0 && info.kind == FileKind::file) mode = info.mode;
  auto replacement = AtomicReplacement::begin(target);
  if (!replacement) return std::move(replacement).error();
  if (auto written = replacement->write(bytes); !written) return written;
  return replacement->commit(mode);
}

}  // namespace kmsprep
