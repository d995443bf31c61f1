// RegistryValue: one value read from a REGF hive (its type and raw bytes as stored), with typed
// accessors that refuse wrong types and sizes. Made by Hive; used by every reader in registry/
// and by servicing/ to show values ("before/after" tables, inspect output).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace kmsprep {

// The REG_* numbers Windows stores in the value record.
enum class RegistryType : uint32_t {
  none = 0,
  sz = 1,
  expand_sz = 2,
  binary = 3,
  dword = 4,
  dword_big_endian = 5,
  link = 6,
  multi_sz = 7,
  resource_list = 8,
  full_resource_descriptor = 9,
  resource_requirements_list = 10,
  qword = 11,
};

// "REG_SZ", "REG_DWORD", ...; "REG_TYPE_<n>" for numbers Windows does not define.
std::string to_string(RegistryType type);

class RegistryValue {
 public:
  // `source` names the value for messages and reports, rooted at the hive's name:
  // "SOFTWARE\Microsoft\Windows NT\CurrentVersion\EditionID".
  RegistryValue(std::string name, RegistryType type, std::string data, std::string source);

  const std::string& name() const { return name_; }
  RegistryType type() const { return type_; }
  const std::string& data() const { return data_; }  // the raw bytes as stored
  const std::string& source() const { return source_; }

  // REG_SZ / REG_EXPAND_SZ: UTF-16LE decoded to UTF-8, trailing NULs dropped (Windows writes
  // one; some tools write none or several). An odd length or unpaired surrogate is an error.
  Result<std::string> as_string() const;
  // REG_DWORD (4 bytes little-endian) or REG_DWORD_BIG_ENDIAN.
  Result<uint32_t> as_dword() const;
  // REG_MULTI_SZ: the NUL-separated UTF-16LE strings, the empty terminator dropped.
  Result<std::vector<std::string>> as_multi_string() const;

  // A short display form for tables and logs: strings as text, DWORDs in decimal, anything
  // else as "REG_BINARY, 164 bytes". Never the contents of a binary value (it may hold a key),
  // and product keys inside strings masked to their last five characters.
  std::string display() const;

 private:
  std::string name_;
  RegistryType type_;
  std::string data_;
  std::string source_;
};

// UTF-8 to the UTF-16LE bytes of a REG_SZ, with the terminating NUL Windows writes.
// Fails on invalid UTF-8.
Result<std::string> encode_registry_string(const std::string& utf8);

}  // namespace kmsprep
