#include "engine/readings.hpp"

namespace kmsprep {

bool Readings::operator==(const Readings& other) const {
  return srv_selection == other.srv_selection && threshold_rule == other.threshold_rule &&
         vista_host_caching == other.vista_host_caching && vm_counting == other.vm_counting &&
         ad_activation_first == other.ad_activation_first &&
         restart_clears_count == other.restart_clears_count &&
         clock_tolerance_minutes == other.clock_tolerance_minutes &&
         host_key_hosts == other.host_key_hosts &&
         host_key_activations == other.host_key_activations;
}

const char* to_string(SrvSelection value) {
  switch (value) {
    case SrvSelection::random:
      return "random";
    case SrvSelection::priority:
      return "priority";
    default:
      return "by-release";
  }
}
const char* to_string(ThresholdRule value) {
  return value == ThresholdRule::more_than ? "more-than" : "at-least";
}
const char* to_string(VmCounting value) {
  return value == VmCounting::not_counted ? "not-counted" : "counted";
}
const char* to_string(AdActivationFirst value) {
  return value == AdActivationFirst::win81 ? "win81" : "win8";
}

std::optional<SrvSelection> parse_srv_selection(std::string_view text) {
  for (auto value : {SrvSelection::by_release, SrvSelection::random, SrvSelection::priority}) {
    if (text == to_string(value)) return value;
  }
  return std::nullopt;
}
std::optional<ThresholdRule> parse_threshold_rule(std::string_view text) {
  for (auto value : {ThresholdRule::at_least, ThresholdRule::more_than}) {
    if (text == to_string(value)) return value;
  }
  return std::nullopt;
}
std::optional<VmCounting> parse_vm_counting(std::string_view text) {
  for (auto value : {VmCounting::counted, VmCounting::not_counted}) {
    if (text == to_string(value)) return value;
  }
  return std::nullopt;
}
std::optional<AdActivationFirst> parse_ad_activation_first(std::string_view text) {
  for (auto value : {AdActivationFirst::win8, AdActivationFirst::win81}) {
    if (text == to_string(value)) return value;
  }
  return std::nullopt;
}

bool meets_threshold(int count, int threshold, ThresholdRule rule) {
  return rule == ThresholdRule::more_than ? count > threshold : count >= threshold;
}

std::vector<ReadingAlternative> reading_alternatives(const Readings& base) {
  std::vector<ReadingAlternative> alternatives;
  for (auto value : {SrvSelection::by_release, SrvSelection::random, SrvSelection::priority}) {
    if (value == base.srv_selection) continue;
    Readings readings = base;
    readings.srv_selection = value;
    alternatives.push_back(
        {"srv-selection", to_string(base.srv_selection), to_string(value), readings});
  }
  Readings threshold = base;
  threshold.threshold_rule = base.threshold_rule == ThresholdRule::at_least
                                 ? ThresholdRule::more_than
                                 : ThresholdRule::at_least;
  alternatives.push_back({"threshold-rule", to_string(base.threshold_rule),
                          to_string(threshold.threshold_rule), threshold});
  Readings caching = base;
  caching.vista_host_caching = !base.vista_host_caching;
  alternatives.push_back({"vista-host-caching", base.vista_host_caching ? "true" : "false",
                          caching.vista_host_caching ? "true" : "false", caching});
  Readings vms = base;
  vms.vm_counting =
      base.vm_counting == VmCounting::counted ? VmCounting::not_counted : VmCounting::counted;
  alternatives.push_back(
      {"vm-counting", to_string(base.vm_counting), to_string(vms.vm_counting), vms});
  Readings ad = base;
  ad.ad_activation_first = base.ad_activation_first == AdActivationFirst::win8
                               ? AdActivationFirst::win81
                               : AdActivationFirst::win8;
  alternatives.push_back({"ad-activation-first", to_string(base.ad_activation_first),
                          to_string(ad.ad_activation_first), ad});
  Readings restart = base;
  restart.restart_clears_count = !base.restart_clears_count;
  alternatives.push_back({"restart-clears-count", base.restart_clears_count ? "true" : "false",
                          restart.restart_clears_count ? "true" : "false", restart});
  return alternatives;
}

}  // namespace kmsprep
