// configure --target registry (and all): the KMS client settings written straight into the
// image's SOFTWARE hive as `slmgr /skms HOST:PORT` / `/ckms` and a SkipRearm .reg leave them,
// in the key of the installation's family (SL on Vista / 2008, SoftwareProtectionPlatform on
// 7 / 2008 R2 and later). Internal to servicing/configure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/os_family.hpp"
#include "core/result.hpp"
#include "image/image.hpp"
#include "registry/kms_client_settings.hpp"
#include "servicing/installation_hives.hpp"
#include "servicing/kms_host_address.hpp"

namespace kmsprep {

struct RegistryConfigureRequest {
  std::optional<KmsHostAddress> kms_host;
  bool clear_kms_host = false;
  std::optional<int> skip_rearm;  // 0 or 1
  std::optional<OsFamily> os;     // --os: used only when the hive does not tell its version
};

struct RegistryConfigurePlan {
  std::string hive_path;                // as the image spells it
  std::vector<RegistryChange> changes;  // empty: the hive already holds these settings
  std::optional<MemoryFile> new_hive;   // the hive after the changes; nullopt when none
  std::string key;                      // "SOFTWARE\...\SoftwareProtectionPlatform"
  OsFamily family = OsFamily::win10;
  std::string family_source;  // "registry CurrentVersion" | "--os"
};

// Plans the change on a private copy of the hive; nothing is staged. No SOFTWARE hive:
// registry_target_unavailable (exit 3); a hive that is a link, a directory, too big or corrupt:
// bad input naming it.
Result<RegistryConfigurePlan> plan_registry_configure(Image& image,
                                                      const RegistryConfigureRequest& request);

}  // namespace kmsprep
