#include "image/archive_index.hpp"

#include <cerrno>

#include "core/text.hpp"
#include "image/archive_library.hpp"
#include "image/zip_directory.hpp"

namespace kmsprep {
namespace {

const char* entry_name(archive_entry* entry) {
  const char* name = libarchive().archive_entry_pathname(entry);
  return name ? name : libarchive().archive_entry_pathname_utf8(entry);
}

EntryType entry_type(archive_entry* entry) {
  if (libarchive().archive_entry_hardlink(entry)) return EntryType::file;
  switch (libarchive().archive_entry_filetype(entry)) {
    case AE_IFREG:
      return EntryType::file;
    case AE_IFDIR:
      return EntryType::directory;
    case AE_IFLNK:
      return EntryType::symlink;
    default:
      return EntryType::other;
  }
}

Error unsafe_entry(const std::string& archive_path, const std::string& name,
                   const std::string& why) {
  return Error(ErrorCode::archive_entry_unsafe, "entry \"" + name + "\" " + why, archive_path,
               "kmsprep refuses archives whose entries could land outside the image; re-create "
               "the archive with relative paths (bsdtar strips leading / and refuses ..)");
}

// ImagePath's detail reads "\"NAME\" why"; keep only the why, the caller names the entry.
std::string unsafe_reason(const std::string& name, const Error& error) {
  const std::string quoted = "\"" + name + "\" ";
  const std::string& detail = error.detail();
  return detail.rfind(quoted, 0) == 0 ? detail.substr(quoted.size()) : detail;
}

const char* filter_suffix(int code) {
  switch (code) {
    case ARCHIVE_FILTER_GZIP:
      return "gz";
    case ARCHIVE_FILTER_BZIP2:
      return "bz2";
    case ARCHIVE_FILTER_COMPRESS:
      return "Z";
    case ARCHIVE_FILTER_LZMA:
      return "lzma";
    case ARCHIVE_FILTER_XZ:
      return "xz";
    case ARCHIVE_FILTER_UU:
      return "uu";
    case ARCHIVE_FILTER_LZIP:
      return "lz";
    case ARCHIVE_FILTER_LRZIP:
      return "lrz";
    case ARCHIVE_FILTER_LZOP:
      return "lzo";
    case ARCHIVE_FILTER_GRZIP:
      return "grz";
    case ARCHIVE_FILTER_LZ4:
      return "lz4";
    case ARCHIVE_FILTER_ZSTD:
      return "zst";
    default:
      return "filtered";
  }
}

// libarchive found no format it reads (a compressed file holding something else, say). Its
// ARCHIVE_ERRNO_FILE_FORMAT is EILSEQ on Linux (EFTYPE where that exists); the header only
// documents the name.
bool is_unknown_format(archive* reader) {
#ifdef EFTYPE
  constexpr int kFileFormatErrno = EFTYPE;
#else
  constexpr int kFileFormatErrno = EILSEQ;
#endif
  return libarchive().archive_format(reader) == 0 &&
         libarchive().archive_errno(reader) == kFileFormatErrno;
}

Error unknown_format(const std::string& path) {
  return Error(ErrorCode::image_format_unknown, "the content is not an archive kmsprep reads", path,
               "supported: directories, WIM/ESD, ISO9660/UDF, tar (any compression), zip, 7z, "
               "cpio");
}

}  // namespace

void ArchiveReadCloser::operator()(archive* reader) const {
  libarchive().archive_read_free(reader);
}

Result<ArchiveReader> open_archive_reader(const std::string& path,
                                          const std::string& location_or_path) {
  const std::string& location = location_or_path.empty() ? path : location_or_path;
  if (auto library = load_archive_library(); !library) return std::move(library).error();
  ArchiveReader reader(libarchive().archive_read_new());
  if (!reader) {
    return Error(ErrorCode::internal, "libarchive could not allocate a reader", location);
  }
  archive* a = reader.get();
  libarchive().archive_read_support_filter_all(a);
  libarchive().archive_read_support_format_tar(a);
  libarchive().archive_read_support_format_gnutar(a);
  libarchive().archive_read_support_format_zip(a);
  libarchive().archive_read_support_format_7zip(a);
  libarchive().archive_read_support_format_cpio(a);
  libarchive().archive_read_support_format_iso9660(a);
  if (open_archive_file(a, path, 64 * 1024) != ARCHIVE_OK) {
    if (is_unknown_format(a)) return unknown_format(location);
    return archive_error(a, "libarchive cannot open the archive", location);
  }
  return reader;
}

Error archive_error(archive* reader, const std::string& what, const std::string& location) {
  const int error_number = libarchive().archive_errno(reader);
  const char* text = libarchive().archive_error_string(reader);
  const std::string detail = what + (text ? std::string(": ") + text : std::string());
  if (error_number == EACCES || error_number == EPERM || error_number == ENOSPC ||
      error_number == EIO || error_number == ENOMEM) {
    return Error::io(what, location, error_number);
  }
  return Error(ErrorCode::image_corrupt, detail, location,
               "check that the archive is complete (re-copy it) and that bsdtar -tvf lists it");
}

void log_archive_warning(archive* reader, Logger* logger, const std::string& location) {
  if (!logger) return;
  const char* text = libarchive().archive_error_string(reader);
  logger->warning("archive", location + ": " + (text ? text : "libarchive warning"));
}

Result<ArchiveIndex> ArchiveIndex::scan(const std::string& path, Logger* logger) {
  return scan_from(path, path, logger);
}

Result<ArchiveIndex> ArchiveIndex::scan_uncompressed(const std::string& copy_path,
                                                     const std::string& location,
                                                     std::vector<int> filters, Logger* logger) {
  auto index = scan_from(copy_path, location, logger);
  if (!index) return index;
  index->layout_.filters = std::move(filters);
  return index;
}

// Long on purpose: one pass over libarchive's headers; the loop holds the reader's state.
Result<ArchiveIndex> ArchiveIndex::scan_from(const std::string& path, const std::string& location,
                                             Logger* logger) {
  auto reader = open_archive_reader(path, location);
  if (!reader) return std::move(reader).error();
  archive* a = reader->get();
  ArchiveIndex index;
  bool named_first = false;
  archive_entry* entry = nullptr;
  for (;;) {
    const int status = libarchive().archive_read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status == ARCHIVE_WARN) {
      log_archive_warning(a, logger, location);
    } else if (status != ARCHIVE_OK) {
      if (index.entries_.empty() && is_unknown_format(a)) return unknown_format(location);
      return archive_error(a,
                           index.entries_.empty()
                               ? std::string("cannot read the first entry")
                               : "cannot read past \"" + index.entries_.back().name + "\"",
                           location);
    }
    if (index.entries_.empty()) {
      index.layout_.format = libarchive().archive_format(a);
      const char* label = libarchive().archive_format_name(a);
      index.layout_.format_label = label ? label : "";
    }
    const char* raw_name = entry_name(entry);
    if (!raw_name) return unsafe_entry(location, "(unnamed)", "has no readable name");
    if (!*raw_name) {
      return unsafe_entry(location, "",
                          "(entry " + std::to_string(index.entries_.size() + 1) +
                              ") has an empty name, which extraction skips or fails on");
    }
    ArchiveEntry item;
    item.name = raw_name;
    auto parsed = ImagePath::parse(item.name, true);
    if (!parsed) return unsafe_entry(location, item.name, unsafe_reason(item.name, parsed.error()));
    item.path = std::move(*parsed);
    if (const char* link = libarchive().archive_entry_hardlink(entry)) {
      item.hardlink = link;
      auto target = ImagePath::parse(item.hardlink);
      if (!target) {
        return unsafe_entry(location, item.name,
                            "is a hard link to \"" + item.hardlink + "\", which " +
                                unsafe_reason(item.hardlink, target.error()));
      }
    }
    item.type = entry_type(entry);
    item.stored_size = libarchive().archive_entry_size_is_set(entry)
                           ? static_cast<uint64_t>(libarchive().archive_entry_size(entry))
                           : 0;
    item.header_position = libarchive().archive_read_header_position(a);
    item.data_ordinal = index.entries_.size();
    item.size = item.type == EntryType::file ? item.stored_size : 0;
    if (!named_first && !item.path.is_root()) {
      named_first = true;
      index.layout_.dot_slash_names = item.name.rfind("./", 0) == 0;
    }
    index.entries_.push_back(std::move(item));
    index.insert(index.entries_.size() - 1);
  }
  if (index.entries_.empty()) {
    index.layout_.format = libarchive().archive_format(a);
    const char* label = libarchive().archive_format_name(a);
    index.layout_.format_label = label ? label : "";
  }
  for (int i = 0; i < libarchive().archive_filter_count(a); ++i) {
    const int code = libarchive().archive_filter_code(a, i);
    if (code != ARCHIVE_FILTER_NONE) index.layout_.filters.push_back(code);
  }
  index.layout_.end_position = libarchive().archive_read_header_position(a);
  index.layout_.encrypted = libarchive().archive_read_has_encrypted_entries(a) > 0;
  if ((index.layout_.format & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP) {
    if (auto whole = check_zip_central_directory(path); !whole) return std::move(whole).error();
  }
  if (auto safe = index.check_links(location); !safe) return std::move(safe).error();
  index.resolve_hard_links();
  return index;
}

// What extraction would do with the entries, refused where it leaves the image or reads
// nothing: bsdtar -x follows a symbolic link stored earlier when it writes an entry below it,
// and a hard link to no earlier file extracts as an error or an empty file.
Status ArchiveIndex::check_links(const std::string& archive_path) const {
  for (size_t ordinal = 0; ordinal < entries_.size(); ++ordinal) {
    const ArchiveEntry& item = entries_[ordinal];
    const auto& components = item.path.components();
    ImagePath prefix;
    for (size_t depth = 0; depth + 1 < components.size(); ++depth) {
      prefix = prefix.child(components[depth]);
      const Node* node = find_node(prefix);
      for (size_t other : node ? node->ordinals : std::vector<size_t>{}) {
        if (entries_[other].type != EntryType::symlink) continue;
        return Error(ErrorCode::image_symlink_escape,
                     "entry \"" + item.name + "\" lies below \"" + entries_[other].name +
                         "\", which the archive stores as a symbolic link",
                     archive_path,
                     "kmsprep never writes through links in an image; re-create the archive "
                     "with the link replaced by the directory it points to");
      }
    }
    if (item.hardlink.empty()) continue;
    auto target = ImagePath::parse(item.hardlink);
    const Node* node = target ? find_node(*target) : nullptr;
    bool earlier_file = false;
    for (size_t other : node ? node->ordinals : std::vector<size_t>{}) {
      if (other < ordinal && entries_[other].type == EntryType::file) earlier_file = true;
    }
    if (!earlier_file) {
      const bool itself =
          target && equals_ignoring_case(target->to_string(), item.path.to_string());
      return unsafe_entry(archive_path, item.name,
                          "is a hard link to \"" + item.hardlink + "\", " +
                              (itself ? "which is the entry itself"
                                      : "which is no file stored before it in the archive"));
    }
  }
  return ok_status();
}

void ArchiveIndex::insert(size_t ordinal) {
  const ArchiveEntry& item = entries_[ordinal];
  if (item.path.is_root()) return;  // "./" itself: kept in the archive, not a child of anything
  size_t current = 0;
  const auto& components = item.path.components();
  for (size_t depth = 0; depth < components.size(); ++depth) {
    const std::string key = to_lower_ascii(components[depth]);
    auto found = nodes_[current].children.find(key);
    if (found == nodes_[current].children.end()) {
      Node child;
      child.path = nodes_[current].path.child(components[depth]);
      nodes_.push_back(std::move(child));
      const size_t child_index = nodes_.size() - 1;
      nodes_[current].children.emplace(key, child_index);
      current = child_index;
    } else {
      current = found->second;
    }
  }
  Node& node = nodes_[current];
  node.last_ordinal = ordinal;
  node.ordinals.push_back(ordinal);
  node.type = item.type;
}

void ArchiveIndex::resolve_hard_links() {
  // A link group shares one content. In tar the first entry carries the data and later links
  // carry none; in cpio (newc) the data travels with the last link. Give every member the data
  // of the last member that stores any.
  std::map<size_t, std::vector<size_t>> groups;  // root ordinal -> members
  std::vector<size_t> root_of(entries_.size());
  for (size_t ordinal = 0; ordinal < entries_.size(); ++ordinal) {
    root_of[ordinal] = ordinal;
    const ArchiveEntry& item = entries_[ordinal];
    if (item.hardlink.empty()) continue;
    auto target = ImagePath::parse(item.hardlink);
    const Node* node = target ? find_node(*target) : nullptr;
    if (!node || !node->last_ordinal) continue;  // dangling: reads give the entry's own data
    size_t target_ordinal = *node->last_ordinal;
    for (size_t candidate : node->ordinals) {
      if (candidate < ordinal) target_ordinal = candidate;
    }
    const size_t root = root_of[target_ordinal];
    root_of[ordinal] = root;
    auto& members = groups[root];
    if (members.empty()) members.push_back(root);
    members.push_back(ordinal);
  }
  for (const auto& [root, members] : groups) {
    size_t holder = root;
    for (size_t member : members) {
      if (entries_[member].stored_size > 0) holder = member;
    }
    for (size_t member : members) {
      entries_[member].data_ordinal = holder;
      entries_[member].size = entries_[holder].stored_size;
    }
  }
}

const ArchiveIndex::Node* ArchiveIndex::find_node(const ImagePath& path) const {
  size_t current = 0;
  for (const auto& component : path.components()) {
    auto found = nodes_[current].children.find(to_lower_ascii(component));
    if (found == nodes_[current].children.end()) return nullptr;
    current = found->second;
  }
  return &nodes_[current];
}

EntryInfo ArchiveIndex::info_of(const Node& node) const {
  EntryInfo info{node.path, node.type, 0};
  // A name that other entries sit below is a directory, whatever its own header says.
  if (!node.children.empty()) info.type = EntryType::directory;
  if (node.last_ordinal && info.type == EntryType::file)
    info.size = entries_[*node.last_ordinal].size;
  return info;
}

std::optional<EntryInfo> ArchiveIndex::stat(const ImagePath& path) const {
  const Node* node = find_node(path);
  if (!node) return std::nullopt;
  return info_of(*node);
}

std::vector<EntryInfo> ArchiveIndex::list(const ImagePath& path) const {
  std::vector<EntryInfo> children;
  const Node* node = find_node(path);
  if (!node) return children;
  for (const auto& [key, child] : node->children) children.push_back(info_of(nodes_[child]));
  return children;
}

std::vector<size_t> ArchiveIndex::ordinals_of(const ImagePath& path) const {
  const Node* node = find_node(path);
  return node ? node->ordinals : std::vector<size_t>{};
}

namespace {

// A reader positioned at the data of entry `ordinal`, and the size its header announces.
struct OpenedEntry {
  ArchiveReader reader;
  ImagePath spelled;
  uint64_t announced = 0;
};

Result<OpenedEntry> open_entry(const std::string& path, size_t ordinal,
                               const std::string& expected_name, Logger* logger, uint64_t max_bytes,
                               const std::string& location) {
  auto reader = open_archive_reader(path, location);
  if (!reader) return std::move(reader).error();
  archive* a = reader->get();
  archive_entry* entry = nullptr;
  for (size_t current = 0;; ++current) {
    const int status = libarchive().archive_read_next_header(a, &entry);
    if (status == ARCHIVE_EOF) {
      return Error(ErrorCode::image_corrupt, "the archive changed since it was opened", location,
                   "run the command again");
    }
    if (status == ARCHIVE_WARN) {
      log_archive_warning(a, logger, location);
    } else if (status != ARCHIVE_OK) {
      return archive_error(a, "cannot read entry " + std::to_string(current + 1), location);
    }
    if (current == ordinal) break;
  }
  const char* name = entry_name(entry);
  if (!name || expected_name != name) {
    return Error(ErrorCode::image_corrupt, "the archive changed since it was opened", location,
                 "run the command again");
  }
  OpenedEntry opened;
  auto parsed_name = ImagePath::parse(expected_name, true);
  opened.spelled = parsed_name ? *parsed_name : ImagePath();
  opened.announced = libarchive().archive_entry_size_is_set(entry)
                         ? static_cast<uint64_t>(libarchive().archive_entry_size(entry))
                         : 0;
  if (opened.announced > max_bytes) {
    return image_file_too_large(opened.spelled, opened.announced, max_bytes, location);
  }
  opened.reader = std::move(*reader);
  return opened;
}

// Hands every data block of the opened entry to `take(offset, block, length)`, after checking
// that it lies within `max_bytes` (a sparse map may place data anywhere: checked before any
// hole is filled).
template <typename TakeBlock>
Status for_each_data_block(OpenedEntry& opened, const std::string& expected_name, Logger* logger,
                           uint64_t max_bytes, const std::string& location, TakeBlock take) {
  archive* a = opened.reader.get();
  for (;;) {
    const void* block = nullptr;
    size_t length = 0;
    la_int64_t offset = 0;
    const int status = libarchive().archive_read_data_block(a, &block, &length, &offset);
    if (status == ARCHIVE_EOF) return ok_status();
    if (status == ARCHIVE_WARN) {
      log_archive_warning(a, logger, location);
    } else if (status != ARCHIVE_OK) {
      return archive_error(a, "cannot read the data of \"" + expected_name + "\"", location);
    }
    if (offset < 0 || static_cast<uint64_t>(offset) > max_bytes ||
        length > max_bytes - static_cast<uint64_t>(offset)) {
      return image_file_too_large(opened.spelled,
                                  static_cast<uint64_t>(std::max<la_int64_t>(offset, 0)) + length,
                                  max_bytes, location);
    }
    if (auto taken = take(static_cast<uint64_t>(offset), static_cast<const char*>(block), length);
        !taken) {
      return taken;
    }
  }
}

}  // namespace

Result<std::string> read_archive_entry(const std::string& path, size_t ordinal,
                                       const std::string& expected_name, Logger* logger,
                                       uint64_t max_bytes, const std::string& location_or_path) {
  const std::string& location = location_or_path.empty() ? path : location_or_path;
  auto opened = open_entry(path, ordinal, expected_name, logger, max_bytes, location);
  if (!opened) return std::move(opened).error();
  std::string content;
  content.reserve(static_cast<size_t>(opened->announced));
  const auto keep = [&](uint64_t offset, const char* block, size_t length) -> Status {
    const size_t at = static_cast<size_t>(offset);
    if (content.size() < at) content.resize(at, '\0');  // a hole in a sparse entry
    content.replace(at, std::min(length, content.size() - at), block, length);
    return ok_status();
  };
  if (auto read = for_each_data_block(*opened, expected_name, logger, max_bytes, location, keep);
      !read) {
    return std::move(read).error();
  }
  if (content.size() < opened->announced) {
    content.resize(static_cast<size_t>(opened->announced), '\0');  // a trailing hole
  }
  return content;
}

Status read_archive_entry_to(const std::string& path, size_t ordinal,
                             const std::string& expected_name, Logger* logger, uint64_t max_bytes,
                             ByteSink& sink, const std::string& location_or_path) {
  const std::string& location = location_or_path.empty() ? path : location_or_path;
  auto opened = open_entry(path, ordinal, expected_name, logger, max_bytes, location);
  if (!opened) return std::move(opened).error();
  static const std::string zeros(64 * 1024, '\0');
  uint64_t written = 0;
  const auto fill_to = [&](uint64_t end) -> Status {
    while (written < end) {
      const size_t gap = static_cast<size_t>(std::min<uint64_t>(end - written, zeros.size()));
      if (auto wrote = sink.write(zeros.data(), gap); !wrote) return wrote;
      written += gap;
    }
    return ok_status();
  };
  const auto pass_on = [&](uint64_t offset, const char* block, size_t length) -> Status {
    // A stream cannot go back: a sparse map whose pieces overlap or run backwards is not one
    // that bsdtar writes.
    if (offset < written) {
      return Error(ErrorCode::image_corrupt,
                   "the sparse map of \"" + expected_name + "\" runs backwards", location,
                   "re-create the archive (bsdtar -cf) from the extracted files");
    }
    if (auto filled = fill_to(offset); !filled) return filled;
    if (auto wrote = sink.write(block, length); !wrote) return wrote;
    written += length;
    return ok_status();
  };
  if (auto read = for_each_data_block(*opened, expected_name, logger, max_bytes, location, pass_on);
      !read) {
    return read;
  }
  return fill_to(opened->announced);  // a trailing hole
}

std::string archive_format_name(const ArchiveLayout& layout) {
  std::string name;
  switch (layout.format & ARCHIVE_FORMAT_BASE_MASK) {
    case ARCHIVE_FORMAT_TAR:
      name = "tar";
      break;
    case ARCHIVE_FORMAT_ZIP:
      name = "zip";
      break;
    case ARCHIVE_FORMAT_7ZIP:
      name = "7z";
      break;
    case ARCHIVE_FORMAT_CPIO:
      name = "cpio";
      break;
    case ARCHIVE_FORMAT_ISO9660:
      name = "iso9660";
      break;
    case ARCHIVE_FORMAT_EMPTY:
      name = "empty";
      break;
    default:
      name = layout.format_label.empty() ? "archive" : layout.format_label;
      break;
  }
  for (int code : layout.filters) name += std::string(".") + filter_suffix(code);
  return name;
}

}  // namespace kmsprep
