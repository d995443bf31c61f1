// Test support: reads hive files with tools outside kmsprep (hivexget and hivexml from
// libhivex-bin, reglookup from the reglookup package, whose libregfi shares no code with
// hivex), so tests never only confirm kmsprep with kmsprep. Failures throw.
#pragma once

#include <filesystem>
#include <string>

namespace kmsprep::test {

// `hivexget HIVE '\Key\Path' NAME`: strings as text, DWORDs in decimal; nullopt-like "" is
// not used: a missing value throws. `key_path` is backslash-separated from the root.
std::string hivexget_value(const std::filesystem::path& hive, const std::string& key_path,
                           const std::string& name);
// True when hivexget finds no such value (it exits non-zero and prints nothing).
bool hivexget_lacks_value(const std::filesystem::path& hive, const std::string& key_path,
                          const std::string& name);

// reglookup's view of one value: "<TYPE>,<DATA>" as it prints them (SZ text, DWORD 0x%08X,
// BINARY %XX escapes); "" when reglookup lists no such value.
std::string reglookup_value(const std::filesystem::path& hive, const std::string& key_path,
                            const std::string& name);

// hivexml parses the whole hive (every key and value) and exits 0.
bool hivexml_accepts(const std::filesystem::path& hive);

}  // namespace kmsprep::test
