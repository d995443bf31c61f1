// Found by tests/fuzz (registry_hive): a hive whose base block declares fewer bytes of hive bins
// (offset 40) than its bins hold, the declared end falling inside the last bin. hivex reads it,
// but puts the bin an edit adds at the declared end, inside the last bin, and commits a hive it
// then refuses to open ("Operation not supported"). kmsprep refuses the write before touching
// the hive (E1024) and re-opens every commit before handing it on (E1025). Corpus:
// tests/fuzz/corpus/registry_hive/regression-declared-bins-end-inside-the-last-bin.hive.
#include <gtest/gtest.h>

#include "core/memory_file.hpp"
#include "registry/commit_check.hpp"
#include "registry/hive.hpp"
#include "registry/kms_client_settings.hpp"
#include "tests/support/hive_builder.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

constexpr const char* kHiveName = "Windows/System32/config/SOFTWARE";
constexpr const char* kSpp = "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";
constexpr size_t kFirstBin = 4096;
constexpr size_t kDeclaredSizeOffset = 40;
constexpr size_t kChecksumOffset = 508;

using test::read_le32;
using test::write_le32;

void fix_checksum(std::string& bytes) {
  uint32_t checksum = 0;
  for (size_t offset = 0; offset < kChecksumOffset; offset += 4)
    checksum ^= read_le32(bytes, offset);
  write_le32(bytes, kChecksumOffset, checksum);  // never 0 or ~0 for these hives
}

// A SOFTWARE hive with KMS settings, whose declared bins end `short_by` bytes before the end
// of its last bin (the finding: 0x600 short of two 4 KiB bins).
std::string hive_declaring_less_than_its_bins(uint32_t short_by) {
  test::HiveBuilder builder;
  builder.set_string(kSpp, "KeyManagementServiceName", "kms-old.corp.example")
      .set_string(kSpp, "KeyManagementServicePort", "1688")
      .set_dword(kSpp, "SkipRearm", 1);
  std::string bytes = builder.bytes();
  const uint32_t bins = read_le32(bytes, kDeclaredSizeOffset);
  EXPECT_EQ(kFirstBin + bins, bytes.size()) << "the builder's hive has slack";
  write_le32(bytes, kDeclaredSizeOffset, bins - short_by);
  fix_checksum(bytes);
  return bytes;
}

KmsClientSettingsEdit slmgr_skms_edit() {
  KmsClientSettingsEdit edit;
  edit.kms_host = SettingEdit<std::string>::set_to("kms.corp.example");
  edit.kms_port = SettingEdit<std::string>::set_to("1688");
  edit.skip_rearm = SettingEdit<uint32_t>::cleared();
  return edit;
}

// The cause, in hivex itself: if a hivex release fixes its writer, this fails and the check
// can say which versions need it.
TEST(UnwritableHive, HivexCommitsAHiveItCannotOpenWhenTheDeclaredBinsEndInsideTheLast) {
  test::HiveBuilder builder =
      test::HiveBuilder::from_bytes(hive_declaring_less_than_its_bins(0x600));
  builder.set_string(kSpp, "KeyManagementServiceName", "kms.corp.example");
  const std::string committed = builder.bytes();
  auto reopened = Hive::open(committed, kHiveName, false);
  ASSERT_FALSE(reopened);
  EXPECT_NE(reopened.error().detail().find("Operation not supported"), std::string::npos)
      << reopened.error().to_string();

  auto file = MemoryFile::with_bytes(committed, kHiveName);
  ASSERT_TRUE(file);
  auto opens = require_commit_opens(*file, kHiveName);
  ASSERT_FALSE(opens);
  EXPECT_EQ(opens.error().code(), ErrorCode::registry_commit_unreadable);
  EXPECT_EQ(opens.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(opens.error().location().find(kHiveName), std::string::npos);
  EXPECT_FALSE(opens.error().hint().empty());
}

TEST(UnwritableHive, ReadsButRefusesTheEditBeforeTouchingTheHive) {
  for (uint32_t short_by : {0x600u, 0x8u, 0xFF8u}) {
    const std::string bytes = hive_declaring_less_than_its_bins(short_by);
    const std::string input = bytes;
    auto read_only = Hive::open(bytes, kHiveName, false);
    ASSERT_TRUE(read_only) << read_only.error().to_string();
    auto settings = read_kms_client_settings(*read_only);
    ASSERT_TRUE(settings) << settings.error().to_string();
    ASSERT_TRUE(settings->kms_host);
    EXPECT_EQ(settings->kms_host->value, "kms-old.corp.example");

    auto hive = Hive::open(bytes, kHiveName, true);
    ASSERT_TRUE(hive) << hive.error().to_string();
    auto changes = apply_kms_client_settings_change(
        *hive, LicensingLayout::software_protection_platform, slmgr_skms_edit());
    ASSERT_FALSE(changes) << short_by;
    const Error& error = changes.error();
    EXPECT_EQ(error.code(), ErrorCode::registry_hive_unwritable) << error.to_string();
    EXPECT_EQ(error.kind(), ErrorKind::bad_input);
    EXPECT_NE(error.location().find(kHiveName), std::string::npos) << error.to_string();
    EXPECT_NE(error.location().find("SoftwareProtectionPlatform"), std::string::npos);
    EXPECT_NE(error.detail().find("offset 40"), std::string::npos) << error.to_string();
    EXPECT_NE(error.hint().find("nothing was written"), std::string::npos) << error.to_string();
    EXPECT_FALSE(hive->modified());
    EXPECT_EQ(OK_VALUE(hive->serialize()), input);
    EXPECT_EQ(bytes, input);
    EXPECT_FALSE(hive->delete_value(kSpp, "SkipRearm"));
    EXPECT_FALSE(hive->set_dword("New\\Key", "Value", 1));  // would add keys: refused too
  }
}

TEST(UnwritableHive, AnEditThatChangesNothingStillSucceeds) {
  const std::string bytes = hive_declaring_less_than_its_bins(0x600);
  auto hive = Hive::open(bytes, kHiveName, true);
  ASSERT_TRUE(hive) << hive.error().to_string();
  EXPECT_TRUE(hive->set_string(kSpp, "KeyManagementServicePort", "1688"));
  EXPECT_TRUE(hive->set_dword(kSpp, "SkipRearm", 1));
  EXPECT_TRUE(hive->delete_value(kSpp, "NoSuchValue"));
  EXPECT_FALSE(hive->modified());
  EXPECT_EQ(OK_VALUE(hive->serialize()), bytes);
}

// Slack after the declared bins (hives found in the wild have it) is not the finding: hivex puts
// its new bin there and the result opens.
TEST(UnwritableHive, SlackAfterTheDeclaredBinsIsEditedAndReopens) {
  test::HiveBuilder builder;
  builder.set_string(kSpp, "KeyManagementServiceName", "kms-old.corp.example");
  std::string bytes = builder.bytes() + std::string(4096, '\0');
  auto hive = Hive::open(bytes, kHiveName, true);
  ASSERT_TRUE(hive) << hive.error().to_string();
  ASSERT_TRUE(hive->set_string(kSpp, "KeyManagementServiceName", "kms.corp.example"));
  auto reopened = Hive::open(OK_VALUE(hive->serialize()), kHiveName, false);
  ASSERT_TRUE(reopened) << reopened.error().to_string();
  auto host = reopened->value(kSpp, "KeyManagementServiceName");
  ASSERT_TRUE(host && *host);
  EXPECT_EQ(OK_VALUE((*host)->as_string()), "kms.corp.example");
}

}  // namespace
}  // namespace kmsprep
