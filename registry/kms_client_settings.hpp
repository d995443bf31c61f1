// The KMS client settings of an offline installation: read from, and written to, the licensing
// key of the SOFTWARE hive the way slmgr.vbs does (/skms, /ckms). Vista and Server 2008 keep
// them under ...\CurrentVersion\SL, Windows 7 / 2008 R2 and later under
// ...\CurrentVersion\SoftwareProtectionPlatform. Called by servicing/ (inspect, validate,
// configure --target registry).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/os_family.hpp"
#include "core/result.hpp"
#include "registry/hive.hpp"
#include "registry/registry_fact.hpp"

namespace kmsprep {

enum class LicensingLayout {
  vista_sl,                      // Microsoft\Windows NT\CurrentVersion\SL
  software_protection_platform,  // Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform
};

// The key path of the layout inside the SOFTWARE hive.
const char* licensing_key_path(LicensingLayout layout);
// vista_sl for OsFamily::vista, software_protection_platform for every later family.
LicensingLayout licensing_layout_for(OsFamily family);

// KeyManagementServiceName (and Port) set for one application (Windows 7: <APPID> subkey) or one
// application and SKU (Windows 8.1 and later: <APPID>\<SKUID>). These win over the plain value.
struct KmsHostOverride {
  std::string application_id;         // the GUID subkey name as stored
  std::optional<std::string> sku_id;  // nullopt for the per-application form
  RegistryFact<std::string> kms_host;
  OptionalFact<std::string> kms_port;
};

struct KmsClientSettings {
  LicensingLayout layout = LicensingLayout::software_protection_platform;
  bool key_present = false;                // false: neither key exists; every field below is empty
  OptionalFact<std::string> kms_host;      // KeyManagementServiceName
  OptionalFact<std::string> kms_port;      // KeyManagementServicePort (REG_SZ)
  OptionalFact<uint32_t> skip_rearm;       // SkipRearm
  OptionalFact<uint32_t> user_operations;  // UserOperations
  OptionalFact<uint32_t> vl_activation_interval;  // VLActivationInterval (minutes)
  OptionalFact<uint32_t> vl_renewal_interval;     // VLRenewalInterval (minutes)
  std::vector<KmsHostOverride> overrides;         // per-application / per-SKU host names
};

// Reads SoftwareProtectionPlatform when that key exists, otherwise SL (Vista); `layout` tells
// which. Wrong types (e.g. a DWORD port) are errors naming the value.
Result<KmsClientSettings> read_kms_client_settings(const Hive& software);

// One requested edit of a value: leave it, set it, or delete it (slmgr /ckms deletes).
enum class EditKind { keep, set, clear };

template <typename T>
struct SettingEdit {
  EditKind kind = EditKind::keep;
  T value{};

  static SettingEdit set_to(T new_value) { return {EditKind::set, std::move(new_value)}; }
  static SettingEdit cleared() { return {EditKind::clear, T{}}; }
};

struct KmsClientSettingsEdit {
  SettingEdit<std::string> kms_host;  // KeyManagementServiceName, REG_SZ
  SettingEdit<std::string> kms_port;  // KeyManagementServicePort, REG_SZ (decimal, as slmgr)
  SettingEdit<uint32_t> skip_rearm;   // SkipRearm, REG_DWORD
};

// One value that an edit changes, as display strings for a before/after table;
// nullopt = the value is (or will be) absent.
struct RegistryChange {
  std::string key;  // "SOFTWARE\Microsoft\Windows NT\CurrentVersion\SoftwareProtectionPlatform"
  std::string value_name;  // "KeyManagementServiceName"
  std::optional<std::string> before;
  std::optional<std::string> after;
};

// The changes `edit` makes in the key of `layout`; a value already holding the requested type
// and data (or already absent, for a clear) is no change and is not listed.
Result<std::vector<RegistryChange>> plan_kms_client_settings_change(
    const Hive& software, LicensingLayout layout, const KmsClientSettingsEdit& edit);

// Plans and writes the changes into `software` (a writable Hive); returns what changed. With
// an empty result the hive is not modified and serialize() gives its original bytes.
Result<std::vector<RegistryChange>> apply_kms_client_settings_change(
    Hive& software, LicensingLayout layout, const KmsClientSettingsEdit& edit);

}  // namespace kmsprep
