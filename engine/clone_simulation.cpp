#include "engine/clone_simulation.hpp"

#include <cstdio>

#include "core/host_port.hpp"
#include "core/text.hpp"
#include "engine/failure_explanation.hpp"
#include "engine/field_rules.hpp"
#include "engine/reading_outcomes.hpp"

namespace kmsprep {
namespace {

constexpr const char* kCloneGroup = "image-clones";

// One site with one activated host that covers every family, found the way the image looks:
// its explicit host's name, else an SRV record in its first DNS domain.
Topology lab_topology(const ImageClientConfig& image, const std::string& explicit_name,
                      int explicit_port) {
  Topology topology;
  topology.sites.push_back({"lab", 0});
  KmsHostSpec host;
  host.site = 0;
  host.products = default_host_products(OsFamily::win10);
  if (!explicit_name.empty()) {
    host.name = explicit_name;
    host.port = explicit_port;
  } else {
    std::string domain = image.dns_suffix;
    if (domain.empty()) {
      domain = image.domain_joined
                   ? image.ad_domain
                   : (image.dhcp_domain.empty() ? image.dns_suffix : image.dhcp_domain);
    }
    host.name = "kms." + (domain.empty() ? std::string("lab.invalid") : domain);
    if (!domain.empty()) {
      DnsZone zone;
      zone.name = domain;
      SrvRecord record;
      record.target = host.name;
      zone.records.push_back(record);
      topology.zones.push_back(zone);
    }
  }
  topology.hosts.push_back(host);
  return topology;
}

// The host the image names (configure writes it as slmgr /skms takes it); empty when it names
// none. A port that is no port (a hand-edited state) means the default, as slmgr's.
struct ExplicitHost {
  std::string name;
  int port = 1688;
};

ExplicitHost explicit_host_of(const ImageClientConfig& image) {
  ExplicitHost host;
  if (image.kms_host) {
    auto split = split_host_port(*image.kms_host);
    host.name = split ? split->host : *image.kms_host;
    if (split && split->has_port) host.port = parse_port_number(split->port).value_or(1688);
  }
  return host;
}

// The index of the site the clones boot in, matched case-insensitively.
Result<int> clone_site(const Topology& topology, const std::string& name) {
  int site = -1;
  for (size_t i = 0; i < topology.sites.size(); ++i) {
    if (equals_ignoring_case(topology.sites[i].name, name)) site = static_cast<int>(i);
  }
  if (site < 0) {
    return Error(ErrorCode::topology_invalid, "the topology has no site \"" + name + "\"", {},
                 "name one of the topology's <site> elements");
  }
  return site;
}

// The clones as one client group configured the way the image is.
ClientGroupSpec clone_group(const Topology& topology, const CloneSimulationInput& input,
                            const GvlkEntry* product, int site, const ExplicitHost& host) {
  const ImageClientConfig& image = input.image;
  ClientGroupSpec group;
  group.name = kCloneGroup;
  for (const auto& existing : topology.groups) {
    if (equals_ignoring_case(existing.name, group.name)) group.name += "-validate";
  }
  group.site = site;
  group.count = input.clones;
  group.product = product;
  group.dns_suffix = image.dns_suffix;
  group.join = image.domain_joined ? JoinKind::domain : JoinKind::workgroup;
  group.ad_domain = image.ad_domain;
  group.dhcp_domain = image.dhcp_domain.empty() ? image.dns_suffix : image.dhcp_domain;
  group.generalized = image.state.generalization == Generalization::generalized;
  if (!host.name.empty()) {
    group.kms_host = host.name;
    group.kms_port = host.port;
  }
  return group;
}

// The one-line verdict: how long until every clone activated, else why most did not.
std::string outcome_reason(const CloneSimulationOutcome& outcome, const ActivationTally& tally,
                           FailureContext context, int days) {
  if (outcome.hours_until_all_activated) {
    char text[96];
    std::snprintf(text, sizeof text, "all %d clones activated within %.1f hours", outcome.clones,
                  *outcome.hours_until_all_activated);
    std::string reason = text;
    if (tally.ad_activated == tally.clients) reason += " through AD-based activation";
    return reason;
  }
  if (outcome.dominant_failure) {
    // Whether any host is reachable at all decides between "MAK" and "outage" wording.
    context.host_reachable = tally.ever_activated > 0;
    for (Hresult answered :
         {hresult::count_too_low, hresult::host_not_activated, hresult::product_not_covered}) {
      if (tally.failures.count(answered)) context.host_reachable = true;
    }
    return std::to_string(outcome.clones - outcome.activated) + " of " +
           std::to_string(outcome.clones) + " clones not activated: " +
           explain_failure(*outcome.dominant_failure, tally.clients, context);
  }
  return "no clone attempted activation within " + std::to_string(days) + " days";
}

}  // namespace

Result<CloneSimulationOutcome> simulate_clones(const CloneSimulationInput& input) {
  const ImageClientConfig& image = input.image;
  const GvlkEntry* product = find_gvlk_by_product_id(image.state.product_id);
  if (!product) {
    return Error(
        ErrorCode::topology_invalid,
        "the image's product \"" + image.state.product_id + "\" is not in the GVLK catalog",
        std::string(kLicensingStatePath), "install a KMS client setup key first");
  }
  const ExplicitHost host = explicit_host_of(image);
  Topology topology;
  int site = 0;
  if (input.topology) {
    topology = *input.topology;
    Result<int> found = clone_site(topology, input.site);
    if (!found) return std::move(found).error();
    site = *found;
  } else {
    topology = lab_topology(image, host.name, host.port);
  }
  const ClientGroupSpec group = clone_group(topology, input, product, site, host);
  topology.groups.push_back(group);
  const int group_index = static_cast<int>(topology.groups.size()) - 1;

  SimulationOptions options;
  options.days = input.days;
  options.seed = input.seed;
  CloneSimulationOutcome outcome;
  outcome.report = simulate_fleet(topology, options);
  const ActivationTally& tally = outcome.report.groups[static_cast<size_t>(group_index)].tally;
  outcome.clones = input.clones;
  outcome.activated = static_cast<int>(tally.activated);
  outcome.dominant_failure = dominant_failure(tally);
  if (tally.activated == tally.clients && tally.ever_activated == tally.clients &&
      tally.last_activation_minute) {
    outcome.hours_until_all_activated = static_cast<double>(*tally.last_activation_minute) / 60.0;
  }
  FailureContext context;
  context.shared_cmid = !group.generalized;
  context.host_reachable = true;
  context.server_only = product->type == ProductType::server;
  context.client_threshold = topology.settings.client_threshold;
  context.server_threshold = topology.settings.server_threshold;
  context.ad_capable = FieldRules(topology).ad_capable(group_index);
  outcome.reason = outcome_reason(outcome, tally, context, input.days);
  outcome.decisive_readings = decisive_readings(topology, options, outcome.report, site);
  for (const std::string& note : outcome.decisive_readings) outcome.reason += "; reading " + note;
  return outcome;
}

}  // namespace kmsprep
