#include "servicing/installation_registry.hpp"

#include "registry/hive.hpp"
#include "servicing/installation_hives.hpp"
#include "servicing/installation_product.hpp"

namespace kmsprep {

const char* to_string(KeyCatalogMatch match) {
  switch (match) {
    case KeyCatalogMatch::gvlk:
      return "GVLK";
    case KeyCatalogMatch::not_gvlk:
      return "not a GVLK";
    case KeyCatalogMatch::unknown:
      return "unknown";
  }
  return "unknown";
}

Result<std::optional<InstallationRegistry>> read_installation_registry(Image& image) {
  auto software_file = read_hive(image, HiveName::software);
  if (!software_file) return std::move(software_file).error();
  // A file without the REGF signature is not a hive Windows wrote (placeholders in test and
  // sample trees): it is not read. A hive with the signature that is damaged is bad input.
  if (!*software_file) return std::optional<InstallationRegistry>();
  auto software_signed = has_regf_signature((*software_file)->file);
  if (!software_signed) return std::move(software_signed).error();
  if (!*software_signed) return std::optional<InstallationRegistry>();
  const auto located = [&](Error error) { return std::move(error.within(image.source())); };

  InstallationRegistry registry;
  registry.software_hive = (*software_file)->path;
  auto software = Hive::open_file(std::move((*software_file)->file), registry.software_hive, false);
  if (!software) return located(std::move(software).error());
  auto facts = read_installation_facts(*software);
  if (!facts) return located(std::move(facts).error());
  registry.facts = std::move(*facts);
  auto kms = read_kms_client_settings(*software);
  if (!kms) return located(std::move(kms).error());
  registry.kms = std::move(*kms);

  auto system_file = read_hive(image, HiveName::system);
  if (!system_file) return std::move(system_file).error();
  bool system_signed = false;
  if (*system_file) {
    auto signature = has_regf_signature((*system_file)->file);
    if (!signature) return std::move(signature).error();
    system_signed = *signature;
  }
  if (system_signed) {
    registry.system_hive = (*system_file)->path;
    auto system = Hive::open_file(std::move((*system_file)->file), *registry.system_hive, false);
    if (!system) return located(std::move(system).error());
    auto status = read_setup_status(*system);
    if (!status) return located(std::move(status).error());
    registry.setup_status = std::move(*status);
  }

  const InstallationFacts& read = registry.facts;
  registry.family = read.os_family();
  if (registry.family && read.edition_id) {
    registry.product =
        product_for_installation(read.edition_id->value, *registry.family, read.build());
  }
  if (read.digital_product_id_key) {
    registry.installed_key = read.digital_product_id_key->value;
    registry.installed_key_source = read.digital_product_id_key->source;
  } else if (read.backup_product_key_default) {
    registry.installed_key = read.backup_product_key_default->value;
    registry.installed_key_source = read.backup_product_key_default->source;
  }
  if (registry.installed_key) {
    registry.key_product = find_gvlk_by_key(*registry.installed_key);
    registry.key_match = registry.key_product ? KeyCatalogMatch::gvlk : KeyCatalogMatch::not_gvlk;
  }
  return std::optional<InstallationRegistry>(std::move(registry));
}

}  // namespace kmsprep
