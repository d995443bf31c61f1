#include "engine/hresult.hpp"

namespace kmsprep {

std::string format_hresult(Hresult value) {
  static const char digits[] = "0123456789ABCDEF";
  std::string text = "0x00000000";
  for (int i = 0; i < 8; ++i) text[9 - i] = digits[(value >> (4 * i)) & 0xF];
  return text;
}

std::optional<Hresult> parse_hresult(std::string_view text) {
  if (text.size() < 3 || text.size() > 10 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
    return std::nullopt;
  }
  Hresult value = 0;
  for (char c : text.substr(2)) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = (value << 4) | static_cast<Hresult>(digit);
  }
  return value;
}

const char* hresult_meaning(Hresult value) {
  switch (value) {
    case hresult::success:
      return "success";
    case hresult::count_too_low:
      return "the KMS host count is below the threshold";
    case hresult::host_did_not_answer:
      return "the KMS host did not answer";
    case hresult::host_not_activated:
      return "the KMS host is not activated";
    case hresult::product_not_covered:
      return "the KMS host cannot activate this product";
    case hresult::no_host_contacted:
      return "no KMS host could be contacted";
    case hresult::key_invalid:
      return "the product key is invalid";
    case hresult::key_not_available:
      return "the product key is not available";
    case hresult::license_not_installed:
      return "the license is not installed (the host's OS lacks the update its host key needs)";
    case hresult::host_key_limit:
      return "the host key is over its activation limit";
    case hresult::time_invalid:
      return "the request time is invalid (clock skew)";
    case hresult::dns_server_failure:
      return "DNS server failure";
    case hresult::dns_name_missing:
      return "the DNS name does not exist (no _vlmcs._tcp SRV record)";
    case hresult::dns_no_records:
      return "DNS returned no _vlmcs._tcp records";
    case hresult::rpc_unavailable:
      return "the RPC server is unavailable";
  }
  return "";
}

}  // namespace kmsprep
