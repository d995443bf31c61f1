#include "image/image.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"

namespace kmsprep {

namespace {

std::string staging_key(const ImagePath& path) { return to_lower_ascii(path.to_string()); }

}  // namespace

Result<uint64_t> Image::staged_size(const StagedChange& change) {
  if (change.file) return change.file->size();
  return static_cast<uint64_t>(change.content ? change.content->size() : 0);
}

Result<std::string> Image::staged_bytes(const StagedChange& change) {
  if (change.file) return change.file->read_all();
  return *change.content;
}

Status Image::require_write() const {
  const Capabilities caps = capabilities();
  if (caps.write) return ok_status();
  return Error(ErrorCode::image_write_unsupported, format_name() + " images are read-only", source_,
               caps.write_refusal);
}

std::map<std::string, Image::StagedChange>::iterator Image::find_staged(const ImagePath& path) {
  return staged_.find(staging_key(path));
}

Result<std::optional<EntryInfo>> Image::stat(const ImagePath& path) {
  auto staged = find_staged(path);
  if (staged != staged_.end()) {
    if (staged->second.removes()) return std::optional<EntryInfo>();
    auto size = staged_size(staged->second);
    if (!size) return std::move(size).error();
    return std::optional<EntryInfo>(EntryInfo{staged->second.path, EntryType::file, *size});
  }
  // A staged file implies its parent directories exist.
  for (const auto& [key, change] : staged_) {
    if (!change.removes() && change.path.is_below(path)) {
      auto original = stat_original(path);
      if (!original) return original;
      if (*original) return original;
      return std::optional<EntryInfo>(EntryInfo{path, EntryType::directory, 0});
    }
  }
  return stat_original(path);
}

Result<std::vector<EntryInfo>> Image::list(const ImagePath& directory) {
  std::vector<EntryInfo> entries;
  auto original_entry = stat_original(directory);
  if (!original_entry) return std::move(original_entry).error();
  if (*original_entry) {
    if ((*original_entry)->type != EntryType::directory) {
      return Error(ErrorCode::path_not_in_image, directory.to_string() + " is not a directory",
                   source_);
    }
    auto listed = list_original(directory);
    if (!listed) return listed;
    entries = std::move(*listed);
  }
  std::set<std::string> seen;
  for (const auto& entry : entries) seen.insert(to_lower_ascii(entry.path.filename()));
  bool any_staged_below = false;
  for (const auto& [key, change] : staged_) {
    if (!change.path.is_below(directory)) continue;
    const bool writes = !change.removes();
    any_staged_below = any_staged_below || writes;
    uint64_t size = 0;
    if (writes) {
      auto staged = staged_size(change);
      if (!staged) return std::move(staged).error();
      size = *staged;
    }
    const size_t depth = directory.components().size();
    const std::string name = change.path.components()[depth];
    const bool is_direct_child = change.path.components().size() == depth + 1;
    if (is_direct_child && !writes) {
      entries.erase(std::remove_if(entries.begin(), entries.end(),
                                   [&](const EntryInfo& e) {
                                     return equals_ignoring_case(e.path.filename(), name);
                                   }),
                    entries.end());
      continue;
    }
    if (!writes || !seen.insert(to_lower_ascii(name)).second) {
      if (is_direct_child && writes) {
        for (auto& entry : entries) {
          if (equals_ignoring_case(entry.path.filename(), name)) entry.size = size;
        }
      }
      continue;
    }
    entries.push_back(EntryInfo{directory.child(name),
                                is_direct_child ? EntryType::file : EntryType::directory,
                                is_direct_child ? size : 0});
  }
  if (!*original_entry && !any_staged_below) {
    return Error(ErrorCode::path_not_in_image, directory.to_string() + " does not exist", source_,
                 "run `kmsprep image info` to see what the image holds");
  }
  return entries;
}

Result<std::string> Image::read(const ImagePath& path, uint64_t max_bytes) {
  auto staged = find_staged(path);
  if (staged != staged_.end()) {
    if (staged->second.removes()) {
      return Error(ErrorCode::path_not_in_image, path.to_string() + " was removed", source_);
    }
    return staged_bytes(staged->second);
  }
  auto entry = stat_original(path);
  if (!entry) return std::move(entry).error();
  if (*entry && (*entry)->size > max_bytes) {
    return image_file_too_large((*entry)->path, (*entry)->size, max_bytes, source_);
  }
  return read_original(path, max_bytes);
}

Status Image::read_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes) {
  auto staged = find_staged(path);
  if (staged != staged_.end()) {
    if (staged->second.removes()) {
      return Error(ErrorCode::path_not_in_image, path.to_string() + " was removed", source_);
    }
    auto bytes = staged_bytes(staged->second);
    if (!bytes) return std::move(bytes).error();
    return sink.write(bytes->data(), bytes->size());
  }
  auto entry = stat_original(path);
  if (!entry) return std::move(entry).error();
  if (*entry && (*entry)->size > max_bytes) {
    return image_file_too_large((*entry)->path, (*entry)->size, max_bytes, source_);
  }
  return read_original_to(path, sink, max_bytes);
}

Status Image::read_original_to(const ImagePath& path, ByteSink& sink, uint64_t max_bytes) {
  auto bytes = read_original(path, max_bytes);
  if (!bytes) return std::move(bytes).error();
  return sink.write(bytes->data(), bytes->size());
}

Result<MemoryFile> Image::read_as_file(const ImagePath& path, uint64_t max_bytes) {
  auto staged = find_staged(path);
  if (staged != staged_.end()) {
    auto bytes = read(path, max_bytes);
    if (!bytes) return std::move(bytes).error();
    return MemoryFile::with_bytes(*bytes, source_ + ": " + path.to_string());
  }
  auto entry = stat_original(path);
  if (!entry) return std::move(entry).error();
  if (*entry && (*entry)->size > max_bytes) {
    return image_file_too_large((*entry)->path, (*entry)->size, max_bytes, source_);
  }
  return read_original_as_file(path, max_bytes);
}

Result<MemoryFile> Image::read_original_as_file(const ImagePath& path, uint64_t max_bytes) {
  auto bytes = read_original(path, max_bytes);
  if (!bytes) return std::move(bytes).error();
  return MemoryFile::with_bytes(*bytes, source_ + ": " + path.to_string());
}

Error image_file_too_large(const ImagePath& path, uint64_t size, uint64_t max_bytes,
                           const std::string& source) {
  return Error(ErrorCode::file_too_large,
               path.to_string() + " is " + std::to_string(size) +
                   " bytes; the limit for this "
                   "file is " +
                   std::to_string(max_bytes) + " bytes (" +
                   std::to_string(max_bytes / (1024 * 1024)) + " MiB)",
               source,
               "the image announces a file far larger than Windows ever writes there; check "
               "that the image is not damaged or crafted");
}

Error not_a_regular_file_for_write(const ImagePath& path, EntryType type,
                                   const std::string& source) {
  if (type == EntryType::directory) {
    return Error(ErrorCode::path_is_directory, path.to_string() + " is a directory", source);
  }
  return Error(ErrorCode::file_unreadable,
               path.to_string() + " exists and is not a regular file" +
                   (type == EntryType::symlink
                        ? " (a symbolic link: kmsprep writes through no link as the last part of "
                          "a path; write its target instead)"
                        : ""),
               source);
}

Result<ImagePath> Image::spelling_for_write(const ImagePath& path) {
  if (auto writable = require_write(); !writable) return std::move(writable).error();
  auto original = stat_original(path);
  if (!original) return std::move(original).error();
  if (!*original) return path;
  if ((*original)->type == EntryType::directory) {
    return Error(ErrorCode::path_is_directory, path.to_string() + " is a directory", source_);
  }
  return (*original)->path;
}

Status Image::write(const ImagePath& path, std::string bytes) {
  auto spelled = spelling_for_write(path);
  if (!spelled) return std::move(spelled).error();
  staged_[staging_key(path)] = StagedChange{std::move(*spelled), std::move(bytes), nullptr};
  return ok_status();
}

Status Image::write_file(const ImagePath& path, MemoryFile file) {
  auto spelled = spelling_for_write(path);
  if (!spelled) return std::move(spelled).error();
  staged_[staging_key(path)] = StagedChange{std::move(*spelled), std::nullopt,
                                            std::make_shared<const MemoryFile>(std::move(file))};
  return ok_status();
}

Status Image::remove(const ImagePath& path) {
  if (auto writable = require_write(); !writable) return writable;
  auto original = stat_original(path);
  if (!original) return std::move(original).error();
  if (!*original) {
    staged_.erase(staging_key(path));
    return ok_status();
  }
  if ((*original)->type == EntryType::directory) {
    return Error(ErrorCode::path_is_directory,
                 path.to_string() + " is a directory; only files can be removed", source_);
  }
  staged_[staging_key(path)] = StagedChange{(*original)->path, std::nullopt, nullptr};
  return ok_status();
}

std::optional<bool> Image::original_equals(const EntryInfo&, const std::string&) {
  return std::nullopt;
}

Result<ImageProperties> Image::properties_original() { return ImageProperties{}; }

Result<ImageProperties> Image::properties() {
  auto original = properties_original();
  if (!original) return original;
  for (const auto& [name, value] : staged_properties_) original->values[name] = value;
  return original;
}

Status Image::set_property(const std::string& name, const std::string& value) {
  if (!capabilities().set_properties) {
    return Error(ErrorCode::image_property_unsupported,
                 format_name() + " images carry no " + name + " property", source_,
                 "set image properties on a WIM");
  }
  staged_properties_[name] = value;
  return ok_status();
}

// Long on purpose: drops edits that change no byte, then calls the backend once; both steps share
// the staged list.
Result<CommitResult> Image::commit() {
  CommitResult result;
  std::vector<StagedChange> changes;
  for (const auto& [key, change] : staged_) {
    auto original = stat_original(change.path);
    if (!original) return std::move(original).error();
    if (change.removes()) {
      if (*original) changes.push_back(change);
      continue;
    }
    // A WIM, tar or zip would replace a link with a file; refuse as a directory does.
    if (*original && (*original)->type != EntryType::file) {
      return not_a_regular_file_for_write(change.path, (*original)->type, source_);
    }
    StagedChange planned = change;
    if (planned.file && !takes_staged_files()) {
      auto bytes = planned.file->read_all();
      if (!bytes) return std::move(bytes).error();
      planned.content = std::move(*bytes);
      planned.file.reset();
    }
    auto size = staged_size(planned);
    if (!size) return std::move(size).error();
    if (*original && (*original)->size == *size) {
      std::string from_file;
      if (planned.file) {
        auto read = planned.file->read_all();
        if (!read) return std::move(read).error();
        from_file = std::move(*read);
      }
      const std::string& bytes = planned.file ? from_file : *planned.content;
      if (auto equal = original_equals(**original, bytes)) {
        if (!*equal) changes.push_back(std::move(planned));
        continue;
      }
      auto stored = read_original(change.path, UINT64_MAX);
      if (!stored) return std::move(stored).error();
      if (*stored == bytes) continue;  // identical: nothing to write
    }
    changes.push_back(std::move(planned));
  }
  std::map<std::string, std::string> properties;
  if (!staged_properties_.empty()) {
    auto original = properties_original();
    if (!original) return std::move(original).error();
    for (const auto& [name, value] : staged_properties_) {
      auto existing = original->values.find(name);
      if (existing == original->values.end() || existing->second != value) {
        properties[name] = value;
      }
    }
  }
  if (changes.empty() && properties.empty()) {
    staged_.clear();
    staged_properties_.clear();
    return result;
  }
  if (auto committed = commit_changes(changes, properties); !committed) {
    return std::move(committed).error();
  }
  for (const auto& change : changes) result.changed.push_back(change.path.to_string());
  result.wrote = true;
  staged_.clear();
  staged_properties_.clear();
  return result;
}

}  // namespace kmsprep
