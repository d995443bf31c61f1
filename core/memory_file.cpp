#include "core/memory_file.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace kmsprep {
namespace {

std::string proc_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

bool proc_path_works(int fd) { return ::access(proc_path(fd).c_str(), R_OK) == 0; }

}  // namespace

Result<MemoryFile> MemoryFile::create(const std::string& what) {
  const int fd = ::memfd_create("kmsprep", MFD_CLOEXEC);
  if (fd >= 0) {
    if (proc_path_works(fd)) return MemoryFile(fd, what, {});
    ::close(fd);
  }
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/kmsprep-memory-XXXXXX";
  const int file = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (file < 0) return Error::io("cannot create a private memory file for", what, errno);
  return MemoryFile(file, what, pattern);
}

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
  if (fd_ >= 0) ::close(fd_);
  if (!named_path_.empty()) ::unlink(named_path_.c_str());
  fd_ = other.fd_;
  what_ = std::move(other.what_);
  named_path_ = std::move(other.named_path_);
  other.fd_ = -1;
  other.named_path_.clear();
  return *this;
}

MemoryFile::~MemoryFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!named_path_.empty()) ::unlink(named_path_.c_str());
}

std::string MemoryFile::path() const {
  if (!named_path_.empty()) return named_path_;
  return proc_path_works(fd_) ? proc_path(fd_) : std::string();
}

Result<uint64_t> MemoryFile::size() const {
  struct stat info {};
  if (::fstat(fd_, &info) != 0) return Error::io("cannot examine", what_, errno);
  return static_cast<uint64_t>(info.st_size);
}

Status MemoryFile::append(std::string_view bytes) {
  auto start = size();
  if (!start) return std::move(start).error();
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote =
        ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(*start + done));
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
    const ssize_t got =
        ::pread(fd_, bytes.data() + done, length - done, static_cast<off_t>(offset + done));
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
