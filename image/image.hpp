// Image: one Windows image or media tree, whatever holds it (a directory, one index of a WIM,
// an archive, a UDF/ISO9660 disc image). Edits are staged in memory; nothing reaches the disk
// before commit(); destroying an Image without commit() changes nothing; a commit whose staged
// edits change no byte writes nothing. Callers: servicing/, sysprep/, plugin/, cli/.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/image_path.hpp"
#include "core/log.hpp"
#include "core/memory_file.hpp"
#include "core/result.hpp"
#include "image/byte_sink.hpp"

namespace kmsprep {

enum class EntryType { file, directory, symlink, other };

struct EntryInfo {
  ImagePath path;  // spelled as found in the image
  EntryType type = EntryType::file;
  uint64_t size = 0;
};

// What a backend can do, declared before any work starts so an unsupported request fails up
// front. `write_refusal` says why writing is impossible and what to do instead.
struct Capabilities {
  bool read = true;
  bool write = false;
  bool properties = false;      // image metadata (WIM XML) can be read
  bool set_properties = false;  // ... and written
  std::string write_refusal;
};

// Image metadata as WIM XML names it: "NAME", "DESCRIPTION", "FLAGS", "WINDOWS/EDITIONID",
// "WINDOWS/ARCH", "WINDOWS/VERSION/MAJOR", ... Other formats have none.
struct ImageProperties {
  int image_count = 1;
  int index = 1;
  std::map<std::string, std::string> values;
};

// The most Image::read returns unless the caller asks for less: registry hives, the largest
// files kmsprep reads from an image, stay below it. Answer files and scripts ask for
// kTextFileReadLimit. A size announced by the image's own metadata is checked against the
// limit before anything is allocated.
inline constexpr uint64_t kImageReadLimit = 512ull * 1024 * 1024;
inline constexpr uint64_t kTextFileReadLimit = 8ull * 1024 * 1024;

struct CommitResult {
  bool wrote = false;                // false when no staged edit changed a byte
  std::vector<std::string> changed;  // image paths written or removed, as committed
};

struct OpenOptions {
  int index = 1;          // WIM image index (1-based); ignored by other formats
  bool writable = false;  // the caller intends to write: refuse read-only formats up front
  bool rebuild = false;   // WIM: commit by rewriting through a temp file instead of appending
  Logger* logger = nullptr;
};

class Image {
 public:
  virtual ~Image() = default;

  const std::string& source() const { return source_; }  // the path the user gave
  virtual std::string format_name() const = 0;           // "directory", "wim", "tar", ...
  virtual Capabilities capabilities() const = 0;

  // Reads see staged edits.
  Result<std::optional<EntryInfo>> stat(const ImagePath& path);  // nullopt when absent
  Result<std::vector<EntryInfo>> list(const ImagePath& directory);
  // Refuses (file_too_large, naming the limit) a file larger than `max_bytes`.
  Result<std::string> read(const ImagePath& path, uint64_t max_bytes = kImageReadLimit);
  // The same file written to `sink` piece by piece as it is read, in constant memory whatever
  // its size (`image cat`); the same refusals as read().
  Status read_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes = UINT64_MAX);
  // read(), as a private open file instead of a string, for readers that want a name or a
  // mapping (hivex): a backend that extracts files anyway (WIM) hands over its extracted copy,
  // so a large file is not copied through memory twice. Same checks and limits as read().
  Result<MemoryFile> read_as_file(const ImagePath& path, uint64_t max_bytes = kImageReadLimit);
  // Stages a write or removal. A write to an existing file keeps the file's spelling; missing
  // parent directories are created at commit.
  Status write(const ImagePath& path, std::string bytes);
  // write(), for new content already in a file (a committed hive): a backend that adds files by
  // name (WIM) takes the file as it is; the others read it at commit.
  Status write_file(const ImagePath& path, MemoryFile file);
  Status remove(const ImagePath& path);

  Result<ImageProperties> properties();
  Status set_property(const std::string& name, const std::string& value);

  // Writes every staged edit that changes something, atomically as the backend allows.
  Result<CommitResult> commit();
  bool has_staged_changes() const { return !staged_.empty() || !staged_properties_.empty(); }

 protected:
  explicit Image(std::string source) : source_(std::move(source)) {}

  // A staged edit, resolved against the original image: `path` is spelled as the existing
  // entry when there is one.
  struct StagedChange {
    ImagePath path;
    std::optional<std::string> content;      // nullopt: remove, unless `file` is set
    std::shared_ptr<const MemoryFile> file;  // the new content, for backends taking files
    bool removes() const { return !content && !file; }
  };

  // Backend hooks; they see the original image only.
  virtual Result<std::optional<EntryInfo>> stat_original(const ImagePath& path) = 0;
  virtual Result<std::vector<EntryInfo>> list_original(const ImagePath& directory) = 0;
  // `max_bytes` has been checked against the entry's announced size; a backend whose data can
  // grow past that size while read (sparse maps, a lying header) enforces it too.
  virtual Result<std::string> read_original(const ImagePath& path, uint64_t max_bytes) = 0;
  // read_original in pieces; the default reads the whole file first, so a backend that can
  // hold large files streams it itself.
  virtual Status read_original_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes);
  // By default read_original() copied into a memory file.
  virtual Result<MemoryFile> read_original_as_file(const ImagePath& path, uint64_t max_bytes);
  // Whether commit_changes() accepts changes whose content is a `file`; when not, commit()
  // reads each such file into `content` first.
  virtual bool takes_staged_files() const { return false; }
  virtual Result<ImageProperties> properties_original();
  // Whether the original file `entry` holds exactly `bytes` (same size already checked), when
  // the backend can tell without reading it, as a WIM can from the SHA-1 it stores; nullopt
  // makes commit() read the file and compare.
  virtual std::optional<bool> original_equals(const EntryInfo& entry, const std::string& bytes);
  // Called only with edits that change something.
  virtual Status commit_changes(const std::vector<StagedChange>& changes,
                                const std::map<std::string, std::string>& properties) = 0;

 private:
  Status require_write() const;
  Result<ImagePath> spelling_for_write(const ImagePath& path);
  static Result<uint64_t> staged_size(const StagedChange& change);
  static Result<std::string> staged_bytes(const StagedChange& change);
  std::map<std::string, StagedChange>::iterator find_staged(const ImagePath& path);

  std::string source_;
  std::map<std::string, StagedChange> staged_;  // keyed by lower-case path
  std::map<std::string, std::string> staged_properties_;
};

// file_too_large for `path` (spelled as in the image) announcing `size` bytes over
// `max_bytes`. For backends that find the excess while reading.
Error image_file_too_large(const ImagePath& path, uint64_t size, uint64_t max_bytes,
                           const std::string& source);

// The refusal of a write onto an existing entry of `type` that is not a regular file: a
// directory is E208; a symbolic link, a junction or a device is E201, and a link is neither
// followed nor replaced by a file. Every backend refuses with these words.
Error not_a_regular_file_for_write(const ImagePath& path, EntryType type,
                                   const std::string& source);

// Opens `path`, choosing the backend by content (never by name): a directory; WIM/ESD magic;
// ISO volume descriptors (UDF before ISO9660); anything libarchive reads. A missing path,
// index or unknown format is a bad-input error naming the path.
Result<std::unique_ptr<Image>> open_image(const std::string& path, const OpenOptions& options);

}  // namespace kmsprep
