#include "image/archive_image.hpp"

#include <set>

#include "core/text.hpp"
#include "image/archive_index.hpp"
#include "image/archive_library.hpp"
#include "image/archive_rewrite.hpp"
#include "image/archive_uncompressed_copy.hpp"

namespace kmsprep {
namespace {

// An archive opened for writing that is compressed is indexed from its uncompressed copy,
// which the reads and the rewrite of the same put use too (archive_uncompressed_copy.hpp).
struct IndexedArchive {
  ArchiveIndex index;
  std::optional<UncompressedCopy> uncompressed;
};

Result<IndexedArchive> index_archive(const std::string& path, bool writable, Logger* logger) {
  std::optional<UncompressedCopy> uncompressed;
  if (writable) uncompressed = UncompressedCopy::make(path);
  auto index = uncompressed ? ArchiveIndex::scan_uncompressed(uncompressed->path(), path,
                                                              uncompressed->filters(), logger)
                            : ArchiveIndex::scan(path, logger);
  if (!index) return std::move(index).error();
  return IndexedArchive{std::move(*index), std::move(uncompressed)};
}

class ArchiveImage final : public Image {
 public:
  ArchiveImage(std::string path, IndexedArchive indexed, Logger* logger,
               std::optional<std::string> format_name, std::optional<std::string> write_refusal)
      : Image(std::move(path)),
        index_(std::move(indexed.index)),
        uncompressed_(std::move(indexed.uncompressed)),
        logger_(logger),
        format_name_(std::move(format_name)),
        write_refusal_(std::move(write_refusal)) {}

  std::string format_name() const override {
    return format_name_ ? *format_name_ : archive_format_name(index_.layout());
  }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.write = !write_refusal_.has_value();
    if (write_refusal_) caps.write_refusal = *write_refusal_;
    return caps;
  }

 protected:
  Result<std::optional<EntryInfo>> stat_original(const ImagePath& path) override {
    if (auto fresh = refresh_index(); !fresh) return std::move(fresh).error();
    return index_.stat(path);
  }

  Result<std::vector<EntryInfo>> list_original(const ImagePath& directory) override {
    if (auto fresh = refresh_index(); !fresh) return std::move(fresh).error();
    return index_.list(directory);
  }

  Result<std::string> read_original(const ImagePath& path, uint64_t max_bytes) override {
    if (auto fresh = refresh_index(); !fresh) return std::move(fresh).error();
    const auto info = index_.stat(path);
    if (!info) {
      return Error(ErrorCode::path_not_in_image, path.to_string() + " is not in the archive",
                   source(), "run `kmsprep image info` to see what the image holds");
    }
    if (info->type == EntryType::directory) {
      return Error(ErrorCode::path_is_directory, path.to_string() + " is a directory", source());
    }
    const size_t ordinal = index_.ordinals_of(path).back();
    const ArchiveEntry& entry = index_.entries()[ordinal];
    if (info->type != EntryType::file) {
      return Error(ErrorCode::path_not_in_image,
                   path.to_string() + " is not a regular file (a symbolic link or device)",
                   source(), "read the file it stands for instead");
    }
    const ArchiveEntry& holder = index_.entries()[entry.data_ordinal];
    return read_archive_entry(read_path(), entry.data_ordinal, holder.name, logger_, max_bytes,
                              source());
  }

  Status read_original_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes) override {
    if (auto fresh = refresh_index(); !fresh) return fresh;
    const auto info = index_.stat(path);
    if (!info || info->type != EntryType::file) {
      return read_original(path, max_bytes).error();  // the same refusals as a whole read
    }
    const ArchiveEntry& entry = index_.entries()[index_.ordinals_of(path).back()];
    const ArchiveEntry& holder = index_.entries()[entry.data_ordinal];
    return read_archive_entry_to(read_path(), entry.data_ordinal, holder.name, logger_, max_bytes,
                                 sink, source());
  }

  Status commit_changes(const std::vector<StagedChange>& changes,
                        const std::map<std::string, std::string>&) override {
    if (auto fresh = refresh_index(); !fresh) return fresh;
    ArchiveEdit edit;
    std::set<std::string> created_directories;  // lower-case, within this commit
    for (const auto& change : changes) {
      const std::vector<size_t> ordinals = index_.ordinals_of(change.path);
      for (size_t ordinal : ordinals) {
        if (auto allowed = check_link_group(ordinal, change); !allowed) return allowed;
      }
      if (!change.content) {
        for (size_t ordinal : ordinals) edit.by_ordinal[ordinal] = std::nullopt;
        continue;
      }
      if (!ordinals.empty()) {
        // Duplicates of one name: the last is the one extraction keeps; write the new content
        // there and drop the earlier copies.
        for (size_t ordinal : ordinals) edit.by_ordinal[ordinal] = std::nullopt;
        edit.by_ordinal[ordinals.back()] = *change.content;
        continue;
      }
      if (auto added = add_new_file(change, edit, created_directories); !added) return added;
    }
    if (auto written = rewrite_archive(source(), index_, edit, logger_,
                                       uncompressed_ ? &*uncompressed_ : nullptr);
        !written) {
      return written;
    }
    index_stale_ = true;  // re-read on next use: a one-shot `image put` never pays for it
    return ok_status();
  }

 private:
  Status refresh_index() {
    if (!index_stale_) return ok_status();
    uncompressed_.reset();
    auto rescanned = index_archive(source(), capabilities().write, logger_);
    if (!rescanned) return std::move(rescanned).error();
    index_ = std::move(rescanned->index);
    uncompressed_ = std::move(rescanned->uncompressed);
    index_stale_ = false;
    return ok_status();
  }

  // New entries use the spelling of the directories that already exist and the archive's own
  // "./" convention; missing parents get directory entries of their own.
  Status add_new_file(const StagedChange& change, ArchiveEdit& edit,
                      std::set<std::string>& created_directories) {
    const auto& components = change.path.components();
    // zip and tar mark directory names with a trailing slash; cpio does not.
    const bool slash_directories = family() == ARCHIVE_FORMAT_ZIP || family() == ARCHIVE_FORMAT_TAR;
    ImagePath spelled;
    for (size_t depth = 0; depth + 1 < components.size(); ++depth) {
      const ImagePath prefix = spelled.child(components[depth]);
      const auto existing = index_.stat(prefix);
      if (existing && existing->type != EntryType::directory) {
        return Error(ErrorCode::path_not_in_image,
                     existing->path.to_string() + " is a file, so " + change.path.to_string() +
                         " cannot be created below it",
                     source());
      }
      spelled = existing ? existing->path : prefix;
      if (!existing && created_directories.insert(to_lower_ascii(spelled.to_string())).second) {
        edit.additions.push_back(
            {stored_name(spelled) + (slash_directories ? "/" : ""), EntryType::directory, {}});
      }
    }
    spelled = spelled.child(components.back());
    edit.additions.push_back({stored_name(spelled), EntryType::file, *change.content});
    return ok_status();
  }

  int family() const { return index_.layout().format & ARCHIVE_FORMAT_BASE_MASK; }

  // Where entry data is read from: the uncompressed copy when there is one.
  const std::string& read_path() const { return uncompressed_ ? uncompressed_->path() : source(); }

  std::string stored_name(const ImagePath& path) const {
    return (index_.layout().dot_slash_names ? "./" : "") + path.to_string();
  }

  // cpio keeps a link group's data with its last member and tar links name their target, so
  // editing one member of a group would silently change or break the others.
  Status check_link_group(size_t ordinal, const StagedChange& change) const {
    const auto& entries = index_.entries();
    const ArchiveEntry& entry = entries[ordinal];
    bool linked_to = false;
    for (size_t other = 0; other < entries.size(); ++other) {
      if (other == ordinal) continue;
      if (entries[other].data_ordinal == entry.data_ordinal) linked_to = true;
    }
    const bool cpio = family() == ARCHIVE_FORMAT_CPIO;
    const bool is_link = !entry.hardlink.empty();
    if (cpio ? (linked_to || is_link) : (linked_to && !change.content && !is_link)) {
      return Error(ErrorCode::image_write_unsupported,
                   change.path.to_string() + " shares its data with hard links in the archive",
                   source(),
                   "extract the archive (bsdtar -xf), edit the directory, and re-create it");
    }
    return ok_status();
  }

  ArchiveIndex index_;
  std::optional<UncompressedCopy> uncompressed_;
  bool index_stale_ = false;  // the archive was rewritten since index_ was read
  Logger* logger_;
  std::optional<std::string> format_name_;
  std::optional<std::string> write_refusal_;
};

struct ProbeReader {
  archive* reader = libarchive().archive_read_new();
  ~ProbeReader() { libarchive().archive_read_free(reader); }
};

bool is_compressed_stream(const std::string& header) {
  static const std::string kMagics[] = {
      std::string("\x1f\x8b", 2),                  // gzip
      std::string("\x1f\x9d", 2),                  // compress
      "BZh",                                       // bzip2
      std::string("\xfd\x37\x7a\x58\x5a\x00", 6),  // xz
      std::string("\x28\xb5\x2f\xfd", 4),          // zstd
      std::string("\x04\x22\x4d\x18", 4),          // lz4
      "LZIP",                                      // lzip
  };
  for (const auto& magic : kMagics) {
    if (header.compare(0, magic.size(), magic) == 0) return true;
  }
  return false;
}

}  // namespace

bool looks_like_archive(const std::string& header) {
  if (header.size() < 4) return false;
  // 7z and zip keep their directory at the end, beyond the probe: recognise them by magic.
  if (header.compare(0, 6, std::string("7z\xBC\xAF\x27\x1C", 6)) == 0) return true;
  if (header.compare(0, 4, "PK\x03\x04") == 0 || header.compare(0, 4, "PK\x05\x06") == 0) {
    return true;
  }
  // Without libarchive kmsprep cannot tell: claim the file, so that opening it reports the
  // missing library and the package to install rather than an unknown format.
  if (!load_archive_library()) return true;
  ProbeReader probe;
  archive* a = probe.reader;
  libarchive().archive_read_support_filter_all(a);
  libarchive().archive_read_support_format_tar(a);
  libarchive().archive_read_support_format_gnutar(a);
  libarchive().archive_read_support_format_cpio(a);
  if (libarchive().archive_read_open_memory(a, header.data(), header.size()) == ARCHIVE_OK) {
    archive_entry* entry = nullptr;
    const int status = libarchive().archive_read_next_header(a, &entry);
    if (status == ARCHIVE_OK || status == ARCHIVE_WARN) return true;
    if (status == ARCHIVE_EOF) return libarchive().archive_format(a) != 0;  // an empty tar
  }
  // A compressor whose first block is larger than the probe (bzip2 blocks reach 900 kB) fails
  // on the probe alone: recognise the compressed stream and let the full open decide what it
  // holds.
  return is_compressed_stream(header);
}

Result<std::unique_ptr<Image>> open_archive_image(const std::string& path,
                                                  const OpenOptions& options) {
  auto indexed = index_archive(path, options.writable, options.logger);
  if (!indexed) return std::move(indexed).error();
  auto refusal = archive_write_refusal(indexed->index.layout());
  const std::string name = archive_format_name(indexed->index.layout());
  if (options.writable && refusal) {
    return Error(ErrorCode::image_write_unsupported, name + " archives cannot be written", path,
                 *refusal);
  }
  return std::unique_ptr<Image>(new ArchiveImage(path, std::move(*indexed), options.logger,
                                                 std::nullopt, std::move(refusal)));
}

Result<std::unique_ptr<Image>> open_read_only_archive_image(const std::string& path,
                                                            const OpenOptions& options,
                                                            std::string format_name,
                                                            std::string write_refusal) {
  auto index = ArchiveIndex::scan(path, options.logger);
  if (!index) return std::move(index).error();
  return std::unique_ptr<Image>(new ArchiveImage(path, IndexedArchive{std::move(*index), {}},
                                                 options.logger, std::move(format_name),
                                                 std::move(write_refusal)));
}

}  // namespace kmsprep
