// Where an installation's registry hives meet the image: find `Windows/System32/config/SOFTWARE`
// and `SYSTEM` in any backend (directory, WIM index, archive, read-only media), refuse what is
// not a plain file or is too big before reading it whole. New hive bytes go back through
// Image::write and the image's one atomic commit (servicing/configure). registry/ parses the
// bytes; it never sees the image.
// Callers: servicing/ (installation_registry, registry_configure).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "image/image.hpp"

namespace kmsprep {

enum class HiveName { software, system };
const char* hive_image_path(HiveName hive);  // "Windows/System32/config/SOFTWARE", ...

// A hive is read whole into a private memory file (which hivex maps or reads); the biggest
// SOFTWARE hives of long-lived servers stay well under this.
inline constexpr uint64_t kMaxHiveBytes = 512ull * 1024 * 1024;

struct HiveFile {
  std::string path;  // as the image spells it
  MemoryFile file;   // the whole hive, as stored (reads see staged edits), in a private file
};

// nullopt when the image has no such file. A symlink, a directory or a file over kMaxHiveBytes
// at that path is bad input (hive_not_a_file, hive_too_large) naming the image and the path.
Result<std::optional<HiveFile>> read_hive(Image& image, HiveName hive);

// The type of `entry` itself, never of what it links to: a directory image's stat follows a
// link that stays inside the tree, its listing does not. Setup's files must not be links.
Result<EntryType> own_entry_type(Image& image, const EntryInfo& entry);

// True when `file` starts with "regf", the signature of every hive Windows writes.
Result<bool> has_regf_signature(const MemoryFile& file);

}  // namespace kmsprep
