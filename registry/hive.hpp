// Hive: one REGF registry hive (Windows/System32/config/SOFTWARE, SYSTEM, ...) opened from its
// bytes through hivex, with hivex's own safety checks on. Read-only opens map the file (no copy
// of a large hive); a writable open edits a private in-memory copy, and serialize() returns the
// new bytes (serialize_to_file() the new file) for the caller (servicing/) to commit through the
// image. The only place in kmsprep that calls hivex.
//
// Key paths are backslash-separated, relative to the hive's root ("" is the root), and
// matched case-insensitively like Windows: "Microsoft\Windows NT\CurrentVersion".
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/memory_file.hpp"
#include "core/result.hpp"
#include "registry/registry_value.hpp"

namespace kmsprep {

// What kmsprep reads of one value at most; larger values are refused with
// registry_value_too_large (a real SOFTWARE hive has none this large among the values read).
constexpr size_t kMaxRegistryStringBytes = 64 * 1024;    // REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ
constexpr size_t kMaxRegistryBinaryBytes = 1024 * 1024;  // every other type

class Hive {
 public:
  // `bytes`: the whole hive file. `display_name`: where it came from, for messages
  // ("Windows/System32/config/SOFTWARE"); its last path component ("SOFTWARE") roots the
  // source strings of values. Empty, truncated, non-REGF or corrupt bytes give
  // registry_hive_invalid (bad input, exit 3).
  static Result<Hive> open(std::string bytes, std::string display_name, bool writable);
  // The same from a file (Image::read_as_file), which the hive keeps: read-only, hivex maps it.
  static Result<Hive> open_file(MemoryFile file, std::string display_name, bool writable);

  Hive(Hive&& other) noexcept;
  Hive& operator=(Hive&& other) noexcept;
  Hive(const Hive&) = delete;
  Hive& operator=(const Hive&) = delete;
  ~Hive();

  const std::string& display_name() const { return display_name_; }
  // "SOFTWARE" for "Windows/System32/config/SOFTWARE".
  const std::string& root_name() const { return root_name_; }
  bool writable() const { return writable_; }

  // The value `name` of key `key_path`; nullopt when the key or the value does not exist.
  // An empty `name` is the key's default value.
  Result<std::optional<RegistryValue>> value(std::string_view key_path,
                                             std::string_view name) const;
  Result<bool> key_exists(std::string_view key_path) const;
  // Names of the subkeys / values of `key_path` as stored; empty when the key does not exist.
  Result<std::vector<std::string>> subkeys(std::string_view key_path) const;
  Result<std::vector<std::string>> value_names(std::string_view key_path) const;

  // Writes (writable opens only; otherwise internal error). Missing keys on the way are
  // created. Setting a value to the type and data it already has changes nothing. A hive
  // whose hive bins hivex cannot extend safely (registry/hive_bin_layout.hpp) reads fine but
  // refuses every write that would change it (registry_hive_unwritable), before touching it.
  Status set_string(std::string_view key_path, std::string_view name, const std::string& utf8);
  Status set_dword(std::string_view key_path, std::string_view name, uint32_t value);
  // Deleting a value that does not exist changes nothing.
  Status delete_value(std::string_view key_path, std::string_view name);

  // True once a write changed something.
  bool modified() const { return modified_; }
  // The hive's bytes: the original bytes, untouched, when nothing was modified; otherwise what
  // hivex commits (written into a private memory file and read back), once hivex has opened
  // that commit again: a commit hivex cannot open is registry_commit_unreadable.
  Result<std::string> serialize() const;
  // The same bytes in a new private memory file, for Image::write_file (no copy in memory).
  Result<MemoryFile> serialize_to_file() const;

  // "SOFTWARE\<key_path>\<name>" for reports and messages.
  std::string source_of(std::string_view key_path, std::string_view name) const;

 private:
  struct Handle;
  Hive(std::unique_ptr<Handle> handle, MemoryFile original, std::string display_name,
       bool writable);
  // Refuses a write into a hive that hivex would break (unwritable_reason_ set).
  Status require_safe_to_write(const std::string& location) const;

  std::unique_ptr<Handle> handle_;
  MemoryFile original_;  // the bytes opened, untouched
  std::string display_name_;
  std::string root_name_;
  bool writable_ = false;
  bool modified_ = false;
  std::string unwritable_reason_;  // writable opens: why hivex cannot extend it; empty if it can
};

}  // namespace kmsprep
