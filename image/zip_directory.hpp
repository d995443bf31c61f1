// The end of a zip file read by hand: libarchive falls back to reading local headers when the
// central directory is missing or does not add up, so a cut zip would read (and be rewritten)
// as if whole; and a zip rewrite that copies unchanged entries as they are needs each entry's
// central directory record and local header offset. Used by the archive backend only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kmsprep {

// image_corrupt unless `path` ends with an end-of-central-directory record (its comment
// reaching exactly the end of the file) whose central directory, zip64 or not, ends where the
// record starts.
Status check_zip_central_directory(const std::string& path);

struct ZipDirectoryEntry {
  std::string name;                  // as stored, undecoded
  uint64_t local_header_offset = 0;  // through the zip64 extra field when it holds it
  std::string record;                // the central directory record, byte for byte
};

struct ZipDirectory {
  uint64_t offset = 0;  // first byte of the central directory
  uint64_t size = 0;
  bool zip64 = false;                      // the end records are zip64 ones
  bool one_disk = true;                    // not a split or spanned archive
  std::string comment;                     // the archive comment of the end record
  std::vector<ZipDirectoryEntry> entries;  // in central directory order
};

// The central directory of the zip at `path`, checked as check_zip_central_directory does;
// image_corrupt when a record does not parse or the count differs from the end record's.
Result<ZipDirectory> read_zip_directory(const std::string& path);
// The same for a whole zip held in memory.
Result<ZipDirectory> parse_zip_directory(const std::string& zip, const std::string& location);

// `record` (a central directory record) pointing at a local header at `offset`; an offset past
// 32 bits goes into the record's zip64 extra field, which is created or extended for it.
std::string relocated_record(const std::string& record, uint64_t offset);

// The end records (zip64 ones when `zip64` or when the counts or offsets need them) for a
// central directory of `count` records at `offset` of `size` bytes, ending with `comment`.
std::string zip_end_records(uint64_t count, uint64_t offset, uint64_t size, bool zip64,
                            const std::string& comment);

}  // namespace kmsprep
