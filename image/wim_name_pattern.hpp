// One component of a capture exclusion ("pagefile.sys", "*.tmp", "Temp[0-9]") matched against one
// component of a path, ignoring case as Windows does. Linux: fnmatch(3) with FNM_CASEFOLD
// (wim_name_pattern_posix.cpp); Windows has no fnmatch, so wim_name_pattern_windows.cpp matches
// the same syntax: `*`, `?`, bracket sets with ranges and `!` or `^`, `\` quoting. WIM capture
// only.
#pragma once

#include <string>

namespace kmsprep {

bool matches_name_pattern(const std::string& pattern, const std::string& name);

}  // namespace kmsprep
