// The fleet simulation: every client of a Topology booted, discovering hosts, requesting
// activation and renewing on the KMS timers, as a deterministic discrete-event run (same
// topology, days and seed: same report, same events). Pure: no clock, no files; `simulate`
// and validate (through clone_simulation.hpp) call it.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/hresult.hpp"
#include "engine/licensing_state.hpp"
#include "engine/topology.hpp"

namespace kmsprep {

// One event log record (kms-facts §9). 12288: a client's request (hresult is the send result:
// 0 when a host was reached, else why discovery or the connection failed); 12290: the host
// processed it; 12289: the client processed the response.
struct EventRecord {
  int64_t minute = 0;  // since the topology's start
  int event_id = 0;    // 12288 | 12289 | 12290
  int group = 0;       // index into Topology::groups
  int member = 0;      // 0-based index within the group
  uint32_t cmid_id = 0;
  int host = -1;  // index into Topology::hosts; -1 when none was reached
  Hresult hresult = 0;
  int count = 0;      // the host's count in the response (12289, 12290)
  int threshold = 0;  // N-policy: the count this client's product needs
  bool activated = false;
  LicenseStatus status = LicenseStatus::oob_grace;  // the client's status when it sent
  int64_t minutes_to_expiry = 0;
  int activation_interval_minutes = 0;
  int renewal_interval_minutes = 0;
};
using EventSink = std::function<void(const EventRecord&)>;

struct ActivationTally {
  uint64_t clients = 0;
  uint64_t activated = 0;  // licensed at the end of the run
  std::array<uint64_t, kLicenseStatusCount> status_counts{};
  std::optional<int64_t> first_activation_minute;  // a member's first activation
  std::optional<int64_t> last_activation_minute;   // the last member's first activation
  std::map<Hresult, uint64_t> failures;            // failed attempts by HRESULT
  std::map<Hresult, uint64_t> final_failures;      // unlicensed members' last failure
  uint64_t ever_activated = 0;
  uint64_t ad_activated = 0;           // licensed at the end through AD-based activation
  uint64_t reduced_functionality = 0;  // in notification on a release whose grace ends in RFM
  // Counts of the hosts that answered these clients with a count (a count split over hosts).
  std::map<int, int> answering_host_counts;
};

struct GroupReport {
  std::string name;
  int site = 0;
  ActivationTally tally;
};

struct SiteReport {
  std::string name;
  ActivationTally tally;
  std::string verdict;  // one line: "SiteB: 12 clients, no KMS host reachable ..."
};

struct HostReport {
  std::string name;
  int site = 0;
  int count = 0;  // its count at the end of the run
  uint64_t requests = 0;
  uint64_t activations = 0;      // responses with activated = 1 (first activations and renewals)
  Hresult activation_error = 0;  // why the host itself could not be activated (0xC004C008)
};

struct SimulationReport {
  UnixSeconds start = 0;
  int days = 0;
  uint64_t seed = 0;
  std::vector<SiteReport> sites;
  std::vector<GroupReport> groups;
  std::vector<HostReport> hosts;
  uint64_t traffic_requests = 0;  // requests that reached a host
  uint64_t traffic_bytes = 0;     // bytes_per_message per request and per response
  uint64_t events_12288 = 0;
  uint64_t events_12289 = 0;
  uint64_t events_12290 = 0;
  uint64_t attempts = 0;  // activation attempts the event queue ran
};

struct SimulationOptions {
  std::optional<int> days;       // overrides the topology's
  std::optional<uint64_t> seed;  // overrides the topology's
  EventSink events;              // optional: called for every event record, in time order
};

SimulationReport simulate_fleet(const Topology& topology, const SimulationOptions& options = {});

// "desktops-0007": the 1-based member number, zero-padded to the group's width.
std::string client_name(const Topology& topology, int group, int member);
// The CMID a simulated client shows in events; a function of the seed and the id.
std::string simulated_cmid(uint64_t seed, uint32_t cmid_id);
// The same CMID written into `out` (kCmidLength characters, engine/random_source.hpp).
void write_simulated_cmid(uint64_t seed, uint32_t cmid_id, char* out);

// The most frequent final failure of unlicensed clients (ties: the lower code), if any.
std::optional<Hresult> dominant_failure(const ActivationTally& tally);

}  // namespace kmsprep
