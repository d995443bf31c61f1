// Which catalog product a real installation is, from what its SOFTWARE hive records
// (CurrentVersion, CurrentBuildNumber, EditionID), through the catalog's lookup by EditionID
// and build. Callers: servicing/installation_registry.
#pragma once

#include <optional>
#include <string_view>

#include "core/os_family.hpp"
#include "engine/gvlk_catalog.hpp"

namespace kmsprep {

// The build decides where it names a family (os_family_from_build); else 6.0 vista, 6.1 win7,
// 6.2 win8, 6.3 win81. Windows 10 and later still write "6.3" in CurrentVersion, so a build of
// 10000 or more (or CurrentMajorVersionNumber 10) is win10.
std::optional<OsFamily> family_from_installation(std::string_view current_version,
                                                 std::optional<int> build,
                                                 std::optional<int> major_version);

// The catalog entry of `edition_id` at `build` (find_gvlk_for_image); without a build, the one
// entry of that EditionID in `family`. nullptr when the catalog has none, does not know the
// build, or several releases share the EditionID and no build tells them apart.
const GvlkEntry* product_for_installation(std::string_view edition_id, OsFamily family,
                                          std::optional<int> build);

}  // namespace kmsprep
