// Which catalog product a real installation is, from what its SOFTWARE hive records
// (CurrentVersion, CurrentBuildNumber, EditionID). One small function so the catalog's own
// lookup by EditionID and build (engine/gvlk_catalog, planned) can replace it in one place.
// Callers: servicing/installation_registry.
#pragma once

#include <optional>
#include <string_view>

#include "core/os_family.hpp"
#include "engine/gvlk_catalog.hpp"

namespace kmsprep {

// 6.0 vista, 6.1 win7, 6.2 win8, 6.3 win81; Windows 10 and later still write "6.3" in
// CurrentVersion, so a build of 10000 or more (or CurrentMajorVersionNumber 10) is win10.
std::optional<OsFamily> family_from_installation(std::string_view current_version,
                                                 std::optional<int> build,
                                                 std::optional<int> major_version);

// The catalog entry of `edition_id` in `family`; where several releases share an EditionID
// (Server 2016-2025 ServerStandard, LTSB/LTSC EnterpriseS) the newest one released at or
// before `build`. nullptr when the catalog has no such edition.
const GvlkEntry* product_for_installation(std::string_view edition_id, OsFamily family,
                                          std::optional<int> build);

}  // namespace kmsprep
