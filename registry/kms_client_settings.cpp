#include "registry/kms_client_settings.hpp"

#include "core/text.hpp"
#include "registry/fact_reading.hpp"

namespace kmsprep {
namespace {

using registry_detail::read_dword_fact;
using registry_detail::read_string_fact;

constexpr const char* kHostValue = "KeyManagementServiceName";
constexpr const char* kPortValue = "KeyManagementServicePort";
constexpr const char* kSkipRearmValue = "SkipRearm";

// Application and SKU subkeys are GUIDs ("55c92734-d682-4d71-983e-d6ec3f16059f"), with or
// without braces; the licensing key also has ordinary subkeys (Activation, Policies, ...).
bool looks_like_guid(std::string_view name) {
  if (name.size() == 38 && name.front() == '{' && name.back() == '}') {
    name = name.substr(1, 36);
  }
  if (name.size() != 36) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash_position ? c != '-' : !hex) return false;
  }
  return true;
}

// The per-application (`sku_id` empty) or per-SKU host under `key_path`, when it sets one.
Status read_override(const Hive& software, const std::string& key_path,
                     const std::string& application_id, std::optional<std::string> sku_id,
                     std::vector<KmsHostOverride>& overrides) {
  OptionalFact<std::string> host;
  if (auto status = read_string_fact(software, key_path, kHostValue, host); !status) return status;
  if (!host) return ok_status();
  OptionalFact<std::string> port;
  if (auto status = read_string_fact(software, key_path, kPortValue, port); !status) return status;
  overrides.push_back(KmsHostOverride{application_id, std::move(sku_id), *host, port});
  return ok_status();
}

Status read_overrides(const Hive& software, const std::string& key_path,
                      std::vector<KmsHostOverride>& overrides) {
  auto applications = software.subkeys(key_path);
  if (!applications) return applications.error();
  for (const std::string& application : *applications) {
    if (!looks_like_guid(application)) continue;
    const std::string application_key = key_path + "\\" + application;
    if (auto status =
            read_override(software, application_key, application, std::nullopt, overrides);
        !status) {
      return status;
    }
    auto skus = software.subkeys(application_key);
    if (!skus) return skus.error();
    for (const std::string& sku : *skus) {
      if (!looks_like_guid(sku)) continue;
      if (auto status =
              read_override(software, application_key + "\\" + sku, application, sku, overrides);
          !status) {
        return status;
      }
    }
  }
  return ok_status();
}

}  // namespace

const char* licensing_key_path(LicensingLayout layout) {
  switch (layout) {
    case LicensingLayout::vista_sl:
      return "Microsoft\\Windows NT\\CurrentVersion\\SL";
    case LicensingLayout::software_protection_platform:
      return "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";
  }
  return "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";
}

LicensingLayout licensing_layout_for(OsFamily family) {
  return family == OsFamily::vista ? LicensingLayout::vista_sl
                                   : LicensingLayout::software_protection_platform;
}

Result<KmsClientSettings> read_kms_client_settings(const Hive& software) {
  KmsClientSettings settings;
  for (LicensingLayout layout :
       {LicensingLayout::software_protection_platform, LicensingLayout::vista_sl}) {
    auto exists = software.key_exists(licensing_key_path(layout));
    if (!exists) return exists.error();
    if (*exists) {
      settings.layout = layout;
      settings.key_present = true;
      break;
    }
  }
  if (!settings.key_present) return settings;
  const std::string key = licensing_key_path(settings.layout);
  const std::pair<OptionalFact<std::string>*, const char*> strings[] = {
      {&settings.kms_host, kHostValue},
      {&settings.kms_port, kPortValue},
  };
  for (const auto& [target, name] : strings) {
    if (auto status = read_string_fact(software, key, name, *target); !status) {
      return status.error();
    }
  }
  const std::pair<OptionalFact<uint32_t>*, const char*> numbers[] = {
      {&settings.skip_rearm, kSkipRearmValue},
      {&settings.user_operations, "UserOperations"},
      {&settings.vl_activation_interval, "VLActivationInterval"},
      {&settings.vl_renewal_interval, "VLRenewalInterval"},
  };
  for (const auto& [target, name] : numbers) {
    if (auto status = read_dword_fact(software, key, name, *target); !status) {
      return status.error();
    }
  }
  if (auto status = read_overrides(software, key, settings.overrides); !status) {
    return status.error();
  }
  return settings;
}

namespace {

// What a requested edit of one value would do: set it to a REG_SZ / REG_DWORD or delete it.
struct PlannedValue {
  const char* name;
  EditKind kind;
  RegistryType type;
  std::string text;   // REG_SZ data
  uint32_t number;    // REG_DWORD data
  std::string after;  // display form
};

std::vector<PlannedValue> requested_values(const KmsClientSettingsEdit& edit) {
  std::vector<PlannedValue> values;
  if (edit.kms_host.kind != EditKind::keep) {
    values.push_back({kHostValue, edit.kms_host.kind, RegistryType::sz, edit.kms_host.value, 0,
                      edit.kms_host.value});
  }
  if (edit.kms_port.kind != EditKind::keep) {
    values.push_back({kPortValue, edit.kms_port.kind, RegistryType::sz, edit.kms_port.value, 0,
                      edit.kms_port.value});
  }
  if (edit.skip_rearm.kind != EditKind::keep) {
    values.push_back({kSkipRearmValue,
                      edit.skip_rearm.kind,
                      RegistryType::dword,
                      {},
                      edit.skip_rearm.value,
                      std::to_string(edit.skip_rearm.value)});
  }
  return values;
}

bool already_holds(const RegistryValue& current, const PlannedValue& planned) {
  if (current.type() != planned.type) return false;
  if (planned.type == RegistryType::sz) {
    auto text = current.as_string();
    return text && *text == planned.text;
  }
  auto number = current.as_dword();
  return number && *number == planned.number;
}

Status check_edit(const KmsClientSettingsEdit& edit) {
  if (edit.kms_host.kind == EditKind::set && edit.kms_host.value.empty()) {
    return Error::usage("the KMS host name to write into the registry is empty",
                        "give a host name, or clear the setting instead");
  }
  if (edit.kms_port.kind == EditKind::set) {
    const std::string& port = edit.kms_port.value;
    if (port.size() > 5 || !parse_integer<int>(port, 1, 65535)) {
      return Error::usage("KMS port \"" + port + "\" is not a TCP port number",
                          "give a number from 1 to 65535 (KMS uses 1688)");
    }
  }
  return ok_status();
}

Result<std::vector<std::pair<RegistryChange, PlannedValue>>> plan(
    const Hive& software, LicensingLayout layout, const KmsClientSettingsEdit& edit) {
  if (auto status = check_edit(edit); !status) return status.error();
  const std::string key = licensing_key_path(layout);
  std::vector<std::pair<RegistryChange, PlannedValue>> changes;
  for (const PlannedValue& planned : requested_values(edit)) {
    auto current = software.value(key, planned.name);
    if (!current) return current.error();
    const bool present = current->has_value();
    if (planned.kind == EditKind::clear ? !present : present && already_holds(**current, planned)) {
      continue;
    }
    RegistryChange change;
    change.key = software.root_name() + "\\" + key;
    change.value_name = planned.name;
    if (present) change.before = (*current)->display();
    if (planned.kind == EditKind::set) change.after = planned.after;
    changes.emplace_back(std::move(change), planned);
  }
  return changes;
}

}  // namespace

Result<std::vector<RegistryChange>> plan_kms_client_settings_change(
    const Hive& software, LicensingLayout layout, const KmsClientSettingsEdit& edit) {
  auto planned = plan(software, layout, edit);
  if (!planned) return planned.error();
  std::vector<RegistryChange> changes;
  for (auto& [change, value] : *planned) changes.push_back(std::move(change));
  return changes;
}

Result<std::vector<RegistryChange>> apply_kms_client_settings_change(
    Hive& software, LicensingLayout layout, const KmsClientSettingsEdit& edit) {
  auto planned = plan(software, layout, edit);
  if (!planned) return planned.error();
  const std::string key = licensing_key_path(layout);
  std::vector<RegistryChange> changes;
  for (auto& [change, value] : *planned) {
    Status written = value.kind == EditKind::clear ? software.delete_value(key, value.name)
                     : value.type == RegistryType::sz
                         ? software.set_string(key, value.name, value.text)
                         : software.set_dword(key, value.name, value.number);
    if (!written) return written.error();
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace kmsprep
