// The facts a real Windows installation keeps about itself in its SOFTWARE and SYSTEM hives:
// product, edition, version and build, the installed product key, and Setup's generalization
// evidence. Read-only; every fact carries its source. Called by servicing/ (inspect, validate).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/os_family.hpp"
#include "core/product_key.hpp"
#include "core/result.hpp"
#include "registry/hive.hpp"
#include "registry/registry_fact.hpp"

namespace kmsprep {

// Key paths inside the hives.
constexpr const char* kCurrentVersionKey = "Microsoft\\Windows NT\\CurrentVersion";
constexpr const char* kSetupStateKey = "Microsoft\\Windows\\CurrentVersion\\Setup\\State";
constexpr const char* kSysprepStatusKey = "Setup\\Status\\SysprepStatus";
constexpr const char* kSystemSetupKey = "Setup";

struct InstallationFacts {
  // Microsoft\Windows NT\CurrentVersion
  OptionalFact<std::string> product_name;               // ProductName
  OptionalFact<std::string> edition_id;                 // EditionID
  OptionalFact<std::string> installation_type;          // InstallationType
  OptionalFact<std::string> current_version;            // CurrentVersion ("6.1", "6.3")
  OptionalFact<std::string> current_build;              // CurrentBuild
  OptionalFact<std::string> current_build_number;       // CurrentBuildNumber
  OptionalFact<uint32_t> current_major_version_number;  // CurrentMajorVersionNumber
  OptionalFact<uint32_t> current_minor_version_number;  // CurrentMinorVersionNumber
  OptionalFact<std::string> display_version;            // DisplayVersion (20H2 and later)
  OptionalFact<std::string> release_id;                 // ReleaseId (1511 .. 2009)
  OptionalFact<uint32_t> ubr;                           // UBR
  // The installed key: DigitalProductId decoded, and the clear-text
  // SoftwareProtectionPlatform\BackupProductKeyDefault (Windows 8 and later) where present.
  // Show them only masked (ProductKey::partial / masked).
  OptionalFact<ProductKey> digital_product_id_key;
  OptionalFact<ProductKey> backup_product_key_default;
  // Microsoft\Windows\CurrentVersion\Setup\State ImageState
  OptionalFact<std::string> image_state;

  // The build number: CurrentBuildNumber, else CurrentBuild, when it is a decimal number.
  std::optional<int> build() const;
  // The licensing family from CurrentMajor/MinorVersionNumber or CurrentVersion, with the build
  // telling 8.1 from 10 (both say CurrentVersion 6.3); nullopt when the hive says too little.
  std::optional<OsFamily> os_family() const;
};

// Missing values are nullopt; a value of the wrong type or size, a string that is not valid
// UTF-16, a DigitalProductId that does not decode, or a broken hive is an Error naming the
// hive and the value.
Result<InstallationFacts> read_installation_facts(const Hive& software);

struct SetupStatus {
  // Setup\Status\SysprepStatus
  OptionalFact<uint32_t> generalization_state;  // GeneralizationState: 7 after a generalize
  OptionalFact<uint32_t> cleanup_state;         // CleanupState
  // Setup
  OptionalFact<uint32_t> system_setup_in_progress;  // SystemSetupInProgress
  OptionalFact<uint32_t> oobe_in_progress;          // OOBEInProgress
  OptionalFact<uint32_t> setup_type;                // SetupType
};

Result<SetupStatus> read_setup_status(const Hive& system);

}  // namespace kmsprep
