// "HOST[:PORT]" split the one way every reader does it (--kms-host, --dns-server, a topology's
// kms-host, the slmgr /skms value in an image): "[IPv6]:PORT" with brackets (RFC 3986), a bare
// IPv6 address (two or more colons, so it cannot carry a port), else a name or IPv4 address
// and at most one ":PORT". Splitting only: callers check the host and word their own errors.
// Callers: any module.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

struct HostPort {
  std::string host;       // without brackets
  std::string port;       // the text after the ':' (may be empty, as in "host:")
  bool has_port = false;  // a ':' introduced a port
  bool ipv6 = false;      // bracketed, or bare with two or more colons
};

// Error::usage whose detail names only the problem ("'[' without a closing ']'", "expected
// ':PORT' after ']'"), for the caller to prefix with the field it read.
Result<HostPort> split_host_port(std::string_view text);

// A port as a TCP port number 1..65535: at most five digits (so "001688" is refused), nothing
// else. nullopt otherwise.
std::optional<uint16_t> parse_port_number(std::string_view text);

}  // namespace kmsprep
