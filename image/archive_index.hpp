// ArchiveIndex: what one pass of libarchive over an archive found (entry names as stored, types,
// sizes, header offsets, hard links), as a case-insensitive tree for stat and list, plus the
// helpers that open a libarchive reader on the file. Used by the archive backend only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "image/image.hpp"

struct archive;
struct archive_entry;

namespace kmsprep {

struct ArchiveReadCloser {
  void operator()(archive* reader) const;
};
using ArchiveReader = std::unique_ptr<archive, ArchiveReadCloser>;

// A libarchive reader on `path` for the formats kmsprep reads (tar, zip, 7z, cpio, ISO9660)
// and every compression filter. Messages name `location` (default: `path`), for a reader on
// an uncompressed copy of the archive the user named.
Result<ArchiveReader> open_archive_reader(const std::string& path,
                                          const std::string& location = "");

// Turns the reader's last error into an Error at `location` (image_corrupt unless errno says
// the environment failed).
Error archive_error(archive* reader, const std::string& what, const std::string& location);

// Logs libarchive's ARCHIVE_WARN text, which kmsprep treats as success.
void log_archive_warning(archive* reader, Logger* logger, const std::string& location);

struct ArchiveEntry {
  std::string name;  // pathname exactly as stored (may start with "./")
  ImagePath path;    // parsed for matching
  EntryType type = EntryType::file;
  uint64_t stored_size = 0;     // bytes of data this entry itself carries
  int64_t header_position = 0;  // first header byte in the uncompressed stream
  std::string hardlink;         // as stored; empty unless a hard link
  size_t data_ordinal = 0;      // the entry whose data is this entry's content
  uint64_t size = 0;            // content size (through hard links)
};

struct ArchiveLayout {
  int format = 0;                // archive_format() of the first entry
  std::string format_label;      // archive_format_name() of the first entry
  std::vector<int> filters;      // filter codes, the one nearest the format first; no "none"
  int64_t end_position = 0;      // start of the end-of-archive marker, uncompressed stream
  bool encrypted = false;        // zip/7z with encrypted entries
  bool dot_slash_names = false;  // entries are stored as "./name"
};

class ArchiveIndex {
 public:
  // Reads every header. Entries whose name or hard-link target is absolute or contains "..",
  // and hard links to no file stored before them, are refused (archive_entry_unsafe, naming
  // the entry); an entry below a stored symbolic link is refused as image_symlink_escape.
  static Result<ArchiveIndex> scan(const std::string& path, Logger* logger);
  // The same over `copy_path`, the uncompressed stream of the archive at `location` (whose
  // compression filters are `filters`); messages name `location`.
  static Result<ArchiveIndex> scan_uncompressed(const std::string& copy_path,
                                                const std::string& location,
                                                std::vector<int> filters, Logger* logger);

  const std::vector<ArchiveEntry>& entries() const { return entries_; }
  const ArchiveLayout& layout() const { return layout_; }

  // The node at `path`, spelled as found; directories may be implicit (only named as parents).
  std::optional<EntryInfo> stat(const ImagePath& path) const;
  // Children of a directory node; empty when `path` is not a directory.
  std::vector<EntryInfo> list(const ImagePath& path) const;
  // Ordinals of every entry stored under `path` (duplicates included), in archive order.
  std::vector<size_t> ordinals_of(const ImagePath& path) const;

 private:
  struct Node {
    ImagePath path;
    EntryType type = EntryType::directory;
    std::optional<size_t> last_ordinal;      // nullopt: implicit directory
    std::vector<size_t> ordinals;            // every entry stored at this path
    std::map<std::string, size_t> children;  // lower-case name -> node index
  };

  static Result<ArchiveIndex> scan_from(const std::string& path, const std::string& location,
                                        Logger* logger);
  const Node* find_node(const ImagePath& path) const;
  Status check_links(const std::string& archive_path) const;
  void insert(size_t ordinal);
  void resolve_hard_links();
  EntryInfo info_of(const Node& node) const;

  std::vector<ArchiveEntry> entries_;
  ArchiveLayout layout_;
  std::vector<Node> nodes_{Node{}};  // nodes_[0] is the root
};

// The data stored in entry `ordinal` of the archive at `path` (holes of sparse entries read as
// zeros). `expected_name` guards against the file having changed since it was indexed. Data,
// holes and announced sizes past `max_bytes` are refused (file_too_large) before allocation.
Result<std::string> read_archive_entry(const std::string& path, size_t ordinal,
                                       const std::string& expected_name, Logger* logger,
                                       uint64_t max_bytes = UINT64_MAX,
                                       const std::string& location = "");
// The same data written to `sink` piece by piece (holes as zeros), in constant memory.
Status read_archive_entry_to(const std::string& path, size_t ordinal,
                             const std::string& expected_name, Logger* logger, uint64_t max_bytes,
                             ByteSink& sink, const std::string& location = "");

// "tar", "tar.gz", "zip", "7z", "cpio.xz", "iso9660", ...
std::string archive_format_name(const ArchiveLayout& layout);

}  // namespace kmsprep
