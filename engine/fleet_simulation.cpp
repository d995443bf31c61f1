// The discrete-event fleet simulation. Clients are simulated in cohorts (engine/cohort_calendar):
// consecutive members of a group in the same state with the same next attempt, attempted as one
// in the order the clients would go one by one, and split where their answers differ. A group
// that can never get a yes (no host, or a host that refuses its product) has its retries counted
// rather than run. Same results and events as client by client; cost follows the number of
// distinct states, not of clients (docs/engine.md, bench/RESULTS-engine.md).
#include "engine/fleet_simulation.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "core/text.hpp"
#include "engine/client_timers.hpp"
#include "engine/cohort_calendar.hpp"
#include "engine/failure_explanation.hpp"
#include "engine/field_rules.hpp"
#include "engine/product_timers.hpp"
#include "engine/random_source.hpp"
#include "engine/recent_cmid_table.hpp"

namespace kmsprep {
namespace {

constexpr int32_t kNone = -1;
constexpr uint16_t kNoCachedHost = UINT16_MAX;
static_assert(kMaximumTopologyHosts < kNoCachedHost, "cached hosts are 16-bit");
constexpr uint16_t kDefaultIntervals = 0;  // the settings' pair, interned first

// The failure codes the model produces, for cheap per-group counters and a one-byte last
// failure per cohort: every failure an attempt can end with must be listed here.
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
  int group = 0;  // index into Topology::groups
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
  bool reachable = false;  // some host can be contacted when the network is up
  int32_t oob_grace = 0;
  int threshold = 25;  // the count this group's product needs
  BootSchedule boot;
  int32_t count = 0;
  std::vector<std::pair<int32_t, int32_t>> outages;  // [from, to) minutes
  int32_t begin = 0;                                 // first client index
  uint32_t first_cmid = 0;       // the group's CMID ids: first_cmid + member, or first_cmid shared
  int32_t fixed_host = kNone;    // the host every request goes to, unless per_member_pick
  bool per_member_pick = false;  // several candidates: a random pick or each member's cached host
  bool never_answers_yes = false;             // see plan_fixed_answer, plan_counts_below_threshold
  std::vector<int32_t> activate_now_minutes;  // in time order
  size_t activate_now_fired = 0;
  std::array<uint64_t, kFailureSlots> failures{};
  uint64_t ever_activated = 0;
  int32_t first_activation = kNone;  // the first and the last minute a member first activated
  int32_t last_activation = kNone;
  // Field rules (field_rules.hpp): SRV records whose host cannot be reached (a 0x800706BA
  // each when none can), a grace that ends in reduced functionality, hosts that answered,
  // and whether an attempt's fate can change with the minute (AD activation, DNS failures).
  std::vector<int32_t> unreachable_records;
  bool reduced_functionality = false;
  std::vector<int32_t> answered_by;  // the hosts that answered with a count (a few candidates)
  bool ad_object = false;            // an AD activation object serves the group at some time
  bool dns_failures = false;         // a DNS server failure window applies to the group
};

// Retries counted ahead at a host whose count can never reach a threshold: the CMIDs of the
// last of them, recorded into the host's table when the run gets to `minute`.
struct DeferredTouch {
  int32_t minute = 0;
  uint32_t first_cmid = 0;
  uint32_t cmids = 0;  // 0: the vm-counting reading, the request adds no CMID
  bool server = false;
};

struct HostState {
  bool activated = true;
  int32_t activation_interval = 120;
  int32_t renewal_interval = 10080;
  uint16_t interval_pair = 0;  // index of (activation_interval, renewal_interval) in the table
  bool saw_client = false;
  bool saw_server = false;
  // The most recent distinct CMIDs (as many as the largest possible cap): enough to know the
  // count exactly, as the real host's 50-entry table is.
  RecentCmidTable recent{50};
  uint64_t requests = 0;
  uint64_t activations = 0;
  // Fewer CMIDs can ever reach it than any of its groups needs (plan_counts_below_threshold):
  // every answer is 0xC004F038, and its groups' retries are counted ahead.
  bool below_threshold_for_good = false;
  std::vector<DeferredTouch> deferred;  // a min-heap by minute
};

// The retry intervals a host sets with each response (kms-facts §3); cohorts hold an index
// into the run's table of the distinct pairs, two bytes instead of four.
struct IntervalPair {
  int32_t activation = 120;
  int32_t renewal = 10080;
};

// The host's answer to a cohort's requests, in member order: members before `split` get
// `early`, the others `late` (a count rising past the threshold in the middle of the cohort).
struct HostAnswer {
  uint32_t split = 0;
  Hresult early = 0;
  Hresult late = 0;
};

// Called for each member's answer when events are written (the count the member saw).
using AnswerObserver = std::function<void(uint32_t member, Hresult result, int count)>;

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
    build_cohorts();
    std::vector<ActivateNowSpec> activate_now = topology_.activate_now;
    std::stable_sort(
        activate_now.begin(), activate_now.end(),
        [](const ActivateNowSpec& a, const ActivateNowSpec& b) { return a.day < b.day; });
    for (const ActivateNowSpec& spec : activate_now) {
      plans_[static_cast<size_t>(spec.group)].activate_now_minutes.push_back(spec.day * 1440);
    }
    size_t next_activate_now = 0;
    for (int32_t minute = 0; minute < end_; ++minute) {
      while (next_activate_now < activate_now.size() &&
             static_cast<int64_t>(activate_now[next_activate_now].day) * 1440 == minute) {
        fire_activate_now(activate_now[next_activate_now++].group, minute);
      }
      if (minute % 1440 == 0) apply_host_restarts(minute);
      for (CohortId id = calendar_.pop(minute); id != kNoCohort; id = calendar_.pop(minute)) {
        attempt(id, minute);
      }
    }
    return report();
  }

 private:
  void build_hosts() {
    hosts_.resize(topology_.hosts.size());
    intern_intervals({settings_.activation_interval_minutes, settings_.renewal_interval_minutes});
    cache_limit_ =
        static_cast<size_t>(settings_.count_cap_factor) *
        static_cast<size_t>(std::max(settings_.client_threshold, settings_.server_threshold));
    for (size_t i = 0; i < hosts_.size(); ++i) {
      const KmsHostSpec& spec = topology_.hosts[i];
      HostState& host = hosts_[i];
      host.activated = rules_.host_activated(static_cast<int>(i));
      host.activation_interval = spec.activation_interval_minutes;
      host.renewal_interval = spec.renewal_interval_minutes;
      host.interval_pair = intern_intervals({host.activation_interval, host.renewal_interval});
      host.recent = RecentCmidTable(static_cast<int>(cache_limit_));
      host_index_.emplace(to_lower_ascii(spec.name), static_cast<int32_t>(i));
    }
  }

  // The index of `pair` in interval_pairs_, added when new. Pairs are at most the hosts' and
  // the default (the topology reader caps hosts at kMaximumTopologyHosts).
  uint16_t intern_intervals(IntervalPair pair) {
    for (size_t i = 0; i < interval_pairs_.size(); ++i) {
      const IntervalPair& known = interval_pairs_[i];
      if (known.activation == pair.activation && known.renewal == pair.renewal) {
        return static_cast<uint16_t>(i);
      }
    }
    if (interval_pairs_.size() > UINT16_MAX) {
      throw std::length_error("more distinct KMS host intervals than a cohort can index");
    }
    interval_pairs_.push_back(pair);
    return static_cast<uint16_t>(interval_pairs_.size() - 1);
  }

  // Host names match ignoring letter case (docs/topology.md); looked up for every SRV record and
  // explicit host of every group, so through an index, not a scan of up to 10,000 hosts.
  int32_t find_host(const std::string& name) const {
    const auto found = host_index_.find(to_lower_ascii(name));
    return found == host_index_.end() ? kNone : found->second;
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

  // The first zone with records among the domains the group searches, in order; none when
  // no domain has one (`empty_zone` tells a zone without records from no zone at all).
  const DnsZone* discovery_zone(const ClientGroupSpec& group, OsFamily family,
                                bool& empty_zone) const {
    std::vector<std::string> domains;
    for (const std::string& domain : discovery_domains(group, family)) {
      if (domain.empty()) continue;
      const bool known = std::any_of(domains.begin(), domains.end(), [&](const std::string& d) {
        return equals_ignoring_case(d, domain);
      });
      if (!known) domains.push_back(domain);
    }
    const DnsZone* chosen = nullptr;
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
    return chosen;
  }

  void plan_discovery(const ClientGroupSpec& group, GroupPlan& plan) {
    if (group.kms_host) {
      plan.explicit_mode = true;
      plan.explicit_host = connectable(*group.kms_host, group.kms_port, group.site);
      plan.reachable = plan.explicit_host != kNone;
      return;
    }
    bool empty_zone = false;
    const DnsZone* chosen = discovery_zone(group, plan.family, empty_zone);
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

  // Whether every request of the group meets the same fate whatever happens elsewhere: the
  // same host (or none) each time, without a random pick, and a refusal that does not depend
  // on the host's count. Such a group never activates, and its retries are counted in one
  // step (fast_forward) instead of one attempt every two hours.
  void plan_fixed_answer(GroupPlan& plan) {
    if (plan.explicit_mode) {
      plan.fixed_host = plan.explicit_host;
    } else if (plan.candidates.size() == 1) {
      plan.fixed_host = plan.candidates[0];
    } else if (!plan.candidates.empty()) {
      plan.per_member_pick = true;  // random pick, or each member's cached host
      return;
    }
    // An AD activation object can activate the group at some minute: its retries must run.
    plan.never_answers_yes =
        !plan.ad_object && (plan.fixed_host == kNone || refusal(plan.fixed_host, plan) != 0);
  }

  void build_groups() {
    plans_.resize(topology_.groups.size());
    static_assert(kMaximumTopologyClients < INT32_MAX, "client indices are 32-bit");
    int64_t begin = 0;
    uint32_t next_cmid = 0;
    for (size_t g = 0; g < topology_.groups.size(); ++g) {
      const ClientGroupSpec& group = topology_.groups[g];
      GroupPlan& plan = plans_[g];
      plan.group = static_cast<int>(g);
      plan.site = group.site;
      plan.family = group.product->family;
      plan.server = group.product->type == ProductType::server;
      plan.threshold = plan.server ? settings_.server_threshold : settings_.client_threshold;
      plan.shared_cmid = !group.generalized;
      const ProductTimers& timers = product_timers(*group.product, group.build);
      plan.oob_grace = group.oob_grace_minutes.value_or(
          topology_.oob_grace_minutes.value_or(timers.oob_grace_days * 1440));
      plan.reduced_functionality = timers.end_of_grace == EndOfGrace::reduced_functionality;
      plan.caches_host = settings_.cache_host &&
                         (plan.family != OsFamily::vista || settings_.readings.vista_host_caching);
      plan.ad_object = rules_.has_ad_object(static_cast<int>(g));
      for (const DnsFailureSpec& failure : topology_.dns_failures) {
        if (failure.group < 0 || failure.group == static_cast<int>(g)) plan.dns_failures = true;
      }
      plan.boot = group.boot;
      plan.count = group.count;
      plan_discovery(group, plan);
      plan_fixed_answer(plan);
      if (plan.per_member_pick && plan.caches_host) any_cached_host_ = true;
      for (const OutageSpec& outage : topology_.outages) {
        if (outage.group == static_cast<int>(g)) {
          plan.outages.emplace_back(outage.from_day * 1440, outage.to_day * 1440);
        }
      }
      plan.begin = static_cast<int32_t>(begin);
      plan.first_cmid = next_cmid;
      if (group.count > 0) next_cmid += plan.shared_cmid ? 1u : static_cast<uint32_t>(group.count);
      begin += group.count;
    }
    // parse_topology refuses more (exit 3); a Topology built in code that skips the cap is a
    // programming error, reported rather than run with overflowed indices.
    if (begin > kMaximumTopologyClients) {
      throw std::length_error("the topology holds " + std::to_string(begin) +
                              " clients; the limit is " + std::to_string(kMaximumTopologyClients));
    }
    client_count_ = static_cast<int32_t>(begin);
    plan_counts_below_threshold();
  }

  // Calls `visit` once for each host group `plan` can send a request to that the host counts:
  // its fixed host, or each of its candidates when every member picks.
  template <typename Visit>
  void for_each_host_asked(const GroupPlan& plan, Visit visit) const {
    if (plan.count == 0) return;
    if (plan.fixed_host != kNone && refusal(plan.fixed_host, plan) == 0) visit(plan.fixed_host);
    if (!plan.per_member_pick) return;
    for (size_t i = 0; i < plan.candidates.size(); ++i) {
      const int32_t host = plan.candidates[i];
      const bool repeated =
          std::find(plan.candidates.begin(),
                    plan.candidates.begin() + static_cast<std::ptrdiff_t>(i),
                    host) != plan.candidates.begin() + static_cast<std::ptrdiff_t>(i);
      if (!repeated && host != plan.fixed_host && refusal(host, plan) == 0) visit(host);
    }
  }

  // A host that fewer distinct CMIDs can ever reach than any group asking it needs (a site of
  // never-generalized clones sharing one CMID a group, a branch of 12 machines) answers every
  // request 0xC004F038, whatever their order: a host's count is the distinct CMIDs in its
  // window, capped, so it never exceeds the CMIDs that reach it (kms-facts §1). The groups
  // whose only host it is then never get a yes and have their retries counted (fast_forward).
  // Their requests still refresh the host's table, whose count only the report reads: the last
  // request of each counted span is recorded there (DeferredTouch). The table never fills (the
  // CMIDs are fewer than its capacity), so which entry is the least recent never matters.
  void plan_counts_below_threshold() {
    // Per host, over the groups that can ask it (their fixed host or SRV candidates): groups x
    // candidates, not hosts x groups.
    std::vector<uint64_t> cmids(hosts_.size(), 0);
    for (const GroupPlan& plan : plans_) {
      if (!rules_.counts_cmid(plan.group)) continue;
      for_each_host_asked(plan, [&](int32_t host) {
        cmids[static_cast<size_t>(host)] +=
            plan.shared_cmid ? 1u : static_cast<uint64_t>(plan.count);
      });
    }
    std::vector<uint8_t> below(hosts_.size());
    for (size_t h = 0; h < hosts_.size(); ++h) below[h] = cmids[h] <= cache_limit_;
    for (const GroupPlan& plan : plans_) {
      for_each_host_asked(plan, [&](int32_t host) {
        const auto h = static_cast<size_t>(host);
        if (below[h]) {
          below[h] = !meets_threshold(static_cast<int>(cmids[h]), plan.threshold,
                                      settings_.readings.threshold_rule);
        }
      });
    }
    for (size_t h = 0; h < hosts_.size(); ++h) hosts_[h].below_threshold_for_good = below[h] != 0;
    for (GroupPlan& plan : plans_) {
      if (plan.fixed_host != kNone && !plan.ad_object &&
          hosts_[static_cast<size_t>(plan.fixed_host)].below_threshold_for_good) {
        plan.never_answers_yes = true;
      }
    }
  }

  // One cohort per group and boot minute: member i of n boots at offset + floor(i * spread / n).
  void build_cohorts() {
    if (any_cached_host_) cached_host_.assign(static_cast<size_t>(client_count_), kNoCachedHost);
    std::vector<uint32_t> group_begins;
    for (const GroupPlan& plan : plans_) group_begins.push_back(static_cast<uint32_t>(plan.begin));
    calendar_ = CohortCalendar(end_, std::move(group_begins), static_cast<uint32_t>(client_count_));
    for (size_t g = 0; g < plans_.size(); ++g) {
      const GroupPlan& plan = plans_[g];
      const int64_t n = plan.count;
      const int64_t spread = plan.boot.spread_minutes;
      for (int64_t member = 0; member < n;) {
        int64_t after = n;  // the first member of the next boot minute
        if (spread > 0) {
          const int64_t step = member * spread / n;
          after = std::min(n, ((step + 1) * n + spread - 1) / spread);
        }
        Cohort cohort;
        cohort.first = static_cast<uint32_t>(plan.begin + member);
        cohort.size = static_cast<uint32_t>(after - member);
        cohort.group = static_cast<uint32_t>(g);
        cohort.interval_pair = kDefaultIntervals;
        const CohortId id = calendar_.add(cohort);
        calendar_.schedule(id, boot_of(plan, static_cast<int32_t>(member)));
        member = after;
      }
    }
  }

  static int64_t boot_of(const GroupPlan& plan, int32_t member) {
    const int64_t spread =
        plan.count > 0 ? static_cast<int64_t>(member) * plan.boot.spread_minutes / plan.count : 0;
    return plan.boot.offset_minutes + spread;
  }

  // activate-now (slmgr /ato) on every booted member of the group, in member order.
  void fire_activate_now(int group, int32_t minute) {
    GroupPlan& plan = plans_[static_cast<size_t>(group)];
    ++plan.activate_now_fired;
    // A member that has not attempted yet boots at this minute or later. All are out of their
    // buckets first, so no cohort still waiting here absorbs one already run.
    const std::vector<CohortId> booted = calendar_.take_if([&](const Cohort& cohort) {
      return cohort.group == static_cast<uint32_t>(group) && cohort.attempted;
    });
    for (CohortId id : booted) attempt(id, minute);
  }

  int32_t pick_host(size_t client, const GroupPlan& plan) {
    if (plan.caches_host && cached_host_[client] != kNoCachedHost) return cached_host_[client];
    const size_t n = plan.candidates.size();
    if (plan.random_pick || plan.cumulative_weights.empty()) {
      return plan.candidates[static_cast<size_t>(random_.below(n))];
    }
    const uint64_t ticket = random_.below(plan.cumulative_weights.back());
    const auto it =
        std::upper_bound(plan.cumulative_weights.begin(), plan.cumulative_weights.end(), ticket);
    return plan.candidates[static_cast<size_t>(it - plan.cumulative_weights.begin())];
  }

  bool offline(const GroupPlan& plan, int64_t minute) const {
    for (const auto& [from, to] : plan.outages) {
      if (minute >= from && minute < to) return true;
    }
    return false;
  }

  // Why no host answers when none is reached.
  static Hresult unreached(const GroupPlan& plan) {
    return plan.explicit_mode || plan.discovery_error == 0 ? hresult::no_host_contacted
                                                           : plan.discovery_error;
  }

  // What the host answers whatever its count: decided by its configuration and the group
  // alone (field_rules.hpp: activation, key coverage, client-OS host, clock skew), fixed for
  // the run (plan_fixed_answer relies on that); 0 when the count decides (kms-facts §1, §5).
  Hresult refusal(int32_t host_index, const GroupPlan& plan) const {
    return rules_.refusal(host_index, plan.group);
  }

  // A DNS server failure window (field_rules.hpp) at `minute`: DNS mode only.
  bool dns_down(const GroupPlan& plan, int64_t minute) const {
    return plan.dns_failures && !plan.explicit_mode && rules_.dns_failed(plan.group, minute);
  }

  int host_count(const HostState& host, int64_t minute) const {
    int largest = 0;
    if (host.saw_client) largest = std::max(largest, settings_.client_threshold);
    if (host.saw_server) largest = std::max(largest, settings_.server_threshold);
    return host.recent.count_since(minute - settings_.count_window_minutes,
                                   settings_.count_cap_factor * largest);
  }

  // The one place a host's answer is decided: members `first_member` .. + `size` - 1 of the
  // group ask `host` in turn at `minute`. A refusal answers all alike; otherwise each request
  // records the member's CMID and is answered by the count after it (kms-facts §1). The count
  // only rises within a minute, so the answers are count_too_low up to some member and success
  // from it on. With an observer every member's count is computed; without, the CMIDs after
  // the first success are recorded in one step.
  HostAnswer answer(int32_t host_index, GroupPlan& plan, uint32_t first_member, uint32_t size,
                    int32_t minute, const AnswerObserver* observer) {
    HostState& host = hosts_[static_cast<size_t>(host_index)];
    HostAnswer result;
    if (const Hresult refused = refusal(host_index, plan); refused != 0) {
      if (observer) {
        for (uint32_t i = 0; i < size; ++i) (*observer)(i, refused, 0);
      }
      return {size, refused, refused};
    }
    apply_deferred_touches(host, minute);
    (plan.server ? host.saw_server : host.saw_client) = true;
    if (std::find(plan.answered_by.begin(), plan.answered_by.end(), host_index) ==
        plan.answered_by.end()) {
      plan.answered_by.push_back(host_index);
    }
    const auto cmid_of = [&](uint32_t i) {
      return plan.shared_cmid ? plan.first_cmid : plan.first_cmid + first_member + i;
    };
    const auto meets = [&](int count) {
      return meets_threshold(count, plan.threshold, settings_.readings.threshold_rule);
    };
    const auto verdict = [&](int count) {
      return meets(count) ? hresult::success : hresult::count_too_low;
    };
    if (!rules_.counts_cmid(plan.group)) {
      // The vm-counting reading: these requests add no CMID, so every member sees one count.
      const int count = host_count(host, minute);
      if (observer) {
        for (uint32_t i = 0; i < size; ++i) (*observer)(i, verdict(count), count);
      }
      return {meets(count) ? 0 : size, hresult::count_too_low, hresult::success};
    }
    uint32_t i = 0;
    for (; i < size; ++i) {
      host.recent.touch(cmid_of(i), minute);
      const int count = host_count(host, minute);
      if (observer) (*observer)(i, verdict(count), count);
      if (meets(count)) break;
      if (plan.shared_cmid && !observer) {  // the same CMID again: the same count for all
        i = size;
        break;
      }
    }
    result.split = i;
    result.early = hresult::count_too_low;
    result.late = hresult::success;
    if (i + 1 >= size) return result;
    if (observer) {
      for (uint32_t j = i + 1; j < size; ++j) {
        host.recent.touch(cmid_of(j), minute);
        const int count = host_count(host, minute);
        (*observer)(j, verdict(count), count);
      }
    } else if (!plan.shared_cmid) {
      host.recent.touch_range(cmid_of(i + 1), size - i - 1, minute);
    }
    return result;
  }

  EventRecord event_of(const Cohort& cohort, uint32_t member_in_cohort, int32_t minute) const {
    const GroupPlan& plan = plans_[cohort.group];
    EventRecord record;
    record.minute = minute;
    record.group = static_cast<int>(cohort.group);
    record.member = static_cast<int>(cohort.first + member_in_cohort) - plan.begin;
    record.cmid_id =
        plan.shared_cmid ? plan.first_cmid : plan.first_cmid + static_cast<uint32_t>(record.member);
    record.threshold = plan.threshold;
    return record;
  }

  void stamp_status(EventRecord& record, const GroupPlan& plan, int32_t validity) const {
    const int64_t boot = boot_of(plan, record.member);
    const ClientTimes times{boot, boot + plan.oob_grace, validity};
    record.status = status_at(times, record.minute, settings_);
    record.minutes_to_expiry = minutes_to_expiry(times, record.minute, settings_);
  }

  void emit_sent(const Cohort& cohort, uint32_t member, int32_t minute, int32_t host,
                 Hresult result) {
    EventRecord sent = event_of(cohort, member, minute);
    sent.event_id = 12288;
    sent.host = host;
    sent.hresult = result;
    stamp_status(sent, plans_[cohort.group], cohort.validity);
    sink_(sent);
  }

  void emit_answered(const Cohort& cohort, uint32_t member, int32_t minute, int32_t host,
                     Hresult result, int count) {
    const HostState& responder = hosts_[static_cast<size_t>(host)];
    EventRecord processed = event_of(cohort, member, minute);
    processed.event_id = 12290;
    processed.host = host;
    processed.hresult = result;
    processed.count = count;
    processed.activated = result == hresult::success;
    stamp_status(processed, plans_[cohort.group],
                 processed.activated ? minute + settings_.validity_minutes : cohort.validity);
    sink_(processed);
    processed.event_id = 12289;
    processed.activation_interval_minutes = responder.activation_interval;
    processed.renewal_interval_minutes = responder.renewal_interval;
    sink_(processed);
  }

  // One attempt of every member of cohort `id` (already out of its bucket) at `minute`: AD
  // activation, or a request to the group's one host, to a host each member picks, or none.
  void attempt(CohortId id, int32_t minute) {
    const Cohort cohort = calendar_.get(id);
    GroupPlan& plan = plans_[cohort.group];
    attempts_ += cohort.size;
    const bool network_down = offline(plan, minute);
    if (!network_down && plan.ad_object && rules_.activates_through_ad(plan.group, minute)) {
      return activate_through_ad(id, minute);
    }
    const bool dns_failed = !network_down && dns_down(plan, minute);
    const bool no_host = plan.fixed_host == kNone && !plan.per_member_pick;
    if (network_down || dns_failed || no_host) {
      const Hresult result = network_down ? hresult::no_host_contacted
                             : dns_failed ? hresult::dns_server_failure
                                          : unreached(plan);
      return attempt_unreached(id, cohort, result, network_down || dns_failed, minute);
    }
    events_12288_ += cohort.size;
    if (plan.per_member_pick) return attempt_each(id, minute);
    attempt_host(id, cohort, plan.fixed_host, minute);
  }

  // No host reached (`result` says why): one 12288 a member, or one a member and unreachable
  // SRV record when discovery found records but could reach none of their hosts.
  void attempt_unreached(CohortId id, const Cohort& cohort, Hresult result, bool network_failed,
                         int32_t minute) {
    const GroupPlan& plan = plans_[cohort.group];
    if (!network_failed && result == hresult::no_host_contacted &&
        !plan.unreachable_records.empty()) {
      emit_unreachable_attempts(cohort, minute);
    } else {
      events_12288_ += cohort.size;
      if (sink_) {
        for (uint32_t i = 0; i < cohort.size; ++i) emit_sent(cohort, i, minute, kNone, result);
      }
    }
    finish(id, cohort.size, result, kNone, minute);
  }

  // Members `from` .. `from + size - 1` of the cohort ask `host_index` in turn; with an event
  // sink each member's 12288, 12290 and 12289 are written as its answer is decided.
  HostAnswer ask(const Cohort& cohort, uint32_t from, uint32_t size, int32_t host_index,
                 int32_t minute) {
    GroupPlan& plan = plans_[cohort.group];
    const uint32_t first_member = cohort.first - static_cast<uint32_t>(plan.begin) + from;
    if (!sink_) return answer(host_index, plan, first_member, size, minute, nullptr);
    const AnswerObserver observer = [&](uint32_t member, Hresult result, int count) {
      emit_sent(cohort, from + member, minute, host_index, 0);
      emit_answered(cohort, from + member, minute, host_index, result, count);
    };
    return answer(host_index, plan, first_member, size, minute, &observer);
  }

  // Every member asks the group's one host: the host's count decides where the cohort splits.
  void attempt_host(CohortId id, const Cohort& cohort, int32_t host_index, int32_t minute) {
    HostState& host = hosts_[static_cast<size_t>(host_index)];
    count_requests(host, cohort.size);
    const HostAnswer answered = ask(cohort, 0, cohort.size, host_index, minute);
    if (answered.late == hresult::success) host.activations += cohort.size - answered.split;
    if (answered.split > 0 && answered.split < cohort.size) {
      const auto [early_id, late_id] = calendar_.split(id, answered.split);
      finish(early_id, answered.split, answered.early, host_index, minute);
      finish(late_id, cohort.size - answered.split, answered.late, host_index, minute);
    } else {
      finish(id, cohort.size, answered.split == 0 ? answered.late : answered.early, host_index,
             minute);
    }
  }

  // The general case: each member picks its host (at random, or its cached one), so answers
  // may differ member by member; runs of members left in the same state stay one cohort.
  void attempt_each(CohortId id, int32_t minute) {
    const Cohort cohort = calendar_.get(id);
    GroupPlan& plan = plans_[cohort.group];
    uint32_t run_start = 0;
    int32_t run_host = kNone;
    Hresult run_result = 0;
    CohortId run_id = id;
    for (uint32_t i = 0; i < cohort.size; ++i) {
      const size_t client = cohort.first + i;
      const int32_t host_index = pick_host(client, plan);
      HostState& host = hosts_[static_cast<size_t>(host_index)];
      count_requests(host, 1);
      const HostAnswer answered = ask(cohort, i, 1, host_index, minute);
      const Hresult result = answered.split == 0 ? answered.late : answered.early;
      if (result == hresult::success) {
        ++host.activations;
        if (plan.caches_host) cached_host_[client] = static_cast<uint16_t>(host_index);
      }
      if (i > 0 && !same_outcome(result, host_index, run_result, run_host)) {
        const auto [run_done, rest_id] = calendar_.split(run_id, i - run_start);
        finish(run_done, i - run_start, run_result, run_host, minute);
        run_id = rest_id;
        run_start = i;
      }
      run_host = host_index;
      run_result = result;
    }
    finish(run_id, cohort.size - run_start, run_result, run_host, minute);
  }

  // Whether a member answered `result` by `host` ends in the state of the run before it
  // (answered `run_result` by `run_host`): the next state follows from the answer and the
  // answering host's intervals.
  bool same_outcome(Hresult result, int32_t host, Hresult run_result, int32_t run_host) const {
    const HostState& answering = hosts_[static_cast<size_t>(host)];
    const HostState& before = hosts_[static_cast<size_t>(run_host)];
    return result == run_result && answering.interval_pair == before.interval_pair;
  }

  // AD-based activation of the cohort's members: activated from the forest's activation
  // object at this attempt, no KMS host, no count, no event; the next check comes after the
  // renewal interval (7 days). The intervals a KMS host set stay as they were.
  void activate_through_ad(CohortId id, int32_t minute) {
    Cohort cohort = calendar_.get(id);
    GroupPlan& plan = plans_[cohort.group];
    cohort.attempted = true;
    if (cohort.validity == kNone) {
      plan.ever_activated += cohort.size;
      if (plan.first_activation == kNone) plan.first_activation = minute;
      plan.last_activation = minute;
    }
    cohort.validity = minute + settings_.validity_minutes;
    cohort.last_failure = 0;
    cohort.through_ad = true;
    calendar_.update(id, cohort);
    calendar_.schedule(id, static_cast<int64_t>(minute) + settings_.renewal_interval_minutes);
  }

  // No SRV record's host could be reached: one 12288 per member and record tried, each
  // 0x800706BA (the attempt's result, 0xC004F074, is what the client reports).
  void emit_unreachable_attempts(const Cohort& cohort, int32_t minute) {
    const GroupPlan& plan = plans_[cohort.group];
    events_12288_ += static_cast<uint64_t>(cohort.size) * plan.unreachable_records.size();
    if (!sink_) return;
    for (uint32_t i = 0; i < cohort.size; ++i) {
      for (int32_t host : plan.unreachable_records) {
        emit_sent(cohort, i, minute, host, hresult::rpc_unavailable);
      }
    }
  }

  // <host-restart>: the restart-clears-count reading empties the host's table of CMIDs.
  void apply_host_restarts(int32_t minute) {
    if (!settings_.readings.restart_clears_count) return;
    for (const HostRestartSpec& restart : topology_.host_restarts) {
      if (static_cast<int64_t>(restart.day) * 1440 != minute) continue;
      HostState& host = hosts_[static_cast<size_t>(restart.host)];
      apply_deferred_touches(host, minute);  // the requests before the restart, then cleared
      host.recent = RecentCmidTable(static_cast<int>(cache_limit_));
      host.saw_client = false;
      host.saw_server = false;
    }
  }

  void count_requests(HostState& host, uint32_t members) {
    host.requests += members;
    traffic_requests_ += members;
    events_12290_ += members;
    events_12289_ += members;
  }

  // Applies one answer (or failure to reach a host) to the `members` of cohort `id` and
  // schedules their next attempt. The host's own tallies are the caller's.
  void finish(CohortId id, uint32_t members, Hresult result, int32_t host_index, int32_t minute) {
    Cohort cohort = calendar_.get(id);
    GroupPlan& plan = plans_[cohort.group];
    cohort.attempted = true;
    if (host_index != kNone) {
      // The host's intervals replace the client's with every response.
      cohort.interval_pair = hosts_[static_cast<size_t>(host_index)].interval_pair;
    }
    const bool activated = result == hresult::success;
    if (activated) {
      if (cohort.validity == kNone) {
        plan.ever_activated += members;
        if (plan.first_activation == kNone) plan.first_activation = minute;
        plan.last_activation = minute;
      }
      cohort.validity = minute + settings_.validity_minutes;
      cohort.last_failure = 0;
      cohort.through_ad = false;
    } else {
      const int slot = failure_slot(result);
      cohort.last_failure = static_cast<uint8_t>(slot + 1);
      plan.failures[static_cast<size_t>(slot)] += members;
    }
    const IntervalPair& intervals = interval_pairs_[cohort.interval_pair];
    int64_t next =
        static_cast<int64_t>(minute) + (activated ? intervals.renewal : intervals.activation);
    if (plan.never_answers_yes && !sink_) next = fast_forward(cohort, next);
    calendar_.update(id, cohort);
    calendar_.schedule(id, next);
  }

  // The retries of a cohort whose group never gets a yes (plan_fixed_answer,
  // plan_counts_below_threshold), from `next` up to the group's next activate-now or the end,
  // counted without running them; returns the first retry after. They change nothing another
  // request's answer depends on, so counting them early changes no outcome; at a host below
  // its thresholds for good, the last one's CMIDs are recorded in its table (DeferredTouch).
  int64_t fast_forward(Cohort& cohort, int64_t next) {
    const GroupPlan& plan = plans_[cohort.group];
    const int64_t horizon =
        plan.activate_now_fired < plan.activate_now_minutes.size()
            ? std::min<int64_t>(end_, plan.activate_now_minutes[plan.activate_now_fired])
            : end_;
    // Outage and DNS failure windows change an attempt's fate: those groups count one by one.
    const bool windows = !plan.outages.empty() || (plan.dns_failures && !plan.explicit_mode);
    int64_t last_request = kNone;
    while (next < horizon) {
      const int64_t interval = interval_pairs_[cohort.interval_pair].activation;
      if (!windows) {
        const int64_t attempts = (horizon - next + interval - 1) / interval;
        if (count_retries(cohort, static_cast<uint64_t>(attempts), false, false)) {
          last_request = next + (attempts - 1) * interval;
        }
        next += attempts * interval;
      } else {
        const bool network_down = offline(plan, next);
        if (count_retries(cohort, 1, network_down, !network_down && dns_down(plan, next))) {
          last_request = next;
        }
        next += interval;
      }
    }
    if (last_request != kNone) defer_touch(cohort, static_cast<int32_t>(last_request));
    return next;
  }

  // Counts `attempts` retries of the cohort that all meet the same fate; returns whether they
  // reached the group's host.
  bool count_retries(Cohort& cohort, uint64_t attempts, bool network_down, bool dns_failed) {
    GroupPlan& plan = plans_[cohort.group];
    const uint64_t requests = static_cast<uint64_t>(cohort.size) * attempts;
    attempts_ += requests;
    Hresult result = hresult::no_host_contacted;
    uint64_t sent_per_request = 1;
    const bool reached = !network_down && !dns_failed && plan.fixed_host != kNone;
    if (dns_failed) {
      result = hresult::dns_server_failure;
    } else if (!network_down && plan.fixed_host == kNone) {
      result = unreached(plan);
      if (result == hresult::no_host_contacted && !plan.unreachable_records.empty()) {
        sent_per_request = plan.unreachable_records.size();  // one 0x800706BA per record
      }
    } else if (reached) {
      HostState& host = hosts_[static_cast<size_t>(plan.fixed_host)];
      host.requests += requests;
      traffic_requests_ += requests;
      events_12290_ += requests;
      events_12289_ += requests;
      result = refusal(plan.fixed_host, plan);
      if (result == 0) result = hresult::count_too_low;  // below_threshold_for_good
      cohort.interval_pair = host.interval_pair;
    }
    events_12288_ += requests * sent_per_request;
    const int slot = failure_slot(result);
    cohort.last_failure = static_cast<uint8_t>(slot + 1);
    plan.failures[static_cast<size_t>(slot)] += requests;
    return reached;
  }

  // Records in the host's table, when the run reaches `minute`, the CMIDs of the cohort's
  // request then: what its counted retries leave there (a refusing host records none).
  void defer_touch(const Cohort& cohort, int32_t minute) {
    const GroupPlan& plan = plans_[cohort.group];
    HostState& host = hosts_[static_cast<size_t>(plan.fixed_host)];
    if (!host.below_threshold_for_good || refusal(plan.fixed_host, plan) != 0) return;
    DeferredTouch touch;
    touch.minute = minute;
    touch.server = plan.server;
    if (rules_.counts_cmid(plan.group)) {
      const uint32_t member = cohort.first - static_cast<uint32_t>(plan.begin);
      touch.first_cmid = plan.shared_cmid ? plan.first_cmid : plan.first_cmid + member;
      touch.cmids = plan.shared_cmid ? 1u : cohort.size;
    }
    host.deferred.push_back(touch);
    std::push_heap(host.deferred.begin(), host.deferred.end(), later_touch);
  }

  static bool later_touch(const DeferredTouch& a, const DeferredTouch& b) {
    return a.minute > b.minute;
  }

  // Records the deferred touches of minutes before `minute` (the counted requests that came
  // before it), oldest first, so the table sees its minutes in order.
  static void apply_deferred_touches(HostState& host, int64_t minute) {
    while (!host.deferred.empty() && host.deferred.front().minute < minute) {
      std::pop_heap(host.deferred.begin(), host.deferred.end(), later_touch);
      const DeferredTouch touch = host.deferred.back();
      host.deferred.pop_back();
      (touch.server ? host.saw_server : host.saw_client) = true;
      host.recent.touch_range(touch.first_cmid, touch.cmids, touch.minute);
    }
  }

  void add_cohort(ActivationTally& tally, const Cohort& cohort) const {
    const GroupPlan& plan = plans_[cohort.group];
    tally.clients += cohort.size;
    const Hresult last_failure =
        cohort.last_failure == 0 ? 0 : kFailureCodes[cohort.last_failure - 1];
    if (cohort.validity != kNone) {
      // Activated before the end, so booted before it: the boot does not matter.
      const ClientTimes times{0, 0, cohort.validity};
      const LicenseStatus status = status_at(times, end_, settings_);
      tally.status_counts[static_cast<size_t>(status)] += cohort.size;
      if (status == LicenseStatus::notification && plan.reduced_functionality) {
        tally.reduced_functionality += cohort.size;
      }
      if (status == LicenseStatus::licensed) {
        tally.activated += cohort.size;
        if (cohort.through_ad) tally.ad_activated += cohort.size;
      } else if (last_failure != 0) {
        tally.final_failures[last_failure] += cohort.size;
      }
      return;
    }
    for (uint32_t i = 0; i < cohort.size; ++i) {
      const int64_t boot = boot_of(plan, static_cast<int32_t>(cohort.first + i) - plan.begin);
      const ClientTimes times{boot, boot + plan.oob_grace, kNone};
      const LicenseStatus status = status_at(times, end_, settings_);
      ++tally.status_counts[static_cast<size_t>(status)];
      if (status == LicenseStatus::notification && plan.reduced_functionality) {
        ++tally.reduced_functionality;
      }
    }
    if (last_failure != 0) tally.final_failures[last_failure] += cohort.size;
  }

  static void merge(ActivationTally& into, const ActivationTally& from) {
    into.clients += from.clients;
    into.activated += from.activated;
    into.ever_activated += from.ever_activated;
    into.ad_activated += from.ad_activated;
    into.reduced_functionality += from.reduced_functionality;
    for (const auto& answering : from.answering_host_counts) {
      into.answering_host_counts.insert(answering);
    }
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
    for (HostState& host : hosts_) apply_deferred_touches(host, end_);
    report_groups(report);
    for (size_t s = 0; s < topology_.sites.size(); ++s) {
      report.sites.push_back(site_report(report, static_cast<int>(s)));
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
    report.traffic_bytes =
        traffic_requests_ * 2 * static_cast<uint64_t>(settings_.bytes_per_message);
    report.events_12288 = events_12288_;
    report.events_12289 = events_12289_;
    report.events_12290 = events_12290_;
    report.attempts = attempts_;
    return report;
  }

  // Each group's tally: its cohorts' states at the end and its plan's counters.
  void report_groups(SimulationReport& report) const {
    for (size_t g = 0; g < topology_.groups.size(); ++g) {
      GroupReport group;
      group.name = topology_.groups[g].name;
      group.site = topology_.groups[g].site;
      report.groups.push_back(std::move(group));
    }
    calendar_.for_each(
        [&](const Cohort& cohort) { add_cohort(report.groups[cohort.group].tally, cohort); });
    for (size_t g = 0; g < topology_.groups.size(); ++g) {
      const GroupPlan& plan = plans_[g];
      ActivationTally& tally = report.groups[g].tally;
      tally.ever_activated = plan.ever_activated;
      if (plan.first_activation != kNone) {
        tally.first_activation_minute = plan.first_activation;
        tally.last_activation_minute = plan.last_activation;
      }
      for (int32_t h : plan.answered_by) {
        tally.answering_host_counts[h] = host_count(hosts_[static_cast<size_t>(h)], end_);
      }
      for (int slot = 0; slot < kFailureSlots; ++slot) {
        if (plan.failures[static_cast<size_t>(slot)] > 0) {
          tally.failures[kFailureCodes[slot]] = plan.failures[static_cast<size_t>(slot)];
        }
      }
    }
  }

  // Site `s`: its groups' tallies merged and the verdict on them.
  SiteReport site_report(const SimulationReport& report, int s) const {
    SiteReport site;
    site.name = topology_.sites[static_cast<size_t>(s)].name;
    FailureContext context;
    for (size_t g = 0; g < report.groups.size(); ++g) {
      if (report.groups[g].site != s) continue;
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
      if (error != 0 && linked(s, topology_.hosts[h].site)) context.host_activation_error = error;
    }
    context.client_threshold = settings_.client_threshold;
    context.server_threshold = settings_.server_threshold;
    site.verdict = site_verdict(site.name, site.tally, context);
    return site;
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
  std::unordered_map<std::string, int32_t> host_index_;  // lower-case name -> index
  std::vector<IntervalPair> interval_pairs_;             // distinct; kDefaultIntervals first
  std::vector<GroupPlan> plans_;
  CohortCalendar calendar_;
  // The host each client found working last (win7+ with several candidates only): the one
  // per-client array, two bytes a client, allocated only when some group needs it.
  bool any_cached_host_ = false;
  std::vector<uint16_t> cached_host_;
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
  std::string text(kCmidLength, ' ');
  write_simulated_cmid(seed, cmid_id, &text[0]);
  return text;
}

void write_simulated_cmid(uint64_t seed, uint32_t cmid_id, char* out) {
  SeededRandom random(seed * 0x9E3779B97F4A7C15ULL + cmid_id);
  const uint64_t high = random.next_u64();
  write_cmid(high, random.next_u64(), out);
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
