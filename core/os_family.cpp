#include "core/os_family.hpp"

#include "core/text.hpp"

namespace kmsprep {
namespace {

struct FamilyName {
  const char* name;
  OsFamily family;
};

constexpr FamilyName kFamilyNames[] = {
    {"vista", OsFamily::vista},      {"win7", OsFamily::win7},
    {"win8", OsFamily::win8},        {"win81", OsFamily::win81},
    {"win10", OsFamily::win10},      {"win11", OsFamily::win10},
    {"server2008", OsFamily::vista}, {"server2008r2", OsFamily::win7},
    {"server2012", OsFamily::win8},  {"server2012r2", OsFamily::win81},
    {"server2016", OsFamily::win10}, {"server2019", OsFamily::win10},
    {"server2022", OsFamily::win10}, {"server2025", OsFamily::win10},
};

}  // namespace

const char* to_string(OsFamily family) {
  switch (family) {
    case OsFamily::vista:
      return "vista";
    case OsFamily::win7:
      return "win7";
    case OsFamily::win8:
      return "win8";
    case OsFamily::win81:
      return "win81";
    case OsFamily::win10:
      return "win10";
  }
  return "win10";
}

Result<OsFamily> parse_os_family(std::string_view text) {
  const std::string lower = to_lower_ascii(text);
  for (const auto& entry : kFamilyNames) {
    if (lower == entry.name) return entry.family;
  }
  std::string names;
  for (const auto& entry : kFamilyNames)
    names += std::string(names.empty() ? "" : ", ") + entry.name;
  return Error(ErrorCode::os_family_unknown, "\"" + std::string(text) + "\"", {},
               "use one of: " + names);
}

std::optional<OsFamily> os_family_from_version(int major, int minor) {
  if (major == 6 && minor == 0) return OsFamily::vista;
  if (major == 6 && minor == 1) return OsFamily::win7;
  if (major == 6 && minor == 2) return OsFamily::win8;
  if (major == 6 && minor == 3) return OsFamily::win81;
  if (major == 10) return OsFamily::win10;
  return std::nullopt;
}

std::optional<OsFamily> os_family_from_build(int build) {
  if (build >= 6000 && build <= 6003) return OsFamily::vista;
  if (build == 7600 || build == 7601) return OsFamily::win7;
  if (build == 9200) return OsFamily::win8;
  if (build == 9600) return OsFamily::win81;
  if (build >= 10240) return OsFamily::win10;
  return std::nullopt;
}

std::pair<int, int> version_of(OsFamily family) {
  switch (family) {
    case OsFamily::vista:
      return {6, 0};
    case OsFamily::win7:
      return {6, 1};
    case OsFamily::win8:
      return {6, 2};
    case OsFamily::win81:
      return {6, 3};
    case OsFamily::win10:
      return {10, 0};
  }
  return {10, 0};
}

const std::vector<OsFamily>& all_os_families() {
  static const std::vector<OsFamily> families = {OsFamily::vista, OsFamily::win7, OsFamily::win8,
                                                 OsFamily::win81, OsFamily::win10};
  return families;
}

}  // namespace kmsprep
