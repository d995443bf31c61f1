// FieldRules: the decisions of one simulation run that come from the field rather than the
// timers: which host refuses which client before counting (host key coverage 0xC004F042, a
// client OS host and server clients, a host that could not be activated 0xC004F041 because its
// key is over its activation limit 0xC004C008 or its OS lacks an update 0xC004F015, clock skew
// 0xC004F06C), AD-based activation, DNS server failures (0x8007232A), the domains a client
// searches (DNS suffix search list, /skms-domain). Built once from a Topology; pure queries.
// The fleet simulation asks it through small hooks (docs/engine.md).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/hresult.hpp"
#include "engine/topology.hpp"

namespace kmsprep {

class FieldRules {
 public:
  explicit FieldRules(const Topology& topology);

  // 0 when host `host` counts requests of group `group`; else the HRESULT it answers with.
  Hresult refusal(int host, int group) const {
    return refusals_[static_cast<size_t>(host) * classes_ +
                     group_class_[static_cast<size_t>(group)]];
  }
  bool host_activated(int host) const {
    return host_errors_[static_cast<size_t>(host)] == 0 &&
           hosts_[static_cast<size_t>(host)].activated;
  }
  // Why activating the host with its CSVLK failed (0xC004C008, 0xC004F015), else 0.
  Hresult host_activation_error(int host) const { return host_errors_[static_cast<size_t>(host)]; }
  // Whether the group's CMIDs add to a host's count (the vm-counting reading).
  bool counts_cmid(int group) const;
  // Whether the group activates through an AD activation object at `minute` (no KMS host).
  bool activates_through_ad(int group, int64_t minute) const;
  // Whether some activation object serves the group (at some minute of the run or none).
  bool has_ad_object(int group) const { return ad_object_[static_cast<size_t>(group)] >= 0; }
  // Domain-joined Windows 8 / 2012 and later clients: AD-based activation would serve them.
  bool ad_capable(int group) const;
  bool dns_failed(int group, int64_t minute) const;

 private:
  const Topology& topology_;
  const std::vector<KmsHostSpec>& hosts_;
  size_t groups_;
  // A refusal depends on the group only through its product and whether its clock is skewed
  // past the tolerance, so it is kept per host and such class: hosts x classes, not hosts x
  // groups (10,000 hosts and 100,000 groups would be 4 GB).
  std::vector<uint32_t> group_class_;  // per group
  size_t classes_ = 0;
  std::vector<Hresult> refusals_;     // [host * classes + class]
  std::vector<Hresult> host_errors_;  // per host
  std::vector<int> ad_object_;        // per group: index into ad_activations, -1 none
};

// The DNS domains a client of `group` searches for _vlmcs._tcp, in order: /skms-domain alone
// (Windows 8+); else the primary DNS suffix, the DNS suffix search list (Windows 8+), then the
// AD domain (domain-joined) or the DHCP option 15 domain (workgroup). Duplicates removed.
std::vector<std::string> discovery_domains(const ClientGroupSpec& group, OsFamily family);

// Whether clients of `family` pick among SRV records at random under `selection`.
bool picks_srv_at_random(SrvSelection selection, OsFamily family);

}  // namespace kmsprep
