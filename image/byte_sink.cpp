#include "image/byte_sink.hpp"

#include <cerrno>
#include <vector>

#include "core/file_io.hpp"
#include "core/file_system.hpp"
#include "core/range_copy.hpp"
#include "image/owned_fd.hpp"

namespace kmsprep {
namespace {

constexpr size_t kChunk = 1 << 20;

Error too_large(const std::filesystem::path& path, uint64_t max_bytes) {
  return Error(ErrorCode::file_too_large,
               "the file is larger than the limit of " + std::to_string(max_bytes) + " bytes",
               path.string());
}

}  // namespace

Status FdSink::write(const char* data, size_t length) {
  if (const int error = write_all_bytes(fd_, std::string_view(data, length))) {
    return Error::io("cannot write", location_, error);
  }
  return ok_status();
}

Status copy_file_to_sink(const std::filesystem::path& path, ByteSink& sink, uint64_t max_bytes) {
  OwnedFd file{open_file(path, kOpenRead)};
  if (file.fd < 0) return Error::io("cannot open", path.string(), errno);
  return copy_descriptor_to_sink(file.fd, path, sink, max_bytes);
}

Status copy_descriptor_to_sink(int descriptor, const std::filesystem::path& path, ByteSink& sink,
                               uint64_t max_bytes) {
  FileStatus info;
  if (const int error = status_of(descriptor, info)) {
    return Error::io("cannot examine", path.string(), error);
  }
  if (info.size > max_bytes) return too_large(path, max_bytes);
  uint64_t done = 0;
  if (sink.fd() >= 0) {
    // In-kernel copy; a destination sendfile does not take (some terminals) falls through to
    // read and write below.
    for (;;) {
      const int64_t sent = send_in_kernel(sink.fd(), descriptor, kChunk);
      if (sent > 0) {
        done += static_cast<uint64_t>(sent);
        if (done > max_bytes) return too_large(path, max_bytes);
        continue;
      }
      if (sent == 0) return ok_status();
      if (errno == EINTR) continue;
      if (errno != EINVAL && errno != ENOSYS) return Error::io("cannot copy", path.string(), errno);
      break;
    }
  }
  std::vector<char> buffer(kChunk);
  for (;;) {
    const int64_t got = read_some(descriptor, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error::io("cannot read", path.string(), errno);
    if (got == 0) return ok_status();
    done += static_cast<uint64_t>(got);
    if (done > max_bytes) return too_large(path, max_bytes);
    if (auto wrote = sink.write(buffer.data(), static_cast<size_t>(got)); !wrote) return wrote;
  }
}

}  // namespace kmsprep
