// Readings: the places where Microsoft's documents disagree (or say nothing), each a named
// choice the topology can make (docs/engine.md lists every one with its sources). The defaults
// are what a deployment engineer expects from today's documents. Plain data; EngineSettings
// carries one Readings, so every simulation decides with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kmsprep {

// How a client chooses among SRV records: by its release (Vista / 2008 at random ignoring
// priority and weight, 7 / 2008 R2 and later by priority and weight), or one rule for all.
enum class SrvSelection { by_release, random, priority };
// "25 or higher" (KMS activation planning; 0xC004F038 page) or "more than 25" (older guides).
enum class ThresholdRule { at_least, more_than };
// Whether a virtual machine's CMID adds to the host count ("physical and virtual computers",
// KMS activation planning) or not (Vista-era guides counted physical machines).
enum class VmCounting { counted, not_counted };
// The first client release that activates through AD-based activation: Windows 8 / Server 2012
// (AD-based activation overview, Server 2012) or 8.1 (Activate using AD-based activation).
enum class AdActivationFirst { win8, win81 };

struct Readings {
  SrvSelection srv_selection = SrvSelection::by_release;
  ThresholdRule threshold_rule = ThresholdRule::at_least;
  bool vista_host_caching = false;  // sources disagree whether Vista caches its host
  VmCounting vm_counting = VmCounting::counted;
  AdActivationFirst ad_activation_first = AdActivationFirst::win8;
  bool restart_clears_count = true;      // a host restart empties its table of recent CMIDs
  int clock_tolerance_minutes = 4 * 60;  // unconfirmed for Microsoft (vlmcsd uses 4 hours)
  int host_key_hosts = 6;                // hosts one CSVLK activates
  int host_key_activations = 10;         // activations of one host with one CSVLK

  bool operator==(const Readings& other) const;
};

const char* to_string(SrvSelection value);       // "by-release" | "random" | "priority"
const char* to_string(ThresholdRule value);      // "at-least" | "more-than"
const char* to_string(VmCounting value);         // "counted" | "not-counted"
const char* to_string(AdActivationFirst value);  // "win8" | "win81"
std::optional<SrvSelection> parse_srv_selection(std::string_view text);
std::optional<ThresholdRule> parse_threshold_rule(std::string_view text);
std::optional<VmCounting> parse_vm_counting(std::string_view text);
std::optional<AdActivationFirst> parse_ad_activation_first(std::string_view text);

// Whether a host count of `count` meets `threshold` under the reading.
bool meets_threshold(int count, int threshold, ThresholdRule rule);

// One alternative reading: its topology attribute, the value, and the readings it gives.
struct ReadingAlternative {
  std::string attribute;  // "threshold-rule"
  std::string chosen;     // the value in effect
  std::string other;      // the alternative value
  Readings readings;      // `base` with the alternative applied
};
// The alternatives of the readings with named values (numbers are overridden, not read).
std::vector<ReadingAlternative> reading_alternatives(const Readings& base);

}  // namespace kmsprep
