#include "unattend/activation_catalog.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(ActivationCatalog, VistaUsesSlcAndLaterFamiliesSpp) {
  EXPECT_EQ(catalog_entry(ActivationSetting::skip_rearm, OsFamily::vista).component, kSlcComponent);
  EXPECT_EQ(catalog_entry(ActivationSetting::skip_auto_activation, OsFamily::vista).component,
            kSlcUxComponent);
  for (OsFamily family : {OsFamily::win7, OsFamily::win8, OsFamily::win81, OsFamily::win10}) {
    EXPECT_EQ(catalog_entry(ActivationSetting::skip_rearm, family).component, kSppComponent);
    EXPECT_EQ(catalog_entry(ActivationSetting::skip_auto_activation, family).component,
              kSppUxComponent);
  }
  EXPECT_EQ(catalog_entry(ActivationSetting::skip_rearm, OsFamily::win10).passes,
            std::vector<std::string>{"generalize"});
  EXPECT_EQ(catalog_entry(ActivationSetting::run_synchronous, OsFamily::win10).passes,
            (std::vector<std::string>{"specialize", "auditUser"}));
}

TEST(ActivationCatalog, PerFamilyListLeavesOutComponentsTheFamilyLacks) {
  const auto has = [](const std::vector<CatalogEntry>& entries, const char* component) {
    for (const auto& entry : entries) {
      if (entry.component == component) return true;
    }
    return false;
  };
  EXPECT_TRUE(has(activation_catalog(OsFamily::vista), kSlcComponent));
  EXPECT_FALSE(has(activation_catalog(OsFamily::vista), kSppComponent));
  EXPECT_FALSE(has(activation_catalog(OsFamily::win7), kSlcComponent));  // deprecated there
  EXPECT_TRUE(has(activation_catalog(OsFamily::win7), kSppUxComponent));
  EXPECT_FALSE(has(activation_catalog(OsFamily::win8), kSlcUxComponent));
  EXPECT_TRUE(has(activation_catalog(OsFamily::win10), kShellSetupComponent));
  EXPECT_EQ(activation_catalog(OsFamily::win10).size(), 6u);
}

TEST(ActivationCatalog, LicensingRegistryKeyPerFamily) {
  EXPECT_EQ(licensing_registry_key(OsFamily::vista),
            "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SL");
  EXPECT_EQ(licensing_registry_key(OsFamily::win81),
            "HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform");
  EXPECT_TRUE(is_slc_component("microsoft-windows-security-licensing-slc-ux"));
  EXPECT_FALSE(is_slc_component(kSppComponent));
}

}  // namespace
}  // namespace kmsprep
