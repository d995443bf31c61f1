#include "core/memory_file.hpp"

#include <cerrno>
#include <cstdlib>

#include "core/file_system.hpp"

namespace kmsprep {

Result<MemoryFile> MemoryFile::with_bytes(std::string_view bytes, const std::string& what) {
  auto file = create(what);
  if (!file) return file;
  if (auto written = file->append(bytes); !written) return std::move(written).error();
  return file;
}

MemoryFile MemoryFile::adopt(int fd, std::string what) {
  return MemoryFile(fd, std::move(what), {});
}

MemoryFile::MemoryFile(MemoryFile&& other) noexcept
    : fd_(other.fd_), what_(std::move(other.what_)), named_path_(std::move(other.named_path_)) {
  other.fd_ = -1;
  other.named_path_.clear();
}

MemoryFile& MemoryFile::operator=(MemoryFile&& other) noexcept {
  if (this == &other) return *this;
  if (fd_ >= 0) close_file(fd_);
  if (!named_path_.empty()) remove_file(named_path_);
  fd_ = other.fd_;
  what_ = std::move(other.what_);
  named_path_ = std::move(other.named_path_);
  other.fd_ = -1;
  other.named_path_.clear();
  return *this;
}

MemoryFile::~MemoryFile() {
  if (fd_ >= 0) close_file(fd_);
  if (!named_path_.empty()) remove_file(named_path_);
}

Result<uint64_t> MemoryFile::size() const {
  FileStatus info;
  if (const int error = status_of(fd_, info)) return Error::io("cannot examine", what_, error);
  return info.size;
}

Status MemoryFile::append(std::string_view bytes) {
  auto start = size();
  if (!start) return std::move(start).error();
  size_t done = 0;
  while (done < bytes.size()) {
    const int64_t wrote =
        write_some_at(fd_, bytes.data() + done, bytes.size() - done, *start + done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return Error::io("cannot write the private memory file for", what_, errno);
    done += static_cast<size_t>(wrote);
  }
  return ok_status();
}

Result<std::string> MemoryFile::read_at(uint64_t offset, size_t length) const {
  std::string bytes(length, '\0');
  size_t done = 0;
  while (done < length) {
    const int64_t got = read_some_at(fd_, bytes.data() + done, length - done, offset + done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error::io("cannot read", what_, errno);
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  bytes.resize(done);
  return bytes;
}

Result<std::string> MemoryFile::read_all() const {
  auto length = size();
  if (!length) return std::move(length).error();
  return read_at(0, static_cast<size_t>(*length));
}

}  // namespace kmsprep
