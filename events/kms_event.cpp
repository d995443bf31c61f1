#include "events/kms_event.hpp"

#include <cctype>

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

// ASCII only, without the locale lookups of std::tolower and std::isxdigit (a hot path: every
// field of every event).
std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return text;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// A CMID or activation ID: 8-4-4-4-12 hex digits, braces allowed.
bool is_guid(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !is_hex_digit(text[i])) return false;
  }
  return true;
}

std::string bare_guid(std::string text) {
  if (text.size() == 38 && text.front() == '{') text = text.substr(1, 36);
  return lower(std::move(text));
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
    const std::string& text = event_.fields[index];
    if (auto value = parse_integer<int64_t>(text, -max_value, max_value)) return *value;
    if (!parse_integer<int64_t>(text)) return bad(index, name, "a whole number");
    return bad(index, name, "a whole number up to " + std::to_string(max_value));
  }
  Result<std::string> guid(size_t index, const char* name) const {
    if (is_guid(event_.fields[index])) return bare_guid(event_.fields[index]);
    return bad(index, name, "a GUID");
  }
  Result<int> license_status(size_t index) const {
    auto value = number(index, "license status", 6);
    if (!value) return value.error();
    if (*value < 0) return bad(index, "license status", "0 to 6");
    return static_cast<int>(*value);
  }
  const std::string& text(size_t index) const { return event_.fields[index]; }

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

std::vector<std::string> split_info_fields(std::string_view info) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = info.find(',', start);
    fields.push_back(trim_whitespace(info.substr(start, comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::vector<std::string> host_fields_from_event_data(std::vector<std::string> data) {
  if (data.size() == 1 && data[0].find(',') != std::string::npos) {
    return split_info_fields(data[0]);
  }
  if (data.size() == 10) data.erase(data.begin());
  for (auto& value : data) value = trim_whitespace(value);
  return data;
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
  request.client_fqdn = lower(fields.text(2));
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
  request.cmid = *cmid;
  auto status = fields.license_status(6);
  if (!status) return status.error();
  request.license_status = *status;
  auto minutes = fields.number(7, "minutes to expiry", 100LL * 365 * 1440);
  if (!minutes) return minutes.error();
  request.minutes_to_expiry = *minutes;
  auto activation = fields.guid(8, "activation ID");
  if (!activation) return activation.error();
  request.activation_id = *activation;
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
