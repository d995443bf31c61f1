// A reachability probe: open one TCP connection to HOST:PORT within a time limit and close it.
// No byte is sent; the KMS protocol is out of scope. Callers: servicing/ (validate --probe).
// tcp_probe.cpp words the result; tcp_probe_posix.cpp / tcp_probe_windows.cpp hold the sockets.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace kmsprep {

struct TcpProbeResult {
  bool connected = false;
  std::string detail;  // "connected to 127.0.0.1:1688", "connection refused", "timed out after 3 s"
};

// `host` is an IP address or a name (resolved by the system resolver); every address is tried
// until one connects, each within `timeout`.
TcpProbeResult probe_tcp(const std::string& host, uint16_t port,
                         std::chrono::milliseconds timeout = std::chrono::seconds(3));

// The platform part, for tcp_probe.cpp only: one file per platform defines these, so the
// wording of every outcome stays in one place.
namespace tcp_probe_platform {

// One resolved address: its family and its sockaddr bytes, copied out of getaddrinfo's list so
// no platform type crosses this line.
struct SocketAddress {
  int family = 0;
  std::vector<unsigned char> bytes;
};

struct Resolution {
  std::vector<SocketAddress> addresses;  // in the resolver's order
  std::string error;                     // the resolver's message when the name does not resolve
};

Resolution resolve(const std::string& host, uint16_t port);

struct Attempt {
  enum class Outcome { connected, refused, timed_out, failed };
  Outcome outcome = Outcome::failed;
  std::string detail;  // for `failed`: what failed, with the system's message
};

// One non-blocking connect, waited for at most `timeout`.
Attempt connect_once(const SocketAddress& address, std::chrono::milliseconds timeout);

}  // namespace tcp_probe_platform
}  // namespace kmsprep
