#include "core/file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace kmsprep {

namespace fs = std::filesystem;

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
                 std::to_string(info.st_size) + " bytes; the limit is " +
                     std::to_string(max_bytes),
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

Result<TempFile> create_sibling_temp_file(const fs::path& target) {
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string pattern = (directory / ("." + target.filename().string() + ".kmsprep-XXXXXX"))
                            .string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  const int fd = ::mkstemp(buffer.data());
  if (fd < 0) return Error::io("cannot create a temporary file", directory.string(), errno);
  return TempFile{fs::path(buffer.data()), fd};
}

Result<fs::path> write_sibling_temp_file(const fs::path& target, std::string_view bytes,
                                         fs::perms mode) {
  auto temp = create_sibling_temp_file(target);
  if (!temp) return std::move(temp).error();
  const auto fail = [&](const char* what) -> Error {
    const int error = errno;
    ::close(temp->fd);
    ::unlink(temp->path.c_str());
    return Error::io(what, target.string(), error);
  };
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::write(temp->fd, bytes.data() + done, bytes.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return fail("cannot write the temporary file");
    done += static_cast<size_t>(wrote);
  }
  if (::fchmod(temp->fd, static_cast<mode_t>(mode)) != 0) return fail("cannot set file mode");
  if (::fsync(temp->fd) != 0) return fail("cannot flush the temporary file");
  ::close(temp->fd);
  return temp->path;
}

Status fsync_directory(const fs::path& directory) {
  const int fd = ::open(directory.empty() ? "." : directory.c_str(),
                        O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error::io("cannot open directory", directory.string(), errno);
  const int result = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (result != 0) return Error::io("cannot flush directory", directory.string(), error);
  return ok_status();
}

Status replace_file_atomically(const fs::path& target, std::string_view bytes) {
  fs::perms mode = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                   fs::perms::others_read;
  struct stat info {};
  if (::stat(target.c_str(), &info) == 0) mode = static_cast<fs::perms>(info.st_mode & 07777);
  auto temp = write_sibling_temp_file(target, bytes, mode);
  if (!temp) return std::move(temp).error();
  if (::rename(temp->c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp->c_str());
    return Error::io("cannot rename the temporary file into place", target.string(), error);
  }
  return fsync_directory(target.has_parent_path() ? target.parent_path() : fs::path("."));
}

}  // namespace kmsprep
