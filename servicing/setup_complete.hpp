// The kmsprep block in Windows/Setup/Scripts/SetupComplete.cmd: the same KMS client commands
// configure puts into the answer file, for deployments whose tools (MDT, ConfigMgr) write their
// own answer file and shadow ours. Only the marked block is ever rewritten. Callers:
// servicing/ (configure, inspect, validate), cli/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kmsprep {

inline constexpr const char* kSetupCompletePath = "Windows/Setup/Scripts/SetupComplete.cmd";
inline constexpr const char* kSetupCompleteBlockBegin =
    "REM BEGIN kmsprep configure: KMS client settings (kmsprep replaces this block)";
inline constexpr const char* kSetupCompleteBlockEnd = "REM END kmsprep configure";

struct SetupCompleteBlock {
  std::vector<std::string> commands;  // the lines between the markers, without line endings
  int first_line = 0;                 // 1-based line of the BEGIN marker
};

// The block, when the script has one (markers matched ignoring case and surrounding blanks).
std::optional<SetupCompleteBlock> find_kmsprep_block(std::string_view script);

// `script` with its block holding exactly `commands`: replaced where it is, or appended (after
// a line break when the script does not end with one). Lines use the script's line ending,
// CRLF for a new script. Every byte outside the block is kept.
std::string with_kmsprep_block(std::string_view script, const std::vector<std::string>& commands);

}  // namespace kmsprep
