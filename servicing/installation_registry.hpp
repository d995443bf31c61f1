// The facts a real Windows installation keeps in its registry, read offline from the image's
// SOFTWARE and SYSTEM hives (servicing/installation_hives) through registry/: CurrentVersion,
// the installed key (only ever shown as its last five characters) against the GVLK catalog, the
// KMS client settings and the Setup state. Callers: servicing/ (inspect, validate, configure),
// sysprep/ (generalize).
#pragma once

#include <optional>
#include <string>

#include "core/os_family.hpp"
#include "core/product_key.hpp"
#include "core/result.hpp"
#include "engine/gvlk_catalog.hpp"
#include "image/image.hpp"
#include "registry/installation_facts.hpp"
#include "registry/kms_client_settings.hpp"

namespace kmsprep {

// The installed key compared with the GVLK catalog; unknown: no key could be read.
enum class KeyCatalogMatch { gvlk, not_gvlk, unknown };
const char* to_string(KeyCatalogMatch match);  // "GVLK" | "not a GVLK" | "unknown"

struct InstallationRegistry {
  std::string software_hive;               // the path as the image spells it
  std::optional<std::string> system_hive;  // nullopt when the image has no SYSTEM hive
  InstallationFacts facts;
  KmsClientSettings kms;
  std::optional<SetupStatus> setup_status;  // from SYSTEM

  // Derived from CurrentVersion, the build and EditionID (servicing/installation_product).
  std::optional<OsFamily> family;
  const GvlkEntry* product = nullptr;  // nullptr: the catalog has no such edition

  // DigitalProductId, else BackupProductKeyDefault; stays in memory, shown only masked.
  std::optional<ProductKey> installed_key;
  std::string installed_key_source;
  KeyCatalogMatch key_match = KeyCatalogMatch::unknown;
  const GvlkEntry* key_product = nullptr;  // the GVLK's catalog entry
};

// nullopt when the image has no SOFTWARE hive. A hive that is a link, a directory, too large,
// truncated or corrupt, or a value of the wrong type, is bad input naming the image, the hive
// and the value; nothing is changed.
Result<std::optional<InstallationRegistry>> read_installation_registry(Image& image);

}  // namespace kmsprep
