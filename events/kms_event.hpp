// KmsEvent: one 12288, 12289 or 12290 event as an export holds it (id, time, computer, the
// EventData fields), and the typed views of its fields (docs/report.md lists the layouts and
// their sources). Readers (evtx, wevtutil XML, CSV) produce KmsEvents one at a time into a
// sink; the report builder consumes them. Callers: events/, cli/ (report).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engine/hresult.hpp"
#include "engine/sim_time.hpp"
#include "events/guid_value.hpp"

namespace kmsprep {

inline constexpr int kClientRequestEvent = 12288;   // client: request sent (Application log)
inline constexpr int kClientResponseEvent = 12289;  // client: response processed
inline constexpr int kHostRequestEvent =
    12290;  // host: request processed ("Key Management Service")

struct KmsEvent {
  int event_id = 0;
  UnixSeconds time = 0;  // System/TimeCreated, UTC; CSV: the exporter's local time (docs/report.md)
  std::string computer;  // System/Computer, MachineName; "" when the export has none
  // The event's values in the documented order, trimmed. Views into the reader's buffers (or
  // into field_text), valid only while the sink runs: no copy per field per event.
  std::vector<std::string_view> fields;
  std::string field_text;  // the values' storage for readers whose buffers do not outlive parsing
  std::string record;      // where it came from: "kms.evtx record 17", "kms.csv line 42"
};

// Called once per KMS event, in file order; an error stops the reading and is returned.
using KmsEventSink = std::function<Status(const KmsEvent&)>;

// 12290 (host): HRESULT, N-policy, client FQDN, CMID, client time, VM, license status,
// minutes to expiry, activation ID. The texts are views into the event's fields.
struct HostRequest {
  Hresult hresult = 0;
  int n_policy = 0;
  std::string_view client_fqdn;  // as written: the report folds its case
  Guid128 cmid;
  std::string_view client_time;
  int license_status = 0;
  int64_t minutes_to_expiry = 0;
  Guid128 activation_id;
};

// 12288 (client): HRESULT, status flags, host:port, CMID, client time, VM, license status,
// minutes to expiry, activation ID, N-policy.
struct ClientRequest {
  Hresult hresult = 0;
  std::string host;  // "kms01.corp.example:1688"; may be empty when discovery failed
  std::string cmid;
  int license_status = 0;
  int64_t minutes_to_expiry = 0;
  std::string activation_id;
  int n_policy = 0;
};

// 12289 (client): HRESULT, status flags, activated (fBound), unused, count, activation
// interval, renewal interval, client time.
struct ClientResponse {
  Hresult hresult = 0;
  bool activated = false;
  int count = 0;
  int activation_interval_minutes = 0;
  int renewal_interval_minutes = 0;
};

// Bad input (E1202) naming the record and the field when a field is missing or not a number,
// HRESULT, GUID or license status.
Result<HostRequest> host_request_of(const KmsEvent& event);
Result<ClientRequest> client_request_of(const KmsEvent& event);
Result<ClientResponse> client_response_of(const KmsEvent& event);

// The comma-separated "Info" string of the event message and of Vista-era EventData
// ("0x0, 25, pc1.corp.example, ..."), split and trimmed into views of `info`.
void split_info_fields(std::string_view info, std::vector<std::string_view>& fields);

// `text` without leading and trailing spaces, tabs, CR and LF, as a view.
std::string_view trim_view(std::string_view text);

// Folds ASCII upper case into `out` (reused: no allocation once it is large enough).
void lower_ascii_into(std::string_view text, std::string& out);

}  // namespace kmsprep
