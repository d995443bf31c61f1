// Test support: a small text format for describing a hive, read by kmsprep_make_hive (for
// bench scripts and sample generators, which have no Python) and usable from tests.
//
// One line per key or value; `#` starts a comment line; blank lines are ignored:
//   Microsoft\Windows NT\CurrentVersion                    a key (and its parents)
//   <key>|<name>|sz|<text>                                 REG_SZ (UTF-8 text, NUL added)
//   <key>|<name>|expand-sz|<text>                          REG_EXPAND_SZ
//   <key>|<name>|multi-sz|<text>|<text>...                 REG_MULTI_SZ
//   <key>|<name>|dword|<number>                            REG_DWORD, decimal or 0x hex
//   <key>|<name>|qword|<number>                            REG_QWORD
//   <key>|<name>|binary-hex|<hex digits, spaces allowed>   REG_BINARY
//   <key>|<name>|binary-zeros|<size in bytes>              REG_BINARY of zero bytes
//   <key>|<name>|product-key|<XXXXX-XXXXX-...>             DigitalProductId holding the key
// An empty <name> is the key's default value. For large hives give each large value its own
// key: hivex rewrites all values of a key whenever one is set (docs/registry.md, Test tooling).
#pragma once

#include <string_view>

#include "tests/support/hive_builder.hpp"

namespace kmsprep::test {

// Adds every line of `spec` to `hive`; throws std::runtime_error naming the line on errors.
void apply_hive_spec(std::string_view spec, HiveBuilder& hive);

}  // namespace kmsprep::test
