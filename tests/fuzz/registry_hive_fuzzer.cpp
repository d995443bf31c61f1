// Fuzz target: a registry hive (registry/, over hivex) opened from memory as inspect, validate
// and `configure --target registry` open Windows/System32/config/SOFTWARE and SYSTEM: the
// installation facts, the KMS client settings and Setup's status read from it, then the slmgr
// /skms edit written into a writable open, serialized, and opened again.
//
// The base block carries an XOR checksum that random bytes almost never match, which would keep
// the fuzzer in front of the first check. So each input is tried as it is and, when only the
// checksum is wrong, once more with the checksum recomputed.
#include <cstddef>
#include <cstdint>
#include <string>

#include "registry/hive.hpp"
#include "registry/installation_facts.hpp"
#include "registry/kms_client_settings.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace kmsprep;

namespace {

constexpr size_t kChecksumOffset = 508;

uint32_t load32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t(uint8_t(bytes[offset + i])) << (8 * i);
  return value;
}

// The REGF base block checksum: XOR of its first 127 dwords, 0 and ~0 avoided.
std::string with_checksum(std::string bytes) {
  uint32_t checksum = 0;
  for (size_t offset = 0; offset < kChecksumOffset; offset += 4) checksum ^= load32(bytes, offset);
  if (checksum == 0) checksum = 1;
  if (checksum == 0xFFFFFFFF) checksum = 0xFFFFFFFE;
  for (int i = 0; i < 4; ++i) bytes[kChecksumOffset + i] = char((checksum >> (8 * i)) & 0xFF);
  return bytes;
}

template <typename T>
void expect_refused(const Result<T>& result) {
  if (!result) fuzz::expect_bad_input(result.error());
}

void read_hive(const std::string& bytes) {
  auto software = Hive::open(bytes, "Windows/System32/config/SOFTWARE", false);
  if (!software) {
    fuzz::expect_bad_input(software.error());
    return;
  }
  auto facts = read_installation_facts(*software);
  expect_refused(facts);
  if (facts) {
    facts->build();
    facts->os_family();
  }
  expect_refused(read_kms_client_settings(*software));
  expect_refused(read_setup_status(*software));
  expect_refused(software->subkeys(""));
  expect_refused(software->value_names(""));
  expect_refused(software->subkeys(kCurrentVersionKey));
}

// An edit of a hive whose KMS settings read back fine must leave them readable, with the host
// that was written. (A hive already damaged there may stay damaged: hivex rewrites only the
// values it sets.)
void edit_hive(const std::string& bytes) {
  auto software = Hive::open(bytes, "Windows/System32/config/SOFTWARE", true);
  if (!software) return;
  const bool readable_before = read_kms_client_settings(*software).ok();
  KmsClientSettingsEdit edit;
  edit.kms_host = SettingEdit<std::string>::set_to("kms.corp.example");
  edit.kms_port = SettingEdit<std::string>::set_to("1688");
  edit.skip_rearm = SettingEdit<uint32_t>::cleared();
  auto changes = apply_kms_client_settings_change(
      *software, LicensingLayout::software_protection_platform, edit);
  if (!changes) {
    fuzz::expect_bad_input(changes.error());
    return;
  }
  auto serialized = software->serialize();
  if (!serialized) {
    fuzz::expect_bad_input(serialized.error());
    return;
  }
  if (changes->empty()) {
    fuzz::expect(*serialized == bytes, "a hive without changes did not keep its bytes");
    return;
  }
  auto reopened = Hive::open(*serialized, "SOFTWARE (edited)", false);
  if (!reopened) fuzz::fail("the edited hive does not open: " + reopened.error().to_string());
  if (!readable_before) return;
  auto settings = read_kms_client_settings(*reopened);
  if (!settings) fuzz::fail("the edited hive does not read: " + settings.error().to_string());
  fuzz::expect(settings->kms_host && settings->kms_host->value == "kms.corp.example",
               "the edited hive lost the KMS host");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  if (bytes.size() > kChecksumOffset + 4 && bytes.compare(0, 4, "regf") == 0) {
    const std::string fixed = with_checksum(bytes);
    if (fixed != bytes) read_hive(bytes);
    bytes = fixed;
  }
  read_hive(bytes);
  edit_hive(bytes);
  return 0;
}
