#include "image/zip_directory.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <functional>
#include <optional>

#include "core/file_system.hpp"
#include "core/utf8_path.hpp"
#include "image/owned_fd.hpp"

namespace kmsprep {
namespace {

// APPNOTE.TXT 4.3.12-4.3.16 and 4.5.3: the record sizes, signatures and fields below.
constexpr size_t kEndRecordSize = 22;
constexpr size_t kZip64LocatorSize = 20;
constexpr size_t kZip64EndRecordSize = 56;
constexpr size_t kMaxCommentSize = 0xFFFF;
constexpr size_t kDirectoryRecordSize = 46;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint64_t kMax32 = 0xFFFFFFFF;
constexpr uint64_t kMax16 = 0xFFFF;

uint64_t little_endian(const std::string& bytes, size_t at, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + static_cast<size_t>(i)]);
  }
  return value;
}

void put_little_endian(std::string& bytes, size_t at, uint64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    bytes[at + static_cast<size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
  }
}

std::string little_endian_bytes(uint64_t value, int width) {
  std::string bytes(static_cast<size_t>(width), '\0');
  put_little_endian(bytes, 0, value, width);
  return bytes;
}

Error truncated(const std::string& path, const std::string& why) {
  return Error(ErrorCode::image_corrupt, "the zip's central directory " + why, path,
               "the file is truncated or damaged; copy it again from its source");
}

// Reads `length` bytes at `at` of the zip; short reads are errors.
using ByteReader = std::function<Result<std::string>(uint64_t at, uint64_t length)>;

struct EndRecords {
  uint64_t directory_offset = 0;
  uint64_t directory_size = 0;
  uint64_t count = 0;
  bool zip64 = false;
  bool one_disk = true;
  std::string comment;
};

Result<EndRecords> read_end_records(const ByteReader& read, uint64_t file_size,
                                    const std::string& path) {
  const uint64_t tail_size = std::min<uint64_t>(
      file_size, kEndRecordSize + kMaxCommentSize + kZip64LocatorSize + kZip64EndRecordSize);
  const uint64_t tail_start = file_size - tail_size;
  auto tail_read = read(tail_start, tail_size);
  if (!tail_read) return std::move(tail_read).error();
  const std::string& tail = *tail_read;

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
  EndRecords end;
  end.comment = tail.substr(record + kEndRecordSize);
  end.one_disk = little_endian(tail, record + 4, 2) == 0 && little_endian(tail, record + 6, 2) == 0;
  end.count = little_endian(tail, record + 10, 2);
  end.directory_size = little_endian(tail, record + 12, 4);
  end.directory_offset = little_endian(tail, record + 16, 4);
  uint64_t directory_end = tail_start + record;
  if (end.directory_size == kMax32 || end.directory_offset == kMax32) {
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
    end.zip64 = true;
    end.one_disk = end.one_disk && little_endian(tail, at + 16, 4) == 0 &&
                   little_endian(tail, at + 20, 4) == 0;
    end.count = little_endian(tail, at + 32, 8);
    end.directory_size = little_endian(tail, at + 40, 8);
    end.directory_offset = little_endian(tail, at + 48, 8);
    directory_end = zip64_record;
  }
  if (end.directory_offset > directory_end ||
      directory_end - end.directory_offset != end.directory_size) {
    return truncated(path, "does not end where its end record says (offset " +
                               std::to_string(end.directory_offset) + " + size " +
                               std::to_string(end.directory_size) +
                               " != " + std::to_string(directory_end) + ")");
  }
  return end;
}

// Where the zip64 extra field of `record` starts (its header), if it has one.
std::optional<size_t> zip64_extra_at(const std::string& record) {
  const size_t name_length = little_endian(record, 28, 2);
  const size_t extra_length = little_endian(record, 30, 2);
  size_t at = kDirectoryRecordSize + name_length;
  const size_t end = at + extra_length;
  while (at + 4 <= end) {
    const uint64_t id = little_endian(record, at, 2);
    const size_t length = little_endian(record, at + 2, 2);
    if (at + 4 + length > end) return std::nullopt;
    if (id == kZip64ExtraId) return at;
    at += 4 + length;
  }
  return std::nullopt;
}

// Where the 8-byte local header offset sits inside the zip64 extra field at `extra`: after
// the sizes the record marks as 0xFFFFFFFF (APPNOTE 4.5.3).
size_t zip64_offset_at(const std::string& record, size_t extra) {
  size_t at = extra + 4;
  if (little_endian(record, 24, 4) == kMax32) at += 8;  // uncompressed size
  if (little_endian(record, 20, 4) == kMax32) at += 8;  // compressed size
  return at;
}

Result<ZipDirectory> parse_directory(const ByteReader& read, uint64_t file_size,
                                     const std::string& path) {
  auto end = read_end_records(read, file_size, path);
  if (!end) return std::move(end).error();
  auto bytes = read(end->directory_offset, end->directory_size);
  if (!bytes) return std::move(bytes).error();
  ZipDirectory directory;
  directory.offset = end->directory_offset;
  directory.size = end->directory_size;
  directory.zip64 = end->zip64;
  directory.one_disk = end->one_disk;
  directory.comment = end->comment;
  size_t at = 0;
  while (at < bytes->size()) {
    if (bytes->size() - at < kDirectoryRecordSize || bytes->compare(at, 4, "PK\x01\x02") != 0) {
      return truncated(path,
                       "holds a damaged record at offset " + std::to_string(directory.offset + at));
    }
    const size_t length = kDirectoryRecordSize + little_endian(*bytes, at + 28, 2) +
                          little_endian(*bytes, at + 30, 2) + little_endian(*bytes, at + 32, 2);
    if (bytes->size() - at < length) {
      return truncated(path,
                       "ends inside the record at offset " + std::to_string(directory.offset + at));
    }
    ZipDirectoryEntry entry;
    entry.record = bytes->substr(at, length);
    entry.name = entry.record.substr(kDirectoryRecordSize, little_endian(entry.record, 28, 2));
    entry.local_header_offset = little_endian(entry.record, 42, 4);
    if (entry.local_header_offset == kMax32) {
      const auto extra = zip64_extra_at(entry.record);
      const size_t offset_at = extra ? zip64_offset_at(entry.record, *extra) : 0;
      if (!extra || offset_at + 8 > *extra + 4 + little_endian(entry.record, *extra + 2, 2)) {
        return truncated(path, "gives \"" + entry.name + "\" a zip64 offset it does not hold");
      }
      entry.local_header_offset = little_endian(entry.record, offset_at, 8);
    }
    directory.entries.push_back(std::move(entry));
    at += length;
  }
  if (directory.entries.size() != end->count) {
    return truncated(path, "holds " + std::to_string(directory.entries.size()) +
                               " records where its end record counts " +
                               std::to_string(end->count));
  }
  return directory;
}

Result<uint64_t> open_for_reading(const std::string& path, OwnedFd& file) {
  file.fd = open_file(utf8_path(path), kOpenRead);
  if (file.fd < 0) return Error::io("cannot open", path, errno);
  FileStatus info;
  if (const int error = status_of(file.fd, info)) return Error::io("cannot examine", path, error);
  return info.size;
}

ByteReader file_reader(int fd, const std::string& path) {
  return [fd, path](uint64_t at, uint64_t length) -> Result<std::string> {
    std::string bytes(static_cast<size_t>(length), '\0');
    size_t done = 0;
    while (done < bytes.size()) {
      const int64_t got = read_some_at(fd, bytes.data() + done, bytes.size() - done, at + done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return Error::io("cannot read", path, errno);
      if (got == 0) return truncated(path, "lies past the end of the file");
      done += static_cast<size_t>(got);
    }
    return bytes;
  };
}

}  // namespace

Status check_zip_central_directory(const std::string& path) {
  OwnedFd file;
  auto size = open_for_reading(path, file);
  if (!size) return std::move(size).error();
  auto end = read_end_records(file_reader(file.fd, path), *size, path);
  if (!end) return std::move(end).error();
  return ok_status();
}

Result<ZipDirectory> read_zip_directory(const std::string& path) {
  OwnedFd file;
  auto size = open_for_reading(path, file);
  if (!size) return std::move(size).error();
  return parse_directory(file_reader(file.fd, path), *size, path);
}

Result<ZipDirectory> parse_zip_directory(const std::string& zip, const std::string& location) {
  const ByteReader read = [&](uint64_t at, uint64_t length) -> Result<std::string> {
    if (at > zip.size() || length > zip.size() - at) {
      return truncated(location, "lies past the end of the file");
    }
    return zip.substr(static_cast<size_t>(at), static_cast<size_t>(length));
  };
  return parse_directory(read, zip.size(), location);
}

std::string relocated_record(const std::string& record, uint64_t offset) {
  std::string moved = record;
  const bool in_extra = little_endian(record, 42, 4) == kMax32;
  if (!in_extra && offset < kMax32) {
    put_little_endian(moved, 42, offset, 4);
    return moved;
  }
  const auto extra = zip64_extra_at(record);
  if (in_extra && extra) {
    put_little_endian(moved, zip64_offset_at(record, *extra), offset, 8);
    return moved;
  }
  // The offset needs 8 bytes the record has no room for: insert them into the zip64 field
  // (after its sizes, before a disk number) or add the field.
  put_little_endian(moved, 42, kMax32, 4);
  const std::string offset_bytes = little_endian_bytes(offset, 8);
  size_t insert_at = 0;
  if (extra) {
    insert_at = zip64_offset_at(record, *extra);
    put_little_endian(moved, *extra + 2, little_endian(record, *extra + 2, 2) + 8, 2);
    moved.insert(insert_at, offset_bytes);
  } else {
    insert_at = kDirectoryRecordSize + little_endian(record, 28, 2) + little_endian(record, 30, 2);
    moved.insert(insert_at,
                 little_endian_bytes(kZip64ExtraId, 2) + little_endian_bytes(8, 2) + offset_bytes);
  }
  put_little_endian(moved, 30, little_endian(record, 30, 2) + (extra ? 8 : 12), 2);
  return moved;
}

std::string zip_end_records(uint64_t count, uint64_t offset, uint64_t size, bool zip64,
                            const std::string& comment) {
  const bool needs_zip64 = zip64 || count >= kMax16 || offset >= kMax32 || size >= kMax32;
  std::string records;
  if (needs_zip64) {
    const uint64_t zip64_record_at = offset + size;
    records += "PK\x06\x06";
    records += little_endian_bytes(kZip64EndRecordSize - 12, 8);
    records += little_endian_bytes(45, 2);  // made by: version 4.5 (zip64)
    records += little_endian_bytes(45, 2);  // needed to extract
    records += little_endian_bytes(0, 4) + little_endian_bytes(0, 4);  // disks
    records += little_endian_bytes(count, 8) + little_endian_bytes(count, 8);
    records += little_endian_bytes(size, 8) + little_endian_bytes(offset, 8);
    records += "PK\x06\x07";
    records += little_endian_bytes(0, 4) + little_endian_bytes(zip64_record_at, 8) +
               little_endian_bytes(1, 4);
  }
  records += "PK\x05\x06";
  records += little_endian_bytes(0, 2) + little_endian_bytes(0, 2);
  const uint64_t shown_count = needs_zip64 ? kMax16 : count;
  records += little_endian_bytes(shown_count, 2) + little_endian_bytes(shown_count, 2);
  records += little_endian_bytes(needs_zip64 ? kMax32 : size, 4);
  records += little_endian_bytes(needs_zip64 ? kMax32 : offset, 4);
  records += little_endian_bytes(comment.size(), 2);
  records += comment;
  return records;
}

}  // namespace kmsprep
