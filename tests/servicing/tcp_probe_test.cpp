#include "servicing/tcp_probe.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>

#include "tests/servicing/validate_test_support.hpp"

namespace kmsprep {
namespace {

TEST(TcpProbe, ConnectsToAListener) {
  test::TcpListener listener;
  const TcpProbeResult result = probe_tcp("127.0.0.1", listener.port());
  EXPECT_TRUE(result.connected) << result.detail;
  EXPECT_NE(result.detail.find("127.0.0.1:" + std::to_string(listener.port())), std::string::npos);
}

TEST(TcpProbe, ReportsARefusedConnection) {
  const uint16_t port = test::closed_port();
  const TcpProbeResult result = probe_tcp("127.0.0.1", port);
  EXPECT_FALSE(result.connected);
  EXPECT_NE(result.detail.find("refused"), std::string::npos) << result.detail;
}

// A listener that never accepts, with its queue full: Linux drops further SYNs, so a connect
// hangs until the probe's own time limit.
TEST(TcpProbe, TimesOutOnAHostThatDoesNotAnswer) {
  uint16_t port = 0;
  const int listener = test::bound_loopback_socket(SOCK_STREAM, port);
  ASSERT_EQ(::listen(listener, 0), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto started = std::chrono::steady_clock::now();
  const TcpProbeResult result = probe_tcp("127.0.0.1", port, std::chrono::milliseconds(500));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  for (int fd : fillers) ::close(fd);
  ::close(listener);
  EXPECT_FALSE(result.connected);
  EXPECT_NE(result.detail.find("timed out after 500 ms"), std::string::npos) << result.detail;
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

TEST(TcpProbe, ReportsANameThatDoesNotResolve) {
  const TcpProbeResult result = probe_tcp("kms.does-not-exist.invalid", 1688);
  EXPECT_FALSE(result.connected);
  EXPECT_NE(result.detail.find("does not resolve"), std::string::npos) << result.detail;
}

}  // namespace
}  // namespace kmsprep
