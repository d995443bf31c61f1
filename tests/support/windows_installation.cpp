#include "tests/support/windows_installation.hpp"

#include <stdexcept>

#include "tests/support/digital_product_id_encoder.hpp"
#include "tests/support/hive_builder.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep::test {

const char* const kSoftwareHivePath = "Windows/System32/config/SOFTWARE";
const char* const kSystemHivePath = "Windows/System32/config/SYSTEM";
const char* const kStateIniPath = "Windows/Setup/State/State.ini";
const char* const kSysprepTagPath = "Windows/System32/Sysprep/Sysprep_succeeded.tag";

namespace {

constexpr const char* kCurrentVersion = "Microsoft\\Windows NT\\CurrentVersion";
// The application ID of Windows itself in the Software Protection Platform.
constexpr const char* kWindowsApplicationId = "55c92734-d682-4d71-983e-d6ec3f16059f";

}  // namespace

namespace {

WindowsReleaseFacts vista_enterprise_sp2() {
  WindowsReleaseFacts facts;
  facts.product_name = "Windows Vista (TM) Enterprise";
  facts.edition_id = "Enterprise";
  facts.current_version = "6.0";
  facts.build = "6002";
  facts.gvlk = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
  facts.product_id = "vista-enterprise";
  facts.vista_layout = true;
  return facts;
}

WindowsReleaseFacts windows7_enterprise_sp1() {
  WindowsReleaseFacts facts;
  facts.product_name = "Windows 7 Enterprise";
  facts.edition_id = "Enterprise";
  facts.installation_type = "Client";
  facts.current_version = "6.1";
  facts.build = "7601";
  facts.gvlk = "33PXH-7Y6KF-2VJC9-XBBR8-HVTHH";
  facts.product_id = "win7-enterprise";
  return facts;
}

WindowsReleaseFacts windows10_enterprise_22h2() {
  WindowsReleaseFacts facts;
  facts.product_name = "Windows 10 Enterprise";
  facts.edition_id = "Enterprise";
  facts.installation_type = "Client";
  facts.current_version = "6.3";
  facts.build = "19045";
  facts.major_version = 10;
  facts.minor_version = 0;
  facts.display_version = "22H2";
  facts.release_id = "2009";
  facts.ubr = 3803;
  facts.gvlk = "NPPR9-FWDCX-D2C8J-H872K-2YT43";
  facts.product_id = "win10-enterprise";
  return facts;
}

WindowsReleaseFacts server2022_datacenter() {
  WindowsReleaseFacts facts;
  facts.product_name = "Windows Server 2022 Datacenter";
  facts.edition_id = "ServerDatacenter";
  facts.installation_type = "Server";
  facts.current_version = "6.3";
  facts.build = "20348";
  facts.major_version = 10;
  facts.minor_version = 0;
  facts.display_version = "21H2";
  facts.release_id = "2009";
  facts.ubr = 2113;
  facts.gvlk = "WX4NM-KYWYW-QJJR4-XV3QB-6VM33";
  facts.product_id = "server2022-datacenter";
  return facts;
}

}  // namespace

const WindowsReleaseFacts& release_facts(WindowsRelease release) {
  static const WindowsReleaseFacts vista = vista_enterprise_sp2();
  static const WindowsReleaseFacts windows7 = windows7_enterprise_sp1();
  static const WindowsReleaseFacts windows10 = windows10_enterprise_22h2();
  static const WindowsReleaseFacts server2022 = server2022_datacenter();
  switch (release) {
    case WindowsRelease::vista_enterprise_sp2:
      return vista;
    case WindowsRelease::windows7_enterprise_sp1:
      return windows7;
    case WindowsRelease::windows10_enterprise_22h2:
      return windows10;
    case WindowsRelease::server2022_datacenter:
      return server2022;
  }
  throw std::logic_error("unknown release");
}

std::string image_state_word(SetupImageState state) {
  switch (state) {
    case SetupImageState::generalized:
      return "IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE";
    case SetupImageState::complete:
      return "IMAGE_STATE_COMPLETE";
    case SetupImageState::undeployable:
      return "IMAGE_STATE_UNDEPLOYABLE";
  }
  throw std::logic_error("unknown image state");
}

std::string software_hive(const WindowsInstallationSpec& spec) {
  const WindowsReleaseFacts& facts = release_facts(spec.release);
  const std::string key = spec.installed_key.value_or(facts.gvlk);
  HiveBuilder hive;
  hive.set_string(kCurrentVersion, "ProductName", facts.product_name)
      .set_string(kCurrentVersion, "EditionID", facts.edition_id)
      .set_string(kCurrentVersion, "CurrentVersion", facts.current_version)
      .set_string(kCurrentVersion, "CurrentBuild", facts.build)
      .set_string(kCurrentVersion, "CurrentBuildNumber", facts.build)
      .set_string(kCurrentVersion, "SystemRoot", "C:\\Windows")
      .set_string(kCurrentVersion, "ProductId", "00329-00000-00003-AA066")
      .set_binary(kCurrentVersion, "DigitalProductId", encode_digital_product_id(key));
  if (!facts.installation_type.empty()) {
    hive.set_string(kCurrentVersion, "InstallationType", facts.installation_type);
  }
  if (facts.major_version) {
    hive.set_dword(kCurrentVersion, "CurrentMajorVersionNumber", *facts.major_version);
    hive.set_dword(kCurrentVersion, "CurrentMinorVersionNumber", facts.minor_version.value_or(0));
  }
  if (!facts.display_version.empty()) {
    hive.set_string(kCurrentVersion, "DisplayVersion", facts.display_version);
  }
  if (!facts.release_id.empty()) hive.set_string(kCurrentVersion, "ReleaseId", facts.release_id);
  if (facts.ubr) hive.set_dword(kCurrentVersion, "UBR", *facts.ubr);

  const std::string licensing =
      std::string(kCurrentVersion) + (facts.vista_layout ? "\\SL" : "\\SoftwareProtectionPlatform");
  hive.add_key(licensing + "\\Activation");
  if (!facts.vista_layout) hive.add_key(licensing + "\\" + kWindowsApplicationId);
  const bool windows8_or_later = key.find('N') != std::string::npos;
  if (windows8_or_later) hive.set_string(licensing, "BackupProductKeyDefault", key);
  if (spec.kms_host) hive.set_string(licensing, "KeyManagementServiceName", *spec.kms_host);
  if (spec.kms_port) hive.set_string(licensing, "KeyManagementServicePort", *spec.kms_port);
  if (spec.skip_rearm) hive.set_dword(licensing, "SkipRearm", *spec.skip_rearm);
  for (const KmsHostOverrideSpec& host : spec.kms_host_overrides) {
    std::string override_key = licensing + "\\" + host.application_id;
    if (!host.sku_id.empty()) override_key += "\\" + host.sku_id;
    hive.set_string(override_key, "KeyManagementServiceName", host.host);
  }

  hive.set_string("Microsoft\\Windows\\CurrentVersion\\Setup\\State", "ImageState",
                  image_state_word(spec.image_state));
  return hive.bytes();
}

std::string system_hive(const WindowsInstallationSpec& spec) {
  HiveBuilder hive;
  // GeneralizationState 7 / CleanupState 2 are what a healthy installation keeps (sysprep can
  // run); Setup's in-progress flags tell an image resealed to OOBE from a used one.
  const bool resealed = spec.image_state != SetupImageState::complete;
  hive.set_dword("Setup\\Status\\SysprepStatus", "GeneralizationState", 7)
      .set_dword("Setup\\Status\\SysprepStatus", "CleanupState", 2)
      .set_dword("Setup", "SystemSetupInProgress", resealed ? 1 : 0)
      .set_dword("Setup", "OOBEInProgress",
                 spec.image_state == SetupImageState::generalized ? 1 : 0)
      .set_dword("Setup", "SetupType", resealed ? 2 : 0)
      .set_string("Setup", "CmdLine", resealed ? "oobe\\windeploy.exe" : "")
      .set_dword("Select", "Current", 1)
      .set_dword("Select", "Default", 1)
      .add_key("ControlSet001\\Control");
  return hive.bytes();
}

void write_windows_installation(const std::filesystem::path& root,
                                const WindowsInstallationSpec& spec) {
  write_bytes(root / kSoftwareHivePath, software_hive(spec));
  write_bytes(root / kSystemHivePath, system_hive(spec));
  if (spec.write_state_ini) {
    write_bytes(root / kStateIniPath,
                "[State]\r\nImageState=" + image_state_word(spec.image_state) + "\r\n");
  }
  const bool tag =
      spec.sysprep_succeeded_tag.value_or(spec.image_state == SetupImageState::generalized);
  if (tag) write_bytes(root / kSysprepTagPath, "");
}

}  // namespace kmsprep::test
