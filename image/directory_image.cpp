// The directory backend. Every lookup walks the tree one component at a time from the root,
// matching names without regard to letter case as Windows does (the exact spelling wins when
// both exist) and checking every symbolic link on the way: a link that resolves outside the
// root is an error, never followed. Commit order and crash behaviour: docs/images.md.
#include "image/directory_image.hpp"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <set>

#include "core/file_io.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// Where a path of the image is on disk, as far as it exists.
struct Resolved {
  bool exists = false;
  ImagePath spelled;  // existing components as on disk, the rest as asked
  fs::path disk;      // the entry itself (a link, not its target)
  fs::path followed;  // the entry after following a link that stays inside
  EntryType type = EntryType::other;
  uint64_t size = 0;
  mode_t mode = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  // When absent: the deepest existing directory on the way, how many components it covers,
  // and whether the walk stopped at a file that would have to be a directory.
  fs::path deepest_directory;
  size_t found_components = 0;
  bool blocked_by_file = false;
};

Result<std::vector<std::string>> directory_names(const fs::path& directory) {
  DIR* handle = ::opendir(directory.c_str());
  if (!handle) return Error::io("cannot list the directory", directory.string(), errno);
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = ::readdir(handle)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  const int error = errno;
  ::closedir(handle);
  if (error != 0) return Error::io("cannot list the directory", directory.string(), error);
  std::sort(names.begin(), names.end());
  return names;
}

class DirectoryImage final : public Image {
 public:
  DirectoryImage(std::string source, fs::path root)
      : Image(std::move(source)), root_(std::move(root)) {}

  std::string format_name() const override { return "directory"; }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.read = true;
    caps.write = true;
    return caps;
  }

 protected:
  Result<std::optional<EntryInfo>> stat_original(const ImagePath& path) override {
    auto resolved = resolve(path);
    if (!resolved) return std::move(resolved).error();
    if (!resolved->exists) return std::optional<EntryInfo>();
    return std::optional<EntryInfo>(EntryInfo{resolved->spelled, resolved->type, resolved->size});
  }

  Result<std::vector<EntryInfo>> list_original(const ImagePath& directory) override {
    auto resolved = resolve(directory);
    if (!resolved) return std::move(resolved).error();
    if (!resolved->exists || resolved->type != EntryType::directory) {
      return Error(ErrorCode::path_not_in_image, directory.to_string() + " is not a directory",
                   source());
    }
    auto names = directory_names(resolved->followed);
    if (!names) return std::move(names).error();
    std::vector<EntryInfo> entries;
    for (const auto& name : *names) {
      struct stat info {};
      if (::lstat((resolved->followed / name).c_str(), &info) != 0) continue;  // just removed
      entries.push_back(EntryInfo{resolved->spelled.child(name), type_of(info.st_mode),
                                  S_ISREG(info.st_mode) ? static_cast<uint64_t>(info.st_size) : 0});
    }
    return entries;
  }

  Result<std::string> read_original(const ImagePath& path, uint64_t max_bytes) override {
    auto resolved = resolve(path);
    if (!resolved) return std::move(resolved).error();
    if (!resolved->exists) {
      return Error(ErrorCode::path_not_in_image, path.to_string() + " does not exist", source(),
                   "run `kmsprep image info` to see what the image holds");
    }
    if (resolved->type == EntryType::directory) {
      return Error(ErrorCode::path_is_directory, path.to_string() + " is a directory", source());
    }
    if (resolved->type != EntryType::file) {
      return Error(ErrorCode::file_unreadable,
                   path.to_string() + " is not a regular file (a dangling link or a device)",
                   source());
    }
    auto bytes = read_file(resolved->followed, max_bytes);
    if (!bytes) return std::move(bytes).error();
    return bytes;
  }

  Status read_original_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes) override {
    auto resolved = resolve(path);
    if (!resolved) return std::move(resolved).error();
    if (!resolved->exists || resolved->type != EntryType::file) {
      return read_original(path, max_bytes).error();  // the same refusals as a whole read
    }
    return copy_file_to_sink(resolved->followed, sink, max_bytes);
  }

  Status commit_changes(const std::vector<StagedChange>& changes,
                        const std::map<std::string, std::string>& properties) override;

 private:
  static EntryType type_of(mode_t mode) {
    if (S_ISREG(mode)) return EntryType::file;
    if (S_ISDIR(mode)) return EntryType::directory;
    if (S_ISLNK(mode)) return EntryType::symlink;
    return EntryType::other;
  }

  bool inside_root(const fs::path& path) const {
    const std::string text = path.string();
    const std::string root = root_.string();
    if (root == "/") return true;
    return text == root || (text.size() > root.size() && text.compare(0, root.size(), root) == 0 &&
                            text[root.size()] == '/');
  }

  // The target of the link at `link` when it stays inside the root; nullopt for a dangling
  // link that would stay inside; image_symlink_escape for one that leaves.
  Result<std::optional<fs::path>> follow_link(const fs::path& link,
                                              const ImagePath& spelled) const {
    std::error_code error;
    const fs::path target = fs::read_symlink(link, error);
    fs::path resolved = fs::canonical(link, error);
    bool dangling = false;
    if (error) {
      dangling = true;
      resolved = (target.is_absolute() ? target : link.parent_path() / target).lexically_normal();
    }
    if (!inside_root(resolved)) {
      return Error(ErrorCode::image_symlink_escape,
                   spelled.to_string() + " is a symbolic link to \"" + target.string() +
                       "\", which resolves outside the image",
                   source(),
                   "kmsprep never follows links out of an image; replace the link with a copy "
                   "of what it points to, or pass the directory it points into");
    }
    if (dangling) return std::optional<fs::path>();
    return std::optional<fs::path>(resolved);
  }

  // The name of `wanted` inside `directory` as spelled on disk: the exact name when it exists,
  // else the first (in byte order) that matches without regard to letter case.
  Result<std::optional<std::string>> find_name(const fs::path& directory,
                                               const std::string& wanted) const {
    struct stat info {};
    if (::lstat((directory / wanted).c_str(), &info) == 0) {
      return std::optional<std::string>(wanted);
    }
    if (errno != ENOENT) return Error::io("cannot examine", (directory / wanted).string(), errno);
    auto names = directory_names(directory);
    if (!names) return std::move(names).error();
    for (const auto& name : *names) {
      if (equals_ignoring_case(name, wanted)) return std::optional<std::string>(name);
    }
    return std::optional<std::string>();
  }

  Result<Resolved> resolve(const ImagePath& path) const {
    Resolved result;
    fs::path current = root_;
    const auto& components = path.components();
    const auto stop_missing = [&](size_t found, bool blocked) {
      result.exists = false;
      result.deepest_directory = current;
      result.found_components = found;
      result.blocked_by_file = blocked;
      for (size_t i = found; i < components.size(); ++i) {
        result.spelled = result.spelled.child(components[i]);
      }
      return result;
    };
    if (components.empty()) {
      result.exists = true;
      result.disk = result.followed = root_;
      result.type = EntryType::directory;
      return result;
    }
    for (size_t i = 0; i < components.size(); ++i) {
      const bool last = i + 1 == components.size();
      auto name = find_name(current, components[i]);
      if (!name) return std::move(name).error();
      if (!*name) return stop_missing(i, false);
      const fs::path entry = current / **name;
      const ImagePath spelled = result.spelled.child(**name);
      struct stat info {};
      if (::lstat(entry.c_str(), &info) != 0) {
        return Error::io("cannot examine", entry.string(), errno);
      }
      fs::path followed = entry;
      if (S_ISLNK(info.st_mode)) {
        auto target = follow_link(entry, spelled);
        if (!target) return std::move(target).error();
        if (!*target) {
          if (!last) return stop_missing(i, true);
          result.exists = true;
          result.spelled = spelled;
          result.disk = result.followed = entry;
          result.type = EntryType::symlink;
          return result;
        }
        followed = **target;
        if (::stat(followed.c_str(), &info) != 0) {
          return Error::io("cannot examine", followed.string(), errno);
        }
      }
      result.spelled = spelled;
      if (last) {
        result.exists = true;
        result.disk = entry;
        result.followed = followed;
        result.type = type_of(info.st_mode);
        result.size = S_ISREG(info.st_mode) ? static_cast<uint64_t>(info.st_size) : 0;
        result.mode = info.st_mode & 07777;
        result.uid = info.st_uid;
        result.gid = info.st_gid;
        return result;
      }
      if (!S_ISDIR(info.st_mode)) {
        result.spelled = result.spelled.parent();
        return stop_missing(i, true);
      }
      current = followed;
    }
    return result;  // not reached: the loop returns at the last component
  }

  fs::path root_;  // canonical: no links, no `..`
};

struct PlannedChange {
  ImagePath path;
  fs::path target;
  std::optional<AtomicReplacement> replacement;  // nullopt: remove target
};

Status DirectoryImage::commit_changes(const std::vector<StagedChange>& changes,
                                      const std::map<std::string, std::string>& properties) {
  if (!properties.empty()) {
    return Error(ErrorCode::image_property_unsupported, "directories carry no image properties",
                 source());
  }
  std::vector<StagedChange> sorted = changes;
  std::sort(sorted.begin(), sorted.end(), [](const StagedChange& a, const StagedChange& b) {
    return a.path.to_string() < b.path.to_string();
  });

  std::vector<PlannedChange> planned;
  std::vector<fs::path> created_directories;
  std::set<fs::path> touched_directories;
  // Unpublished replacements remove their temporary files themselves.
  const auto undo_staging = [&] {
    planned.clear();
    for (auto it = created_directories.rbegin(); it != created_directories.rend(); ++it) {
      ::rmdir(it->c_str());
    }
  };

  // 1. Stage: create missing parent directories, write and fsync every new file beside its
  //    target. Nothing visible has changed yet apart from new, empty directories.
  for (const auto& change : sorted) {
    auto resolved = resolve(change.path);
    if (!resolved) {
      undo_staging();
      return std::move(resolved).error();
    }
    if (!change.content) {
      if (resolved->exists) {
        planned.push_back(PlannedChange{resolved->spelled, resolved->disk, std::nullopt});
      }
      continue;
    }
    fs::path target;
    mode_t mode = 0644;
    if (resolved->exists) {
      if (resolved->type != EntryType::file) {
        undo_staging();
        return Error(resolved->type == EntryType::directory ? ErrorCode::path_is_directory
                                                            : ErrorCode::file_unreadable,
                     change.path.to_string() + " exists and is not a regular file", source());
      }
      target = resolved->followed;
      mode = resolved->mode;
    } else {
      if (resolved->blocked_by_file) {
        undo_staging();
        return Error(ErrorCode::path_not_in_image,
                     "a parent of " + change.path.to_string() + " is a file, not a directory",
                     source(), "choose a path whose parents are directories");
      }
      fs::path directory = resolved->deepest_directory;
      const auto& components = resolved->spelled.components();
      for (size_t i = resolved->found_components; i + 1 < components.size(); ++i) {
        directory /= components[i];
        if (::mkdir(directory.c_str(), 0755) != 0) {
          const int error = errno;
          undo_staging();
          return Error::io("cannot create the directory", directory.string(), error);
        }
        created_directories.push_back(directory);
        touched_directories.insert(directory.parent_path());
      }
      target = directory / components.back();
    }
    auto replacement = AtomicReplacement::begin(target);
    Status staged =
        replacement ? replacement->write(*change.content) : Status(std::move(replacement).error());
    if (staged) {
      staged = replacement->finish(
          mode,
          resolved->exists ? std::optional(std::pair(resolved->uid, resolved->gid)) : std::nullopt);
    }
    if (!staged) {
      undo_staging();
      return staged;
    }
    planned.push_back(PlannedChange{resolved->spelled, target, std::move(*replacement)});
  }

  // 2. Publish in sorted path order: each rename or unlink is atomic, so a crash leaves every
  //    file either old or new, never partly written; running the same step again finishes it.
  for (size_t i = 0; i < planned.size(); ++i) {
    PlannedChange& change = planned[i];
    if (change.replacement) {
      // On failure the remaining replacements remove their temporary files as they go.
      if (auto published = change.replacement->publish(); !published) return published;
    } else if (::unlink(change.target.c_str()) != 0 && errno != ENOENT) {
      return Error::io("cannot remove the file", change.target.string(), errno);
    }
    touched_directories.insert(change.target.parent_path());
  }

  // 3. Make the renames themselves durable.
  for (const auto& directory : touched_directories) {
    if (auto synced = fsync_directory(directory); !synced) return synced;
  }
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Image>> open_directory_image(const std::string& path, const OpenOptions&) {
  std::error_code error;
  fs::path root = fs::canonical(path, error);
  if (error) {
    return Error(ErrorCode::file_not_found, "the image directory does not exist", path,
                 "check the path");
  }
  if (!fs::is_directory(root, error)) {
    return Error(ErrorCode::image_format_unknown, "not a directory", path);
  }
  return std::unique_ptr<Image>(std::make_unique<DirectoryImage>(path, std::move(root)));
}

}  // namespace kmsprep
