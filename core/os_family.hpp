// OsFamily: the licensing generations KMS distinguishes (Vista/2008, 7/2008 R2, 8/2012,
// 8.1/2012 R2, 10/11/2016+), parsed from --os names and aliases and from WIM version metadata.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace kmsprep {

enum class OsFamily { vista, win7, win8, win81, win10 };

const char* to_string(OsFamily family);
// Accepts the family names and the aliases win11, server2008, server2008r2, server2012,
// server2012r2, server2016, server2019, server2022, server2025 (any letter case).
Result<OsFamily> parse_os_family(std::string_view text);
// From WIM metadata WINDOWS/VERSION/MAJOR and MINOR: 6.0 vista ... 10.0 win10.
std::optional<OsFamily> os_family_from_version(int major, int minor);
// From a build number (WIM WINDOWS/VERSION/BUILD, the registry's CurrentBuild): 6000-6003
// vista (Vista RTM-SP2, Server 2008), 7600-7601 win7, 9200 win8, 9600 win81, 10240 and later
// win10 (Windows 10/11, Server 2016 and later). Any other number (a beta, a typo) names none.
std::optional<OsFamily> os_family_from_build(int build);
// The MAJOR.MINOR that WIM metadata records for a family.
std::pair<int, int> version_of(OsFamily family);
// Every family, oldest first.
const std::vector<OsFamily>& all_os_families();

}  // namespace kmsprep
