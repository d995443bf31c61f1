#include "image/archive_uncompressed_copy.hpp"

#include <filesystem>

#include "core/utf8_path.hpp"
#include "image/archive_library.hpp"
#include "image/archive_writing.hpp"
#include "image/scratch_file.hpp"

namespace kmsprep {
namespace {

struct RawReader {
  archive* reader = libarchive().archive_read_new();
  ~RawReader() { libarchive().archive_read_free(reader); }
};

}  // namespace

std::optional<UncompressedCopy> UncompressedCopy::make(const std::string& archive_path) {
  if (!load_archive_library()) return std::nullopt;
  FileVersion source;
  if (version_of(utf8_path(archive_path), source) != 0) return std::nullopt;
  RawReader raw;
  archive* a = raw.reader;
  libarchive().archive_read_support_filter_all(a);
  libarchive().archive_read_support_format_raw(a);
  if (open_archive_file(a, archive_path, 1 << 20) != ARCHIVE_OK) {
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
  auto scratch = create_scratch_file("the uncompressed copy of " + archive_path);
  if (!scratch) return std::nullopt;
  UncompressedCopy copy(std::move(*scratch), std::move(filters));
  if (copy.path_.empty()) return std::nullopt;  // no name libarchive could open
  copy.source_ = source;
  for (;;) {
    const void* block = nullptr;
    size_t length = 0;
    la_int64_t offset = 0;
    const int status = libarchive().archive_read_data_block(a, &block, &length, &offset);
    if (status == ARCHIVE_EOF) break;
    if (status != ARCHIVE_OK && status != ARCHIVE_WARN) return std::nullopt;
    if (length > 0 && !write_all(copy.fd(), static_cast<const char*>(block), length, copy.path_)) {
      return std::nullopt;
    }
  }
  return copy;
}

}  // namespace kmsprep
