// The directory backend. Every lookup walks the tree one component at a time from a descriptor
// of the root opened once, opening each directory relative to the one before without following
// a link (core/directory_handle.hpp: openat(O_NOFOLLOW) on Linux, NtCreateFile relative to the
// parent's handle on Windows), matching names without regard to letter case as Windows does
// (the exact spelling wins when both exist). A symbolic link on the way is resolved by kmsprep
// itself, by name, against the components walked so far: one that resolves outside the root is
// an error, never followed. A link as the last component is reported as a link, never followed.
// Writes happen relative to the descriptors the walk opened, so a component swapped for a link
// after the walk cannot redirect them, and a commit holds an exclusive lock on the root
// (lock_directory). Commit order and crash behaviour: docs/images.md.
#include "image/directory_image.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <thread>

#include "core/atomic_replacement.hpp"
#include "core/directory_handle.hpp"
#include "core/file_system.hpp"
#include "core/memory_file.hpp"
#include "core/text.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// Links followed in one lookup at most, as the kernel's own limit (ELOOP).
constexpr int kMaxLinksFollowed = 40;
// How long a commit waits for another commit of the same directory to finish.
constexpr int kDefaultLockWaitSeconds = 30;

// An open descriptor, closed with the last owner.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) close_file(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};
using SharedDescriptor = std::shared_ptr<const Descriptor>;

SharedDescriptor open_child_directory(int parent, const std::string& name) {
  const int fd = open_directory_at(parent, name);
  return fd < 0 ? nullptr : std::make_shared<const Descriptor>(fd);
}

// Where a path of the image is on disk, as far as it exists.
struct Resolved {
  bool exists = false;
  ImagePath spelled;                  // existing components as on disk, the rest as asked
  SharedDescriptor parent;            // the directory holding the entry (or the deepest found)
  std::vector<std::string> location;  // that directory's own path below the root, link-free
  std::string name;                   // the entry's name in `parent` (empty for the root)
  EntryType type = EntryType::other;
  uint64_t size = 0;
  unsigned mode = 0;
  uint32_t uid = 0;
  uint32_t gid = 0;
  // When absent: how many components of the path exist, and whether the walk stopped at a
  // file (or a dangling link) that would have to be a directory.
  size_t found_components = 0;
  bool blocked_by_file = false;
};

Result<std::vector<std::string>> directory_names(int directory, const std::string& where) {
  std::vector<std::string> names;
  if (const int error = list_directory(directory, names)) {
    return Error::io("cannot list the directory", where, error);
  }
  std::sort(names.begin(), names.end());
  return names;
}

EntryType type_of(FileKind kind) {
  switch (kind) {
    case FileKind::file:
      return EntryType::file;
    case FileKind::directory:
      return EntryType::directory;
    case FileKind::symlink:
      return EntryType::symlink;
    default:
      return EntryType::other;
  }
}

std::string joined(const std::vector<std::string>& components) {
  std::string text;
  for (const auto& component : components) text += (text.empty() ? "" : "/") + component;
  return text;
}

// $KMSPREP_LOCK_WAIT (seconds, 0: do not wait) or the default.
int lock_wait_seconds() {
  const char* text = std::getenv("KMSPREP_LOCK_WAIT");
  if (!text || !*text) return kDefaultLockWaitSeconds;
  const auto seconds = parse_integer<long long>(text, 0);
  if (!seconds) return kDefaultLockWaitSeconds;
  return static_cast<int>(std::min(*seconds, 86400LL));
}

// An exclusive lock on the root (lock_directory: flock on Linux) for the length of a commit;
// released on destruction.
class CommitLock {
 public:
  static Result<CommitLock> take(int root, const std::string& source, Logger* logger) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(lock_wait_seconds());
    bool told = false;
    int fd = -1;
    while (const int error = lock_directory(root, fd)) {
      if (error != EWOULDBLOCK) return Error::io("cannot lock the image directory", source, error);
      if (std::chrono::steady_clock::now() >= deadline) {
        return Error(ErrorCode::image_locked,
                     "another process (a kmsprep commit, or anything holding flock on the "
                     "directory) kept the image locked for " +
                         std::to_string(lock_wait_seconds()) + " s",
                     source,
                     "wait until the other commit ends and run again (KMSPREP_LOCK_WAIT sets how "
                     "many seconds to wait); nothing was written");
      }
      if (!told && logger) {
        logger->info("directory", "waiting for another commit of " + source + " to finish");
        told = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return CommitLock(fd);
  }
  CommitLock(CommitLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  CommitLock(const CommitLock&) = delete;
  CommitLock& operator=(const CommitLock&) = delete;
  ~CommitLock() {
    if (fd_ >= 0) close_file(fd_);  // closing releases the lock
  }

 private:
  explicit CommitLock(int fd) : fd_(fd) {}
  int fd_;
};

struct PlannedChange {
  ImagePath path;
  SharedDescriptor directory;
  std::vector<std::string> location;
  std::string name;
  std::optional<AtomicReplacement> replacement;  // nullopt: remove the entry
};

// What a commit has staged so far, and how to take it back: unpublished replacements remove
// their temporary files themselves (when `planned` is cleared); the directories the commit
// created are removed here, newest first.
struct CommitStaging {
  struct CreatedDirectory {
    SharedDescriptor parent;
    std::string name;
  };
  std::vector<PlannedChange> planned;
  std::vector<CreatedDirectory> created_directories;
  std::vector<SharedDescriptor> touched_directories;

  void undo() {
    planned.clear();
    for (auto it = created_directories.rbegin(); it != created_directories.rend(); ++it) {
      remove_directory_at(it->parent->get(), it->name);
    }
  }
};

class DirectoryImage final : public Image {
 public:
  DirectoryImage(std::string source, fs::path root, SharedDescriptor root_fd, Logger* logger)
      : Image(std::move(source)),
        root_(std::move(root)),
        root_fd_(std::move(root_fd)),
        logger_(logger) {}

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
    SharedDescriptor listed = resolved->name.empty()
                                  ? resolved->parent
                                  : open_child_directory(resolved->parent->get(), resolved->name);
    if (!listed) return Error::io("cannot open the directory", disk_path(*resolved), errno);
    auto names = directory_names(listed->get(), disk_path(*resolved));
    if (!names) return std::move(names).error();
    std::vector<EntryInfo> entries;
    for (const auto& name : *names) {
      FileStatus info;
      if (status_at(listed->get(), name, info) != 0) continue;  // just removed
      entries.push_back(EntryInfo{resolved->spelled.child(name), type_of(info.kind),
                                  info.kind == FileKind::file ? info.size : 0});
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
                   path.to_string() + " is not a regular file (a symbolic link or a device)",
                   source(), "kmsprep reads no link as the last part of a path; read its target");
    }
    const int fd = open_file_at(resolved->parent->get(), resolved->name, kOpenRead);
    if (fd < 0) return Error::io("cannot open", disk_path(*resolved), errno);
    const MemoryFile file = MemoryFile::adopt(fd, disk_path(*resolved));
    auto size = file.size();
    if (!size) return std::move(size).error();
    if (*size > max_bytes)
      return image_file_too_large(resolved->spelled, *size, max_bytes, source());
    return file.read_all();
  }

  Status read_original_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes) override {
    auto resolved = resolve(path);
    if (!resolved) return std::move(resolved).error();
    if (!resolved->exists || resolved->type != EntryType::file) {
      return read_original(path, max_bytes).error();  // the same refusals as a whole read
    }
    // Opened through the walk's descriptors, as read_original does: never by path.
    const int fd = open_file_at(resolved->parent->get(), resolved->name, kOpenRead);
    if (fd < 0) return Error::io("cannot open", disk_path(*resolved), errno);
    const MemoryFile file = MemoryFile::adopt(fd, disk_path(*resolved));
    return copy_descriptor_to_sink(file.fd(), disk_path(*resolved), sink, max_bytes);
  }

  Status commit_changes(const std::vector<StagedChange>& changes,
                        const std::map<std::string, std::string>& properties) override;

 private:
  // The steps of commit_changes.
  Status stage_change(const StagedChange& change, CommitStaging& staging) const;
  Status create_missing_parents(const Resolved& resolved, const ImagePath& path,
                                SharedDescriptor& directory, std::vector<std::string>& location,
                                CommitStaging& staging) const;
  Status publish(CommitStaging& staging) const;
  Status sync_touched_directories(const CommitStaging& staging) const;

  std::string disk_path(const std::vector<std::string>& location, const std::string& name) const {
    fs::path path = root_;
    for (const auto& component : location) path /= fs::u8path(component);
    if (!name.empty()) path /= fs::u8path(name);
    return path.u8string();
  }
  std::string disk_path(const Resolved& resolved) const {
    return disk_path(resolved.location, resolved.name);
  }

  Error escape(const ImagePath& spelled, const std::string& target) const {
    return Error(ErrorCode::image_symlink_escape,
                 spelled.to_string() + " is a symbolic link to \"" + target +
                     "\", which resolves outside the image",
                 source(),
                 "kmsprep never follows links out of an image; replace the link with a copy "
                 "of what it points to, or pass the directory it points into");
  }

  // The components (below the root, not yet link-free) the link `target` found in the
  // directory at `location` names; nullopt when it leaves the root.
  std::optional<std::vector<std::string>> link_destination(const std::vector<std::string>& location,
                                                           const std::string& target) const {
    std::vector<std::string> components;
    fs::path relative = fs::u8path(target);
    // Windows: "\dir" (the current drive's root) and "C:dir" (that drive's current directory)
    // depend on the process, not on the image. Linux has neither form.
    if (!relative.is_absolute() && (relative.has_root_name() || relative.has_root_directory())) {
      return std::nullopt;
    }
    if (relative.is_absolute()) {
      const fs::path inside = relative.lexically_normal().lexically_relative(root_);
      if (inside.empty() || *inside.begin() == "..") return std::nullopt;
      relative = inside;
    } else {
      components = location;
    }
    for (const auto& part : relative) {
      const std::string name = part.u8string();
      if (name.empty() || name == "." || name == "/") continue;
      if (name == "..") {
        if (components.empty()) return std::nullopt;
        components.pop_back();
      } else {
        components.push_back(name);
      }
    }
    return components;
  }

  // The name of `wanted` inside `directory` as spelled on disk: the exact name when it exists,
  // else the first (in byte order) that matches without regard to letter case.
  Result<std::optional<std::string>> find_name(int directory, const std::string& wanted,
                                               bool exact_only, const std::string& where) const {
    std::string spelled;
    const int error = spelling_at(directory, wanted, spelled);
    if (error == 0) return std::optional<std::string>(spelled);
    if (error != ENOENT && error != ENOTDIR) {
      return Error::io("cannot examine", where + "/" + wanted, error);
    }
    if (exact_only) return std::optional<std::string>();
    auto names = directory_names(directory, where);
    if (!names) return std::move(names).error();
    for (const auto& name : *names) {
      if (equals_ignoring_case(name, wanted)) return std::optional<std::string>(name);
    }
    return std::optional<std::string>();
  }

  // Walks `path` from the root descriptor. Components of the path itself match ignoring case;
  // those a link names match exactly, as the kernel would.
  // Long on purpose: one walk whose state (pending components, held directory, location, links
  // followed) every branch reads and updates.
  Result<Resolved> resolve(const ImagePath& path) const {
    struct Pending {
      std::string name;
      bool from_path;  // a component of `path` (else: of a link's target)
    };
    Resolved result;
    const auto& components = path.components();
    std::deque<Pending> pending;
    for (const auto& component : components) pending.push_back({component, true});
    SharedDescriptor directory = root_fd_;
    std::vector<std::string> location;
    size_t path_index = 0;  // components of `path` consumed
    int links = 0;
    // A component of a link's target that is missing or not a directory: the link the path
    // went through is where the path stops (nothing can be below it).
    const auto stop_at_link = [&]() {
      result.spelled = result.spelled.parent();
      --path_index;
    };
    const auto stop_missing = [&](bool blocked) {
      result.exists = false;
      result.parent = directory;
      result.location = location;
      result.found_components = path_index;
      result.blocked_by_file = blocked;
      for (size_t i = path_index; i < components.size(); ++i) {
        result.spelled = result.spelled.child(components[i]);
      }
      return result;
    };
    if (components.empty()) {
      result.exists = true;
      result.parent = root_fd_;
      result.type = EntryType::directory;
      return result;
    }
    while (!pending.empty()) {
      const Pending next = pending.front();
      pending.pop_front();
      const bool last = next.from_path && path_index + 1 == components.size();
      const std::string where = disk_path(location, "");
      auto name = find_name(directory->get(), next.name, !next.from_path, where);
      if (!name) return std::move(name).error();
      if (!*name) {
        if (next.from_path) return stop_missing(false);
        stop_at_link();  // a dangling link on the way
        return stop_missing(true);
      }
      FileStatus info;
      if (const int error = status_at(directory->get(), **name, info)) {
        return Error::io("cannot examine", disk_path(location, **name), error);
      }
      const ImagePath spelled = next.from_path ? result.spelled.child(**name) : result.spelled;
      if (info.kind == FileKind::symlink) {
        std::string target;
        if (const int error = read_link_at(directory->get(), **name, target)) {
          return Error::io("cannot read the link", disk_path(location, **name), error);
        }
        const ImagePath link_path = next.from_path ? spelled : result.spelled;
        auto destination = link_destination(location, target);
        if (!destination) return escape(link_path, target);
        if (last) {
          // Reported as what it is. Its target was checked: a link leading out is refused even
          // where it is never followed.
          result.exists = true;
          result.spelled = spelled;
          result.parent = directory;
          result.location = location;
          result.name = **name;
          result.type = EntryType::symlink;
          return result;
        }
        if (++links > kMaxLinksFollowed) {
          return Error(ErrorCode::image_symlink_escape,
                       link_path.to_string() + " leads through more than " +
                           std::to_string(kMaxLinksFollowed) + " symbolic links (a loop)",
                       source(), "replace the links with real directories");
        }
        if (next.from_path) {
          result.spelled = spelled;
          ++path_index;
        }
        // Continue from the root along the link's target, then the rest of the path.
        std::deque<Pending> rest;
        for (const auto& component : *destination) rest.push_back({component, false});
        pending.insert(pending.begin(), rest.begin(), rest.end());
        directory = root_fd_;
        location.clear();
        continue;
      }
      if (next.from_path) {
        result.spelled = spelled;
        ++path_index;
      }
      // The path's own last component (a link there returned above, so nothing is pending).
      if (next.from_path && path_index == components.size()) {
        result.exists = true;
        result.parent = directory;
        result.location = location;
        result.name = **name;
        result.type = type_of(info.kind);
        result.size = info.kind == FileKind::file ? info.size : 0;
        result.mode = info.mode;
        result.uid = info.owner;
        result.gid = info.group;
        return result;
      }
      if (info.kind != FileKind::directory) {
        if (next.from_path) {
          result.spelled = result.spelled.parent();
          --path_index;
        } else {
          stop_at_link();
        }
        return stop_missing(true);
      }
      SharedDescriptor child = open_child_directory(directory->get(), **name);
      if (!child) {
        if (errno == ELOOP || errno == ENOTDIR) {  // swapped for a link or a file just now
          return Error(ErrorCode::image_symlink_escape,
                       spelled.to_string() + " changed into a link or a file while being read",
                       source(), "do not change the tree while kmsprep works on it");
        }
        return Error::io("cannot open the directory", disk_path(location, **name), errno);
      }
      directory = std::move(child);
      location.push_back(**name);
    }
    return result;  // not reached: the loop returns at the last component
  }

  // Whether the directory open as `held` is still the one at `location` below the root: a
  // component swapped for a link (or moved) since the walk shows up here.
  Status still_in_place(const SharedDescriptor& held, const std::vector<std::string>& location,
                        const ImagePath& change) const {
    FileStatus expected;
    if (const int error = status_of(held->get(), expected)) {
      return Error::io("cannot examine", disk_path(location, ""), error);
    }
    SharedDescriptor directory = root_fd_;
    for (const auto& name : location) {
      SharedDescriptor child = open_child_directory(directory->get(), name);
      if (!child) {
        return Error(ErrorCode::image_symlink_escape,
                     "a directory on the way to " + change.to_string() + " (" + joined(location) +
                         ") was replaced by a symbolic link or removed "
                         "during the commit",
                     source(),
                     "nothing was published; do not change the tree while kmsprep commits, "
                     "and check where that link points");
      }
      directory = std::move(child);
    }
    FileStatus found;
    if (status_of(directory->get(), found) != 0 || found.device != expected.device ||
        found.identity != expected.identity) {
      return Error(ErrorCode::image_symlink_escape,
                   "the directory holding " + change.to_string() + " (" + joined(location) +
                       ") was moved or swapped during the commit",
                   source(), "nothing was published; do not change the tree while kmsprep commits");
    }
    return ok_status();
  }

  fs::path root_;             // canonical: no links, no `..`; for messages and link targets
  SharedDescriptor root_fd_;  // every lookup starts here
  Logger* logger_;
};

Status DirectoryImage::commit_changes(const std::vector<StagedChange>& changes,
                                      const std::map<std::string, std::string>& properties) {
  if (!properties.empty()) {
    return Error(ErrorCode::image_property_unsupported, "directories carry no image properties",
                 source());
  }
  auto lock = CommitLock::take(root_fd_->get(), source(), logger_);
  if (!lock) return std::move(lock).error();

  std::vector<StagedChange> sorted = changes;
  std::sort(sorted.begin(), sorted.end(), [](const StagedChange& a, const StagedChange& b) {
    return a.path.to_string() < b.path.to_string();
  });

  // 1. Stage: create missing parent directories, write and fsync every new file beside its
  //    target. Nothing visible has changed yet apart from new, empty directories.
  CommitStaging staging;
  for (const auto& change : sorted) {
    if (auto staged = stage_change(change, staging); !staged) {
      staging.undo();
      return staged;
    }
  }

  // 2. Before anything is published: every directory written into must still be where the walk
  //    found it. Publishing goes through the held descriptors anyway, so nothing can land
  //    outside the root; this makes a swap an error instead of a write into a moved directory.
  for (const auto& change : staging.planned) {
    if (auto in_place = still_in_place(change.directory, change.location, change.path); !in_place) {
      staging.undo();
      return in_place;
    }
  }

  // 3. Publish in sorted path order; 4. make the renames themselves durable.
  if (auto published = publish(staging); !published) return published;
  return sync_touched_directories(staging);
}

Status DirectoryImage::stage_change(const StagedChange& change, CommitStaging& staging) const {
  auto resolved = resolve(change.path);
  if (!resolved) return std::move(resolved).error();
  if (!change.content) {
    if (resolved->exists) {
      staging.planned.push_back(PlannedChange{resolved->spelled, resolved->parent,
                                              resolved->location, resolved->name, std::nullopt});
    }
    return ok_status();
  }
  SharedDescriptor directory = resolved->parent;
  std::vector<std::string> location = resolved->location;
  std::string name;
  unsigned mode = 0644;
  if (resolved->exists) {
    if (resolved->type != EntryType::file) {
      return not_a_regular_file_for_write(change.path, resolved->type, source());
    }
    name = resolved->name;
    mode = resolved->mode;
  } else {
    if (auto created = create_missing_parents(*resolved, change.path, directory, location, staging);
        !created) {
      return created;
    }
    name = resolved->spelled.components().back();
  }
  auto replacement = AtomicReplacement::begin_at(directory->get(), name, disk_path(location, name));
  Status staged =
      replacement ? replacement->write(*change.content) : Status(std::move(replacement).error());
  if (staged) {
    staged = replacement->finish(mode, resolved->exists
                                           ? std::optional(std::pair(resolved->uid, resolved->gid))
                                           : std::nullopt);
  }
  if (!staged) return staged;
  staging.planned.push_back(
      PlannedChange{resolved->spelled, directory, location, name, std::move(*replacement)});
  return ok_status();
}

// The parents of a new file that do not exist yet, created one below the other; `directory` and
// `location` end at the file's own directory.
Status DirectoryImage::create_missing_parents(const Resolved& resolved, const ImagePath& path,
                                              SharedDescriptor& directory,
                                              std::vector<std::string>& location,
                                              CommitStaging& staging) const {
  if (resolved.blocked_by_file) {
    return Error(ErrorCode::path_not_in_image,
                 "a parent of " + path.to_string() + " is a file, not a directory", source(),
                 "choose a path whose parents are directories");
  }
  const auto& components = resolved.spelled.components();
  for (size_t i = resolved.found_components; i + 1 < components.size(); ++i) {
    if (const int error = create_directory_at(directory->get(), components[i], 0755)) {
      return Error::io("cannot create the directory", disk_path(location, components[i]), error);
    }
    staging.created_directories.push_back({directory, components[i]});
    staging.touched_directories.push_back(directory);
    SharedDescriptor child = open_child_directory(directory->get(), components[i]);
    if (!child) {
      const int error = errno;
      return Error::io("cannot open the new directory", disk_path(location, components[i]), error);
    }
    directory = std::move(child);
    location.push_back(components[i]);
  }
  return ok_status();
}

// Each rename or unlink is atomic, so a crash leaves every file either old or new, never partly
// written; running the same step again finishes it.
Status DirectoryImage::publish(CommitStaging& staging) const {
  for (PlannedChange& change : staging.planned) {
    if (change.replacement) {
      // On failure the remaining replacements remove their temporary files as they go.
      if (auto published = change.replacement->publish(); !published) return published;
    } else if (const int error = remove_file_at(change.directory->get(), change.name);
               error != 0 && error != ENOENT) {
      return Error::io("cannot remove the file", disk_path(change.location, change.name), error);
    }
    staging.touched_directories.push_back(change.directory);
  }
  return ok_status();
}

Status DirectoryImage::sync_touched_directories(const CommitStaging& staging) const {
  std::vector<std::pair<uint64_t, uint64_t>> synced;
  for (const auto& directory : staging.touched_directories) {
    FileStatus info;
    if (status_of(directory->get(), info) == 0) {
      const auto identity = std::pair(info.device, info.identity);
      if (std::find(synced.begin(), synced.end(), identity) != synced.end()) continue;
      synced.push_back(identity);
    }
    if (const int error = flush_directory(directory->get())) {
      return Error::io("cannot flush a directory of", source(), error);
    }
  }
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Image>> open_directory_image(const std::string& path,
                                                    const OpenOptions& options) {
  std::error_code error;
  fs::path root = fs::canonical(fs::u8path(path), error);
  if (error) {
    return Error(ErrorCode::file_not_found, "the image directory does not exist", path,
                 "check the path");
  }
  const int fd = open_directory(root);
  if (fd < 0) {
    if (errno == ENOTDIR) return Error(ErrorCode::image_format_unknown, "not a directory", path);
    return Error::io("cannot open the image directory", path, errno);
  }
  return std::unique_ptr<Image>(std::make_unique<DirectoryImage>(
      path, std::move(root), std::make_shared<const Descriptor>(fd), options.logger));
}

}  // namespace kmsprep
