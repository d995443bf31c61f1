// KmsReport: what KMS hosts saw, built from 12290 events (and clients' 12288/12289) of any
// number of exports: per host and per product group (N-policy) the count as the host computes
// it, duplicate CMIDs, clients in grace close to expiry, refused requests, a daily timeline,
// and per client whether the host answered. The rules are in docs/report.md. Memory grows with
// distinct clients, never with events, and is capped (E1203). Callers: cli/ (report, simulate).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/kms_event.hpp"

namespace kmsprep {

inline constexpr int64_t kCountWindowMinutes = 30 * 1440;  // the host counts 30 days back
inline constexpr uint64_t kMaximumDistinctClients = 1000000;
inline constexpr uint64_t kMaximumClientSideEvents = 1000000;
inline constexpr size_t kMachineNamesShown = 50;  // per duplicate CMID

struct ReportOptions {
  std::optional<UnixSeconds> as_of;        // default: the newest event's time
  int64_t near_expiry_minutes = 7 * 1440;  // grace ending within this is "near expiry"
  // Distinct CMIDs, and distinct machine names, held before E1203. The environment variable
  // KMSPREP_REPORT_MAX_CLIENTS lowers it (never raises it; docs/report.md).
  uint64_t maximum_distinct_clients = kMaximumDistinctClients;
};

struct ProductGroupReport {
  int n_policy = 0;  // the threshold the group's clients need: 25 client, 5 server
  int count = 0;     // min(distinct counted CMIDs in 30 days, 2 x n_policy)
  uint64_t distinct_cmids_30_days = 0;
  uint64_t clients = 0;  // distinct CMIDs ever seen in the export
  uint64_t requests = 0;
  uint64_t refused = 0;
  std::vector<std::string> activation_ids;  // sorted, at most 64
  std::map<Hresult, uint64_t> refusals;     // HRESULT -> requests
};

struct TimelineDay {
  int64_t day = 0;  // days since 1970-01-01
  uint64_t requests = 0;
  uint64_t refused = 0;
  uint64_t new_cmids = 0;  // CMIDs first seen that day
  int count = 0;           // the host's count at the end of the day (all groups, capped at 50)
};

struct KmsHostReport {
  std::string name;
  int count = 0;  // min(distinct counted CMIDs in 30 days, 50), as one host cache holds them
  uint64_t requests = 0;
  uint64_t refused = 0;
  std::vector<ProductGroupReport> groups;  // by n_policy
  std::vector<TimelineDay> timeline;
};

struct DuplicateCmid {
  std::string host;
  std::string cmid;
  int n_policy = 0;
  uint64_t machines = 0;                   // distinct client FQDNs with this CMID
  std::vector<std::string> machine_names;  // sorted, the first kMachineNamesShown
  uint64_t requests = 0;
};

struct ExpiringClient {
  std::string host;
  std::string machine;
  std::string cmid;
  int n_policy = 0;
  int license_status = 0;
  int64_t minutes_left = 0;  // at as_of: the event's minutes to expiry minus the time since
  UnixSeconds last_seen = 0;
};

// One client-side export's machine (12288/12289 of its Application log).
struct ClientReport {
  std::string computer;
  std::string cmid;
  std::string kms_host;                 // host:port of its last request
  uint64_t requests = 0;                // 12288
  uint64_t answered = 0;                // a 12289 followed
  uint64_t unanswered = 0;              // a 12288 with no 12289 after it: the host never answered
  uint64_t send_failures = 0;           // 12288 with an HRESULT (no host reached)
  std::optional<Hresult> last_hresult;  // of the last 12289, else of the last failed 12288
  int last_count = 0;
  bool activated = false;
  bool seen_by_host = false;  // a 12290 in the reported host exports carries its CMID
  int license_status = 0;
  int64_t minutes_to_expiry = 0;
  UnixSeconds last_seen = 0;
  int n_policy = 0;
};

struct KmsReport {
  UnixSeconds as_of = 0;
  std::optional<UnixSeconds> first_event;
  std::optional<UnixSeconds> last_event;
  uint64_t host_events = 0;
  uint64_t client_requests = 0;
  uint64_t client_responses = 0;
  uint64_t other_events = 0;
  int64_t near_expiry_minutes = 0;
  std::vector<std::string> sources;  // "kms.evtx (evtx)"
  std::vector<KmsHostReport> hosts;
  std::vector<DuplicateCmid> duplicates;
  std::vector<ExpiringClient> expiring;
  std::vector<ClientReport> clients;
};

// Whether a host counts a request: it answered it (0x0), or answered with a count too low.
bool request_counts(Hresult hresult);
// Grace states a client leaves by activating: OOB, OOT, non-genuine, extended grace.
bool is_grace_status(int license_status);
const char* license_status_name(int license_status);  // "licensed", "oob_grace", ...

class KmsReportBuilder {
 public:
  explicit KmsReportBuilder(ReportOptions options = {});
  ~KmsReportBuilder();
  KmsReportBuilder(const KmsReportBuilder&) = delete;
  KmsReportBuilder& operator=(const KmsReportBuilder&) = delete;

  // `computer` names the host (12290) or client (12288/12289) when the event has none (Event
  // Viewer's CSV): the caller passes the export's file name.
  Status add(const KmsEvent& event, const std::string& fallback_computer);
  void add_source(std::string description);
  void add_other_events(uint64_t count);
  KmsReport finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kmsprep
