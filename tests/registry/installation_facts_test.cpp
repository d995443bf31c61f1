// Installation facts and Setup status read from hives laid out like real Vista, 7, 10 22H2 and
// Server 2022 installations; every fact is also read with hivexget/reglookup, so the test does
// not only confirm kmsprep's reading with kmsprep.
#include "registry/installation_facts.hpp"

#include <gtest/gtest.h>

#include "tests/support/hive_builder.hpp"
#include "tests/support/independent_hive_reader.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/windows_installation.hpp"

namespace kmsprep {
namespace {

using test::WindowsRelease;

constexpr const char* kCv = "Microsoft\\Windows NT\\CurrentVersion";

Hive open_hive(const std::string& bytes, const std::string& name) {
  auto hive = Hive::open(bytes, name, false);
  if (!hive) throw std::runtime_error(hive.error().to_string());
  return std::move(*hive);
}

struct ReleaseCase {
  WindowsRelease release;
  OsFamily family;
};

class InstallationFactsOfRelease : public testing::TestWithParam<ReleaseCase> {};

TEST_P(InstallationFactsOfRelease, MatchWhatIndependentReadersSee) {
  test::TempDir dir;
  test::WindowsInstallationSpec spec;
  spec.release = GetParam().release;
  test::write_windows_installation(dir.path(), spec);
  const auto software_path = dir / test::kSoftwareHivePath;
  const Hive software = open_hive(test::read_bytes(software_path), test::kSoftwareHivePath);
  auto facts = read_installation_facts(software);
  ASSERT_TRUE(facts) << facts.error().to_string();
  const test::WindowsReleaseFacts& expected = test::release_facts(spec.release);

  ASSERT_TRUE(facts->product_name);
  EXPECT_EQ(facts->product_name->value, test::hivexget_value(software_path, kCv, "ProductName"));
  EXPECT_EQ(facts->product_name->value, expected.product_name);
  EXPECT_EQ(facts->product_name->source,
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProductName");
  ASSERT_TRUE(facts->edition_id);
  EXPECT_EQ("SZ," + facts->edition_id->value,
            test::reglookup_value(software_path, kCv, "EditionID"));
  EXPECT_EQ(facts->edition_id->source,
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\EditionID");
  ASSERT_TRUE(facts->current_version);
  EXPECT_EQ(facts->current_version->value,
            test::hivexget_value(software_path, kCv, "CurrentVersion"));
  ASSERT_TRUE(facts->current_build_number);
  EXPECT_EQ(facts->current_build_number->value, expected.build);
  EXPECT_EQ(facts->build(), std::stoi(test::hivexget_value(software_path, kCv, "CurrentBuild")));
  EXPECT_EQ(facts->os_family(), GetParam().family);

  if (expected.installation_type.empty()) {
    EXPECT_FALSE(facts->installation_type);
  } else {
    ASSERT_TRUE(facts->installation_type);
    EXPECT_EQ(facts->installation_type->value,
              test::hivexget_value(software_path, kCv, "InstallationType"));
  }
  if (expected.major_version) {
    ASSERT_TRUE(facts->current_major_version_number);
    EXPECT_EQ(std::to_string(facts->current_major_version_number->value),
              test::hivexget_value(software_path, kCv, "CurrentMajorVersionNumber"));
    ASSERT_TRUE(facts->ubr);
    EXPECT_EQ(std::to_string(facts->ubr->value), test::hivexget_value(software_path, kCv, "UBR"));
    ASSERT_TRUE(facts->display_version);
    EXPECT_EQ(facts->display_version->value, expected.display_version);
    ASSERT_TRUE(facts->release_id);
    EXPECT_EQ(facts->release_id->value, "2009");
  } else {
    EXPECT_FALSE(facts->current_major_version_number);
    EXPECT_FALSE(facts->ubr);
    EXPECT_FALSE(facts->display_version);
  }

  ASSERT_TRUE(facts->digital_product_id_key);
  EXPECT_EQ(facts->digital_product_id_key->value.formatted(), expected.gvlk);
  EXPECT_EQ(facts->digital_product_id_key->source,
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\DigitalProductId");
  EXPECT_EQ(test::reglookup_value(software_path, kCv, "DigitalProductId").substr(0, 7), "BINARY,");
  if (facts->os_family() == OsFamily::win10) {
    ASSERT_TRUE(facts->backup_product_key_default);
    EXPECT_EQ(
        facts->backup_product_key_default->value.formatted(),
        test::hivexget_value(software_path,
                             "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform",
                             "BackupProductKeyDefault"));
  } else {
    EXPECT_FALSE(facts->backup_product_key_default);
  }

  ASSERT_TRUE(facts->image_state);
  EXPECT_EQ(facts->image_state->value,
            test::hivexget_value(software_path, "Microsoft\\Windows\\CurrentVersion\\Setup\\State",
                                 "ImageState"));
  EXPECT_EQ(facts->image_state->source,
            "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State\\ImageState");
}

INSTANTIATE_TEST_SUITE_P(
    Releases, InstallationFactsOfRelease,
    testing::Values(ReleaseCase{WindowsRelease::vista_enterprise_sp2, OsFamily::vista},
                    ReleaseCase{WindowsRelease::windows7_enterprise_sp1, OsFamily::win7},
                    ReleaseCase{WindowsRelease::windows10_enterprise_22h2, OsFamily::win10},
                    ReleaseCase{WindowsRelease::server2022_datacenter, OsFamily::win10}));

TEST(InstallationFacts, SetupStatusOfAGeneralizedAndAUsedInstallation) {
  test::TempDir dir;
  for (auto state : {test::SetupImageState::generalized, test::SetupImageState::complete}) {
    test::WindowsInstallationSpec spec;
    spec.image_state = state;
    test::write_bytes(dir / "SYSTEM", test::system_hive(spec));
    const Hive system = open_hive(test::read_bytes(dir / "SYSTEM"), test::kSystemHivePath);
    auto status = read_setup_status(system);
    ASSERT_TRUE(status) << status.error().to_string();
    ASSERT_TRUE(status->generalization_state);
    EXPECT_EQ(std::to_string(status->generalization_state->value),
              test::hivexget_value(dir / "SYSTEM", "Setup\\Status\\SysprepStatus",
                                   "GeneralizationState"));
    EXPECT_EQ(status->generalization_state->source,
              "SYSTEM\\Setup\\Status\\SysprepStatus\\GeneralizationState");
    ASSERT_TRUE(status->cleanup_state);
    ASSERT_TRUE(status->system_setup_in_progress);
    EXPECT_EQ(std::to_string(status->system_setup_in_progress->value),
              test::hivexget_value(dir / "SYSTEM", "Setup", "SystemSetupInProgress"));
    ASSERT_TRUE(status->oobe_in_progress);
    EXPECT_EQ(std::to_string(status->oobe_in_progress->value),
              test::hivexget_value(dir / "SYSTEM", "Setup", "OOBEInProgress"));
    ASSERT_TRUE(status->setup_type);
    EXPECT_EQ(status->setup_type->source, "SYSTEM\\Setup\\SetupType");
  }
}

TEST(InstallationFacts, AnEmptyHiveHasNoFacts) {
  const Hive software = open_hive(test::empty_hive(), test::kSoftwareHivePath);
  auto facts = read_installation_facts(software);
  ASSERT_TRUE(facts) << facts.error().to_string();
  EXPECT_FALSE(facts->product_name);
  EXPECT_FALSE(facts->digital_product_id_key);
  EXPECT_FALSE(facts->os_family());
  auto status = read_setup_status(open_hive(test::empty_hive(), test::kSystemHivePath));
  ASSERT_TRUE(status);
  EXPECT_FALSE(status->generalization_state);
}

TEST(InstallationFacts, TellsWindows81FromWindows10ByTheBuild) {
  test::HiveBuilder windows81;
  windows81.set_string(kCv, "CurrentVersion", "6.3").set_string(kCv, "CurrentBuildNumber", "9600");
  auto facts = read_installation_facts(open_hive(windows81.bytes(), "SOFTWARE"));
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->os_family(), OsFamily::win81);
  test::HiveBuilder server2016;  // before CurrentMajorVersionNumber existed in some builds
  server2016.set_string(kCv, "CurrentVersion", "6.3").set_string(kCv, "CurrentBuild", "14393");
  facts = read_installation_facts(open_hive(server2016.bytes(), "SOFTWARE"));
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->build(), 14393);
  EXPECT_EQ(facts->os_family(), OsFamily::win10);
  test::HiveBuilder windows8;
  windows8.set_string(kCv, "CurrentVersion", "6.2").set_string(kCv, "CurrentBuild", "9200");
  facts = read_installation_facts(open_hive(windows8.bytes(), "SOFTWARE"));
  EXPECT_EQ(facts->os_family(), OsFamily::win8);
}

TEST(InstallationFacts, AValueOfTheWrongTypeNamesTheHiveAndTheValue) {
  test::HiveBuilder builder;
  builder.set_dword(kCv, "EditionID", 4);
  auto facts = read_installation_facts(open_hive(builder.bytes(), test::kSoftwareHivePath));
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().code(), ErrorCode::registry_value_type_mismatch);
  EXPECT_EQ(facts.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(facts.error().location(),
            "Windows/System32/config/SOFTWARE: "
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\EditionID");
}

TEST(InstallationFacts, ADigitalProductIdThatIsNotBinaryIsRefused) {
  test::HiveBuilder builder;
  builder.set_string(kCv, "DigitalProductId", "NPPR9-FWDCX-D2C8J-H872K-2YT43");
  auto facts = read_installation_facts(open_hive(builder.bytes(), test::kSoftwareHivePath));
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().code(), ErrorCode::registry_value_type_mismatch);
  EXPECT_EQ(facts.error().to_string().find("NPPR9"), std::string::npos);
}

TEST(InstallationFacts, ATruncatedDigitalProductIdIsRefusedNamingTheValue) {
  test::HiveBuilder builder;
  builder.set_binary(kCv, "DigitalProductId", std::string(40, '\0'));
  auto facts = read_installation_facts(open_hive(builder.bytes(), test::kSoftwareHivePath));
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().code(), ErrorCode::digital_product_id_malformed);
  EXPECT_NE(facts.error().location().find("Windows/System32/config/SOFTWARE"), std::string::npos);
  EXPECT_NE(facts.error().location().find("CurrentVersion\\DigitalProductId"), std::string::npos);
}

TEST(InstallationFacts, AMalformedBackupProductKeyIsRefusedWithoutShowingIt) {
  test::HiveBuilder builder;
  builder.set_string("Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform",
                     "BackupProductKeyDefault", "NPPR9-FWDCX-D2C8J-H872K-2YT4A");
  auto facts = read_installation_facts(open_hive(builder.bytes(), test::kSoftwareHivePath));
  ASSERT_FALSE(facts);
  EXPECT_EQ(facts.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(facts.error().location().find("BackupProductKeyDefault"), std::string::npos);
  EXPECT_EQ(facts.error().to_string().find("FWDCX"), std::string::npos);
}

TEST(InstallationFacts, ANonGvlkInstalledKeyDecodesToItself) {
  // A retail-style key (not in the GVLK catalog) is read as it is; judging it is servicing's job.
  test::WindowsInstallationSpec spec;
  spec.release = WindowsRelease::windows10_enterprise_22h2;
  spec.installed_key = "VK7JG-NPHTM-C97JM-9MPGT-3V66T";
  auto facts = read_installation_facts(open_hive(test::software_hive(spec), "SOFTWARE"));
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->digital_product_id_key->value.formatted(), "VK7JG-NPHTM-C97JM-9MPGT-3V66T");
  EXPECT_EQ(facts->backup_product_key_default->value.partial(), "3V66T");
}

}  // namespace
}  // namespace kmsprep
