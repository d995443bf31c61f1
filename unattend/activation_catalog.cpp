#include "unattend/activation_catalog.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace kmsprep {
namespace {

const std::vector<OsFamily> kVistaOnward = {OsFamily::vista, OsFamily::win7, OsFamily::win8,
                                            OsFamily::win81, OsFamily::win10};
// SLC exists on 7 too (deprecated); checks warn about it there.
const std::vector<OsFamily> kSlcFamilies = {OsFamily::vista, OsFamily::win7};
const std::vector<OsFamily> kSppFamilies = {OsFamily::win7, OsFamily::win8, OsFamily::win81,
                                            OsFamily::win10};

}  // namespace

const std::vector<CatalogEntry>& activation_catalog() {
  static const std::vector<CatalogEntry> catalog = {
      {ActivationSetting::skip_rearm,
       kSlcComponent,
       "SkipRearm",
       {"generalize"},
       kSlcFamilies,
       "0 (rearm) or 1 (keep the licensing state)"},
      {ActivationSetting::skip_rearm,
       kSppComponent,
       "SkipRearm",
       {"generalize"},
       kSppFamilies,
       "0 (rearm) or 1 (keep the licensing state)"},
      {ActivationSetting::skip_auto_activation,
       kSlcUxComponent,
       "SkipAutoActivation",
       {"specialize"},
       kSlcFamilies,
       "true or false"},
      {ActivationSetting::skip_auto_activation,
       kSppUxComponent,
       "SkipAutoActivation",
       {"specialize"},
       kSppFamilies,
       "true or false"},
      {ActivationSetting::product_key,
       kShellSetupComponent,
       "ProductKey",
       {"specialize"},
       kVistaOnward,
       "a 29-character product key"},
      {ActivationSetting::setup_product_key,
       kSetupComponent,
       "UserData/ProductKey/Key",
       {"windowsPE"},
       kVistaOnward,
       "a 29-character product key"},
      {ActivationSetting::setup_will_show_ui,
       kSetupComponent,
       "UserData/ProductKey/WillShowUI",
       {"windowsPE"},
       kVistaOnward,
       "Always, OnError or Never"},
      {ActivationSetting::run_synchronous,
       kDeploymentComponent,
       "RunSynchronous",
       {"specialize", "auditUser"},
       kVistaOnward,
       "RunSynchronousCommand list items"},
  };
  return catalog;
}

std::vector<CatalogEntry> activation_catalog(OsFamily family) {
  std::vector<CatalogEntry> entries;
  for (const auto& entry : activation_catalog()) {
    if (family == OsFamily::win7 && is_slc_component(entry.component)) continue;
    if (std::find(entry.families.begin(), entry.families.end(), family) != entry.families.end()) {
      entries.push_back(entry);
    }
  }
  return entries;
}

const CatalogEntry& catalog_entry(ActivationSetting setting, OsFamily family) {
  const auto& catalog = activation_catalog();
  for (const auto& entry : catalog) {
    if (entry.setting != setting) continue;
    // From 7 on, the SPP components replace SLC.
    if (family != OsFamily::vista && is_slc_component(entry.component)) continue;
    if (family == OsFamily::vista && is_spp_component(entry.component)) continue;
    return entry;
  }
  return catalog.front();
}

bool is_slc_component(const std::string& component_name) {
  return equals_ignoring_case(component_name, kSlcComponent) ||
         equals_ignoring_case(component_name, kSlcUxComponent);
}

bool is_spp_component(const std::string& component_name) {
  return equals_ignoring_case(component_name, kSppComponent) ||
         equals_ignoring_case(component_name, kSppUxComponent);
}

std::string licensing_registry_key(OsFamily family) {
  return family == OsFamily::vista
             ? "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SL"
             : "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";
}

}  // namespace kmsprep
