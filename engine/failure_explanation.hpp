// Plain-language explanations of activation outcomes: the one-line verdict per site that
// `simulate` prints and the one-sentence reason validate reports. Internal wording lives here
// only, so the two never disagree.
#pragma once

#include <map>
#include <string>

#include "engine/fleet_simulation.hpp"

namespace kmsprep {

struct FailureContext {
  bool shared_cmid = false;     // some clients keep the image's one CMID
  bool host_reachable = false;  // some host can be contacted when the network is up
  bool server_only = true;      // every client is a server OS
  int client_threshold = 25;
  int server_threshold = 5;
  bool ad_capable = false;            // domain-joined Windows 8+ clients: AD-based activation fits
  Hresult host_activation_error = 0;  // a reachable host's own activation failure (0xC004C008)
  std::map<std::string, int> split_counts;  // host name -> its count, hosts that answered
};

// One sentence (no trailing period) naming the HRESULT: "the clones share one CMID ...
// (0xC004F038)".
std::string explain_failure(Hresult code, uint64_t clients, const FailureContext& context);
// "SiteB: 12 clients, no KMS host reachable across a public network: use MAK activation".
std::string site_verdict(const std::string& site, const ActivationTally& tally,
                         const FailureContext& context);

}  // namespace kmsprep
