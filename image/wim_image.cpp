// The WIM backend. Reads go through wimlib_iterate_dir_tree (stat, list) and
// wimlib_extract_paths of one file streamed through standard output (read, wim_stream.hpp), so
// the image is never extracted as a whole. A commit is one wimlib_update_image plus one
// wimlib_overwrite: an append without rebuild by default, so its cost follows the change and not
// the WIM's size.
#include "image/wim_image.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_io.hpp"
#include "core/file_system.hpp"
#include "core/file_version.hpp"
#include "core/scratch_directory.hpp"
#include "core/utf8_path.hpp"
#include "image/wim_append.hpp"
#include "image/wim_library.hpp"
#include "image/wim_sha1.hpp"
#include "image/wim_staging.hpp"
#include "image/wim_stream.hpp"
#include "image/wim_text.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// The properties `kmsprep image info` shows, in the WIM XML's own names.
constexpr const char* kPropertyNames[] = {
    "NAME",
    "DESCRIPTION",
    "DISPLAYNAME",
    "DISPLAYDESCRIPTION",
    "FLAGS",
    "WINDOWS/EDITIONID",
    "WINDOWS/PRODUCTNAME",
    "WINDOWS/PRODUCTTYPE",
    "WINDOWS/INSTALLATIONTYPE",
    "WINDOWS/ARCH",
    "WINDOWS/VERSION/MAJOR",
    "WINDOWS/VERSION/MINOR",
    "WINDOWS/VERSION/BUILD",
    "WINDOWS/VERSION/SPBUILD",
    "WINDOWS/LANGUAGES/DEFAULT",
};

std::string wim_path_of(const ImagePath& path) { return "/" + path.to_string(); }

EntryType entry_type_of(const wimlib_dir_entry& entry) {
  if (entry.attributes & WIMLIB_FILE_ATTRIBUTE_REPARSE_POINT) {
    return entry.reparse_tag == WIMLIB_REPARSE_TAG_SYMLINK ||
                   entry.reparse_tag == WIMLIB_REPARSE_TAG_MOUNT_POINT
               ? EntryType::symlink
               : EntryType::other;
  }
  if (entry.attributes & WIMLIB_FILE_ATTRIBUTE_DIRECTORY) return EntryType::directory;
  return EntryType::file;
}

struct Collected {
  std::vector<EntryInfo> entries;
};

int collect_entry(const wimlib_dir_entry* entry, void* context) {
  auto* collected = static_cast<Collected*>(context);
  // full_path is spelled as stored, whatever spelling the lookup used.
  const std::string stored = from_wim_image_path(entry->full_path);
  std::string_view full_path = stored;
  while (!full_path.empty() && full_path.front() == '/') full_path.remove_prefix(1);
  auto path = ImagePath::parse(full_path, true);
  if (!path) return 0;  // wimlib already skips "." and ".." names; nothing else fails here
  const EntryType type = entry_type_of(*entry);
  const uint64_t size = type == EntryType::file ? entry->streams[0].resource.uncompressed_size : 0;
  collected->entries.push_back(EntryInfo{std::move(*path), type, size});
  return 0;
}

Result<ScratchDirectory> create_scratch() {
  return ScratchDirectory::create(staging_directory_base(), "kmsprep-wim-");
}

Status write_all(int fd, const std::string& bytes, const std::string& where) {
  if (const int error = write_all_bytes(fd, bytes)) {
    return Error::io("cannot stage the file to add", where, error);
  }
  return ok_status();
}

// Where wimlib reads the bytes of each added file during the overwrite. An anonymous memory
// file (memfd) named through /proc/self/fd, so that a put writes to no disk but the WIM's; a
// private scratch directory where memfd or /proc is unavailable. No fsync either way: these
// copies are gone after the commit, and the WIM's own write is what must last. The /proc name
// is a symbolic link, so the add commands need WIMLIB_ADD_FLAG_DEREFERENCE. Windows stages in the
// scratch directory only (wim_staging.hpp).
class AddSources {
 public:
  AddSources() = default;
  AddSources(const AddSources&) = delete;
  AddSources& operator=(const AddSources&) = delete;
  ~AddSources() {
    for (int fd : descriptors_) close_file(fd);
  }

  // A file already staged in memory is handed to wimlib by name as it is.
  Result<std::string> add(const MemoryFile& file) {
    std::string path = memory_file_names_are_addable() ? file.path() : std::string();
    if (!path.empty()) return path;
    auto bytes = file.read_all();
    if (!bytes) return std::move(bytes).error();
    return add(*bytes);
  }

  Result<std::string> add(const std::string& bytes) {
    std::string name;
    const int fd = create_named_memory_file(name);
    if (fd >= 0) {
      descriptors_.push_back(fd);
      if (auto written = write_all(fd, bytes, name); !written) return std::move(written).error();
      if (name_opens(name)) return name;
    }
    if (!scratch_) {
      auto scratch = create_scratch();
      if (!scratch) return std::move(scratch).error();
      scratch_.emplace(std::move(*scratch));
    }
    const fs::path staged = scratch_->path() / std::to_string(++scratch_files_);
    const std::string path = utf8_string(staged);
    const int file = open_file(staged, kOpenWrite | kOpenCreate | kOpenExclusive, 0600);
    if (file < 0) return Error::io("cannot stage the file to add", path, errno);
    auto written = write_all(file, bytes, path);
    close_file(file);
    if (!written) return std::move(written).error();
    return path;
  }

 private:
  std::vector<int> descriptors_;
  std::optional<ScratchDirectory> scratch_;
  int scratch_files_ = 0;
};

class WimImage final : public Image {
 public:
  WimImage(std::string path, WimHandle wim, const OpenOptions& options)
      : Image(path),
        wim_(std::move(wim)),
        index_(options.index),
        rebuild_(options.rebuild),
        logger_(options.logger) {
    write_refusal_ = wim_write_refusal(wim_.get(), path);
  }

  std::string format_name() const override { return "wim"; }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.read = true;
    caps.write = write_refusal_.empty();
    caps.properties = true;
    caps.set_properties = caps.write;
    caps.write_refusal = write_refusal_;
    return caps;
  }

 protected:
  Result<std::optional<EntryInfo>> stat_original(const ImagePath& path) override {
    auto wim = handle();
    if (!wim) return std::move(wim).error();
    Collected collected;
    errno = 0;
    const int code = wimlib_iterate_dir_tree(*wim, index_, to_wim_text(wim_path_of(path)).c_str(),
                                             0, collect_entry, &collected);
    if (code == WIMLIB_ERR_PATH_DOES_NOT_EXIST || code == WIMLIB_ERR_NOTDIR) {
      return std::optional<EntryInfo>();
    }
    if (code != 0) return failure(code, "cannot look up " + path.to_string(), path);
    if (collected.entries.empty()) return std::optional<EntryInfo>();
    return std::optional<EntryInfo>(std::move(collected.entries.front()));
  }

  Result<std::vector<EntryInfo>> list_original(const ImagePath& directory) override {
    auto wim = handle();
    if (!wim) return std::move(wim).error();
    Collected collected;
    errno = 0;
    const int code =
        wimlib_iterate_dir_tree(*wim, index_, to_wim_text(wim_path_of(directory)).c_str(),
                                WIMLIB_ITERATE_DIR_TREE_FLAG_CHILDREN, collect_entry, &collected);
    if (code != 0) return failure(code, "cannot list " + directory.to_string(), directory);
    return std::move(collected.entries);
  }

  Result<std::string> read_original(const ImagePath& path, uint64_t max_bytes) override {
    StringSink sink;
    if (auto read = read_original_to(path, sink, max_bytes); !read) return std::move(read).error();
    return std::move(sink.bytes());
  }

  Status read_original_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes) override {
    auto entry = readable_file(path, max_bytes);
    if (!entry) return std::move(entry).error();
    // wimlib writes exactly the size the blob table announces, checked above, and verifies
    // the SHA-1 as it goes.
    auto wim = handle();
    if (!wim) return std::move(wim).error();
    const auto outcome = extract_wim_file_to(*wim, index_, wim_path_of(entry->path), sink);
    if (outcome.wimlib_code != 0) {
      return failure(outcome.wimlib_code, "cannot read " + path.to_string(), path);
    }
    return outcome.sink;
  }

  // For readers that want an open file (hivex maps it): wimlib extracts the file into a private
  // scratch directory; the open extracted copy is the result, and the directory (with the
  // file's name) is gone when this returns.
  Result<MemoryFile> read_original_as_file(const ImagePath& path, uint64_t max_bytes) override {
    auto entry = readable_file(path, max_bytes);
    if (!entry) return std::move(entry).error();
    auto scratch = create_scratch();
    if (!scratch) return std::move(scratch).error();
    auto wim = handle();
    if (!wim) return std::move(wim).error();
    const WimText wim_path = to_wim_text(wim_path_of(entry->path));
    const wimlib_tchar* paths[] = {wim_path.c_str()};
    errno = 0;
    const int code = wimlib_extract_paths(
        *wim, index_, to_wim_text(utf8_string(scratch->path())).c_str(), paths, 1,
        WIMLIB_EXTRACT_FLAG_NO_PRESERVE_DIR_STRUCTURE | WIMLIB_EXTRACT_FLAG_NO_ACLS);
    if (code != 0) return failure(code, "cannot read " + path.to_string(), path);
    const fs::path extracted = scratch->path() / utf8_path(entry->path.filename());
    const int fd = open_file(extracted, kOpenRead | kOpenNoFollow);
    if (fd < 0)
      return Error::io("cannot open the extracted copy of", utf8_string(extracted), errno);
    MemoryFile file = MemoryFile::adopt(fd, source() + ": " + path.to_string());
    auto size = file.size();
    if (!size) return std::move(size).error();
    if (*size > max_bytes) {
      return image_file_too_large(entry->path, *size, max_bytes, source());
    }
    return file;
  }

  // The entry of a regular file at `path` no larger than `max_bytes`, or why it cannot be read.
  Result<EntryInfo> readable_file(const ImagePath& path, uint64_t max_bytes) {
    auto entry = stat_original(path);
    if (!entry) return std::move(entry).error();
    if (!*entry) {
      return Error(ErrorCode::path_not_in_image,
                   path.to_string() + " is not in image " + std::to_string(index_), source(),
                   "run `kmsprep image info` to see what the image holds");
    }
    if ((*entry)->type == EntryType::directory) {
      return Error(ErrorCode::path_is_directory, path.to_string() + " is a directory", source());
    }
    if ((*entry)->type != EntryType::file) {
      return Error(ErrorCode::file_unreadable,
                   path.to_string() + " is a symbolic link or another reparse point", source(),
                   "read the file it points to");
    }
    if ((*entry)->size > max_bytes) {
      return image_file_too_large((*entry)->path, (*entry)->size, max_bytes, source());
    }
    return std::move(**entry);
  }

  bool takes_staged_files() const override { return true; }

  std::optional<bool> original_equals(const EntryInfo& entry, const std::string& bytes) override {
    auto wim = handle();
    if (!wim || entry.type != EntryType::file) return std::nullopt;
    struct Digest {
      bool known = false;
      Sha1Digest value{};
    } digest;
    const auto take_digest = [](const wimlib_dir_entry* found, void* context) -> int {
      auto* result = static_cast<Digest*>(context);
      const uint8_t* hash = found->streams[0].resource.sha1_hash;
      std::copy(hash, hash + 20, result->value.begin());
      // All zeros: wimlib does not know the digest (an empty stream, or data not in a WIM).
      result->known = std::any_of(hash, hash + 20, [](uint8_t byte) { return byte != 0; });
      return 0;
    };
    const int code = wimlib_iterate_dir_tree(
        *wim, index_, to_wim_text(wim_path_of(entry.path)).c_str(), 0, take_digest, &digest);
    if (code != 0 || !digest.known) return std::nullopt;
    return digest.value == sha1(bytes);
  }

  Result<ImageProperties> properties_original() override {
    auto wim = handle();
    if (!wim) return std::move(wim).error();
    wimlib_wim_info info{};
    wimlib_get_wim_info(*wim, &info);
    ImageProperties properties;
    properties.image_count = static_cast<int>(info.image_count);
    properties.index = index_;
    for (const char* name : kPropertyNames) {
      const wimlib_tchar* value =
          wimlib_get_image_property(*wim, index_, to_wim_text(name).c_str());
      if (value) properties.values[name] = from_wim_text(value);
    }
    return properties;
  }

  Status commit_changes(const std::vector<StagedChange>& changes,
                        const std::map<std::string, std::string>& properties) override {
    auto committed = apply_and_write(changes, properties);
    // Whatever happened, the in-memory WIMStruct no longer matches the file on disk (a failed
    // update or property change may have been half applied): read it afresh next time.
    wim_.reset();
    return committed;
  }

 private:
  Result<WIMStruct*> handle() {
    if (!wim_) {
      auto reopened = open_wim_file(source());
      if (!reopened) return std::move(reopened).error();
      wim_ = std::move(*reopened);
    }
    return wim_.get();
  }

  Error failure(int code, const std::string& what, const ImagePath& inner) const {
    return wimlib_error(code, what,
                        inner.is_root() ? source() : source() + ": " + inner.to_string());
  }

  // A new file's parent directories may already exist under another spelling; wimlib would
  // match them case-insensitively anyway, but spelling them as found keeps the tree tidy.
  Result<ImagePath> spelled_as_found(const ImagePath& path) {
    ImagePath spelled;
    bool found_all = true;
    for (const auto& component : path.components()) {
      ImagePath next = spelled.child(component);
      if (found_all) {
        auto entry = stat_original(next);
        if (!entry) return std::move(entry).error();
        if (*entry) {
          next = (*entry)->path;
        } else {
          found_all = false;
        }
      }
      spelled = std::move(next);
    }
    return spelled;
  }

  // Long on purpose: wimlib keeps pointers into the strings and commands built here until
  // wimlib_overwrite returns.
  Status apply_and_write(const std::vector<StagedChange>& changes,
                         const std::map<std::string, std::string>& properties) {
    if (!write_refusal_.empty()) {
      return Error(ErrorCode::image_write_unsupported, "cannot write this WIM", source(),
                   write_refusal_);
    }
    // wimlib keeps pointers to these strings until wimlib_overwrite returns.
    AddSources add_sources;
    std::vector<WimText> sources;
    std::vector<WimText> targets;
    sources.reserve(changes.size());
    targets.reserve(changes.size());
    std::vector<wimlib_update_command> commands;
    for (const StagedChange& change : changes) {
      auto spelled = spelled_as_found(change.path);
      if (!spelled) return std::move(spelled).error();
      targets.push_back(to_wim_text(wim_path_of(*spelled)));
      wimlib_update_command command{};
      if (!change.removes()) {
        auto source =
            change.file ? add_sources.add(*change.file) : add_sources.add(*change.content);
        if (!source) return std::move(source).error();
        sources.push_back(to_wim_text(*source));
        command.op = WIMLIB_UPDATE_OP_ADD;
        command.add.fs_source_path = sources.back().data();
        command.add.wim_target_path = targets.back().data();
        command.add.config_file = nullptr;
        command.add.add_flags = staged_add_flags();
      } else {
        sources.emplace_back();
        command.op = WIMLIB_UPDATE_OP_DELETE;
        command.delete_.wim_path = targets.back().data();
        command.delete_.delete_flags = 0;
      }
      commands.push_back(command);
    }

    auto wim = handle();
    if (!wim) return std::move(wim).error();
    if (!commands.empty()) {
      errno = 0;
      const int code = wimlib_update_image(*wim, index_, commands.data(), commands.size(), 0);
      if (code != 0) {
        const ImagePath first = changes.size() == 1 ? changes.front().path : ImagePath();
        return failure(code, "cannot update image " + std::to_string(index_), first);
      }
    }
    for (const auto& [name, value] : properties) {
      errno = 0;
      const int code = wimlib_set_image_property(*wim, index_, to_wim_text(name).c_str(),
                                                 to_wim_text(value).c_str());
      if (code == WIMLIB_ERR_INVALID_PARAM) {
        return Error(ErrorCode::usage_invalid_argument,
                     "\"" + name + "\" is not a valid WIM property name", source(),
                     "use names like NAME, FLAGS or WINDOWS/EDITIONID");
      }
      if (code == WIMLIB_ERR_IMAGE_NAME_COLLISION) {
        return Error(ErrorCode::wim_image_name_taken,
                     "another image of the WIM is already named \"" + value + "\"", source(),
                     "choose a different NAME");
      }
      if (code != 0) return failure(code, "cannot set property " + name, ImagePath());
    }

    if (rebuild_) {
      if (auto rebuilt = rebuild(*wim); !rebuilt) return rebuilt;
    } else {
      // An append writes new data and tables after the old ones and then the header; a failed
      // one is undone (wim_append.hpp).
      auto appended = append_to_wim_in_place(*wim, source(), [this](int code) {
        return failure(code, "cannot write the WIM", ImagePath());
      });
      if (!appended) return appended;
    }
    if (logger_) {
      logger_->info("wim", std::string(rebuild_ ? "rebuilt " : "appended to ") + source() +
                               " (image " + std::to_string(index_) + ")");
    }
    return ok_status();
  }

  // The whole WIM written afresh through AtomicReplacement rather than wimlib's own temporary
  // file, so that a killed rebuild leaves a file of our naming, which the next commit removes.
  Status rebuild(WIMStruct* wim) {
    FileVersion original;
    if (const int error = version_of(utf8_path(source()), original)) {
      return Error::io("cannot examine", source(), error);
    }
    wimlib_wim_info info{};
    wimlib_get_wim_info(wim, &info);
    auto replacement = AtomicReplacement::begin(source());
    if (!replacement) return std::move(replacement).error();
    const int flags = WIMLIB_WRITE_FLAG_FSYNC | WIMLIB_WRITE_FLAG_RETAIN_GUID |
                      (info.pipable ? WIMLIB_WRITE_FLAG_PIPABLE : 0);
    errno = 0;
    const int code = wimlib_write_to_fd(wim, replacement->fd(), WIMLIB_ALL_IMAGES, flags, 0);
    if (code != 0) return failure(code, "cannot write the WIM", ImagePath());
    // wimlib has the old WIM open; Windows renames nothing over an open file.
    wim_.reset();
    return replacement->commit(original.mode);
  }

  WimHandle wim_;  // null after a commit until the next use reopens the file
  int index_;
  bool rebuild_;
  Logger* logger_;
  std::string write_refusal_;
};

}  // namespace

bool looks_like_wim(const std::string& header) {
  static const char kWim[8] = {'M', 'S', 'W', 'I', 'M', 0, 0, 0};
  static const char kPipable[8] = {'W', 'L', 'P', 'W', 'M', 0, 0, 0};
  return header.size() >= 8 &&
         (std::memcmp(header.data(), kWim, 8) == 0 || std::memcmp(header.data(), kPipable, 8) == 0);
}

Result<std::unique_ptr<Image>> open_wim_image(const std::string& path, const OpenOptions& options) {
  auto wim = open_wim_file(path);
  if (!wim) return std::move(wim).error();
  wimlib_wim_info info{};
  wimlib_get_wim_info(wim->get(), &info);
  if (info.image_count == 0) {
    // wimlib allows it (every image deleted, or a WIM written empty); WIMGAPI does not.
    return Error(ErrorCode::wim_no_image,
                 "its header counts 0 images (every image was deleted, or it was written empty)",
                 path,
                 "capture a directory into it (kmsprep capture DIR " + path +
                     " --name NAME), or give a WIM that holds the image");
  }
  if (options.index < 1 || static_cast<uint32_t>(options.index) > info.image_count) {
    const std::string count = std::to_string(info.image_count);
    return Error(ErrorCode::image_index_missing,
                 "index " + std::to_string(options.index) + " does not exist; the WIM holds " +
                     count + (info.image_count == 1 ? " image" : " images"),
                 path, "use --index 1 to --index " + count);
  }
  auto image = std::make_unique<WimImage>(path, std::move(*wim), options);
  if (options.writable && !image->capabilities().write) {
    return Error(ErrorCode::image_write_unsupported, "this WIM cannot be written", path,
                 image->capabilities().write_refusal);
  }
  return std::unique_ptr<Image>(std::move(image));
}

}  // namespace kmsprep
