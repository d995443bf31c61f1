// A check of the Windows side of servicing/tcp_probe.hpp and servicing/kms_host_address.hpp
// (issue 19), run under Wine by scripts/windows-probe-check/run until servicing's own test
// suite is built for Windows. Usage: probe-check.exe OPEN_PORT CLOSED_PORT SILENT_PORT
#include <cstdio>
#include <cstdlib>
#include <string>

#include "servicing/kms_host_address.hpp"
#include "servicing/tcp_probe.hpp"

namespace {

int failures = 0;

void expect(bool good, const std::string& what, const std::string& detail) {
  std::printf("%s  %s: %s\n", good ? "ok  " : "FAIL", what.c_str(), detail.c_str());
  if (!good) ++failures;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void check_probes(uint16_t open_port, uint16_t closed_port, uint16_t silent_port) {
  using kmsprep::probe_tcp;
  const auto open = probe_tcp("127.0.0.1", open_port);
  expect(open.connected && contains(open.detail, "connected to 127.0.0.1:"), "open port",
         open.detail);
  const auto closed = probe_tcp("127.0.0.1", closed_port);
  expect(!closed.connected && contains(closed.detail, "connection refused"), "closed port",
         closed.detail);
  const auto silent = probe_tcp("127.0.0.1", silent_port, std::chrono::milliseconds(500));
  expect(!silent.connected && contains(silent.detail, "timed out after 500 ms"),
         "port whose queue is full", silent.detail);
  const auto unknown = probe_tcp("kms.does-not-exist.invalid", 1688);
  expect(!unknown.connected && contains(unknown.detail, "does not resolve"), "unknown name",
         unknown.detail);
}

// inet_pton from ws2tcpip.h, through kms_host_address_windows.cpp.
void check_addresses() {
  using kmsprep::KmsHostAddress;
  const auto ipv4 = kmsprep::parse_kms_host_address("10.0.0.5:1700");
  expect(ipv4 && ipv4->kind == KmsHostAddress::Kind::ipv4 && ipv4->port == 1700, "10.0.0.5:1700",
         ipv4 ? ipv4->to_slmgr_argument() : ipv4.error().detail());
  const auto ipv6 = kmsprep::parse_kms_host_address("[fd00::5]:1688");
  expect(ipv6 && ipv6->kind == KmsHostAddress::Kind::ipv6, "[fd00::5]:1688",
         ipv6 ? ipv6->to_slmgr_argument() : ipv6.error().detail());
  const auto bad_ipv4 = kmsprep::parse_kms_host_address("10.0.0.256");
  expect(!bad_ipv4 && contains(bad_ipv4.error().detail(), "is not an IPv4 address"),
         "10.0.0.256 refused", bad_ipv4 ? "accepted" : bad_ipv4.error().detail());
  const auto bad_ipv6 = kmsprep::parse_kms_host_address("[fd00::zz]");
  expect(!bad_ipv6 && contains(bad_ipv6.error().detail(), "is not an IPv6 address"),
         "[fd00::zz] refused", bad_ipv6 ? "accepted" : bad_ipv6.error().detail());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: probe-check.exe OPEN_PORT CLOSED_PORT SILENT_PORT\n");
    return 2;
  }
  const auto port = [&](int i) { return static_cast<uint16_t>(std::atoi(argv[i])); };
  check_probes(port(1), port(2), port(3));
  check_addresses();
  std::printf("%d failed\n", failures);
  return failures == 0 ? 0 : 1;
}
