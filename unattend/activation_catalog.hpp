// The catalog of activation-related answer-file settings (kms-facts §5): which component holds
// each setting on which OS family, and in which passes Setup reads it. Callers: unattend/
// (checks, activation view), servicing/ (configure, install-key), cli/.
#pragma once

#include <string>
#include <vector>

#include "core/os_family.hpp"

namespace kmsprep {

inline constexpr const char* kSlcComponent = "Microsoft-Windows-Security-Licensing-SLC";
inline constexpr const char* kSlcUxComponent = "Microsoft-Windows-Security-Licensing-SLC-UX";
inline constexpr const char* kSppComponent = "Microsoft-Windows-Security-SPP";
inline constexpr const char* kSppUxComponent = "Microsoft-Windows-Security-SPP-UX";
inline constexpr const char* kShellSetupComponent = "Microsoft-Windows-Shell-Setup";
inline constexpr const char* kSetupComponent = "Microsoft-Windows-Setup";
inline constexpr const char* kDeploymentComponent = "Microsoft-Windows-Deployment";

enum class ActivationSetting {
  skip_rearm,
  skip_auto_activation,
  product_key,         // Shell-Setup ProductKey
  setup_product_key,   // Setup UserData/ProductKey/Key
  setup_will_show_ui,  // Setup UserData/ProductKey/WillShowUI
  run_synchronous,     // Deployment RunSynchronous
};

struct CatalogEntry {
  ActivationSetting setting;
  std::string component;
  std::string path;                 // below the component
  std::vector<std::string> passes;  // where Setup reads it
  std::vector<OsFamily> families;   // where the component exists for it
  std::string values;               // what Setup accepts, for messages
};

// Every entry, for every family.
const std::vector<CatalogEntry>& activation_catalog();
// The entries that apply to `family`.
std::vector<CatalogEntry> activation_catalog(OsFamily family);
// The entry of `setting` for `family`.
const CatalogEntry& catalog_entry(ActivationSetting setting, OsFamily family);

// SLC / SLC-UX (Vista, deprecated in 7, gone in 8).
bool is_slc_component(const std::string& component_name);
bool is_spp_component(const std::string& component_name);
// HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\SL (Vista) or ...\SoftwareProtectionPlatform.
std::string licensing_registry_key(OsFamily family);

}  // namespace kmsprep
