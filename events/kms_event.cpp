#include "events/kms_event.hpp"

#include "core/strings.hpp"
#include "core/text.hpp"

namespace kmsprep {
namespace {

Error malformed(const KmsEvent& event, const std::string& what) {
  return Error(ErrorCode::event_record_malformed,
               "event " + std::to_string(event.event_id) + ": " + what, event.record,
               "export the log again from Windows (wevtutil epl, or Event Viewer's Save All Events "
               "As); a hand-edited or cut export cannot be reported");
}

std::string lower(std::string_view text) {
  std::string out;
  lower_ascii_into(text, out);
  return out;
}

class FieldReader {
 public:
  FieldReader(const KmsEvent& event, size_t needed) : event_(event), needed_(needed) {}

  Status count() const {
    if (event_.fields.size() >= needed_) return {};
    return malformed(event_, "has " + std::to_string(event_.fields.size()) + " fields, " +
                                 std::to_string(needed_) + " expected");
  }
  Result<Hresult> hresult(size_t index, const char* name) const {
    if (auto value = parse_hresult(event_.fields[index])) return *value;
    return bad(index, name, "an HRESULT such as 0x0 or 0xC004F038");
  }
  Result<int64_t> number(size_t index, const char* name, int64_t max_value) const {
    const std::string_view text = event_.fields[index];
    if (auto value = parse_integer<int64_t>(text, -max_value, max_value)) return *value;
    if (!parse_integer<int64_t>(text)) return bad(index, name, "a whole number");
    return bad(index, name, "a whole number up to " + std::to_string(max_value));
  }
  Result<Guid128> guid(size_t index, const char* name) const {
    if (auto value = parse_guid(event_.fields[index])) return *value;
    return bad(index, name, "a GUID");
  }
  Result<int> license_status(size_t index) const {
    auto value = number(index, "license status", 6);
    if (!value) return value.error();
    if (*value < 0) return bad(index, "license status", "0 to 6");
    return static_cast<int>(*value);
  }
  std::string_view text(size_t index) const { return event_.fields[index]; }

 private:
  Error bad(size_t index, const char* name, const std::string& expected) const {
    return malformed(event_, std::string(name) + " (field " + std::to_string(index + 1) +
                                 ") is \"" + escape_for_display(event_.fields[index]) + "\", not " +
                                 expected);
  }

  const KmsEvent& event_;
  size_t needed_;
};

}  // namespace

std::string_view trim_view(std::string_view text) {
  constexpr std::string_view kWhitespace = " \t\r\n";
  const size_t begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(kWhitespace);
  return text.substr(begin, end - begin + 1);
}

void lower_ascii_into(std::string_view text, std::string& out) {
  out.assign(text.data(), text.size());
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
}

void split_info_fields(std::string_view info, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t start = 0;
  while (true) {
    const size_t comma = info.find(',', start);
    fields.push_back(trim_view(info.substr(start, comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
}

Result<HostRequest> host_request_of(const KmsEvent& event) {
  FieldReader fields(event, 9);
  if (auto counted = fields.count(); !counted) return counted.error();
  HostRequest request;
  auto hresult = fields.hresult(0, "HRESULT");
  if (!hresult) return hresult.error();
  request.hresult = *hresult;
  auto n_policy = fields.number(1, "N-policy (minimum count)", 1000);
  if (!n_policy) return n_policy.error();
  if (*n_policy < 1) return malformed(event, "N-policy (field 2) is below 1");
  request.n_policy = static_cast<int>(*n_policy);
  request.client_fqdn = fields.text(2);
  if (request.client_fqdn.empty()) return malformed(event, "the client FQDN (field 3) is empty");
  auto cmid = fields.guid(3, "CMID");
  if (!cmid) return cmid.error();
  request.cmid = *cmid;
  request.client_time = fields.text(4);
  auto status = fields.license_status(6);
  if (!status) return status.error();
  request.license_status = *status;
  auto minutes = fields.number(7, "minutes to expiry", 100LL * 365 * 1440);
  if (!minutes) return minutes.error();
  request.minutes_to_expiry = *minutes;
  auto activation = fields.guid(8, "activation ID");
  if (!activation) return activation.error();
  request.activation_id = *activation;
  return request;
}

Result<ClientRequest> client_request_of(const KmsEvent& event) {
  FieldReader fields(event, 10);
  if (auto counted = fields.count(); !counted) return counted.error();
  ClientRequest request;
  auto hresult = fields.hresult(0, "HRESULT");
  if (!hresult) return hresult.error();
  request.hresult = *hresult;
  request.host = lower(fields.text(2));
  auto cmid = fields.guid(3, "CMID");
  if (!cmid) return cmid.error();
  request.cmid = to_string(*cmid);
  auto status = fields.license_status(6);
  if (!status) return status.error();
  request.license_status = *status;
  auto minutes = fields.number(7, "minutes to expiry", 100LL * 365 * 1440);
  if (!minutes) return minutes.error();
  request.minutes_to_expiry = *minutes;
  auto activation = fields.guid(8, "activation ID");
  if (!activation) return activation.error();
  request.activation_id = to_string(*activation);
  auto n_policy = fields.number(9, "N-policy (minimum count)", 1000);
  if (!n_policy) return n_policy.error();
  request.n_policy = static_cast<int>(*n_policy);
  return request;
}

Result<ClientResponse> client_response_of(const KmsEvent& event) {
  FieldReader fields(event, 7);
  if (auto counted = fields.count(); !counted) return counted.error();
  ClientResponse response;
  auto hresult = fields.hresult(0, "HRESULT");
  if (!hresult) return hresult.error();
  response.hresult = *hresult;
  auto activated = fields.number(2, "activated flag", 1);
  if (!activated || *activated < 0)
    return activated ? malformed(event, "activated flag is negative") : activated.error();
  response.activated = *activated == 1;
  auto count = fields.number(4, "count", 1000000);
  if (!count) return count.error();
  response.count = static_cast<int>(*count);
  auto activation = fields.number(5, "activation interval", 1000000);
  if (!activation) return activation.error();
  response.activation_interval_minutes = static_cast<int>(*activation);
  auto renewal = fields.number(6, "renewal interval", 1000000);
  if (!renewal) return renewal.error();
  response.renewal_interval_minutes = static_cast<int>(*renewal);
  return response;
}

}  // namespace kmsprep
