#include "servicing/installation_product.hpp"

#include <string>
#include <utility>

namespace kmsprep {
namespace {

// The first build of the release a catalog product id names by year or version; ids without
// one (win10-enterprise) fit every build. Builds: Microsoft's release information pages.
int first_build_of(std::string_view product_id) {
  static constexpr std::pair<const char*, int> kReleases[] = {
      {"2015", 10240}, {"2016", 14393}, {"1709", 16299}, {"1803", 17134},
      {"1809", 17763}, {"2019", 17763}, {"2022", 20348}, {"2025", 26100},
  };
  for (const auto& [token, first_build] : kReleases) {
    if (product_id.find(token) != std::string_view::npos) return first_build;
  }
  return 0;
}

}  // namespace

std::optional<OsFamily> family_from_installation(std::string_view current_version,
                                                 std::optional<int> build,
                                                 std::optional<int> major_version) {
  if ((major_version && *major_version >= 10) || (build && *build >= 10000)) {
    return OsFamily::win10;
  }
  if (current_version == "6.0") return OsFamily::vista;
  if (current_version == "6.1") return OsFamily::win7;
  if (current_version == "6.2") return OsFamily::win8;
  if (current_version == "6.3") return OsFamily::win81;
  if (current_version == "10.0") return OsFamily::win10;
  return std::nullopt;
}

const GvlkEntry* product_for_installation(std::string_view edition_id, OsFamily family,
                                          std::optional<int> build) {
  const GvlkEntry* best = nullptr;
  int best_first_build = -1;
  for (const GvlkEntry* entry : find_gvlk_by_edition(edition_id, family)) {
    const int first_build = first_build_of(entry->product_id);
    if (build && first_build > *build) continue;  // released after this installation
    if (first_build > best_first_build) {
      best = entry;
      best_first_build = first_build;
    }
  }
  return best;
}

}  // namespace kmsprep
