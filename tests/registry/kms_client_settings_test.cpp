// KMS client settings in the licensing key: read as slmgr leaves them (7+ and Vista layouts,
// per-application and per-SKU hosts), written as slmgr /skms and /ckms write them, checked
// with hivexget/reglookup; a second run leaves the hive byte-identical.
#include "registry/kms_client_settings.hpp"

#include <gtest/gtest.h>

#include "tests/support/hive_builder.hpp"
#include "tests/support/independent_hive_reader.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/windows_installation.hpp"

namespace kmsprep {
namespace {

using test::WindowsRelease;

constexpr const char* kSpp = "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";
constexpr const char* kSl = "Microsoft\\Windows NT\\CurrentVersion\\SL";
constexpr const char* kWindowsAppId = "55c92734-d682-4d71-983e-d6ec3f16059f";
constexpr const char* kEnterpriseSkuId = "73111121-5638-40f6-bc11-f1d7b0d64300";

Hive open_hive(const std::string& bytes, bool writable = false) {
  auto hive = Hive::open(bytes, "Windows/System32/config/SOFTWARE", writable);
  if (!hive) throw std::runtime_error(hive.error().to_string());
  return std::move(*hive);
}

std::string installation_hive(WindowsRelease release, std::optional<std::string> host = {},
                              std::optional<std::string> port = {},
                              std::optional<uint32_t> skip_rearm = {}) {
  test::WindowsInstallationSpec spec;
  spec.release = release;
  spec.kms_host = std::move(host);
  spec.kms_port = std::move(port);
  spec.skip_rearm = skip_rearm;
  return test::software_hive(spec);
}

KmsClientSettingsEdit set_host_port_rearm(const std::string& host, const std::string& port,
                                          uint32_t skip_rearm) {
  KmsClientSettingsEdit edit;
  edit.kms_host = SettingEdit<std::string>::set_to(host);
  edit.kms_port = SettingEdit<std::string>::set_to(port);
  edit.skip_rearm = SettingEdit<uint32_t>::set_to(skip_rearm);
  return edit;
}

TEST(KmsClientSettings, ReadsTheSoftwareProtectionPlatformKeyOfWindows7) {
  const Hive hive = open_hive(
      installation_hive(WindowsRelease::windows7_enterprise_sp1, "kms.contoso.com", "1688", 1));
  auto settings = read_kms_client_settings(hive);
  ASSERT_TRUE(settings) << settings.error().to_string();
  EXPECT_TRUE(settings->key_present);
  EXPECT_EQ(settings->layout, LicensingLayout::software_protection_platform);
  ASSERT_TRUE(settings->kms_host);
  EXPECT_EQ(settings->kms_host->value, "kms.contoso.com");
  EXPECT_EQ(settings->kms_host->source,
            std::string("SOFTWARE\\") + kSpp + "\\KeyManagementServiceName");
  ASSERT_TRUE(settings->kms_port);
  EXPECT_EQ(settings->kms_port->value, "1688");
  ASSERT_TRUE(settings->skip_rearm);
  EXPECT_EQ(settings->skip_rearm->value, 1u);
  EXPECT_FALSE(settings->user_operations);
  EXPECT_TRUE(settings->overrides.empty());
}

TEST(KmsClientSettings, ReadsTheSlKeyOfVista) {
  const Hive hive =
      open_hive(installation_hive(WindowsRelease::vista_enterprise_sp2, "kms.contoso.com"));
  auto settings = read_kms_client_settings(hive);
  ASSERT_TRUE(settings) << settings.error().to_string();
  EXPECT_EQ(settings->layout, LicensingLayout::vista_sl);
  ASSERT_TRUE(settings->kms_host);
  EXPECT_EQ(settings->kms_host->source,
            std::string("SOFTWARE\\") + kSl + "\\KeyManagementServiceName");
}

TEST(KmsClientSettings, ReadsIntervalsAndUserOperations) {
  test::HiveBuilder builder;
  builder.set_dword(kSpp, "VLActivationInterval", 120)
      .set_dword(kSpp, "VLRenewalInterval", 10080)
      .set_dword(kSpp, "UserOperations", 1);
  auto settings = read_kms_client_settings(open_hive(builder.bytes()));
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->vl_activation_interval->value, 120u);
  EXPECT_EQ(settings->vl_renewal_interval->value, 10080u);
  EXPECT_EQ(settings->user_operations->value, 1u);
  EXPECT_FALSE(settings->kms_host);
}

TEST(KmsClientSettings, ReadsPerApplicationAndPerSkuHosts) {
  test::WindowsInstallationSpec spec;
  spec.release = WindowsRelease::windows10_enterprise_22h2;
  spec.kms_host = "kms.contoso.com";
  spec.kms_host_overrides = {{kWindowsAppId, "", "kms-app.contoso.com"},
                             {kWindowsAppId, kEnterpriseSkuId, "kms-sku.contoso.com"}};
  auto settings = read_kms_client_settings(open_hive(test::software_hive(spec)));
  ASSERT_TRUE(settings) << settings.error().to_string();
  ASSERT_EQ(settings->overrides.size(), 2u);
  const KmsHostOverride& application = settings->overrides[0];
  EXPECT_EQ(application.application_id, kWindowsAppId);
  EXPECT_FALSE(application.sku_id);
  EXPECT_EQ(application.kms_host.value, "kms-app.contoso.com");
  EXPECT_EQ(application.kms_host.source,
            std::string("SOFTWARE\\") + kSpp + "\\" + kWindowsAppId + "\\KeyManagementServiceName");
  const KmsHostOverride& sku = settings->overrides[1];
  EXPECT_EQ(sku.sku_id, std::optional<std::string>(kEnterpriseSkuId));
  EXPECT_EQ(sku.kms_host.value, "kms-sku.contoso.com");
  EXPECT_EQ(settings->kms_host->value, "kms.contoso.com");
}

TEST(KmsClientSettings, NoLicensingKeyMeansNothingRead) {
  auto settings = read_kms_client_settings(open_hive(test::empty_hive()));
  ASSERT_TRUE(settings);
  EXPECT_FALSE(settings->key_present);
  EXPECT_FALSE(settings->kms_host);
}

TEST(KmsClientSettings, APortStoredAsDwordIsAnErrorNamingTheValue) {
  test::HiveBuilder builder;
  builder.set_dword(kSpp, "KeyManagementServicePort", 1688);
  auto settings = read_kms_client_settings(open_hive(builder.bytes()));
  ASSERT_FALSE(settings);
  EXPECT_EQ(settings.error().code(), ErrorCode::registry_value_type_mismatch);
  EXPECT_NE(
      settings.error().location().find("SoftwareProtectionPlatform\\KeyManagementServicePort"),
      std::string::npos);
}

TEST(KmsClientSettings, PlanListsBeforeAndAfterWithoutWriting) {
  const std::string original =
      installation_hive(WindowsRelease::windows10_enterprise_22h2, "old.contoso.com");
  const Hive hive = open_hive(original);
  auto changes =
      plan_kms_client_settings_change(hive, LicensingLayout::software_protection_platform,
                                      set_host_port_rearm("kms.contoso.com", "1688", 1));
  ASSERT_TRUE(changes) << changes.error().to_string();
  ASSERT_EQ(changes->size(), 3u);
  EXPECT_EQ((*changes)[0].key, std::string("SOFTWARE\\") + kSpp);
  EXPECT_EQ((*changes)[0].value_name, "KeyManagementServiceName");
  EXPECT_EQ((*changes)[0].before, std::optional<std::string>("old.contoso.com"));
  EXPECT_EQ((*changes)[0].after, std::optional<std::string>("kms.contoso.com"));
  EXPECT_EQ((*changes)[1].value_name, "KeyManagementServicePort");
  EXPECT_FALSE((*changes)[1].before);
  EXPECT_EQ((*changes)[1].after, std::optional<std::string>("1688"));
  EXPECT_EQ((*changes)[2].value_name, "SkipRearm");
  EXPECT_EQ((*changes)[2].after, std::optional<std::string>("1"));
  EXPECT_FALSE(hive.modified());
  EXPECT_EQ(OK_VALUE(hive.serialize()), original);
}

TEST(KmsClientSettings, ApplyWritesAsSlmgrDoesAndASecondRunChangesNothing) {
  test::TempDir dir;
  Hive hive = open_hive(installation_hive(WindowsRelease::server2022_datacenter), true);
  const auto edit = set_host_port_rearm("kms.contoso.com", "1688", 1);
  auto changes =
      apply_kms_client_settings_change(hive, LicensingLayout::software_protection_platform, edit);
  ASSERT_TRUE(changes) << changes.error().to_string();
  EXPECT_EQ(changes->size(), 3u);
  const std::string first_run = OK_VALUE(hive.serialize());
  test::write_bytes(dir / "SOFTWARE", first_run);
  EXPECT_TRUE(test::hivexml_accepts(dir / "SOFTWARE"));
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "KeyManagementServiceName"),
            "SZ,kms.contoso.com");
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "KeyManagementServicePort"), "SZ,1688");
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "SkipRearm"), "DWORD,0x00000001");
  EXPECT_EQ(test::hivexget_value(dir / "SOFTWARE", kSpp, "BackupProductKeyDefault"),
            "WX4NM-KYWYW-QJJR4-XV3QB-6VM33");

  Hive again = open_hive(first_run, true);
  auto second =
      apply_kms_client_settings_change(again, LicensingLayout::software_protection_platform, edit);
  ASSERT_TRUE(second);
  EXPECT_TRUE(second->empty());
  EXPECT_FALSE(again.modified());
  EXPECT_EQ(OK_VALUE(again.serialize()), first_run);
}

TEST(KmsClientSettings, ClearDeletesTheValuesLikeSlmgrCkms) {
  test::TempDir dir;
  Hive hive = open_hive(
      installation_hive(WindowsRelease::windows7_enterprise_sp1, "kms.contoso.com", "1688", 1),
      true);
  KmsClientSettingsEdit edit;
  edit.kms_host = SettingEdit<std::string>::cleared();
  edit.kms_port = SettingEdit<std::string>::cleared();
  auto changes =
      apply_kms_client_settings_change(hive, LicensingLayout::software_protection_platform, edit);
  ASSERT_TRUE(changes) << changes.error().to_string();
  ASSERT_EQ(changes->size(), 2u);
  EXPECT_EQ((*changes)[0].before, std::optional<std::string>("kms.contoso.com"));
  EXPECT_FALSE((*changes)[0].after);
  test::write_bytes(dir / "SOFTWARE", OK_VALUE(hive.serialize()));
  EXPECT_TRUE(test::hivexget_lacks_value(dir / "SOFTWARE", kSpp, "KeyManagementServiceName"));
  EXPECT_TRUE(test::hivexget_lacks_value(dir / "SOFTWARE", kSpp, "KeyManagementServicePort"));
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "SkipRearm"), "DWORD,0x00000001");
}

TEST(KmsClientSettings, ClearingWhatIsAbsentAndSettingWhatIsThereAreNoChanges) {
  const std::string original =
      installation_hive(WindowsRelease::windows10_enterprise_22h2, std::nullopt, std::nullopt, 1);
  Hive hive = open_hive(original, true);
  KmsClientSettingsEdit edit;
  edit.kms_host = SettingEdit<std::string>::cleared();
  edit.skip_rearm = SettingEdit<uint32_t>::set_to(1);
  auto changes =
      apply_kms_client_settings_change(hive, LicensingLayout::software_protection_platform, edit);
  ASSERT_TRUE(changes);
  EXPECT_TRUE(changes->empty());
  EXPECT_EQ(OK_VALUE(hive.serialize()), original);
}

TEST(KmsClientSettings, VistaLayoutWritesIntoTheSlKey) {
  test::TempDir dir;
  Hive hive = open_hive(installation_hive(WindowsRelease::vista_enterprise_sp2), true);
  KmsClientSettingsEdit edit;
  edit.kms_host = SettingEdit<std::string>::set_to("kms.contoso.com");
  auto changes =
      apply_kms_client_settings_change(hive, licensing_layout_for(OsFamily::vista), edit);
  ASSERT_TRUE(changes);
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].key, std::string("SOFTWARE\\") + kSl);
  test::write_bytes(dir / "SOFTWARE", OK_VALUE(hive.serialize()));
  EXPECT_EQ(test::hivexget_value(dir / "SOFTWARE", kSl, "KeyManagementServiceName"),
            "kms.contoso.com");
  EXPECT_TRUE(test::hivexget_lacks_value(dir / "SOFTWARE", kSpp, "KeyManagementServiceName"));
}

TEST(KmsClientSettings, AWrongTypeIsReplacedAndShownAsBefore) {
  test::HiveBuilder builder;
  builder.set_dword(kSpp, "KeyManagementServicePort", 1688);
  Hive hive = open_hive(builder.bytes(), true);
  KmsClientSettingsEdit edit;
  edit.kms_port = SettingEdit<std::string>::set_to("1688");
  auto changes =
      apply_kms_client_settings_change(hive, LicensingLayout::software_protection_platform, edit);
  ASSERT_TRUE(changes) << changes.error().to_string();
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].before, std::optional<std::string>("1688"));
  test::TempDir dir;
  test::write_bytes(dir / "SOFTWARE", OK_VALUE(hive.serialize()));
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "KeyManagementServicePort"), "SZ,1688");
}

TEST(KmsClientSettings, RefusesAnEmptyHostAndABadPort) {
  const Hive hive = open_hive(installation_hive(WindowsRelease::windows10_enterprise_22h2));
  KmsClientSettingsEdit empty_host;
  empty_host.kms_host = SettingEdit<std::string>::set_to("");
  auto changes = plan_kms_client_settings_change(
      hive, LicensingLayout::software_protection_platform, empty_host);
  ASSERT_FALSE(changes);
  EXPECT_EQ(changes.error().kind(), ErrorKind::usage);
  for (const char* port : {"0", "65536", "16a8", "", "99999999999999999999"}) {
    KmsClientSettingsEdit bad_port;
    bad_port.kms_port = SettingEdit<std::string>::set_to(port);
    changes = plan_kms_client_settings_change(hive, LicensingLayout::software_protection_platform,
                                              bad_port);
    ASSERT_FALSE(changes) << port;
    EXPECT_EQ(changes.error().kind(), ErrorKind::usage) << port;
  }
}

TEST(KmsClientSettings, LayoutFollowsTheFamily) {
  EXPECT_EQ(licensing_layout_for(OsFamily::vista), LicensingLayout::vista_sl);
  for (OsFamily family : {OsFamily::win7, OsFamily::win8, OsFamily::win81, OsFamily::win10}) {
    EXPECT_EQ(licensing_layout_for(family), LicensingLayout::software_protection_platform);
  }
}

}  // namespace
}  // namespace kmsprep
