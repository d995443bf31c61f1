// The state a report observed, as a Topology the fleet simulation starts from
// (`simulate --from-report`): one site, the reported hosts, and client groups that stand for
// the observed clients (distinct machines, each duplicate CMID as a group of clones that share
// it, clients in grace with the grace they had left), plus clones the user adds. The mapping
// and its limits are in docs/report.md. Pure; callers: cli/ (simulate).
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "engine/topology.hpp"
#include "events/kms_report.hpp"

namespace kmsprep {

struct ObservedFleetOptions {
  int add_clones = 0;                     // --add-clones N
  std::optional<std::string> clone_cmid;  // --clone-of CMID: the added clones share this CMID
  int add_on_day = 0;                     // --add-on-day D: when the added clones boot
};

// E1205 when the report has no host, or --clone-of names a CMID the report does not hold.
Result<Topology> observed_fleet_topology(const KmsReport& report,
                                         const ObservedFleetOptions& options);

}  // namespace kmsprep
