#include "servicing/installation_product.hpp"

namespace kmsprep {

std::optional<OsFamily> family_from_installation(std::string_view current_version,
                                                 std::optional<int> build,
                                                 std::optional<int> major_version) {
  if (build) {
    if (auto family = os_family_from_build(*build)) return family;
  }
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
  if (build) {
    auto entry = find_gvlk_for_image(edition_id, *build);
    if (entry && (*entry)->family == family) return *entry;
    return nullptr;  // no published key for this EditionID at this build: never a neighbour's
  }
  // Without a build, only an EditionID that one product carries in the family is an answer;
  // Server 2016-2025 and the LTSB/LTSC releases share theirs, and picking one would be a guess.
  const auto entries = find_gvlk_by_edition(edition_id, family);
  return entries.size() == 1 ? entries.front() : nullptr;
}

}  // namespace kmsprep
