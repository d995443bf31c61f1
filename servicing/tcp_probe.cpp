#include "servicing/tcp_probe.hpp"

namespace kmsprep {
namespace {

std::string endpoint(const std::string& host, uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string timed_out_after(std::chrono::milliseconds timeout) {
  const long long ms = static_cast<long long>(timeout.count());
  return "timed out after " +
         (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms");
}

std::string describe(const tcp_probe_platform::Attempt& attempt,
                     std::chrono::milliseconds timeout) {
  using Outcome = tcp_probe_platform::Attempt::Outcome;
  switch (attempt.outcome) {
    case Outcome::connected:
      return "connected";
    case Outcome::refused:
      return "connection refused";
    case Outcome::timed_out:
      return timed_out_after(timeout);
    case Outcome::failed:
      break;
  }
  return attempt.detail;
}

}  // namespace

TcpProbeResult probe_tcp(const std::string& host, uint16_t port,
                         std::chrono::milliseconds timeout) {
  const tcp_probe_platform::Resolution resolved = tcp_probe_platform::resolve(host, port);
  if (!resolved.error.empty()) {
    return {false, endpoint(host, port) + ": the name does not resolve (" + resolved.error + ")"};
  }
  TcpProbeResult last{false, endpoint(host, port) + ": no address"};
  for (const tcp_probe_platform::SocketAddress& each : resolved.addresses) {
    const tcp_probe_platform::Attempt attempt = tcp_probe_platform::connect_once(each, timeout);
    if (attempt.outcome == tcp_probe_platform::Attempt::Outcome::connected) {
      return {true, "connected to " + endpoint(host, port)};
    }
    last = {false, endpoint(host, port) + ": " + describe(attempt, timeout)};
  }
  return last;
}

}  // namespace kmsprep
