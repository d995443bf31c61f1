// A reachability probe: open one TCP connection to HOST:PORT within a time limit and close it.
// No byte is sent; the KMS protocol is out of scope. Callers: servicing/ (validate --probe).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace kmsprep {

struct TcpProbeResult {
  bool connected = false;
  std::string detail;  // "connected to 127.0.0.1:1688", "connection refused", "timed out after 3 s"
};

// `host` is an IP address or a name (resolved by the system resolver); every address is tried
// until one connects, each within `timeout`.
TcpProbeResult probe_tcp(const std::string& host, uint16_t port,
                         std::chrono::milliseconds timeout = std::chrono::seconds(3));

}  // namespace kmsprep
