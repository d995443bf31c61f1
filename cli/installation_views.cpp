#include "cli/installation_views.hpp"

namespace kmsprep {

using nlohmann::json;

namespace {

template <typename T>
json fact_json(const OptionalFact<T>& fact) {
  if (!fact) return nullptr;
  return {{"value", fact->value}, {"source", "registry"}, {"location", fact->source}};
}

json installed_key_json(const InstallationRegistry& registry) {
  if (!registry.installed_key) {
    return {{"partial_key", nullptr},
            {"catalog", to_string(registry.key_match)},
            {"product_id", nullptr},
            {"source", nullptr},
            {"location", nullptr}};
  }
  return {
      {"partial_key", registry.installed_key->partial()},
      {"catalog", to_string(registry.key_match)},
      {"product_id", registry.key_product ? json(registry.key_product->product_id) : json(nullptr)},
      {"source", "registry"},
      {"location", registry.installed_key_source}};
}

json installation_json(const InstallationRegistry& registry) {
  const InstallationFacts& facts = registry.facts;
  return {{"software_hive", registry.software_hive},
          {"system_hive", registry.system_hive ? json(*registry.system_hive) : json(nullptr)},
          {"product_name", fact_json(facts.product_name)},
          {"edition_id", fact_json(facts.edition_id)},
          {"installation_type", fact_json(facts.installation_type)},
          {"current_version", fact_json(facts.current_version)},
          {"current_build", fact_json(facts.current_build)},
          {"current_build_number", fact_json(facts.current_build_number)},
          {"current_major_version_number", fact_json(facts.current_major_version_number)},
          {"current_minor_version_number", fact_json(facts.current_minor_version_number)},
          {"display_version", fact_json(facts.display_version)},
          {"release_id", fact_json(facts.release_id)},
          {"ubr", fact_json(facts.ubr)},
          {"family", registry.family ? json(to_string(*registry.family)) : json(nullptr)},
          {"product_id", registry.product ? json(registry.product->product_id) : json(nullptr)},
          {"product", registry.product ? json(registry.product->display_name) : json(nullptr)},
          {"installed_key", installed_key_json(registry)}};
}

json kms_settings_json(const KmsClientSettings& kms) {
  json overrides = json::array();
  for (const auto& each : kms.overrides) {
    overrides.push_back({{"application_id", each.application_id},
                         {"sku_id", each.sku_id ? json(*each.sku_id) : json(nullptr)},
                         {"kms_host", fact_json(OptionalFact<std::string>(each.kms_host))},
                         {"kms_port", fact_json(each.kms_port)}});
  }
  return {{"key", std::string("SOFTWARE\\") + licensing_key_path(kms.layout)},
          {"key_present", kms.key_present},
          {"kms_host_name", fact_json(kms.kms_host)},
          {"kms_host_port", fact_json(kms.kms_port)},
          {"skip_rearm", fact_json(kms.skip_rearm)},
          {"user_operations", fact_json(kms.user_operations)},
          {"vl_activation_interval", fact_json(kms.vl_activation_interval)},
          {"vl_renewal_interval", fact_json(kms.vl_renewal_interval)},
          {"overrides", overrides}};
}

json setup_state_json(const LicensingView& view) {
  json state_ini = nullptr;
  if (view.state_ini) {
    state_ini = {
        {"value", view.state_ini->value.empty() ? json(nullptr) : json(view.state_ini->value)},
        {"class", to_string(view.state_ini->state)},
        {"source", "State.ini"},
        {"location", view.state_ini->path}};
  }
  json registry_state = nullptr;
  json generalization_state = nullptr;
  if (view.registry) {
    registry_state = fact_json(view.registry->facts.image_state);
    if (view.registry->setup_status) {
      generalization_state = fact_json(view.registry->setup_status->generalization_state);
    }
  }
  const RealSetupState& verdict = view.setup_state;
  json generalized = nullptr;
  if (verdict.state && *verdict.state != ImageStateClass::unknown) {
    generalized = *verdict.state == ImageStateClass::generalized;
  }
  return {{"state_ini_image_state", state_ini},
          {"registry_image_state", registry_state},
          {"sysprep_generalization_state", generalization_state},
          {"image_state", verdict.state ? json(verdict.value) : json(nullptr)},
          {"class", verdict.state ? json(to_string(*verdict.state)) : json(nullptr)},
          {"source", verdict.state ? json(verdict.source) : json(nullptr)},
          {"location", verdict.state ? json(verdict.location) : json(nullptr)},
          {"generalized", generalized}};
}

template <typename T>
std::string fact_text(const OptionalFact<T>& fact) {
  if (!fact) return "-";
  if constexpr (std::is_same_v<T, std::string>) {
    return fact->value;
  } else {
    return std::to_string(fact->value);
  }
}

}  // namespace

json installation_view_json(const LicensingView& view) {
  return {
      {"installation", view.registry ? installation_json(*view.registry) : json(nullptr)},
      {"kms_client_settings",
       view.registry ? kms_settings_json(view.registry->kms) : json(nullptr)},
      {"setup_state", setup_state_json(view)},
      {"state_source",
       {{"product", view.product_source.empty() ? json(nullptr) : json(view.product_source)},
        {"generalization",
         view.generalization_source.empty() ? json(nullptr) : json(view.generalization_source)}}}};
}

// Long on purpose: the text written top to bottom, one line per registry fact.
std::string installation_view_text(const LicensingView& view) {
  std::string text;
  if (view.registry) {
    const InstallationRegistry& registry = *view.registry;
    const InstallationFacts& facts = registry.facts;
    text += "Installation:     " + fact_text(facts.product_name) + " (EditionID " +
            fact_text(facts.edition_id) +
            (facts.installation_type ? ", " + facts.installation_type->value : std::string()) +
            ", version " + fact_text(facts.current_version) + " build " +
            (facts.build() ? std::to_string(*facts.build()) : std::string("-")) +
            (facts.ubr ? "." + std::to_string(facts.ubr->value) : std::string()) +
            (facts.display_version ? ", " + facts.display_version->value : std::string()) +
            ") from registry " + registry.software_hive + "\n";
    text += "  family/product: " +
            std::string(registry.family ? to_string(*registry.family) : "unknown") + " / " +
            (registry.product ? std::string(registry.product->product_id)
                              : std::string("not in the GVLK catalog")) +
            " (from EditionID and build)\n";
    text += "  installed key:  " +
            (registry.installed_key
                 ? registry.installed_key->masked() + " (" + to_string(registry.key_match) +
                       (registry.key_product ? ", " + std::string(registry.key_product->product_id)
                                             : std::string()) +
                       "; " + registry.installed_key_source + ")"
                 : std::string("unknown (no DigitalProductId or BackupProductKeyDefault)")) +
            "\n";
    const KmsClientSettings& kms = registry.kms;
    text += "  KMS settings:   SOFTWARE\\" + std::string(licensing_key_path(kms.layout)) + ": " +
            "KeyManagementServiceName=" + fact_text(kms.kms_host) +
            " KeyManagementServicePort=" + fact_text(kms.kms_port) +
            " SkipRearm=" + fact_text(kms.skip_rearm) +
            " UserOperations=" + fact_text(kms.user_operations) +
            " VLActivationInterval=" + fact_text(kms.vl_activation_interval) +
            " VLRenewalInterval=" + fact_text(kms.vl_renewal_interval) + "\n";
    for (const auto& each : kms.overrides) {
      text += "  KMS override:   " + each.kms_host.source + "=" + each.kms_host.value +
              (each.kms_port ? ":" + each.kms_port->value : std::string()) + "\n";
    }
  }
  if (view.state_ini) {
    text += "State.ini:        " +
            (view.state_ini->value.empty() ? std::string("no ImageState")
                                           : "ImageState=" + view.state_ini->value) +
            " (" + view.state_ini->path + ")\n";
  }
  if (view.registry && view.registry->facts.image_state) {
    text += "Setup state:      ImageState=" + view.registry->facts.image_state->value + " (" +
            view.registry->facts.image_state->source + ")\n";
  }
  if (view.registry && view.registry->setup_status &&
      view.registry->setup_status->generalization_state) {
    const auto& fact = *view.registry->setup_status->generalization_state;
    text += "SysprepStatus:    GeneralizationState=" + std::to_string(fact.value) + " (" +
            fact.source + ")\n";
  }
  if (view.setup_state.state) {
    text += "Real generalization: " + std::string(to_string(*view.setup_state.state)) + " (from " +
            view.setup_state.source + ")\n";
  }
  return text;
}

}  // namespace kmsprep
