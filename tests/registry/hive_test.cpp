// Hive: reading and writing real hives (built through hivex by test support), every result
// checked against readers outside kmsprep (hivexget, reglookup).
#include "registry/hive.hpp"

#include <gtest/gtest.h>

#include "tests/support/hive_builder.hpp"
#include "tests/support/independent_hive_reader.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

constexpr const char* kCurrentVersion = "Microsoft\\Windows NT\\CurrentVersion";
constexpr const char* kSpp = "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";

std::string sample_hive() {
  test::HiveBuilder builder;
  builder.set_string(kCurrentVersion, "EditionID", "Enterprise")
      .set_string(kCurrentVersion, "", "default value")
      .set_dword(kCurrentVersion, "UBR", 3803)
      .set_string(kSpp, "BackupProductKeyDefault", "NPPR9-FWDCX-D2C8J-H872K-2YT43")
      .set_dword(kSpp, "UserOperations", 0)
      .add_key(std::string(kSpp) + "\\Activation")
      .add_key(std::string(kSpp) + "\\55c92734-d682-4d71-983e-d6ec3f16059f");
  return builder.bytes();
}

Hive open_hive(const std::string& bytes, bool writable = false) {
  auto hive = Hive::open(bytes, "Windows/System32/config/SOFTWARE", writable);
  if (!hive) throw std::runtime_error(hive.error().to_string());
  return std::move(*hive);
}

TEST(Hive, ReadsValuesWithKeyAndValueNamesInAnyLetterCase) {
  const Hive hive = open_hive(sample_hive());
  auto value = hive.value("MICROSOFT\\windows nt\\CurrentVersion", "editionid");
  ASSERT_TRUE(value) << value.error().to_string();
  ASSERT_TRUE(value->has_value());
  EXPECT_EQ((*value)->name(), "EditionID");
  EXPECT_EQ((*value)->type(), RegistryType::sz);
  EXPECT_EQ(OK_VALUE((*value)->as_string()), "Enterprise");
  EXPECT_EQ((*value)->source(), "SOFTWARE\\MICROSOFT\\windows nt\\CurrentVersion\\editionid");
  EXPECT_EQ(OK_VALUE(OK_VALUE(hive.value(kCurrentVersion, "UBR"))->as_dword()), 3803u);
  EXPECT_EQ(hive.root_name(), "SOFTWARE");
}

TEST(Hive, ReadsTheDefaultValueUnderTheEmptyName) {
  const Hive hive = open_hive(sample_hive());
  EXPECT_EQ(OK_VALUE(OK_VALUE(hive.value(kCurrentVersion, ""))->as_string()), "default value");
}

TEST(Hive, MissingKeysAndValuesAreAbsentNotErrors) {
  const Hive hive = open_hive(sample_hive());
  EXPECT_FALSE(OK_VALUE(hive.value(kCurrentVersion, "DisplayVersion")).has_value());
  EXPECT_FALSE(OK_VALUE(hive.value("Microsoft\\Nowhere\\Deeper", "X")).has_value());
  EXPECT_FALSE(OK_VALUE(hive.key_exists("Microsoft\\Nowhere")));
  EXPECT_TRUE(OK_VALUE(hive.key_exists("")));
  EXPECT_TRUE(OK_VALUE(hive.subkeys("Microsoft\\Nowhere")).empty());
}

TEST(Hive, ListsSubkeysAndValueNamesAsStored) {
  const Hive hive = open_hive(sample_hive());
  auto subkeys = OK_VALUE(hive.subkeys(kSpp));
  std::sort(subkeys.begin(), subkeys.end());
  EXPECT_EQ(subkeys,
            (std::vector<std::string>{"55c92734-d682-4d71-983e-d6ec3f16059f", "Activation"}));
  auto names = OK_VALUE(hive.value_names(kSpp));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"BackupProductKeyDefault", "UserOperations"}));
}

TEST(Hive, RefusesKeyPathsWithEmptyNames) {
  const Hive hive = open_hive(sample_hive());
  for (const char* path : {"Microsoft\\\\Windows NT", "Microsoft\\", "\\Microsoft"}) {
    auto value = hive.value(path, "X");
    ASSERT_FALSE(value) << path;
    EXPECT_EQ(value.error().code(), ErrorCode::registry_path_invalid) << path;
    EXPECT_NE(value.error().location().find("Windows/System32/config/SOFTWARE"), std::string::npos);
  }
}

TEST(Hive, WritesStringsAndDwordsThatIndependentReadersSee) {
  test::TempDir dir;
  Hive hive = open_hive(sample_hive(), true);
  ASSERT_TRUE(hive.set_string(kSpp, "KeyManagementServiceName", "kms.contoso.com"));
  ASSERT_TRUE(hive.set_string(kSpp, "KeyManagementServicePort", "1688"));
  ASSERT_TRUE(hive.set_dword(kSpp, "SkipRearm", 1));
  ASSERT_TRUE(hive.set_string("Brand\\New\\Key", "Name", "caf\xC3\xA9"));
  EXPECT_TRUE(hive.modified());
  auto bytes = hive.serialize();
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  test::write_bytes(dir / "SOFTWARE", *bytes);

  EXPECT_TRUE(test::hivexml_accepts(dir / "SOFTWARE"));
  EXPECT_EQ(test::hivexget_value(dir / "SOFTWARE", kSpp, "KeyManagementServiceName"),
            "kms.contoso.com");
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "KeyManagementServiceName"),
            "SZ,kms.contoso.com");
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "KeyManagementServicePort"), "SZ,1688");
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "SkipRearm"), "DWORD,0x00000001");
  EXPECT_EQ(test::hivexget_value(dir / "SOFTWARE", "Brand\\New\\Key", "Name"), "caf\xC3\xA9");
  // Values already there are kept.
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "UserOperations"), "DWORD,0x00000000");
  EXPECT_EQ(test::hivexget_value(dir / "SOFTWARE", kCurrentVersion, "EditionID"), "Enterprise");
}

TEST(Hive, ReplacesAValueKeepingTheSpellingOfItsName) {
  test::TempDir dir;
  Hive hive = open_hive(sample_hive(), true);
  ASSERT_TRUE(hive.set_dword(kSpp, "useroperations", 1));
  test::write_bytes(dir / "SOFTWARE", OK_VALUE(hive.serialize()));
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "UserOperations"), "DWORD,0x00000001");
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "useroperations"), "");
}

TEST(Hive, SettingTheValueAlreadyThereChangesNothing) {
  const std::string original = sample_hive();
  Hive hive = open_hive(original, true);
  ASSERT_TRUE(hive.set_string(kCurrentVersion, "EditionID", "Enterprise"));
  ASSERT_TRUE(hive.set_dword(kCurrentVersion, "UBR", 3803));
  ASSERT_TRUE(hive.delete_value(kCurrentVersion, "NoSuchValue"));
  EXPECT_FALSE(hive.modified());
  EXPECT_EQ(OK_VALUE(hive.serialize()), original);
}

TEST(Hive, ChangingTheTypeOfAValueIsAChange) {
  test::TempDir dir;
  Hive hive = open_hive(sample_hive(), true);
  ASSERT_TRUE(hive.set_string(kCurrentVersion, "UBR", "3803"));
  EXPECT_TRUE(hive.modified());
  test::write_bytes(dir / "SOFTWARE", OK_VALUE(hive.serialize()));
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kCurrentVersion, "UBR"), "SZ,3803");
}

TEST(Hive, DeletesOneValueAndKeepsTheOthers) {
  test::TempDir dir;
  Hive hive = open_hive(sample_hive(), true);
  ASSERT_TRUE(hive.delete_value(kSpp, "backupproductkeydefault"));
  EXPECT_TRUE(hive.modified());
  test::write_bytes(dir / "SOFTWARE", OK_VALUE(hive.serialize()));
  EXPECT_TRUE(test::hivexget_lacks_value(dir / "SOFTWARE", kSpp, "BackupProductKeyDefault"));
  EXPECT_EQ(test::reglookup_value(dir / "SOFTWARE", kSpp, "UserOperations"), "DWORD,0x00000000");
  EXPECT_TRUE(test::hivexml_accepts(dir / "SOFTWARE"));
}

TEST(Hive, AReadOnlyHiveRefusesWrites) {
  const std::string original = sample_hive();
  Hive hive = open_hive(original, false);
  auto status = hive.set_string(kSpp, "KeyManagementServiceName", "kms");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), ErrorCode::internal);
  EXPECT_FALSE(hive.modified());
  EXPECT_EQ(OK_VALUE(hive.serialize()), original);
}

TEST(Hive, EditsNeverReachTheCallersBytes) {
  const std::string original = sample_hive();
  std::string caller_copy = original;
  Hive hive = open_hive(caller_copy, true);
  ASSERT_TRUE(hive.set_dword(kSpp, "SkipRearm", 1));
  ASSERT_TRUE(hive.serialize());
  EXPECT_EQ(caller_copy, original);
}

TEST(Hive, ASerializedHiveOpensAgainWithTheEdits) {
  Hive hive = open_hive(sample_hive(), true);
  ASSERT_TRUE(hive.set_string(kSpp, "KeyManagementServiceName", "kms.contoso.com"));
  const Hive reopened = open_hive(OK_VALUE(hive.serialize()));
  EXPECT_EQ(OK_VALUE(OK_VALUE(reopened.value(kSpp, "KeyManagementServiceName"))->as_string()),
            "kms.contoso.com");
}

TEST(Hive, MovedHiveStaysUsable) {
  Hive first = open_hive(sample_hive());
  Hive second = std::move(first);
  EXPECT_EQ(OK_VALUE(OK_VALUE(second.value(kCurrentVersion, "EditionID"))->as_string()),
            "Enterprise");
}

}  // namespace
}  // namespace kmsprep
