// Test support: directory trees laid out like a real Windows installation as a reference PC
// leaves it (captured with or without sysprep): the SOFTWARE and SYSTEM hives with the
// installation facts, the licensing key and Setup's state, Windows/Setup/State/State.ini and
// optionally Sysprep_succeeded.tag. The values are those the released products write; the
// installed key is the product's published GVLK, stored as DigitalProductId by the test's own
// encoder. For registry/ tests and for the image-level tests of servicing/ and cli/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kmsprep::test {

enum class WindowsRelease {
  vista_enterprise_sp2,       // 6.0.6002, licensing key ...\SL
  windows7_enterprise_sp1,    // 6.1.7601
  windows10_enterprise_22h2,  // 10.0.19045
  server2022_datacenter,      // 10.0.20348
};

// What Setup's state says about the installation.
enum class SetupImageState {
  generalized,   // sysprep /generalize /oobe finished: IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE
  complete,      // a used installation, never generalized: IMAGE_STATE_COMPLETE
  undeployable,  // sysprep did not finish: IMAGE_STATE_UNDEPLOYABLE
};

// The facts a release writes, as the hives and these tests spell them.
struct WindowsReleaseFacts {
  std::string product_name;               // ProductName
  std::string edition_id;                 // EditionID
  std::string installation_type;          // InstallationType; empty on Vista (it has none)
  std::string current_version;            // "6.0", "6.1", "6.3"
  std::string build;                      // CurrentBuild and CurrentBuildNumber
  std::optional<uint32_t> major_version;  // CurrentMajorVersionNumber (10 and later)
  std::optional<uint32_t> minor_version;
  std::string display_version;  // empty before 20H2
  std::string release_id;       // empty before Windows 10
  std::optional<uint32_t> ubr;
  std::string gvlk;           // the published KMS client setup key
  std::string product_id;     // kmsprep's catalog id in engine/data/gvlk.csv
  bool vista_layout = false;  // licensing key SL instead of SoftwareProtectionPlatform
};
const WindowsReleaseFacts& release_facts(WindowsRelease release);

// A per-application (sku_id empty) or per-SKU KeyManagementServiceName subkey.
struct KmsHostOverrideSpec {
  std::string application_id;
  std::string sku_id;
  std::string host;
};

struct WindowsInstallationSpec {
  WindowsRelease release = WindowsRelease::windows10_enterprise_22h2;
  SetupImageState image_state = SetupImageState::generalized;
  // The installed key; default the release's GVLK. Written as DigitalProductId and, on Windows
  // 8 and later, as BackupProductKeyDefault.
  std::optional<std::string> installed_key;
  // KMS client settings in the licensing key (absent unless set), as slmgr /skms writes them.
  std::optional<std::string> kms_host;
  std::optional<std::string> kms_port;
  std::optional<uint32_t> skip_rearm;
  std::vector<KmsHostOverrideSpec> kms_host_overrides;
  bool write_state_ini = true;
  // Windows/System32/Sysprep/Sysprep_succeeded.tag; default: present when generalized.
  std::optional<bool> sysprep_succeeded_tag;
};

// Paths inside the tree.
extern const char* const kSoftwareHivePath;  // "Windows/System32/config/SOFTWARE"
extern const char* const kSystemHivePath;    // "Windows/System32/config/SYSTEM"
extern const char* const kStateIniPath;      // "Windows/Setup/State/State.ini"
extern const char* const kSysprepTagPath;    // "Windows/System32/Sysprep/Sysprep_succeeded.tag"

// "IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE", "IMAGE_STATE_COMPLETE", "IMAGE_STATE_UNDEPLOYABLE".
std::string image_state_word(SetupImageState state);

// The hives alone, for tests that do not need a tree.
std::string software_hive(const WindowsInstallationSpec& spec);
std::string system_hive(const WindowsInstallationSpec& spec);

// Writes the hives, State.ini and the sysprep tag under `root` (created as needed); files
// already there (an answer file, other tree content) are left alone.
void write_windows_installation(const std::filesystem::path& root,
                                const WindowsInstallationSpec& spec);

}  // namespace kmsprep::test
