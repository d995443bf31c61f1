#include "registry/installation_facts.hpp"

#include "core/text.hpp"
#include "registry/digital_product_id.hpp"
#include "registry/fact_reading.hpp"
#include "registry/kms_client_settings.hpp"

namespace kmsprep {
namespace {

using registry_detail::read_dword_fact;
using registry_detail::read_string_fact;

std::optional<int> parse_build(const OptionalFact<std::string>& fact) {
  if (!fact || fact->value.size() > 9) return std::nullopt;
  return parse_integer<int>(fact->value, 0, 999999999);
}

}  // namespace

std::optional<int> InstallationFacts::build() const {
  if (auto number = parse_build(current_build_number)) return number;
  return parse_build(current_build);
}

std::optional<OsFamily> InstallationFacts::os_family() const {
  const std::optional<int> build_number = build();
  // Windows 10 and later (and Server 2016 and later) keep CurrentVersion at 6.3 for old
  // programs; the major version number, or the build, tells them from 8.1.
  if (current_major_version_number && current_major_version_number->value >= 10) {
    return OsFamily::win10;
  }
  if (current_version) {
    const std::string& version = current_version->value;
    if (version == "6.0") return OsFamily::vista;
    if (version == "6.1") return OsFamily::win7;
    if (version == "6.2") return OsFamily::win8;
    if (version == "6.3") {
      return build_number && *build_number >= 10000 ? OsFamily::win10 : OsFamily::win81;
    }
  }
  if (!build_number) return std::nullopt;
  if (*build_number >= 10000) return OsFamily::win10;
  if (*build_number >= 9600) return OsFamily::win81;
  if (*build_number >= 9200) return OsFamily::win8;
  if (*build_number >= 7600) return OsFamily::win7;
  if (*build_number >= 6000) return OsFamily::vista;
  return std::nullopt;
}

// Long on purpose: tables of the values a real installation keeps, read in one loop per value type.
Result<InstallationFacts> read_installation_facts(const Hive& software) {
  InstallationFacts facts;
  const std::string key = kCurrentVersionKey;
  const std::pair<OptionalFact<std::string>*, const char*> strings[] = {
      {&facts.product_name, "ProductName"},
      {&facts.edition_id, "EditionID"},
      {&facts.installation_type, "InstallationType"},
      {&facts.current_version, "CurrentVersion"},
      {&facts.current_build, "CurrentBuild"},
      {&facts.current_build_number, "CurrentBuildNumber"},
      {&facts.display_version, "DisplayVersion"},
      {&facts.release_id, "ReleaseId"},
  };
  for (const auto& [target, name] : strings) {
    if (auto status = read_string_fact(software, key, name, *target); !status) {
      return status.error();
    }
  }
  const std::pair<OptionalFact<uint32_t>*, const char*> numbers[] = {
      {&facts.current_major_version_number, "CurrentMajorVersionNumber"},
      {&facts.current_minor_version_number, "CurrentMinorVersionNumber"},
      {&facts.ubr, "UBR"},
  };
  for (const auto& [target, name] : numbers) {
    if (auto status = read_dword_fact(software, key, name, *target); !status) {
      return status.error();
    }
  }

  auto digital_product_id = software.value(key, "DigitalProductId");
  if (!digital_product_id) return digital_product_id.error();
  if (*digital_product_id) {
    const RegistryValue& value = **digital_product_id;
    if (value.type() != RegistryType::binary) {
      return Error(ErrorCode::registry_value_type_mismatch,
                   "DigitalProductId is " + to_string(value.type()) + ", not REG_BINARY",
                   software.display_name() + ": " + value.source(),
                   "the value is damaged; reinstall the key on a reference PC and capture again");
    }
    auto decoded = decode_digital_product_id(value.data(), value.source());
    if (!decoded) return Error(decoded.error()).within(software.display_name());
    facts.digital_product_id_key = RegistryFact<ProductKey>{*decoded, value.source()};
  }

  const char* spp_key = licensing_key_path(LicensingLayout::software_protection_platform);
  OptionalFact<std::string> backup;
  if (auto status = read_string_fact(software, spp_key, "BackupProductKeyDefault", backup);
      !status) {
    return status.error();
  }
  if (backup) {
    auto parsed = ProductKey::parse(backup->value);
    if (!parsed) {
      return Error(parsed.error()).within(software.display_name() + ": " + backup->source);
    }
    facts.backup_product_key_default = RegistryFact<ProductKey>{*parsed, backup->source};
  }

  if (auto status = read_string_fact(software, kSetupStateKey, "ImageState", facts.image_state);
      !status) {
    return status.error();
  }
  return facts;
}

Result<SetupStatus> read_setup_status(const Hive& system) {
  SetupStatus status;
  const std::tuple<OptionalFact<uint32_t>*, const char*, const char*> numbers[] = {
      {&status.generalization_state, kSysprepStatusKey, "GeneralizationState"},
      {&status.cleanup_state, kSysprepStatusKey, "CleanupState"},
      {&status.system_setup_in_progress, kSystemSetupKey, "SystemSetupInProgress"},
      {&status.oobe_in_progress, kSystemSetupKey, "OOBEInProgress"},
      {&status.setup_type, kSystemSetupKey, "SetupType"},
  };
  for (const auto& [target, key, name] : numbers) {
    if (auto read = read_dword_fact(system, key, name, *target); !read) {
      return read.error();
    }
  }
  return status;
}

}  // namespace kmsprep
