// Test support: real REGF hives for tests. empty_hive() writes the smallest valid hive from the
// documented format (base block with its checksum, one hbin holding the root key and its
// security cell); HiveBuilder fills one through hivex's own API (hivex_node_add_child,
// hivex_node_set_value, hivex_commit), independent of registry/. Failures throw.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

struct hive_h;

namespace kmsprep::test {

// The bytes of an empty hive whose root key is called `root_name` (Windows names the root of
// an offline hive after the file it was created for, e.g. "CMI-CreateHive{...}"; "ROOT" is
// what most tools show).
std::string empty_hive(const std::string& root_name = "ROOT");

// REG_* numbers, so tests can write any type (including wrong ones on purpose).
enum class HiveValueType : uint32_t {
  sz = 1,
  expand_sz = 2,
  binary = 3,
  dword = 4,
  multi_sz = 7,
  qword = 11,
};

class HiveBuilder {
 public:
  explicit HiveBuilder(const std::string& root_name = "ROOT");
  // Continues from existing hive bytes (to add to a hive another builder made).
  static HiveBuilder from_bytes(const std::string& bytes);
  ~HiveBuilder();
  HiveBuilder(const HiveBuilder&) = delete;
  HiveBuilder& operator=(const HiveBuilder&) = delete;
  HiveBuilder(HiveBuilder&& other) noexcept;

  // Key paths are backslash-separated from the root; missing keys are created.
  HiveBuilder& add_key(const std::string& key_path);
  HiveBuilder& set_string(const std::string& key_path, const std::string& name,
                          const std::string& utf8);  // REG_SZ with its terminating NUL
  HiveBuilder& set_dword(const std::string& key_path, const std::string& name, uint32_t value);
  HiveBuilder& set_binary(const std::string& key_path, const std::string& name,
                          const std::string& bytes);
  HiveBuilder& set_multi_string(const std::string& key_path, const std::string& name,
                                const std::vector<std::string>& strings);
  // Any type with any data, exactly as given.
  HiveBuilder& set_raw(const std::string& key_path, const std::string& name, HiveValueType type,
                       const std::string& data);

  // Commits through hivex and returns the hive file's bytes.
  std::string bytes();
  void write_to(const std::filesystem::path& path);

 private:
  HiveBuilder(hive_h* hive, std::filesystem::path file);
  size_t node_for(const std::string& key_path);

  hive_h* hive_ = nullptr;
  std::filesystem::path file_;  // hivex works on files: a private temporary copy
};

// UTF-8 to UTF-16LE (no terminator), for building REG_SZ data by hand.
std::string utf16le(const std::string& utf8);

}  // namespace kmsprep::test
