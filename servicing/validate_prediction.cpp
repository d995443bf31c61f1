// Check group 5, prediction: N clones of the image booted for 30 days into a topology site, or
// alone with one fresh activated host their configuration reaches (engine/clone_simulation).
#include "core/text.hpp"
#include "engine/clone_simulation.hpp"
#include "servicing/validate_checks.hpp"

namespace kmsprep {
namespace {

constexpr const char* kGroup = "prediction";
// The domain the lab host publishes in when the image uses DNS discovery and no --domain names
// one: the prediction assumes DNS works and asks only whether the clones would then activate.
constexpr const char* kLabDomain = "kms-lab.example";

const ClientGroupSpec* first_group_of_site(const Topology& topology, const std::string& site) {
  for (size_t i = 0; i < topology.sites.size(); ++i) {
    if (!equals_ignoring_case(topology.sites[i].name, site)) continue;
    for (const auto& group : topology.groups) {
      if (group.site == static_cast<int>(i)) return &group;
    }
  }
  return nullptr;
}

std::string endpoint_text(const ConfiguredKmsHost& host) {
  return (host.name.find(':') != std::string::npos ? "[" + host.name + "]" : host.name) + ":" +
         std::to_string(host.port);
}

ImageClientConfig client_config(const ValidationInput& input, const LicensingState& state) {
  const ValidateOptions& options = input.options;
  ImageClientConfig config;
  config.state = state;
  const auto& host = input.view.kms_host;
  if (host && !host->clear) config.kms_host = host->name + ":" + std::to_string(host->port);
  if (options.topology) {
    if (const ClientGroupSpec* group = first_group_of_site(*options.topology, options.site)) {
      config.dns_suffix = group->dns_suffix;
      config.domain_joined = group->join == JoinKind::domain;
      config.ad_domain = group->ad_domain;
      config.dhcp_domain = group->dhcp_domain;
    }
  }
  if (options.domain) {
    config.dns_suffix = *options.domain;
    config.dhcp_domain = *options.domain;
    if (config.domain_joined) config.ad_domain = *options.domain;
  }
  if (!options.topology && config.dns_suffix.empty()) {
    config.dns_suffix = kLabDomain;
    config.dhcp_domain = kLabDomain;
  }
  return config;
}

}  // namespace

Result<ActivationPrediction> predict_activation(const ValidationInput& input, CheckList& checks) {
  const ValidateOptions& options = input.options;
  ActivationPrediction prediction;
  const GvlkEntry* product =
      input.view.state ? find_gvlk_by_product_id(input.view.state->product_id) : nullptr;
  const EngineSettings settings = options.topology ? options.topology->settings : EngineSettings{};
  const int threshold = product && product->type == ProductType::server ? settings.server_threshold
                                                                        : settings.client_threshold;
  prediction.clones = options.clones.value_or(threshold);
  if (options.topology) {
    prediction.setting = "site " + options.site + " of " + options.topology_source;
    prediction.place = options.site;
  } else if (input.view.kms_host && !input.view.kms_host->clear) {
    prediction.setting = "one fresh activated KMS host at " + endpoint_text(*input.view.kms_host);
  } else {
    prediction.setting = "one fresh activated KMS host published in DNS (_vlmcs._tcp." +
                         options.domain.value_or(kLabDomain) + ")";
  }
  if (prediction.place.empty()) prediction.place = "Lab";
  std::optional<std::string> location;
  if (options.topology) location = options.topology_source;

  if (!product) {
    prediction.failure = hresult::key_invalid;
    prediction.reason =
        "no clone can activate: the image has no published KMS client setup key "
        "installed (" +
        format_hresult(hresult::key_invalid) + ")";
    checks.push_back(make_check("prediction-activates", kGroup, Severity::error, CheckStatus::fail,
                                prediction.reason, location));
    return prediction;
  }
  CloneSimulationInput simulation;
  simulation.image = client_config(input, *input.view.state);
  simulation.clones = prediction.clones;
  simulation.topology = options.topology;
  simulation.site = options.site;
  simulation.days = options.days;
  simulation.seed = options.seed;
  auto outcome = simulate_clones(simulation);
  if (!outcome) return std::move(outcome).error();
  prediction.activated = outcome->activated;
  prediction.hours_to_all_activated = outcome->hours_until_all_activated;
  prediction.reason = outcome->reason;
  if (!outcome->hours_until_all_activated) {
    prediction.failure = outcome->dominant_failure.value_or(hresult::no_host_contacted);
    if (prediction.reason.find("0x") == std::string::npos) {
      prediction.reason += " (" + format_hresult(*prediction.failure) + ")";
    }
  }
  const bool activated = prediction.hours_to_all_activated.has_value();
  checks.push_back(make_check(
      "prediction-activates", kGroup, Severity::error,
      activated ? CheckStatus::pass : CheckStatus::fail,
      prediction.reason + "; " + prediction.setting + ", " + std::to_string(options.days) + " days",
      location));
  return prediction;
}

}  // namespace kmsprep
