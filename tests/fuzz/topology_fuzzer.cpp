// Fuzz target: a topology file (engine/topology_reader, docs/topology.md) as `simulate` and
// `validate --topology` read it; a small topology that parses is also simulated for a few days,
// so the numbers the reader let through are the simulator's to survive too.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/fleet_simulation.hpp"
#include "engine/topology.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace kmsprep;

namespace {

// Small enough that one simulated run stays in milliseconds.
constexpr int64_t kMaxSimulatedClients = 16;
constexpr int kMaxSimulatedDays = 14;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto topology = parse_topology(xml, "topology.xml");
  if (!topology) {
    fuzz::expect_bad_input(topology.error());
    return 0;
  }
  int64_t clients = 0;
  for (const ClientGroupSpec& group : topology->groups) {
    fuzz::expect(group.count >= 0, "a group with a negative client count");
    fuzz::expect(group.product != nullptr, "a group without a product");
    clients += group.count;
  }
  fuzz::expect(clients <= kMaximumTopologyClients, "more clients than the documented maximum");
  if (clients > kMaxSimulatedClients) return 0;

  SimulationOptions options;
  options.days = std::min(topology->days, kMaxSimulatedDays);
  const SimulationReport report = simulate_fleet(*topology, options);
  uint64_t reported = 0;
  for (const GroupReport& group : report.groups) reported += group.tally.clients;
  fuzz::expect(reported == static_cast<uint64_t>(clients), "the report lost or invented clients");
  return 0;
}
