// Hostile and damaged hives: each gives a bad-input Error naming the hive (and the key path
// where one is involved) with a hint, never a crash (the suite runs under ASan and UBSan).
#include <gtest/gtest.h>

#include <cstring>

#include "registry/hive.hpp"
#include "registry/installation_facts.hpp"
#include "registry/kms_client_settings.hpp"
#include "tests/support/hive_builder.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

constexpr const char* kHiveName = "Windows/System32/config/SOFTWARE";
constexpr size_t kFirstHbin = 4096;

using test::read_le32;
using test::write_le32;

// File offset of the record (after the cell's size field) of the first cell whose record
// starts with `signature` and, for nk records, whose key name is `key_name`.
size_t find_record(const std::string& hive, const char* signature,
                   const std::string& key_name = {}) {
  size_t cell = kFirstHbin + 32;
  while (cell + 8 < hive.size()) {
    if (hive.compare(cell, 4, "hbin") == 0) {
      cell += 32;
      continue;
    }
    const auto size = static_cast<int32_t>(read_le32(hive, cell));
    const size_t length = static_cast<size_t>(size < 0 ? -size : size);
    if (length == 0) break;
    const size_t record = cell + 4;
    if (hive.compare(record, 2, signature) == 0) {
      if (key_name.empty()) return record;
      const size_t name_length = uint8_t(hive[record + 72]) | uint8_t(hive[record + 73]) << 8;
      if (hive.compare(record + 76, name_length, key_name) == 0 && name_length == key_name.size()) {
        return record;
      }
    }
    cell += length;
  }
  throw std::runtime_error(std::string("no ") + signature + " record " + key_name);
}

void expect_bad_input(const Error& error, ErrorCode code, const std::string& location_part) {
  EXPECT_EQ(error.code(), code) << error.to_string();
  EXPECT_EQ(error.kind(), ErrorKind::bad_input) << error.to_string();
  EXPECT_NE(error.location().find(kHiveName), std::string::npos) << error.to_string();
  EXPECT_NE(error.location().find(location_part), std::string::npos) << error.to_string();
  EXPECT_FALSE(error.hint().empty()) << error.to_string();
}

std::string hive_with_keys() {
  test::HiveBuilder builder;
  builder.set_string("A\\B", "Value", "text")
      .set_string("Microsoft\\Windows NT\\CurrentVersion", "EditionID", "Enterprise");
  return builder.bytes();
}

TEST(HostileHive, EmptyBytes) {
  auto hive = Hive::open("", kHiveName, false);
  ASSERT_FALSE(hive);
  expect_bad_input(hive.error(), ErrorCode::registry_hive_invalid, kHiveName);
  EXPECT_NE(hive.error().detail().find("empty"), std::string::npos);
}

TEST(HostileHive, BytesThatAreNotARegfHive) {
  for (const std::string& bytes :
       {std::string(
            "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE]\r\n"),
        std::string("MZ") + std::string(8190, '\0'), std::string(8192, '\xFF')}) {
    auto hive = Hive::open(bytes, kHiveName, false);
    ASSERT_FALSE(hive);
    expect_bad_input(hive.error(), ErrorCode::registry_hive_invalid, kHiveName);
    EXPECT_NE(hive.error().detail().find("REGF"), std::string::npos);
  }
}

TEST(HostileHive, TruncatedInsideTheBaseBlock) {
  auto hive = Hive::open(hive_with_keys().substr(0, 1000), kHiveName, true);
  ASSERT_FALSE(hive);
  expect_bad_input(hive.error(), ErrorCode::registry_hive_invalid, kHiveName);
  EXPECT_NE(hive.error().detail().find("truncated"), std::string::npos);
}

TEST(HostileHive, TruncatedInsideTheHbins) {
  const std::string full = hive_with_keys();
  for (size_t length : {kFirstHbin + 40, kFirstHbin + 2048, full.size() - 1}) {
    for (bool writable : {false, true}) {
      auto hive = Hive::open(full.substr(0, length), kHiveName, writable);
      ASSERT_FALSE(hive) << length;
      expect_bad_input(hive.error(), ErrorCode::registry_hive_invalid, kHiveName);
      EXPECT_NE(hive.error().detail().find("truncated"), std::string::npos);
    }
  }
}

TEST(HostileHive, BadBaseBlockChecksum) {
  std::string bytes = hive_with_keys();
  write_le32(bytes, 508, read_le32(bytes, 508) ^ 0x00010000);
  auto hive = Hive::open(bytes, kHiveName, false);
  ASSERT_FALSE(hive);
  expect_bad_input(hive.error(), ErrorCode::registry_hive_invalid, kHiveName);
  EXPECT_NE(hive.error().detail().find("checksum"), std::string::npos);
}

TEST(HostileHive, BadHbinSignature) {
  std::string bytes = hive_with_keys();
  std::memcpy(&bytes[kFirstHbin], "hbix", 4);
  auto hive = Hive::open(bytes, kHiveName, false);
  ASSERT_FALSE(hive);
  expect_bad_input(hive.error(), ErrorCode::registry_hive_invalid, kHiveName);
  EXPECT_NE(hive.error().detail().find("hbin"), std::string::npos);
}

TEST(HostileHive, HbinSizeBeyondTheFile) {
  std::string bytes = hive_with_keys();
  write_le32(bytes, kFirstHbin + 8, 0x10000000);
  auto hive = Hive::open(bytes, kHiveName, false);
  ASSERT_FALSE(hive);
  expect_bad_input(hive.error(), ErrorCode::registry_hive_invalid, kHiveName);
}

TEST(HostileHive, SubkeyCycleIsReportedWithTheKeyPath) {
  // Key B's subkey list is pointed at the root's, so A\B\A is A again.
  std::string bytes = hive_with_keys();
  const size_t root = find_record(bytes, "nk", "ROOT");
  const size_t b = find_record(bytes, "nk", "B");
  write_le32(bytes, b + 20, read_le32(bytes, root + 20));  // number of subkeys
  write_le32(bytes, b + 28, read_le32(bytes, root + 28));  // subkey list
  auto hive = Hive::open(bytes, kHiveName, false);
  ASSERT_TRUE(hive) << hive.error().to_string();
  EXPECT_EQ(OK_VALUE(OK_VALUE(hive->value("A\\B", "Value"))->as_string()), "text");
  auto looped = hive->value("A\\B\\A\\B", "Value");
  ASSERT_FALSE(looped);
  expect_bad_input(looped.error(), ErrorCode::registry_key_cycle, "SOFTWARE\\A\\B\\A\\B");
}

TEST(HostileHive, SubkeyListOffsetOutsideTheHive) {
  std::string bytes = hive_with_keys();
  const size_t a = find_record(bytes, "nk", "A");
  write_le32(bytes, a + 28, 0x7FFFFF00);
  auto hive = Hive::open(bytes, kHiveName, false);
  ASSERT_TRUE(hive) << hive.error().to_string();
  auto value = hive->value("A\\B", "Value");
  ASSERT_FALSE(value);
  expect_bad_input(value.error(), ErrorCode::registry_hive_invalid, "SOFTWARE\\A\\B\\Value");
}

TEST(HostileHive, StringLargerThanTheCapIsRefusedNamingTheCap) {
  test::HiveBuilder builder;
  builder.set_string("Microsoft\\Windows NT\\CurrentVersion", "EditionID",
                     std::string(40000, 'E'));  // 80002 bytes of UTF-16
  auto hive = Hive::open(builder.bytes(), kHiveName, false);
  ASSERT_TRUE(hive);
  auto facts = read_installation_facts(*hive);
  ASSERT_FALSE(facts);
  expect_bad_input(facts.error(), ErrorCode::registry_value_too_large,
                   "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\EditionID");
  EXPECT_NE(facts.error().detail().find(std::to_string(kMaxRegistryStringBytes)),
            std::string::npos);
}

TEST(HostileHive, BinaryClaimingMoreThanTheCapIsRefusedBeforeReading) {
  test::HiveBuilder builder;
  builder.set_binary("Microsoft\\Windows NT\\CurrentVersion", "DigitalProductId",
                     std::string(20000, '\0'));
  std::string bytes = builder.bytes();
  const size_t vk = find_record(bytes, "vk");
  write_le32(bytes, vk + 4, 64 * 1024 * 1024);  // data length: 64 MiB, far beyond the file
  auto hive = Hive::open(bytes, kHiveName, false);
  ASSERT_TRUE(hive) << hive.error().to_string();
  auto value = hive->value("Microsoft\\Windows NT\\CurrentVersion", "DigitalProductId");
  ASSERT_FALSE(value);
  expect_bad_input(value.error(), ErrorCode::registry_value_too_large,
                   "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\DigitalProductId");
  EXPECT_NE(value.error().detail().find(std::to_string(kMaxRegistryBinaryBytes)),
            std::string::npos);
}

TEST(HostileHive, ValueDataOffsetOutsideTheHive) {
  test::HiveBuilder builder;
  builder.set_binary("Key", "Blob", std::string(100, '\x01'));
  std::string bytes = builder.bytes();
  const size_t vk = find_record(bytes, "vk");
  write_le32(bytes, vk + 8, 0x7FFFFF00);  // data offset
  auto hive = Hive::open(bytes, kHiveName, false);
  ASSERT_TRUE(hive) << hive.error().to_string();
  auto value = hive->value("Key", "Blob");
  ASSERT_FALSE(value);
  expect_bad_input(value.error(), ErrorCode::registry_hive_invalid, "SOFTWARE\\Key\\Blob");
}

TEST(HostileHive, WritesIntoADamagedKeyFailWithoutTouchingTheInput) {
  std::string bytes = hive_with_keys();
  const size_t a = find_record(bytes, "nk", "A");
  write_le32(bytes, a + 28, 0x7FFFFF00);
  const std::string damaged = bytes;
  auto hive = Hive::open(bytes, kHiveName, true);
  ASSERT_TRUE(hive);
  auto status = hive->set_string("A\\B", "Value", "new");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind(), ErrorKind::bad_input) << status.error().to_string();
  EXPECT_EQ(bytes, damaged);
}

// Found by tests/fuzz (registry_hive): a vk record's type field holding a number that is no
// REG_* type (35329 in the fuzzer's hive) was loaded as hivex's enum, which is undefined
// behaviour. It reads as the number it is, and the fact reader refuses it as a wrong type.
// Corpus: regression-unknown-value-type.hive.
constexpr uint32_t kUnknownTypeNumber = 35329;

std::string hive_with_unknown_value_type() {
  test::HiveBuilder builder;
  builder.set_string("Microsoft\\Windows NT\\CurrentVersion", "EditionID", "Enterprise");
  std::string bytes = builder.bytes();
  write_le32(bytes, find_record(bytes, "vk") + 12, kUnknownTypeNumber);  // the data type
  return bytes;
}

TEST(HostileHive, ValueTypeThatIsNoRegistryTypeReadsAsItsNumber) {
  auto hive = Hive::open(hive_with_unknown_value_type(), kHiveName, false);
  ASSERT_TRUE(hive) << hive.error().to_string();
  auto value = hive->value("Microsoft\\Windows NT\\CurrentVersion", "EditionID");
  ASSERT_TRUE(value) << value.error().to_string();
  ASSERT_TRUE(value->has_value());
  EXPECT_EQ(static_cast<uint32_t>((*value)->type()), kUnknownTypeNumber);
  EXPECT_EQ(to_string((*value)->type()), "REG_TYPE_35329");
  auto facts = read_installation_facts(*hive);
  ASSERT_FALSE(facts);
  expect_bad_input(facts.error(), ErrorCode::registry_value_type_mismatch,
                   "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\EditionID");
}

TEST(HostileHive, DeletingAValueKeepsASiblingOfUnknownTypeAsStored) {
  test::HiveBuilder builder = test::HiveBuilder::from_bytes(hive_with_unknown_value_type());
  builder.set_dword("Microsoft\\Windows NT\\CurrentVersion", "SkipRearm", 1);
  auto hive = Hive::open(builder.bytes(), kHiveName, true);
  ASSERT_TRUE(hive) << hive.error().to_string();
  ASSERT_TRUE(hive->delete_value("Microsoft\\Windows NT\\CurrentVersion", "SkipRearm"));
  auto bytes = hive->serialize();
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  auto reopened = Hive::open(*bytes, kHiveName, false);
  ASSERT_TRUE(reopened) << reopened.error().to_string();
  auto kept = reopened->value("Microsoft\\Windows NT\\CurrentVersion", "EditionID");
  ASSERT_TRUE(kept && kept->has_value());
  EXPECT_EQ(static_cast<uint32_t>((*kept)->type()), kUnknownTypeNumber);
  EXPECT_EQ((*kept)->data(), test::utf16le("Enterprise") + std::string(2, '\0'));
  auto deleted = reopened->value("Microsoft\\Windows NT\\CurrentVersion", "SkipRearm");
  ASSERT_TRUE(deleted);
  EXPECT_FALSE(deleted->has_value());
}

// Found by tests/fuzz (registry_hive): a key holding two values of one name (the fuzzer renamed
// KeyManagementServicePort). hivex rewrote the second while reads find the first, so the
// slmgr /skms edit reported a change that the committed hive did not have. The write is
// refused and nothing changes. Corpus: regression-two-values-one-name.hive.
TEST(HostileHive, WriteRefusesAKeyHoldingTwoValuesOfTheName) {
  const std::string key = "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";
  test::HiveBuilder builder;
  builder.set_string(key, "KeyManagementServiceName", "kms-old.corp.example")
      .set_string(key, "KeyManagementServicePort", "1688");
  std::string bytes = builder.bytes();
  const size_t port = bytes.find("KeyManagementServicePort");  // the vk record's ASCII name
  ASSERT_NE(port, std::string::npos);
  bytes.replace(port, 24, "KeyManagementServiceName");
  auto hive = Hive::open(bytes, kHiveName, true);
  ASSERT_TRUE(hive) << hive.error().to_string();

  KmsClientSettingsEdit edit;
  edit.kms_host = SettingEdit<std::string>::set_to("kms.corp.example");
  auto changes =
      apply_kms_client_settings_change(*hive, LicensingLayout::software_protection_platform, edit);
  ASSERT_FALSE(changes);
  expect_bad_input(changes.error(), ErrorCode::registry_hive_invalid,
                   "SoftwareProtectionPlatform\\KeyManagementServiceName");
  EXPECT_NE(changes.error().detail().find("2 values named"), std::string::npos)
      << changes.error().to_string();
  EXPECT_FALSE(hive->modified());
  EXPECT_EQ(OK_VALUE(hive->serialize()), bytes);
  EXPECT_FALSE(hive->set_dword(key, "keymanagementservicename", 1));
}

}  // namespace
}  // namespace kmsprep
