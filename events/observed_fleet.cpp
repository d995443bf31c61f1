#include "events/observed_fleet.hpp"

#include <algorithm>
#include <map>

namespace kmsprep {
namespace {

// The N-policy is all a 12290 says about the product: 25 is a client OS, 5 a server OS (or a
// product counted like one); a representative GVLK stands for each.
const GvlkEntry* product_for(int n_policy) {
  return find_gvlk_by_product_id(n_policy >= 25 ? "win10-enterprise" : "server2022-standard");
}

Error invalid(const std::string& what) {
  return Error(ErrorCode::report_file_invalid, what, {},
               "report on exports that hold 12290 events of the KMS host");
}

// Group names become client names ("observed-1-25-0007"): letters, digits and dashes only.
std::string group_label(size_t host, int n_policy, const std::string& what) {
  return "h" + std::to_string(host + 1) + "-n" + std::to_string(n_policy) + "-" + what;
}

// One group per duplicate CMID of the host and product group: the clones of one image. Each
// takes one client off `others`, the clients no group holds yet.
void add_clone_groups(Topology& topology, const KmsReport& report, size_t h,
                      const ProductGroupReport& group, const ClientGroupSpec& base,
                      uint64_t& others) {
  const KmsHostReport& host = report.hosts[h];
  const GvlkEntry* product = product_for(group.n_policy);
  for (const DuplicateCmid& duplicate : report.duplicates) {
    if (duplicate.host != host.name || duplicate.n_policy != group.n_policy) continue;
    ClientGroupSpec clones = base;
    clones.name = group_label(h, group.n_policy, "clones-" + duplicate.cmid.substr(0, 8));
    clones.count = static_cast<int>(duplicate.machines);
    clones.product = product;
    clones.generalized = false;
    clones.kms_host = host.name;
    topology.groups.push_back(clones);
    others -= std::min<uint64_t>(others, 1);
  }
}

// One group per grace time left of the expiring clients that are no clones, each taken off
// `others`.
void add_grace_groups(Topology& topology, const KmsReport& report, size_t h,
                      const ProductGroupReport& group, const ClientGroupSpec& base,
                      uint64_t& others) {
  const KmsHostReport& host = report.hosts[h];
  std::map<int64_t, int> grace_left;  // minutes left -> clients
  for (const ExpiringClient& client : report.expiring) {
    if (client.host != host.name || client.n_policy != group.n_policy) continue;
    const bool duplicated =
        std::any_of(report.duplicates.begin(), report.duplicates.end(),
                    [&](const DuplicateCmid& d) { return d.cmid == client.cmid; });
    if (duplicated) continue;
    ++grace_left[std::max<int64_t>(client.minutes_left, 1)];
    others -= std::min<uint64_t>(others, 1);
  }
  for (const auto& [minutes, count] : grace_left) {
    ClientGroupSpec expiring = base;
    expiring.name = group_label(h, group.n_policy, "grace-" + std::to_string(minutes) + "m");
    expiring.count = count;
    expiring.product = product_for(group.n_policy);
    expiring.kms_host = host.name;
    expiring.oob_grace_minutes = static_cast<int>(std::min<int64_t>(minutes, 3650LL * 1440));
    topology.groups.push_back(expiring);
  }
}

// Every group an observed product group splits into: its clones, its clients in grace, and
// the remaining machines.
void add_observed_groups(Topology& topology, const KmsReport& report, size_t h,
                         const ProductGroupReport& group, const ClientGroupSpec& base) {
  uint64_t others = group.clients;
  add_clone_groups(topology, report, h, group, base, others);
  add_grace_groups(topology, report, h, group, base, others);
  if (others > 0) {
    ClientGroupSpec machines = base;
    machines.name = group_label(h, group.n_policy, "machines");
    machines.count = static_cast<int>(others);
    machines.product = product_for(group.n_policy);
    machines.kms_host = report.hosts[h].name;
    topology.groups.push_back(machines);
  }
}

// The product group the added clones join unless --clone-of names one: the largest (the last
// of equal ones).
struct LargestGroup {
  const GvlkEntry* product = nullptr;
  int host = 0;
  uint64_t clients = 0;
};

// --add-clones: the planned machines, generalized (a CMID each) or clones of one observed
// duplicate CMID (--clone-of), which join that duplicate's group.
Status add_planned_clones(Topology& topology, const KmsReport& report,
                          const ObservedFleetOptions& options, const LargestGroup& largest,
                          const ClientGroupSpec& base) {
  ClientGroupSpec added = base;
  added.name = "added-clones";
  added.count = options.add_clones;
  added.product = largest.product;
  added.kms_host = report.hosts[static_cast<size_t>(largest.host)].name;
  added.boot.offset_minutes = options.add_on_day * 1440;
  if (options.clone_cmid) {
    // Clones of a non-generalized image: they share its CMID, so they add nothing to the count.
    const auto duplicate =
        std::find_if(report.duplicates.begin(), report.duplicates.end(),
                     [&](const DuplicateCmid& d) { return d.cmid == *options.clone_cmid; });
    if (duplicate == report.duplicates.end()) {
      return invalid("--clone-of " + *options.clone_cmid +
                     " is not a duplicate CMID of the report");
    }
    added.generalized = false;
    added.product = product_for(duplicate->n_policy);
    added.kms_host = duplicate->host;
    // The engine gives a non-generalized group one CMID of its own: joined to the observed
    // clones' group instead, the added machines share theirs.
    for (ClientGroupSpec& group : topology.groups) {
      if (!group.generalized && group.kms_host == duplicate->host &&
          group.name.find(duplicate->cmid.substr(0, 8)) != std::string::npos) {
        group.count += options.add_clones;
        return ok_status();
      }
    }
  }
  topology.groups.push_back(added);
  return ok_status();
}

}  // namespace

Result<Topology> observed_fleet_topology(const KmsReport& report,
                                         const ObservedFleetOptions& options) {
  if (report.hosts.empty()) return invalid("the report has no KMS host (no 12290 events)");
  Topology topology;
  topology.start = report.as_of;
  topology.sites.push_back({"observed", 0});
  ClientGroupSpec base;
  base.site = 0;
  base.boot.spread_minutes = 60;  // the observed clients ask again within their first hour
  LargestGroup largest;
  for (size_t h = 0; h < report.hosts.size(); ++h) {
    const KmsHostReport& host = report.hosts[h];
    KmsHostSpec spec;
    spec.name = host.name;
    spec.site = 0;
    spec.family = OsFamily::win10;
    spec.products = default_host_products(spec.family);
    topology.hosts.push_back(spec);
    for (const ProductGroupReport& group : host.groups) {
      add_observed_groups(topology, report, h, group, base);
      if (group.clients >= largest.clients) {
        largest.clients = group.clients;
        largest.product = product_for(group.n_policy);
        largest.host = static_cast<int>(h);
      }
    }
  }
  if (options.add_clones > 0) {
    if (Status added = add_planned_clones(topology, report, options, largest, base); !added) {
      return std::move(added).error();
    }
  }
  return topology;
}

}  // namespace kmsprep
