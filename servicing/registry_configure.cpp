#include "servicing/registry_configure.hpp"

#include "registry/hive.hpp"
#include "registry/installation_facts.hpp"

namespace kmsprep {
namespace {

KmsClientSettingsEdit edit_for(const RegistryConfigureRequest& request) {
  KmsClientSettingsEdit edit;
  if (request.kms_host) {
    // As slmgr /skms HOST:PORT: both values, REG_SZ, the port always written (the answer-file
    // command kmsprep writes passes the port too, so both targets leave the same registry).
    edit.kms_host = SettingEdit<std::string>::set_to(request.kms_host->host);
    edit.kms_port = SettingEdit<std::string>::set_to(std::to_string(request.kms_host->port));
  }
  if (request.clear_kms_host) {  // slmgr /ckms deletes both
    edit.kms_host = SettingEdit<std::string>::cleared();
    edit.kms_port = SettingEdit<std::string>::cleared();
  }
  if (request.skip_rearm) {
    edit.skip_rearm = SettingEdit<uint32_t>::set_to(static_cast<uint32_t>(*request.skip_rearm));
  }
  return edit;
}

}  // namespace

Result<RegistryConfigurePlan> plan_registry_configure(Image& image,
                                                      const RegistryConfigureRequest& request) {
  auto file = read_hive(image, HiveName::software);
  if (!file) return std::move(file).error();
  if (!*file) {
    return Error(ErrorCode::registry_target_unavailable,
                 std::string("the image has no SOFTWARE hive (") +
                     hive_image_path(HiveName::software) +
                     "), so --target registry has "
                     "nothing to write into",
                 image.source(),
                 "use --target answer-file, setupcomplete or both for an image that is not an "
                 "installed Windows (install media, a tree without hives)");
  }
  RegistryConfigurePlan plan;
  plan.hive_path = (*file)->path;
  const auto located = [&](Error error) { return std::move(error.within(image.source())); };
  auto hive = Hive::open_file(std::move((*file)->file), plan.hive_path, true);
  if (!hive) return located(std::move(hive).error());
  auto facts = read_installation_facts(*hive);
  if (!facts) return located(std::move(facts).error());
  if (auto family = facts->os_family()) {
    plan.family = *family;
    plan.family_source = "registry CurrentVersion";
  } else if (request.os) {
    plan.family = *request.os;
    plan.family_source = "--os";
  } else {
    return Error(ErrorCode::usage_missing_argument,
                 "the SOFTWARE hive of " + image.source() +
                     " records no Windows version (CurrentVersion, CurrentBuildNumber)",
                 {},
                 "pass --os FAMILY: Vista / 2008 keep the KMS settings under "
                 "CurrentVersion\\SL, 7 / 2008 R2 and later under SoftwareProtectionPlatform");
  }
  const LicensingLayout layout = licensing_layout_for(plan.family);
  plan.key = hive->root_name() + "\\" + licensing_key_path(layout);
  auto changes = apply_kms_client_settings_change(*hive, layout, edit_for(request));
  if (!changes) return located(std::move(changes).error());
  plan.changes = std::move(*changes);
  if (plan.changes.empty()) return plan;
  auto bytes = hive->serialize_to_file();
  if (!bytes) return located(std::move(bytes).error());
  plan.new_hive.emplace(std::move(*bytes));
  return plan;
}

}  // namespace kmsprep
