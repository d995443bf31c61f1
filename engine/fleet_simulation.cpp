// The discrete-event fleet simulation. Clients live in parallel arrays (struct of arrays) and
// wait in a calendar queue with one bucket per simulated minute, each bucket an intrusive
// doubly-linked list through the client arrays: insert, pop and move are O(1) and allocate
// nothing, which is what a million clients over 210 days need (docs/engine.md, bench/).
#include "engine/fleet_simulation.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "core/image_path.hpp"
#include "engine/client_timers.hpp"
#include "engine/failure_explanation.hpp"
#include "engine/field_rules.hpp"
#include "engine/product_timers.hpp"
#include "engine/random_source.hpp"
#include "engine/recent_cmid_table.hpp"

namespace kmsprep {
namespace {

constexpr int32_t kNone = -1;

// The failure codes the model produces, for cheap per-group counters.
constexpr Hresult kFailureCodes[] = {
    hresult::count_too_low,     hresult::host_not_activated, hresult::product_not_covered,
    hresult::no_host_contacted, hresult::dns_name_missing,   hresult::dns_no_records,
    hresult::time_invalid,      hresult::dns_server_failure,
};
constexpr int kFailureSlots = sizeof kFailureCodes / sizeof kFailureCodes[0];

int failure_slot(Hresult code) {
  for (int i = 0; i < kFailureSlots; ++i) {
    if (kFailureCodes[i] == code) return i;
  }
  return 0;
}

// What a group of clients does to find a host; fixed for the run because DNS and reachability
// are (outages are checked per attempt).
struct GroupPlan {
  int site = 0;
  OsFamily family = OsFamily::win10;
  bool server = false;
  bool shared_cmid = false;
  bool explicit_mode = false;
  int32_t explicit_host = kNone;  // resolved, reachable, right port
  Hresult discovery_error = 0;    // DNS mode: why there is no candidate at all
  bool random_pick = false;       // vista: uniform, ignoring priority and weight
  std::vector<int32_t> candidates;
  std::vector<uint64_t> cumulative_weights;  // win7+: within the best reachable priority
  bool caches_host = false;
  bool reachable = false;         // some host can be contacted when the network is up
  int32_t oob_grace = 0;
  std::vector<std::pair<int32_t, int32_t>> outages;  // [from, to) minutes
  int32_t begin = 0;              // first client index
  std::array<uint64_t, kFailureSlots> failures{};
  // Field rules (field_rules.hpp): SRV records whose host cannot be reached (a 0x800706BA
  // each when none can), a grace that ends in reduced functionality, hosts that answered.
  std::vector<int32_t> unreachable_records;
  bool reduced_functionality = false;
  std::vector<uint8_t> answered_by;  // per host: 1 once it answered with a count
};

struct HostState {
  bool activated = true;
  int32_t activation_interval = 120;
  int32_t renewal_interval = 10080;
  bool saw_client = false;
  bool saw_server = false;
  // The most recent distinct CMIDs (as many as the largest possible cap): enough to know the
  // count exactly, as the real host's 50-entry table is.
  RecentCmidTable recent{50};
  uint64_t requests = 0;
  uint64_t activations = 0;
};

class FleetSimulation {
 public:
  FleetSimulation(const Topology& topology, const SimulationOptions& options)
      : topology_(topology),
        settings_(topology.settings),
        days_(options.days.value_or(topology.days)),
        seed_(options.seed.value_or(topology.seed)),
        random_(seed_),
        sink_(options.events),
        end_(static_cast<int32_t>(days_) * 1440),
        rules_(topology) {}

  SimulationReport run() {
    build_hosts();
    build_groups();
    build_clients();
    std::vector<ActivateNowSpec> activate_now = topology_.activate_now;
    std::stable_sort(activate_now.begin(), activate_now.end(),
                     [](const ActivateNowSpec& a, const ActivateNowSpec& b) { return a.day < b.day; });
    size_t next_activate_now = 0;
    for (int32_t minute = 0; minute < end_; ++minute) {
      while (next_activate_now < activate_now.size() &&
             static_cast<int64_t>(activate_now[next_activate_now].day) * 1440 == minute) {
        fire_activate_now(activate_now[next_activate_now++].group, minute);
      }
      if (minute % 1440 == 0) apply_host_restarts(minute);
      int32_t client = head_[minute];
      while (client != kNone) {
        const int32_t following = next_[client];
        head_[minute] = following;
        if (following != kNone) prev_[following] = kNone;
        next_[client] = kNone;
        attempt(client, minute);
        client = head_[minute];
      }
    }
    return report();
  }

 private:
  void build_hosts() {
    hosts_.resize(topology_.hosts.size());
    cache_limit_ = static_cast<size_t>(settings_.count_cap_factor) *
                   static_cast<size_t>(std::max(settings_.client_threshold, settings_.server_threshold));
    for (size_t i = 0; i < hosts_.size(); ++i) {
      const KmsHostSpec& spec = topology_.hosts[i];
      HostState& host = hosts_[i];
      host.activated = rules_.host_activated(static_cast<int>(i));
      host.activation_interval = spec.activation_interval_minutes;
      host.renewal_interval = spec.renewal_interval_minutes;
      host.recent = RecentCmidTable(static_cast<int>(cache_limit_));
    }
  }

  int32_t find_host(const std::string& name) const {
    for (size_t i = 0; i < topology_.hosts.size(); ++i) {
      if (equals_ignoring_case(topology_.hosts[i].name, name)) return static_cast<int32_t>(i);
    }
    return kNone;
  }

  bool linked(int site_a, int site_b) const {
    if (site_a == site_b) return true;
    for (const LinkSpec& link : topology_.links) {
      if ((link.a == site_a && link.b == site_b) || (link.a == site_b && link.b == site_a)) {
        return true;
      }
    }
    return false;
  }

  // The host a client at `site` connects to for `name:port`, or kNone.
  int32_t connectable(const std::string& name, int port, int site) const {
    const int32_t host = find_host(name);
    if (host == kNone) return kNone;
    const KmsHostSpec& spec = topology_.hosts[static_cast<size_t>(host)];
    if (spec.port != port || !linked(site, spec.site)) return kNone;
    return host;
  }

  void plan_discovery(const ClientGroupSpec& group, GroupPlan& plan) {
    if (group.kms_host) {
      plan.explicit_mode = true;
      plan.explicit_host = connectable(*group.kms_host, group.kms_port, group.site);
      plan.reachable = plan.explicit_host != kNone;
      return;
    }
    std::vector<std::string> domains;
    const auto add_domain = [&](const std::string& domain) {
      if (domain.empty()) return;
      for (const auto& known : domains) {
        if (equals_ignoring_case(known, domain)) return;
      }
      domains.push_back(domain);
    };
    for (const std::string& domain : discovery_domains(group, plan.family)) add_domain(domain);
    const DnsZone* chosen = nullptr;
    bool empty_zone = false;
    for (const auto& domain : domains) {
      for (const auto& zone : topology_.zones) {
        if (!equals_ignoring_case(zone.name, domain)) continue;
        if (zone.records.empty()) {
          empty_zone = true;
        } else if (!chosen) {
          chosen = &zone;
        }
      }
      if (chosen) break;
    }
    if (!chosen) {
      plan.discovery_error = empty_zone ? hresult::dns_no_records : hresult::dns_name_missing;
      return;
    }
    for (const SrvRecord& record : chosen->records) {
      const int32_t host = connectable(record.target, record.port, group.site);
      if (host == kNone) plan.unreachable_records.push_back(find_host(record.target));
    }
    plan.random_pick = picks_srv_at_random(settings_.readings.srv_selection, plan.family);
    if (plan.random_pick) {
      for (const SrvRecord& record : chosen->records) {
        const int32_t host = connectable(record.target, record.port, group.site);
        if (host != kNone) plan.candidates.push_back(host);
      }
    } else {
      // RFC 2782: the lowest priority with a reachable record wins; within it, by weight.
      int best_priority = -1;
      for (const SrvRecord& record : chosen->records) {
        if (connectable(record.target, record.port, group.site) == kNone) continue;
        if (best_priority < 0 || record.priority < best_priority) best_priority = record.priority;
      }
      uint64_t total = 0;
      for (const SrvRecord& record : chosen->records) {
        const int32_t host = connectable(record.target, record.port, group.site);
        if (host == kNone || record.priority != best_priority) continue;
        plan.candidates.push_back(host);
        total += static_cast<uint64_t>(record.weight);
        plan.cumulative_weights.push_back(total);
      }
      if (total == 0) plan.cumulative_weights.clear();  // all weights 0: uniform
    }
    if (plan.candidates.empty()) plan.discovery_error = hresult::no_host_contacted;
    plan.reachable = !plan.candidates.empty();
  }

  void build_groups() {
    plans_.resize(topology_.groups.size());
    static_assert(kMaximumTopologyClients < INT32_MAX, "client indices are 32-bit");
    int64_t begin = 0;
    for (size_t g = 0; g < topology_.groups.size(); ++g) {
      const ClientGroupSpec& group = topology_.groups[g];
      GroupPlan& plan = plans_[g];
      plan.site = group.site;
      plan.answered_by.assign(hosts_.size(), 0);
      plan.family = group.product->family;
      plan.server = group.product->type == ProductType::server;
      plan.shared_cmid = !group.generalized;
      const ProductTimers& timers = product_timers(*group.product, group.build);
      plan.oob_grace = group.oob_grace_minutes.value_or(
          topology_.oob_grace_minutes.value_or(timers.oob_grace_days * 1440));
      plan.reduced_functionality = timers.end_of_grace == EndOfGrace::reduced_functionality;
      plan.caches_host = settings_.cache_host &&
                         (plan.family != OsFamily::vista || settings_.readings.vista_host_caching);
      plan_discovery(group, plan);
      for (const OutageSpec& outage : topology_.outages) {
        if (outage.group == static_cast<int>(g)) {
          plan.outages.emplace_back(outage.from_day * 1440, outage.to_day * 1440);
        }
      }
      plan.begin = static_cast<int32_t>(begin);
      begin += group.count;
    }
    // parse_topology refuses more (exit 3); a Topology built in code that skips the cap is a
    // programming error, reported rather than run with overflowed indices.
    if (begin > kMaximumTopologyClients) {
      throw std::length_error("the topology holds " + std::to_string(begin) +
                              " clients; the limit is " + std::to_string(kMaximumTopologyClients));
    }
    client_count_ = static_cast<int32_t>(begin);
  }

  void build_clients() {
    const size_t n = static_cast<size_t>(client_count_);
    group_.resize(n);
    cmid_.resize(n);
    boot_.resize(n);
    validity_.assign(n, kNone);
    first_activation_.assign(n, kNone);
    activation_interval_.assign(n, static_cast<uint16_t>(settings_.activation_interval_minutes));
    renewal_interval_.assign(n, static_cast<uint16_t>(settings_.renewal_interval_minutes));
    cached_host_.assign(n, kNone);
    scheduled_.assign(n, kNone);
    last_failure_.assign(n, 0);
    through_ad_.assign(n, 0);
    next_.assign(n, kNone);
    prev_.assign(n, kNone);
    head_.assign(static_cast<size_t>(std::max(end_, 0)), kNone);
    tail_.assign(static_cast<size_t>(std::max(end_, 0)), kNone);
    uint32_t next_cmid = 0;
    for (size_t g = 0; g < topology_.groups.size(); ++g) {
      const ClientGroupSpec& group = topology_.groups[g];
      const GroupPlan& plan = plans_[g];
      const uint32_t shared = next_cmid;
      if (plan.shared_cmid && group.count > 0) ++next_cmid;
      for (int member = 0; member < group.count; ++member) {
        const size_t c = static_cast<size_t>(plan.begin + member);
        group_[c] = static_cast<uint32_t>(g);
        cmid_[c] = plan.shared_cmid ? shared : next_cmid++;
        const int64_t spread =
            group.count > 0 ? static_cast<int64_t>(member) * group.boot.spread_minutes / group.count : 0;
        boot_[c] = static_cast<int32_t>(group.boot.offset_minutes + spread);
        schedule(static_cast<int32_t>(c), boot_[c]);
      }
    }
  }

  void schedule(int32_t client, int64_t minute) {
    unlink(client);
    if (minute >= end_) {
      scheduled_[static_cast<size_t>(client)] = kNone;
      return;
    }
    const size_t c = static_cast<size_t>(client);
    const auto bucket = static_cast<size_t>(minute);
    scheduled_[c] = static_cast<int32_t>(minute);
    prev_[c] = tail_[bucket];
    next_[c] = kNone;
    if (tail_[bucket] == kNone) {
      head_[bucket] = client;
    } else {
      next_[static_cast<size_t>(tail_[bucket])] = client;
    }
    tail_[bucket] = client;
  }

  void unlink(int32_t client) {
    const size_t c = static_cast<size_t>(client);
    const int32_t minute = scheduled_[c];
    if (minute == kNone) return;
    const auto bucket = static_cast<size_t>(minute);
    if (prev_[c] == kNone) {
      if (head_[bucket] == client) head_[bucket] = next_[c];
    } else {
      next_[static_cast<size_t>(prev_[c])] = next_[c];
    }
    if (next_[c] == kNone) {
      if (tail_[bucket] == client) tail_[bucket] = prev_[c];
    } else {
      prev_[static_cast<size_t>(next_[c])] = prev_[c];
    }
    prev_[c] = kNone;
    next_[c] = kNone;
    scheduled_[c] = kNone;
  }

  void fire_activate_now(int group, int32_t minute) {
    const GroupPlan& plan = plans_[static_cast<size_t>(group)];
    const int32_t count = topology_.groups[static_cast<size_t>(group)].count;
    for (int32_t c = plan.begin; c < plan.begin + count; ++c) {
      if (boot_[static_cast<size_t>(c)] < minute) attempt(c, minute);
    }
  }

  ClientTimes times_of(size_t c) const {
    return ClientTimes{boot_[c], boot_[c] + plans_[group_[c]].oob_grace, validity_[c]};
  }

  int32_t pick_host(size_t c, GroupPlan& plan) {
    if (plan.explicit_mode) return plan.explicit_host;
    if (plan.caches_host && cached_host_[c] != kNone) return cached_host_[c];
    const size_t n = plan.candidates.size();
    if (n == 0) return kNone;
    if (n == 1) return plan.candidates[0];
    if (plan.random_pick || plan.cumulative_weights.empty()) {
      return plan.candidates[static_cast<size_t>(random_.below(n))];
    }
    const uint64_t ticket = random_.below(plan.cumulative_weights.back());
    const auto it = std::upper_bound(plan.cumulative_weights.begin(),
                                     plan.cumulative_weights.end(), ticket);
    return plan.candidates[static_cast<size_t>(it - plan.cumulative_weights.begin())];
  }

  // Records the CMID and returns the host's count (kms-facts §1).
  int count_after(HostState& host, uint32_t cmid, bool server, int32_t minute) {
    (server ? host.saw_server : host.saw_client) = true;
    host.recent.touch(cmid, minute);
    return host_count(host, minute);
  }

  int host_count(const HostState& host, int64_t minute) const {
    int largest = 0;
    if (host.saw_client) largest = std::max(largest, settings_.client_threshold);
    if (host.saw_server) largest = std::max(largest, settings_.server_threshold);
    return host.recent.count_since(minute - settings_.count_window_minutes,
                                   settings_.count_cap_factor * largest);
  }

  void emit(EventRecord record) {
    if (sink_) sink_(record);
  }

  void attempt(int32_t client, int32_t minute) {
    const size_t c = static_cast<size_t>(client);
    GroupPlan& plan = plans_[group_[c]];
    ++attempts_;
    int32_t host_index = kNone;
    Hresult result = 0;
    bool offline = false;
    for (const auto& [from, to] : plan.outages) {
      if (minute >= from && minute < to) offline = true;
    }
    if (!offline && rules_.activates_through_ad(static_cast<int>(group_[c]), minute)) {
      activate_through_ad(c, client, minute);
      return;
    }
    if (offline) {
      result = hresult::no_host_contacted;
    } else if (!plan.explicit_mode && rules_.dns_failed(static_cast<int>(group_[c]), minute)) {
      result = hresult::dns_server_failure;
    } else {
      host_index = pick_host(c, plan);
      if (host_index == kNone) {
        result = plan.explicit_mode || plan.discovery_error == 0 ? hresult::no_host_contacted
                                                                 : plan.discovery_error;
      }
    }
    const bool tried_unreachable = host_index == kNone && result == hresult::no_host_contacted &&
                                   !offline && !plan.unreachable_records.empty();
    if (tried_unreachable) {
      emit_unreachable_attempts(c, client, plan, minute);
    } else {
      ++events_12288_;
    }
    if (sink_ && !tried_unreachable) {
      const ClientTimes times = times_of(c);
      EventRecord sent;
      sent.minute = minute;
      sent.event_id = 12288;
      sent.group = static_cast<int>(group_[c]);
      sent.member = client - plan.begin;
      sent.cmid_id = cmid_[c];
      sent.host = host_index;
      sent.hresult = result;
      sent.threshold = plan.server ? settings_.server_threshold : settings_.client_threshold;
      sent.status = status_at(times, minute, settings_);
      sent.minutes_to_expiry = minutes_to_expiry(times, minute, settings_);
      emit(sent);
    }
    if (host_index == kNone) {
      fail(c, plan, result);
      schedule(client, static_cast<int64_t>(minute) + activation_interval_[c]);
      return;
    }

    HostState& host = hosts_[static_cast<size_t>(host_index)];
    ++host.requests;
    ++traffic_requests_;
    ++events_12290_;
    ++events_12289_;
    int count = 0;
    result = decide_host_response(host, host_index, c, plan, minute, count);
    // The host's intervals replace the client's with every response.
    activation_interval_[c] = static_cast<uint16_t>(host.activation_interval);
    renewal_interval_[c] = static_cast<uint16_t>(host.renewal_interval);
    const bool activated = result == hresult::success;
    if (activated) {
      ++host.activations;
      validity_[c] = minute + settings_.validity_minutes;
      if (first_activation_[c] == kNone) first_activation_[c] = minute;
      last_failure_[c] = 0;
      through_ad_[c] = 0;
      if (plan.caches_host) cached_host_[c] = host_index;
    } else {
      fail(c, plan, result);
    }
    if (sink_) {
      EventRecord processed;
      processed.minute = minute;
      processed.event_id = 12290;
      processed.group = static_cast<int>(group_[c]);
      processed.member = client - plan.begin;
      processed.cmid_id = cmid_[c];
      processed.host = host_index;
      processed.hresult = result;
      processed.count = count;
      processed.threshold = plan.server ? settings_.server_threshold : settings_.client_threshold;
      processed.activated = activated;
      const ClientTimes times = times_of(c);
      processed.status = status_at(times, minute, settings_);
      processed.minutes_to_expiry = minutes_to_expiry(times, minute, settings_);
      emit(processed);
      processed.event_id = 12289;
      processed.activation_interval_minutes = activation_interval_[c];
      processed.renewal_interval_minutes = renewal_interval_[c];
      emit(processed);
    }
    schedule(client, static_cast<int64_t>(minute) +
                         (activated ? renewal_interval_[c] : activation_interval_[c]));
  }

  // The host's answer (field_rules.hpp decides refusals before the count; the threshold-rule
  // reading decides the comparison).
  Hresult decide_host_response(HostState& host, int32_t host_index, size_t c, GroupPlan& plan,
                               int32_t minute, int& count) {
    const Hresult refused = rules_.refusal(host_index, static_cast<int>(group_[c]));
    if (refused != 0) return refused;
    if (rules_.counts_cmid(static_cast<int>(group_[c]))) {
      count = count_after(host, cmid_[c], plan.server, minute);
    } else {
      (plan.server ? host.saw_server : host.saw_client) = true;
      count = host_count(host, minute);
    }
    plan.answered_by[static_cast<size_t>(host_index)] = 1;
    const int threshold = plan.server ? settings_.server_threshold : settings_.client_threshold;
    return meets_threshold(count, threshold, settings_.readings.threshold_rule)
               ? hresult::success
               : hresult::count_too_low;
  }

  // AD-based activation: activated from the forest's activation object at this attempt, no
  // KMS host, no count; the next check comes after the renewal interval (7 days).
  void activate_through_ad(size_t c, int32_t client, int32_t minute) {
    validity_[c] = minute + settings_.validity_minutes;
    if (first_activation_[c] == kNone) first_activation_[c] = minute;
    last_failure_[c] = 0;
    through_ad_[c] = 1;
    schedule(client, static_cast<int64_t>(minute) + settings_.renewal_interval_minutes);
  }

  // No SRV record's host could be reached: one 12288 per record tried, each 0x800706BA (the
  // attempt's result, 0xC004F074, is what the client reports).
  void emit_unreachable_attempts(size_t c, int32_t client, const GroupPlan& plan, int32_t minute) {
    events_12288_ += plan.unreachable_records.size();
    if (!sink_) return;
    const ClientTimes times = times_of(c);
    for (int32_t host : plan.unreachable_records) {
      EventRecord sent;
      sent.minute = minute;
      sent.event_id = 12288;
      sent.group = static_cast<int>(group_[c]);
      sent.member = client - plan.begin;
      sent.cmid_id = cmid_[c];
      sent.host = host;
      sent.hresult = hresult::rpc_unavailable;
      sent.threshold = plan.server ? settings_.server_threshold : settings_.client_threshold;
      sent.status = status_at(times, minute, settings_);
      sent.minutes_to_expiry = minutes_to_expiry(times, minute, settings_);
      emit(sent);
    }
  }

  // <host-restart>: the restart-clears-count reading empties the host's table of CMIDs.
  void apply_host_restarts(int32_t minute) {
    if (!settings_.readings.restart_clears_count) return;
    for (const HostRestartSpec& restart : topology_.host_restarts) {
      if (static_cast<int64_t>(restart.day) * 1440 != minute) continue;
      HostState& host = hosts_[static_cast<size_t>(restart.host)];
      host.recent = RecentCmidTable(static_cast<int>(cache_limit_));
      host.saw_client = false;
      host.saw_server = false;
    }
  }

  void fail(size_t c, GroupPlan& plan, Hresult result) {
    last_failure_[c] = result;
    ++plan.failures[static_cast<size_t>(failure_slot(result))];
  }

  void add_client(ActivationTally& tally, size_t c) const {
    const ClientTimes times = times_of(c);
    const LicenseStatus status = status_at(times, end_, settings_);
    ++tally.clients;
    ++tally.status_counts[static_cast<size_t>(status)];
    if (status == LicenseStatus::licensed) {
      ++tally.activated;
      if (through_ad_[c]) ++tally.ad_activated;
    } else if (last_failure_[c] != 0) {
      ++tally.final_failures[last_failure_[c]];
    }
    if (status == LicenseStatus::notification && plans_[group_[c]].reduced_functionality) {
      ++tally.reduced_functionality;
    }
    if (first_activation_[c] != kNone) {
      ++tally.ever_activated;
      const int64_t first = first_activation_[c];
      if (!tally.first_activation_minute || first < *tally.first_activation_minute) {
        tally.first_activation_minute = first;
      }
      if (!tally.last_activation_minute || first > *tally.last_activation_minute) {
        tally.last_activation_minute = first;
      }
    }
  }

  static void merge(ActivationTally& into, const ActivationTally& from) {
    into.clients += from.clients;
    into.activated += from.activated;
    into.ever_activated += from.ever_activated;
    into.ad_activated += from.ad_activated;
    into.reduced_functionality += from.reduced_functionality;
    for (const auto& answering : from.answering_host_counts)
      into.answering_host_counts.insert(answering);
    for (int i = 0; i < kLicenseStatusCount; ++i) into.status_counts[i] += from.status_counts[i];
    for (const auto& [code, count] : from.failures) into.failures[code] += count;
    for (const auto& [code, count] : from.final_failures) into.final_failures[code] += count;
    for (const auto& minute : {from.first_activation_minute, from.last_activation_minute}) {
      if (!minute) continue;
      if (!into.first_activation_minute || *minute < *into.first_activation_minute) {
        into.first_activation_minute = minute;
      }
      if (!into.last_activation_minute || *minute > *into.last_activation_minute) {
        into.last_activation_minute = minute;
      }
    }
  }

  SimulationReport report() {
    SimulationReport report;
    report.start = topology_.start;
    report.days = days_;
    report.seed = seed_;
    for (size_t g = 0; g < topology_.groups.size(); ++g) {
      GroupReport group;
      group.name = topology_.groups[g].name;
      group.site = topology_.groups[g].site;
      const GroupPlan& plan = plans_[g];
      for (int32_t c = plan.begin; c < plan.begin + topology_.groups[g].count; ++c) {
        add_client(group.tally, static_cast<size_t>(c));
      }
      for (size_t h = 0; h < plan.answered_by.size(); ++h) {
        if (plan.answered_by[h]) {
          group.tally.answering_host_counts[static_cast<int>(h)] = host_count(hosts_[h], end_);
        }
      }
      for (int slot = 0; slot < kFailureSlots; ++slot) {
        if (plan.failures[static_cast<size_t>(slot)] > 0) {
          group.tally.failures[kFailureCodes[slot]] = plan.failures[static_cast<size_t>(slot)];
        }
      }
      report.groups.push_back(std::move(group));
    }
    for (size_t s = 0; s < topology_.sites.size(); ++s) {
      SiteReport site;
      site.name = topology_.sites[s].name;
      FailureContext context;
      for (size_t g = 0; g < report.groups.size(); ++g) {
        if (report.groups[g].site != static_cast<int>(s)) continue;
        merge(site.tally, report.groups[g].tally);
        context.shared_cmid = context.shared_cmid || plans_[g].shared_cmid;
        context.host_reachable = context.host_reachable || plans_[g].reachable;
        context.server_only = context.server_only && plans_[g].server;
        context.ad_capable = context.ad_capable || rules_.ad_capable(static_cast<int>(g));
        for (const auto& [host, count] : report.groups[g].tally.answering_host_counts) {
          context.split_counts[topology_.hosts[static_cast<size_t>(host)].name] = count;
        }
      }
      for (size_t h = 0; h < hosts_.size(); ++h) {
        const Hresult error = rules_.host_activation_error(static_cast<int>(h));
        if (error != 0 && linked(static_cast<int>(s), topology_.hosts[h].site)) {
          context.host_activation_error = error;
        }
      }
      context.client_threshold = settings_.client_threshold;
      context.server_threshold = settings_.server_threshold;
      site.verdict = site_verdict(site.name, site.tally, context);
      report.sites.push_back(std::move(site));
    }
    for (size_t h = 0; h < hosts_.size(); ++h) {
      HostReport host;
      host.name = topology_.hosts[h].name;
      host.site = topology_.hosts[h].site;
      host.count = host_count(hosts_[h], end_);
      host.requests = hosts_[h].requests;
      host.activations = hosts_[h].activations;
      host.activation_error = rules_.host_activation_error(static_cast<int>(h));
      report.hosts.push_back(std::move(host));
    }
    report.traffic_requests = traffic_requests_;
    report.traffic_bytes = traffic_requests_ * 2 * static_cast<uint64_t>(settings_.bytes_per_message);
    report.events_12288 = events_12288_;
    report.events_12289 = events_12289_;
    report.events_12290 = events_12290_;
    report.attempts = attempts_;
    return report;
  }

  const Topology& topology_;
  const EngineSettings& settings_;
  int days_;
  uint64_t seed_;
  SeededRandom random_;
  EventSink sink_;
  int32_t end_;
  size_t cache_limit_ = 50;
  int32_t client_count_ = 0;
  std::vector<HostState> hosts_;
  std::vector<GroupPlan> plans_;
  // Struct of arrays: one entry per client.
  std::vector<uint32_t> group_;
  std::vector<uint32_t> cmid_;
  std::vector<int32_t> boot_;
  std::vector<int32_t> validity_;
  std::vector<int32_t> first_activation_;
  std::vector<uint16_t> activation_interval_;
  std::vector<uint16_t> renewal_interval_;
  std::vector<int32_t> cached_host_;
  std::vector<int32_t> scheduled_;
  std::vector<Hresult> last_failure_;
  std::vector<uint8_t> through_ad_;  // 1: the last success came from AD-based activation
  std::vector<int32_t> next_;
  std::vector<int32_t> prev_;
  // The calendar: bucket m holds the clients whose next attempt is at minute m.
  std::vector<int32_t> head_;
  std::vector<int32_t> tail_;
  uint64_t attempts_ = 0;
  uint64_t traffic_requests_ = 0;
  uint64_t events_12288_ = 0;
  uint64_t events_12289_ = 0;
  uint64_t events_12290_ = 0;
  FieldRules rules_;
};

}  // namespace

SimulationReport simulate_fleet(const Topology& topology, const SimulationOptions& options) {
  return FleetSimulation(topology, options).run();
}

std::string client_name(const Topology& topology, int group, int member) {
  const ClientGroupSpec& spec = topology.groups[static_cast<size_t>(group)];
  std::string number = std::to_string(member + 1);
  const size_t width = std::max<size_t>(4, std::to_string(spec.count).size());
  if (number.size() < width) number.insert(0, width - number.size(), '0');
  return spec.name + "-" + number;
}

std::string simulated_cmid(uint64_t seed, uint32_t cmid_id) {
  SeededRandom random(seed * 0x9E3779B97F4A7C15ULL + cmid_id);
  return new_cmid(random);
}

std::optional<Hresult> dominant_failure(const ActivationTally& tally) {
  std::optional<Hresult> best;
  uint64_t best_count = 0;
  for (const auto& [code, count] : tally.final_failures) {
    if (count > best_count) {
      best = code;
      best_count = count;
    }
  }
  return best;
}

}  // namespace kmsprep
