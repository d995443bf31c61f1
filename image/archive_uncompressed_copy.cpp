#include "image/archive_uncompressed_copy.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "image/archive_library.hpp"
#include "image/archive_writing.hpp"

namespace kmsprep {
namespace {

struct RawReader {
  archive* reader = libarchive().archive_read_new();
  ~RawReader() { libarchive().archive_read_free(reader); }
};

// An unlinked file in $TMPDIR (or /tmp): gone when closed, whatever happens to the process.
int open_anonymous_file() {
  const char* chosen = std::getenv("TMPDIR");
  const std::string directory = chosen && *chosen ? chosen : "/tmp";
  const int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string name = directory + "/kmsprep-uncompressed-XXXXXX";
  const int named = ::mkostemp(name.data(), O_CLOEXEC);
  if (named >= 0) ::unlink(name.c_str());
  return named;
}

}  // namespace

std::optional<UncompressedCopy> UncompressedCopy::make(const std::string& archive_path) {
  if (!load_archive_library()) return std::nullopt;
  struct stat source {};
  if (::stat(archive_path.c_str(), &source) != 0) return std::nullopt;
  RawReader raw;
  archive* a = raw.reader;
  libarchive().archive_read_support_filter_all(a);
  libarchive().archive_read_support_format_raw(a);
  if (libarchive().archive_read_open_filename(a, archive_path.c_str(), 1 << 20) != ARCHIVE_OK) {
    return std::nullopt;
  }
  archive_entry* entry = nullptr;
  if (libarchive().archive_read_next_header(a, &entry) != ARCHIVE_OK) return std::nullopt;
  std::vector<int> filters;
  for (int i = 0; i < libarchive().archive_filter_count(a); ++i) {
    const int code = libarchive().archive_filter_code(a, i);
    if (code != ARCHIVE_FILTER_NONE) filters.push_back(code);
  }
  if (filters.empty()) return std::nullopt;  // nothing to decompress: read the file itself
  UncompressedCopy copy(open_anonymous_file(), std::move(filters));
  if (copy.fd_ < 0) return std::nullopt;
  copy.source_ = source;
  for (;;) {
    const void* block = nullptr;
    size_t length = 0;
    la_int64_t offset = 0;
    const int status = libarchive().archive_read_data_block(a, &block, &length, &offset);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) return std::nullopt;
    if (length > 0 && !write_all(copy.fd_, static_cast<const char*>(block), length, copy.path_)) {
      return std::nullopt;
    }
  }
  return copy;
}

bool UncompressedCopy::made_from(const struct stat& now) const {
  return now.st_dev == source_.st_dev && now.st_ino == source_.st_ino &&
         now.st_size == source_.st_size && now.st_mtim.tv_sec == source_.st_mtim.tv_sec &&
         now.st_mtim.tv_nsec == source_.st_mtim.tv_nsec &&
         now.st_ctim.tv_sec == source_.st_ctim.tv_sec &&
         now.st_ctim.tv_nsec == source_.st_ctim.tv_nsec;
}

UncompressedCopy::UncompressedCopy(int fd, std::vector<int> filters)
    : fd_(fd), path_("/proc/self/fd/" + std::to_string(fd)), filters_(std::move(filters)) {}

UncompressedCopy::UncompressedCopy(UncompressedCopy&& other) noexcept
    : fd_(other.fd_),
      path_(std::move(other.path_)),
      filters_(std::move(other.filters_)),
      source_(other.source_) {
  other.fd_ = -1;
}

UncompressedCopy& UncompressedCopy::operator=(UncompressedCopy&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    path_ = std::move(other.path_);
    filters_ = std::move(other.filters_);
    source_ = other.source_;
    other.fd_ = -1;
  }
  return *this;
}

UncompressedCopy::~UncompressedCopy() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace kmsprep
