// "Will clones of this image activate?": N clones of one image booted into a site of a
// topology, or alone with one fresh activated KMS host that the image's own configuration can
// find, simulated for 30 days. validate calls this; it needs only what an offline image tells.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/fleet_simulation.hpp"
#include "engine/licensing_state.hpp"
#include "engine/topology.hpp"

namespace kmsprep {

// What the image says about how its clones will look for a host.
struct ImageClientConfig {
  LicensingState state;                 // product, generalization, CMID
  std::optional<std::string> kms_host;  // explicit "name[:port]" (slmgr /skms in the image)
  std::string dns_suffix;               // primary DNS suffix
  bool domain_joined = false;
  std::string ad_domain;
  std::string dhcp_domain;  // DHCP option 15; "" = the DNS suffix
};

struct CloneSimulationInput {
  ImageClientConfig image;
  int clones = 25;
  const Topology* topology = nullptr;  // nullptr: alone with one fresh host (see above)
  std::string site;                    // with a topology: the site the clones join
  int days = 30;
  uint64_t seed = 1;
};

struct CloneSimulationOutcome {
  int clones = 0;
  int activated = 0;                                // licensed at the end
  std::optional<double> hours_until_all_activated;  // none unless every clone activated
  std::optional<Hresult> dominant_failure;
  std::string reason;  // one sentence: why (or "all N clones activated after 2.0 h")
  // Readings that decided the outcome (reading_outcomes.hpp); also appended to `reason`.
  std::vector<std::string> decisive_readings;
  SimulationReport report;  // the whole run, for callers that want more
};

// Fails (topology_invalid) only for an unknown site or product; every outcome is a value.
// Clones of a `generalized` image get their own CMIDs; `never` or `generalized-skip-rearm`
// clones all share the image's one CMID.
Result<CloneSimulationOutcome> simulate_clones(const CloneSimulationInput& input);

}  // namespace kmsprep
