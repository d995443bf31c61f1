#include "image/zip_directory.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <optional>

namespace kmsprep {
namespace {

// APPNOTE.TXT 4.3.14-4.3.16: the record sizes and signatures below.
constexpr size_t kEndRecordSize = 22;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kZip64EndRecordSize = 56;
constexpr size_t kMaxCommentSize = 0xFFFF;

uint64_t little_endian(const std::string& bytes, size_t at, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<size_t>(i)]);
  }
  return value;
}

Error truncated(const std::string& path, const std::string& why) {
  return Error(ErrorCode::image_corrupt, "the zip's central directory " + why, path,
               "the file is truncated or damaged; copy it again from its source");
}

}  // namespace

Status check_zip_central_directory(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::io("cannot open", path, errno);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int saved = errno;
    ::close(fd);
    return Error::io("cannot examine", path, saved);
  }
  const uint64_t file_size = static_cast<uint64_t>(info.st_size);
  const uint64_t tail_size = std::min<uint64_t>(
      file_size, kEndRecordSize + kMaxCommentSize + kZip64LocatorSize + kZip64EndRecordSize);
  const uint64_t tail_start = file_size - tail_size;
  std::string tail(static_cast<size_t>(tail_size), '\0');
  const ssize_t got = ::pread(fd, tail.data(), tail.size(), static_cast<off_t>(tail_start));
  ::close(fd);
  if (got != static_cast<ssize_t>(tail.size())) return Error::io("cannot read", path, errno);

  // The last record whose comment ends exactly at the end of the file.
  std::optional<size_t> end_record;
  for (size_t at = tail.size() >= kEndRecordSize ? tail.size() - kEndRecordSize + 1 : 0;
       at-- > 0;) {
    if (tail.compare(at, 4, "PK\x05\x06") != 0) continue;
    if (at + kEndRecordSize + little_endian(tail, at + 20, 2) == tail.size()) {
      end_record = at;
      break;
    }
  }
  if (!end_record) return truncated(path, "is missing (no end record at the end of the file)");
  const size_t record = *end_record;
  uint64_t directory_size = little_endian(tail, record + 12, 4);
  uint64_t directory_offset = little_endian(tail, record + 16, 4);
  uint64_t directory_end = tail_start + record;
  if (directory_size == 0xFFFFFFFF || directory_offset == 0xFFFFFFFF) {
    const bool has_locator = record >= kZip64LocatorSize &&
                             tail.compare(record - kZip64LocatorSize, 4, "PK\x06\x07") == 0;
    if (!has_locator) return truncated(path, "announces zip64 but has no zip64 locator");
    const uint64_t zip64_record = little_endian(tail, record - kZip64LocatorSize + 8, 8);
    if (zip64_record < tail_start ||
        zip64_record + kZip64EndRecordSize > tail_start + record - kZip64LocatorSize ||
        tail.compare(static_cast<size_t>(zip64_record - tail_start), 4, "PK\x06\x06") != 0) {
      return truncated(path, "has a zip64 locator that points to no zip64 end record");
    }
    const size_t at = static_cast<size_t>(zip64_record - tail_start);
    directory_size = little_endian(tail, at + 40, 8);
    directory_offset = little_endian(tail, at + 48, 8);
    directory_end = zip64_record;
  }
  if (directory_offset > directory_end || directory_end - directory_offset != directory_size) {
    return truncated(path, "does not end where its end record says (offset " +
                               std::to_string(directory_offset) + " + size " +
                               std::to_string(directory_size) +
                               " != " + std::to_string(directory_end) + ")");
  }
  return ok_status();
}

}  // namespace kmsprep
