// Which reading decided an outcome: re-runs a simulation once per alternative reading
// (readings.hpp) and names each one under which some site's outcome (clients activated, or the
// dominant failure) would differ. simulate prints the notes; validate appends them to its
// reason. Skipped above kMaximumReadingCheckClients (each alternative costs a whole run).
#pragma once

#include <string>
#include <vector>

#include "engine/fleet_simulation.hpp"

namespace kmsprep {

constexpr uint64_t kMaximumReadingCheckClients = 200000;

// "threshold-rule=\"at-least\" decided HQ: with threshold-rule=\"more-than\", 0 of 25 clients
// activated (0xC004F038) instead of 25". Empty when no alternative changes anything.
std::vector<std::string> decisive_readings(const Topology& topology,
                                           const SimulationOptions& options,
                                           const SimulationReport& report, int only_site = -1);

}  // namespace kmsprep
