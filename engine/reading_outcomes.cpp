#include "engine/reading_outcomes.hpp"

namespace kmsprep {
namespace {

std::string outcome_text(const ActivationTally& tally) {
  std::string text = std::to_string(tally.activated) + " of " + std::to_string(tally.clients) +
                     " clients activated";
  if (const auto failure = dominant_failure(tally)) text += " (" + format_hresult(*failure) + ")";
  return text;
}

bool same_outcome(const ActivationTally& a, const ActivationTally& b) {
  return a.activated == b.activated && dominant_failure(a) == dominant_failure(b);
}

uint64_t total_clients(const Topology& topology) {
  uint64_t total = 0;
  for (const auto& group : topology.groups) total += static_cast<uint64_t>(group.count);
  return total;
}

// Readings that cannot matter for this topology are not re-run (each costs a whole run).
bool may_matter(const std::string& attribute, const Topology& topology) {
  if (attribute == "srv-selection") {
    for (const auto& zone : topology.zones) {
      if (zone.records.size() > 1) return true;
    }
    return false;
  }
  if (attribute == "vista-host-caching") {
    for (const auto& group : topology.groups) {
      if (group.product->family == OsFamily::vista) return true;
    }
    return false;
  }
  if (attribute == "vm-counting") {
    for (const auto& group : topology.groups) {
      if (group.virtual_machine) return true;
    }
    return false;
  }
  if (attribute == "ad-activation-first") return !topology.ad_activations.empty();
  if (attribute == "restart-clears-count") return !topology.host_restarts.empty();
  return true;
}

}  // namespace

std::vector<std::string> decisive_readings(const Topology& topology,
                                           const SimulationOptions& options,
                                           const SimulationReport& report, int only_site) {
  std::vector<std::string> notes;
  if (total_clients(topology) > kMaximumReadingCheckClients) {
    notes.push_back("readings not checked: more than " +
                    std::to_string(kMaximumReadingCheckClients) +
                    " clients (each alternative reading would cost a whole run)");
    return notes;
  }
  SimulationOptions quiet = options;
  quiet.events = nullptr;
  for (const ReadingAlternative& alternative : reading_alternatives(topology.settings.readings)) {
    if (!may_matter(alternative.attribute, topology)) continue;
    Topology other = topology;
    other.settings.readings = alternative.readings;
    const SimulationReport changed = simulate_fleet(other, quiet);
    for (size_t s = 0; s < report.sites.size() && s < changed.sites.size(); ++s) {
      if (only_site >= 0 && static_cast<int>(s) != only_site) continue;
      if (same_outcome(report.sites[s].tally, changed.sites[s].tally)) continue;
      notes.push_back(alternative.attribute + "=\"" + alternative.chosen + "\" decided " +
                      report.sites[s].name + ": with " + alternative.attribute + "=\"" +
                      alternative.other + "\", " + outcome_text(changed.sites[s].tally) +
                      " instead of " + std::to_string(report.sites[s].tally.activated));
    }
  }
  return notes;
}

}  // namespace kmsprep
