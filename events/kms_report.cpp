#include "events/kms_report.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "events/flat_index.hpp"

namespace kmsprep {
namespace {

constexpr size_t kActivationIdsKept = 64;

Error too_many(uint64_t limit, const std::string& what, const std::string& where) {
  return Error(ErrorCode::event_export_too_large,
               "more than " + std::to_string(limit) + " distinct " + what, where,
               "report on fewer or shorter exports (a KMS host log spans 30 days)");
}

// Interns names (machines, hosts) as dense indices so per-client state is a few integers. The
// texts live in an arena of large blocks: one allocation per block, not per name.
class Names {
 public:
  explicit Names(uint64_t limit = kMaximumDistinctClients) : limit_(limit) {}
  Result<uint32_t> intern(std::string_view name, const std::string& what,
                          const std::string& where) {
    if (const uint32_t* found = index_.find(name)) return *found;
    if (names_.size() >= limit_) return too_many(limit_, what, where);
    const std::string_view stored = keep(name);
    const auto index = static_cast<uint32_t>(names_.size());
    index_.try_emplace(stored, index);
    names_.push_back(stored);
    return index;
  }
  std::optional<uint32_t> find(std::string_view name) const {
    if (const uint32_t* found = index_.find(name)) return *found;
    return std::nullopt;
  }
  std::string operator[](uint32_t index) const { return std::string(names_[index]); }
  std::string_view view(uint32_t index) const { return names_[index]; }

 private:
  static constexpr size_t kBlockBytes = 1 << 20;

  std::string_view keep(std::string_view name) {
    if (blocks_.empty() || block_used_ + name.size() > block_size_) {
      block_size_ = std::max(kBlockBytes, name.size());
      blocks_.push_back(std::make_unique<char[]>(block_size_));
      block_used_ = 0;
    }
    char* at = blocks_.back().get() + block_used_;
    std::memcpy(at, name.data(), name.size());
    block_used_ += name.size();
    return std::string_view(at, name.size());
  }

  uint64_t limit_;
  FlatIndex<std::string_view, TextHash> index_;
  std::vector<std::string_view> names_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  size_t block_size_ = 0;
  size_t block_used_ = 0;
};

// CMIDs as 128-bit integers, interned the same way.
class Cmids {
 public:
  explicit Cmids(uint64_t limit) : limit_(limit) {}
  Result<uint32_t> intern(const Guid128& cmid, const std::string& where) {
    if (const uint32_t* found = index_.find(cmid)) return *found;
    if (cmids_.size() >= limit_) return too_many(limit_, "CMIDs", where);
    const auto index = static_cast<uint32_t>(cmids_.size());
    index_.try_emplace(cmid, index);
    cmids_.push_back(cmid);
    return index;
  }
  std::optional<uint32_t> find(const Guid128& cmid) const {
    if (const uint32_t* found = index_.find(cmid)) return *found;
    return std::nullopt;
  }
  std::string operator[](uint32_t index) const { return to_string(cmids_[index]); }

 private:
  uint64_t limit_;
  FlatIndex<Guid128, GuidHash> index_;
  std::vector<Guid128> cmids_;
};

// One CMID as one host saw it.
struct HostClient {
  uint32_t host = 0;
  uint32_t cmid = 0;
  int n_policy = 0;
  uint64_t requests = 0;
  uint64_t machines = 0;
  UnixSeconds first_seen = 0;
  UnixSeconds last_seen = 0;
  UnixSeconds last_counted = INT64_MIN;  // newest request the host counted
  uint32_t last_machine = 0;
  int last_status = 0;
  int64_t last_minutes = 0;
  // The last (machine) and (counted day) recorded in the builder's sets: a client asks from
  // one machine day after day, so most events need neither set.
  uint32_t recorded_machine = UINT32_MAX;
  int64_t recorded_day = INT64_MIN;
};

struct GroupState {
  uint64_t requests = 0;
  uint64_t refused = 0;
  std::set<Guid128> activation_ids;
  std::map<Hresult, uint64_t> refusals;
};

struct DayState {
  uint64_t requests = 0;
  uint64_t refused = 0;
  uint64_t new_cmids = 0;
};

struct HostState {
  uint64_t requests = 0;
  uint64_t refused = 0;
  std::map<int, GroupState> groups;
  std::map<int64_t, DayState> days;
  FlatIndex<uint64_t, IntegerHash> counted_days;  // (day << 32) | client slot
  // The group and day of the previous event: consecutive events share them (map nodes stay put).
  GroupState* last_group = nullptr;
  int last_group_policy = 0;
  DayState* last_day = nullptr;
  int64_t last_day_number = 0;

  GroupState& group(int n_policy) {
    if (!last_group || last_group_policy != n_policy) {
      last_group = &groups[n_policy];
      last_group_policy = n_policy;
    }
    return *last_group;
  }
  DayState& day(int64_t number) {
    if (!last_day || last_day_number != number) {
      last_day = &days[number];
      last_day_number = number;
    }
    return *last_day;
  }
};

struct ClientEvent {
  uint32_t computer = 0;
  UnixSeconds time = 0;
  uint64_t order = 0;
  int event_id = 0;
  ClientRequest request;
  ClientResponse response;
};

int64_t day_of(UnixSeconds time) { return time >= 0 ? time / 86400 : (time - 86399) / 86400; }

uint64_t pair_key(uint32_t high, uint32_t low) { return (static_cast<uint64_t>(high) << 32) | low; }

}  // namespace

bool request_counts(Hresult hresult) {
  return hresult == hresult::success || hresult == hresult::count_too_low;
}

bool is_grace_status(int status) {
  return status == 2 || status == 3 || status == 4 || status == 6;
}

const char* license_status_name(int status) {
  static constexpr const char* kNames[] = {"unlicensed",    "licensed",          "oob_grace",
                                           "oot_grace",     "non_genuine_grace", "notification",
                                           "extended_grace"};
  return status >= 0 && status <= 6 ? kNames[status] : "unknown";
}

// The options' limit, lowered by KMSPREP_REPORT_MAX_CLIENTS when that is a smaller number.
uint64_t distinct_client_limit(const ReportOptions& options) {
  const char* text = std::getenv("KMSPREP_REPORT_MAX_CLIENTS");
  if (!text || !*text) return options.maximum_distinct_clients;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (*end != '\0' || value == 0) return options.maximum_distinct_clients;
  return std::min<uint64_t>(value, options.maximum_distinct_clients);
}

struct KmsReportBuilder::State {
  explicit State(const ReportOptions& report_options)
      : options(report_options),
        cmids(distinct_client_limit(report_options)),
        machines(distinct_client_limit(report_options)) {}

  ReportOptions options;
  Cmids cmids;
  Names machines;
  Names hosts;
  std::vector<HostState> host_states;
  std::vector<HostClient> clients;
  FlatIndex<uint64_t, IntegerHash> client_slots;     // (host, cmid) -> index in clients
  FlatIndex<uint64_t, IntegerHash> client_machines;  // (slot, machine)
  std::vector<ClientEvent> client_events;
  KmsReport report;
  std::string lowered_fqdn;  // reused for every event
  std::string last_host_name;
  uint32_t last_host = 0;
  bool has_last_host = false;

  void note_time(UnixSeconds time) {
    if (!report.first_event || time < *report.first_event) report.first_event = time;
    if (!report.last_event || time > *report.last_event) report.last_event = time;
  }

  // One export is one host: the last host's index saves a lookup per event.
  Result<uint32_t> host_index(const std::string& host_name, const std::string& record) {
    if (!has_last_host || host_name != last_host_name) {
      auto interned = hosts.intern(host_name, "KMS hosts", record);
      if (!interned) return interned.error();
      last_host_name = host_name;
      has_last_host = true;
      last_host = *interned;
    }
    if (last_host == host_states.size()) host_states.emplace_back();
    return last_host;
  }

  // The machine the request came from, its name folded into lowered_fqdn. A client asks from
  // one machine day after day: its last name is compared before hashing.
  Result<uint32_t> machine_index(std::string_view fqdn, const uint32_t* known_slot,
                                 const std::string& record) {
    lower_ascii_into(fqdn, lowered_fqdn);
    if (known_slot) {
      const uint32_t recorded = clients[*known_slot].recorded_machine;
      if (recorded != UINT32_MAX && machines.view(recorded) == lowered_fqdn) return recorded;
    }
    return machines.intern(lowered_fqdn, "client names", record);
  }

  // The client's slot in clients, a new client added on its first request.
  uint32_t client_slot(uint64_t slot_key, const uint32_t* known_slot, uint32_t host, uint32_t cmid,
                       uint32_t machine, UnixSeconds time, const HostRequest& request) {
    if (known_slot) return *known_slot;
    const uint32_t slot =
        client_slots.try_emplace(slot_key, static_cast<uint32_t>(clients.size())).first;
    HostClient client;
    client.host = host;
    client.cmid = cmid;
    client.first_seen = client.last_seen = time;
    client.last_machine = machine;
    client.last_status = request.license_status;
    client.last_minutes = request.minutes_to_expiry;
    client.n_policy = request.n_policy;
    clients.push_back(client);
    return slot;
  }

  // The client's own record: machines, requests, first and last seen, last counted request.
  void note_client_request(HostState& state, uint32_t slot, uint32_t machine, UnixSeconds time,
                           int64_t day, const HostRequest& request) {
    HostClient& client = clients[slot];
    if (client.recorded_machine != machine) {
      client.recorded_machine = machine;
      if (client_machines.insert(pair_key(slot, machine))) ++client.machines;
    }
    ++client.requests;
    if (time < client.first_seen) client.first_seen = time;
    if (time >= client.last_seen) {
      client.last_seen = time;
      client.last_machine = machine;
      client.last_status = request.license_status;
      client.last_minutes = request.minutes_to_expiry;
      client.n_policy = request.n_policy;
    }
    if (request_counts(request.hresult)) {
      client.last_counted = std::max(client.last_counted, time);
      if (client.recorded_day != day) {
        client.recorded_day = day;
        state.counted_days.insert(pair_key(static_cast<uint32_t>(day - INT32_MIN), slot));
      }
    }
  }

  // The host's tallies: requests and refusals per host, product group and day.
  static void tally_host_request(HostState& state, int64_t day, const HostRequest& request) {
    const bool refused = request.hresult != hresult::success;
    ++state.requests;
    GroupState& group = state.group(request.n_policy);
    ++group.requests;
    if (group.activation_ids.size() < kActivationIdsKept)
      group.activation_ids.insert(request.activation_id);
    DayState& day_state = state.day(day);
    ++day_state.requests;
    if (refused) {
      ++state.refused;
      ++group.refused;
      ++group.refusals[request.hresult];
      ++day_state.refused;
    }
  }

  Status add_host_request(const KmsEvent& event, const std::string& host_name) {
    auto request = host_request_of(event);
    if (!request) return request.error();
    auto host = host_index(host_name, event.record);
    if (!host) return host.error();
    auto cmid = cmids.intern(request->cmid, event.record);
    if (!cmid) return cmid.error();
    const uint64_t slot_key = pair_key(*host, *cmid);
    const uint32_t* known_slot = client_slots.find(slot_key);
    auto machine = machine_index(request->client_fqdn, known_slot, event.record);
    if (!machine) return machine.error();
    ++report.host_events;
    note_time(event.time);

    const uint32_t slot =
        client_slot(slot_key, known_slot, *host, *cmid, *machine, event.time, *request);
    HostState& state = host_states[*host];
    const int64_t day = day_of(event.time);
    note_client_request(state, slot, *machine, event.time, day, *request);
    tally_host_request(state, day, *request);
    return {};
  }

  Status add_client_event(const KmsEvent& event, const std::string& computer) {
    if (client_events.size() >= kMaximumClientSideEvents) {
      return Error(ErrorCode::event_export_too_large,
                   "more than " + std::to_string(kMaximumClientSideEvents) + " client-side events",
                   event.record, "report on the Application logs of fewer clients at once");
    }
    ClientEvent stored;
    stored.event_id = event.event_id;
    stored.time = event.time;
    stored.order = client_events.size();
    if (event.event_id == kClientRequestEvent) {
      auto request = client_request_of(event);
      if (!request) return request.error();
      stored.request = std::move(*request);
      ++report.client_requests;
    } else {
      auto response = client_response_of(event);
      if (!response) return response.error();
      stored.response = *response;
      ++report.client_responses;
    }
    auto name = machines.intern(computer, "client names", event.record);
    if (!name) return name.error();
    stored.computer = *name;
    note_time(event.time);
    client_events.push_back(std::move(stored));
    return {};
  }

  std::vector<TimelineDay> timeline_of(const HostState& state) const {
    std::vector<std::pair<int64_t, uint32_t>> counted;
    counted.reserve(state.counted_days.size());
    state.counted_days.for_each([&](uint64_t key, uint32_t) {
      counted.emplace_back(static_cast<int64_t>(key >> 32) + INT32_MIN, static_cast<uint32_t>(key));
    });
    std::sort(counted.begin(), counted.end());
    std::vector<TimelineDay> timeline;
    std::unordered_map<uint32_t, int64_t> last_day;  // client slot -> newest counted day in window
    std::deque<std::pair<int64_t, uint32_t>> window;
    uint64_t active = 0;
    size_t next = 0;
    for (const auto& [day, day_state] : state.days) {
      for (; next < counted.size() && counted[next].first <= day; ++next) {
        auto [it, inserted] = last_day.try_emplace(counted[next].second, counted[next].first);
        if (inserted) ++active;
        it->second = counted[next].first;
        window.push_back(counted[next]);
      }
      while (!window.empty() && window.front().first <= day - kCountWindowMinutes / 1440) {
        auto it = last_day.find(window.front().second);
        if (it != last_day.end() && it->second == window.front().first) {
          last_day.erase(it);
          --active;
        }
        window.pop_front();
      }
      TimelineDay entry;
      entry.day = day;
      entry.requests = day_state.requests;
      entry.refused = day_state.refused;
      entry.new_cmids = day_state.new_cmids;
      entry.count = static_cast<int>(std::min<uint64_t>(active, 50));
      timeline.push_back(entry);
    }
    return timeline;
  }

  void finish_hosts(KmsReport& out) {
    const UnixSeconds window_start = out.as_of - kCountWindowMinutes * 60;
    std::vector<std::map<int, uint64_t>> recent(host_states.size());
    std::vector<uint64_t> recent_all(host_states.size(), 0);
    std::vector<std::map<int, uint64_t>> ever(host_states.size());
    for (const HostClient& client : clients) {
      ++ever[client.host][client.n_policy];
      ++host_states[client.host].days[day_of(client.first_seen)].new_cmids;
      if (client.last_counted > window_start && client.last_counted <= out.as_of) {
        ++recent[client.host][client.n_policy];
        ++recent_all[client.host];
      }
    }
    for (uint32_t h = 0; h < host_states.size(); ++h) {
      const HostState& state = host_states[h];
      KmsHostReport host;
      host.name = hosts[h];
      host.requests = state.requests;
      host.refused = state.refused;
      host.count = static_cast<int>(std::min<uint64_t>(recent_all[h], 50));
      for (const auto& [n_policy, group_state] : state.groups) {
        ProductGroupReport group;
        group.n_policy = n_policy;
        group.distinct_cmids_30_days = recent[h][n_policy];
        group.count = static_cast<int>(std::min<uint64_t>(group.distinct_cmids_30_days,
                                                          2ULL * static_cast<uint64_t>(n_policy)));
        group.clients = ever[h][n_policy];
        group.requests = group_state.requests;
        group.refused = group_state.refused;
        for (const Guid128& id : group_state.activation_ids)
          group.activation_ids.push_back(to_string(id));
        group.refusals = group_state.refusals;
        host.groups.push_back(std::move(group));
      }
      host.timeline = timeline_of(state);
      out.hosts.push_back(std::move(host));
    }
    std::sort(out.hosts.begin(), out.hosts.end(),
              [](const KmsHostReport& a, const KmsHostReport& b) { return a.name < b.name; });
  }

  void finish_clients(KmsReport& out) {
    std::unordered_map<uint32_t, std::vector<std::string>> names;  // slot -> machine names
    client_machines.for_each([&](uint64_t key, uint32_t) {
      const uint32_t slot = static_cast<uint32_t>(key >> 32);
      if (clients[slot].machines > 1) names[slot].push_back(machines[static_cast<uint32_t>(key)]);
    });
    for (uint32_t slot = 0; slot < clients.size(); ++slot) {
      const HostClient& client = clients[slot];
      if (client.machines > 1) {
        DuplicateCmid duplicate;
        duplicate.host = hosts[client.host];
        duplicate.cmid = cmids[client.cmid];
        duplicate.n_policy = client.n_policy;
        duplicate.machines = client.machines;
        duplicate.requests = client.requests;
        auto& list = names[slot];
        std::sort(list.begin(), list.end());
        if (list.size() > kMachineNamesShown) list.resize(kMachineNamesShown);
        duplicate.machine_names = std::move(list);
        out.duplicates.push_back(std::move(duplicate));
      }
      if (is_grace_status(client.last_status)) {
        const int64_t left = client.last_minutes - (out.as_of - client.last_seen) / 60;
        if (left <= out.near_expiry_minutes) {
          out.expiring.push_back({hosts[client.host], machines[client.last_machine],
                                  cmids[client.cmid], client.n_policy, client.last_status, left,
                                  client.last_seen});
        }
      }
    }
    std::sort(out.duplicates.begin(), out.duplicates.end(), [](const auto& a, const auto& b) {
      return a.machines != b.machines ? a.machines > b.machines
                                      : std::tie(a.host, a.cmid) < std::tie(b.host, b.cmid);
    });
    std::sort(out.expiring.begin(), out.expiring.end(), [](const auto& a, const auto& b) {
      return a.minutes_left != b.minutes_left
                 ? a.minutes_left < b.minutes_left
                 : std::tie(a.host, a.machine) < std::tie(b.host, b.machine);
    });
  }

  // A 12288 opens a request; the next 12289 of the same machine answers it; a 12288 that
  // meets another 12288 (or the end of the log) first was never answered.
  void finish_client_side(KmsReport& out) {
    std::sort(
        client_events.begin(), client_events.end(), [](const ClientEvent& a, const ClientEvent& b) {
          return std::tie(a.computer, a.time, a.order) < std::tie(b.computer, b.time, b.order);
        });
    std::unordered_set<uint32_t> host_cmids;
    for (const HostClient& client : clients) host_cmids.insert(client.cmid);
    size_t i = 0;
    while (i < client_events.size()) {
      ClientReport report;
      const uint32_t computer = client_events[i].computer;
      report.computer = machines[computer];
      bool pending = false;
      for (; i < client_events.size() && client_events[i].computer == computer; ++i) {
        const ClientEvent& event = client_events[i];
        report.last_seen = event.time;
        if (event.event_id == kClientRequestEvent) {
          if (pending) ++report.unanswered;
          ++report.requests;
          report.cmid = event.request.cmid;
          report.kms_host = event.request.host;
          report.license_status = event.request.license_status;
          report.minutes_to_expiry = event.request.minutes_to_expiry;
          report.n_policy = event.request.n_policy;
          if (event.request.hresult != hresult::success) {
            ++report.send_failures;  // no host reached: nothing to answer
            report.last_hresult = event.request.hresult;
            pending = false;
          } else {
            pending = true;
          }
        } else if (pending) {
          pending = false;
          ++report.answered;
          report.last_hresult = event.response.hresult;
          report.last_count = event.response.count;
          report.activated = event.response.activated;
        }
      }
      if (pending) ++report.unanswered;
      const auto parsed = parse_guid(report.cmid);
      if (const auto cmid = parsed ? cmids.find(*parsed) : std::nullopt)
        report.seen_by_host = host_cmids.count(*cmid) > 0;
      out.clients.push_back(std::move(report));
    }
  }
};

KmsReportBuilder::KmsReportBuilder(ReportOptions options)
    : state_(std::make_unique<State>(options)) {}

KmsReportBuilder::~KmsReportBuilder() = default;

Status KmsReportBuilder::add(const KmsEvent& event, const std::string& fallback_computer) {
  const std::string& computer = event.computer.empty() ? fallback_computer : event.computer;
  if (event.event_id == kHostRequestEvent) return state_->add_host_request(event, computer);
  return state_->add_client_event(event, computer);
}

void KmsReportBuilder::add_source(std::string description) {
  state_->report.sources.push_back(std::move(description));
}

void KmsReportBuilder::add_other_events(uint64_t count) { state_->report.other_events += count; }

KmsReport KmsReportBuilder::finish() {
  KmsReport out = std::move(state_->report);
  out.near_expiry_minutes = state_->options.near_expiry_minutes;
  out.as_of = state_->options.as_of.value_or(out.last_event.value_or(0));
  state_->finish_hosts(out);
  state_->finish_clients(out);
  state_->finish_client_side(out);
  return out;
}

}  // namespace kmsprep
