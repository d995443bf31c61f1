#include "servicing/kms_host_address.hpp"

#include <cctype>

#include "core/host_port.hpp"
#include "core/text.hpp"

namespace kmsprep {
namespace {

Error bad(std::string_view text, const std::string& what) {
  return Error::usage("--kms-host \"" + std::string(text) + "\": " + what,
                      "use HOST or HOST:PORT (a DNS name, an IPv4 address, or [IPv6]:PORT), "
                      "port 1..65535, default 1688");
}

bool looks_like_ipv4(std::string_view host) {
  for (const char c : host) {
    if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

Result<uint16_t> parse_port(std::string_view text, std::string_view port) {
  // Five digits at most, so "001688" is refused as before; 0 and 65536..99999 are numbers.
  const auto value = port.size() <= 5 ? parse_integer<int>(port, 0, 99999) : std::nullopt;
  if (!value) {
    return bad(text, "port \"" + std::string(port) + "\" is not a number from 1 to 65535");
  }
  if (*value < 1 || *value > 65535) {
    return bad(text, "port " + std::string(port) + " is outside 1..65535");
  }
  return static_cast<uint16_t>(*value);
}

Status check_dns_name(std::string_view text, std::string_view host) {
  std::string_view name = host;
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);  // fully qualified form
  if (name.empty() || name.size() > 253) return bad(text, "host name is empty or too long");
  size_t begin = 0;
  while (begin <= name.size()) {
    const size_t dot = name.find('.', begin);
    const std::string_view label =
        name.substr(begin, dot == std::string_view::npos ? std::string_view::npos : dot - begin);
    if (label.empty() || label.size() > 63) {
      return bad(text, "host name has an empty or over-long label");
    }
    for (const char c : label) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) {
        return bad(text, std::string("host name contains '") + c + "'");
      }
    }
    if (label.front() == '-' || label.back() == '-') {
      return bad(text, "label \"" + std::string(label) + "\" starts or ends with '-'");
    }
    if (dot == std::string_view::npos) break;
    begin = dot + 1;
  }
  return ok_status();
}

}  // namespace

std::string KmsHostAddress::to_slmgr_argument() const {
  const std::string printed_host = kind == Kind::ipv6 ? "[" + host + "]" : host;
  return printed_host + ":" + std::to_string(port);
}

Result<KmsHostAddress> parse_kms_host_address(std::string_view text) {
  KmsHostAddress address;
  if (text.empty()) return bad(text, "the host is empty");
  auto split = split_host_port(text);
  if (!split) return bad(text, split.error().detail());
  const std::string_view host = split->host;
  const std::string_view port = split->port;
  const bool has_port = split->has_port;
  if (split->ipv6) address.kind = KmsHostAddress::Kind::ipv6;
  if (host.empty()) return bad(text, "the host is empty");
  if (address.kind == KmsHostAddress::Kind::ipv6) {
    if (!kms_host_address_platform::is_ipv6_address(std::string(host))) {
      return bad(text,
                 "\"" + std::string(host) + "\" is not an IPv6 address" +
                     (text.front() == '[' ? "" : " (bracket an IPv6 address: [ADDRESS]:PORT)"));
    }
  } else if (looks_like_ipv4(host)) {
    if (!kms_host_address_platform::is_ipv4_address(std::string(host))) {
      return bad(text, "\"" + std::string(host) + "\" is not an IPv4 address");
    }
    address.kind = KmsHostAddress::Kind::ipv4;
  } else if (auto valid = check_dns_name(text, host); !valid) {
    return std::move(valid).error();
  }
  address.host = std::string(host);
  if (has_port) {
    auto parsed_port = parse_port(text, port);
    if (!parsed_port) return std::move(parsed_port).error();
    address.port = *parsed_port;
    address.port_given = true;
  }
  return address;
}

}  // namespace kmsprep
