#include "engine/field_rules.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/text.hpp"

namespace kmsprep {
namespace {

bool is_at_least(OsFamily family, OsFamily first) {
  return static_cast<int>(family) >= static_cast<int>(first);
}

// forest "corp.example" holds the domains corp.example and *.corp.example.
bool in_forest(const std::string& domain, const std::string& forest) {
  if (equals_ignoring_case(domain, forest)) return true;
  if (domain.size() <= forest.size() + 1) return false;
  const std::string tail = domain.substr(domain.size() - forest.size());
  return domain[domain.size() - forest.size() - 1] == '.' && equals_ignoring_case(tail, forest);
}

// Hosts sharing a key-id beyond the first `limit` (document order) and hosts activated more
// often than the key allows could not be activated: 0xC004C008 (error-codes page).
std::vector<Hresult> host_activation_errors(const Topology& topology) {
  const Readings& readings = topology.settings.readings;
  std::vector<Hresult> errors(topology.hosts.size(), 0);
  std::map<std::string, int> hosts_per_key;
  for (size_t h = 0; h < topology.hosts.size(); ++h) {
    const KmsHostSpec& host = topology.hosts[h];
    if (!host.key_id.empty() && ++hosts_per_key[host.key_id] > readings.host_key_hosts) {
      errors[h] = hresult::host_key_limit;
    }
    if (host.key_activations > readings.host_key_activations) errors[h] = hresult::host_key_limit;
    if (host.host_key && host.os && !host.updated &&
        !host.host_key->hosted_natively_on(host.os->id)) {
      errors[h] = hresult::license_not_installed;
    }
  }
  return errors;
}

}  // namespace

FieldRules::FieldRules(const Topology& topology)
    : topology_(topology), hosts_(topology.hosts), groups_(topology.groups.size()) {
  host_errors_ = host_activation_errors(topology);
  const int tolerance = topology.settings.readings.clock_tolerance_minutes;
  // One class per (product, clock skewed past the tolerance) that some group has.
  std::vector<std::pair<const GvlkEntry*, bool>> classes;
  group_class_.reserve(groups_);
  for (const ClientGroupSpec& group : topology.groups) {
    const std::pair<const GvlkEntry*, bool> key{group.product,
                                                group.clock_skew_minutes > tolerance};
    auto known = std::find(classes.begin(), classes.end(), key);
    if (known == classes.end()) known = classes.insert(classes.end(), key);
    group_class_.push_back(static_cast<uint32_t>(known - classes.begin()));
  }
  classes_ = classes.size();
  refusals_.assign(hosts_.size() * classes_, 0);
  for (size_t h = 0; h < hosts_.size(); ++h) {
    const KmsHostSpec& host = hosts_[h];
    for (size_t c = 0; c < classes_; ++c) {
      const GvlkEntry& product = *classes[c].first;
      Hresult& refusal = refusals_[h * classes_ + c];
      bool covered = false;
      if (host.host_key) {
        covered = host.host_key->activates_product(product.product_id);
      } else {
        for (OsFamily family : host.products) covered = covered || family == product.family;
      }
      // "A KMS host running on a Windows client operating system can only activate computers
      // also running client operating systems" (KMS activation planning).
      if (host.os && host.os->kind == ProductType::client && product.type == ProductType::server) {
        covered = false;
      }
      if (!host_activated(static_cast<int>(h))) {
        refusal = hresult::host_not_activated;
      } else if (!covered) {
        refusal = hresult::product_not_covered;
      } else if (classes[c].second) {
        refusal = hresult::time_invalid;
      }
    }
  }
  const OsFamily first = topology.settings.readings.ad_activation_first == AdActivationFirst::win81
                             ? OsFamily::win81
                             : OsFamily::win8;
  ad_object_.assign(groups_, -1);
  for (size_t g = 0; g < groups_; ++g) {
    const ClientGroupSpec& group = topology.groups[g];
    if (group.join != JoinKind::domain || !is_at_least(group.product->family, first)) continue;
    for (size_t a = 0; a < topology.ad_activations.size(); ++a) {
      const AdActivationSpec& object = topology.ad_activations[a];
      // "Client computers examine the activation object and compare it to the local edition
      // as defined by the GVLK" (Activate using Active Directory-based activation).
      if (in_forest(group.ad_domain, object.forest) &&
          object.host_key->activates_product(group.product->product_id)) {
        ad_object_[g] = static_cast<int>(a);
        break;
      }
    }
  }
}

bool FieldRules::counts_cmid(int group) const {
  return !(topology_.groups[static_cast<size_t>(group)].virtual_machine &&
           topology_.settings.readings.vm_counting == VmCounting::not_counted);
}

bool FieldRules::activates_through_ad(int group, int64_t minute) const {
  const int object = ad_object_[static_cast<size_t>(group)];
  if (object < 0) return false;
  const AdActivationSpec& spec = topology_.ad_activations[static_cast<size_t>(object)];
  return minute >= static_cast<int64_t>(spec.from_day) * 1440 &&
         minute < static_cast<int64_t>(spec.to_day) * 1440;
}

bool FieldRules::ad_capable(int group) const {
  const ClientGroupSpec& spec = topology_.groups[static_cast<size_t>(group)];
  return spec.join == JoinKind::domain && is_at_least(spec.product->family, OsFamily::win8);
}

bool FieldRules::dns_failed(int group, int64_t minute) const {
  for (const DnsFailureSpec& failure : topology_.dns_failures) {
    if ((failure.group < 0 || failure.group == group) &&
        minute >= static_cast<int64_t>(failure.from_day) * 1440 &&
        minute < static_cast<int64_t>(failure.to_day) * 1440) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> discovery_domains(const ClientGroupSpec& group, OsFamily family) {
  const bool windows8_or_later = is_at_least(family, OsFamily::win8);
  if (windows8_or_later && group.kms_domain) return {*group.kms_domain};
  std::vector<std::string> domains;
  const auto add = [&](const std::string& domain) {
    if (domain.empty()) return;
    for (const auto& known : domains) {
      if (equals_ignoring_case(known, domain)) return;
    }
    domains.push_back(domain);
  };
  add(group.dns_suffix);
  if (windows8_or_later) {
    for (const auto& domain : group.dns_search_list) add(domain);
  }
  add(group.join == JoinKind::domain ? group.ad_domain : group.dhcp_domain);
  return domains;
}

bool picks_srv_at_random(SrvSelection selection, OsFamily family) {
  if (selection == SrvSelection::random) return true;
  if (selection == SrvSelection::priority) return false;
  return family == OsFamily::vista;
}

}  // namespace kmsprep
