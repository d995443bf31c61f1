// KmsHostAddress: the HOST[:PORT] of --kms-host (a DNS name, an IPv4 address, or an IPv6
// address, bracketed when a port follows; port 1..65535, default 1688), and the form slmgr
// /skms takes. Callers: servicing/ (configure, validate), cli/. The address forms are checked by
// the system's inet_pton: kms_host_address_posix.cpp / kms_host_address_windows.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

inline constexpr uint16_t kDefaultKmsPort = 1688;

struct KmsHostAddress {
  enum class Kind { dns_name, ipv4, ipv6 };
  Kind kind = Kind::dns_name;
  std::string host;  // without brackets
  uint16_t port = kDefaultKmsPort;
  bool port_given = false;

  // "kms.example.com:1688", "10.0.0.5:1688", "[fd00::5]:1688": always with the port, so
  // slmgr /skms sets both KeyManagementServiceName and KeyManagementServicePort.
  std::string to_slmgr_argument() const;
};

// Usage error (exit 2) naming the bad part: an empty host, a label that is not a DNS label,
// a malformed IPv4 or IPv6 address, an unbracketed IPv6 address with a port, a port outside
// 1..65535.
Result<KmsHostAddress> parse_kms_host_address(std::string_view text);

// The platform part, for kms_host_address.cpp only: whether `host` is an IPv4 address in dotted
// decimal, or an IPv6 address (without brackets), as the system's inet_pton reads it.
namespace kms_host_address_platform {
bool is_ipv4_address(const std::string& host);
bool is_ipv6_address(const std::string& host);
}  // namespace kms_host_address_platform

}  // namespace kmsprep
