// Real network fixtures for the validate tests (servicing and cli): a dnsmasq DNS server on a
// free loopback port with _vlmcs._tcp SRV records, a TCP listener, a port nothing listens on.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace kmsprep::test {

inline constexpr const char* kDnsmasqPath = "/usr/sbin/dnsmasq";

// A loopback socket of `type` bound to port 0; the caller closes it.
inline int bound_loopback_socket(int type, uint16_t& port) {
  const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  port = ntohs(address.sin_port);
  return fd;
}

// A port that was free a moment ago: nothing listens there (connections are refused).
inline uint16_t closed_port() {
  uint16_t port = 0;
  ::close(bound_loopback_socket(SOCK_STREAM, port));
  return port;
}

inline bool tcp_connects(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// Listens on a loopback port for as long as it lives (the kernel completes the handshakes).
class TcpListener {
 public:
  TcpListener() {
    fd_ = bound_loopback_socket(SOCK_STREAM, port_);
    ::listen(fd_, 16);
  }
  ~TcpListener() { ::close(fd_); }
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;
  uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

// dnsmasq answering for corp.example on 127.0.0.1:port(): _vlmcs._tcp.corp.example SRV
// kms1.corp.example:1688 (or `srv_port`), kms1.corp.example A 127.0.0.1, NXDOMAIN for any
// other name under corp.example, TTL `ttl`. With `refuse_aaaa` it is not authoritative for
// corp.example and has no upstream, so an AAAA query for kms1 gets REFUSED while A answers.
class DnsmasqServer {
 public:
  explicit DnsmasqServer(int srv_port = 1688, int ttl = 3600, bool refuse_aaaa = false)
      : refuse_aaaa_(refuse_aaaa) {
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) start(srv_port, ttl);
  }
  ~DnsmasqServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  DnsmasqServer(const DnsmasqServer&) = delete;
  DnsmasqServer& operator=(const DnsmasqServer&) = delete;

  bool running() const { return pid_ > 0; }
  uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  void start(int srv_port, int ttl) {
    uint16_t udp_port = 0;
    const int probe = bound_loopback_socket(SOCK_DGRAM, udp_port);
    ::close(probe);
    port_ = udp_port;
    std::vector<std::string> args = {kDnsmasqPath,
                                     "--srv-host=_vlmcs._tcp.corp.example,kms1.corp.example," +
                                         std::to_string(srv_port) + ",0,0",
                                     "--host-record=kms1.corp.example,127.0.0.1",
                                     "--local=/corp.example/",
                                     "--local-ttl=" + std::to_string(ttl),
                                     "--port=" + std::to_string(port_),
                                     "--listen-address=127.0.0.1",
                                     "--bind-interfaces",
                                     "--no-resolv",
                                     "--no-hosts",
                                     "--conf-file=/dev/null",
                                     "--keep-in-foreground",
                                     "--pid-file="};
    if (refuse_aaaa_) args.erase(std::find(args.begin(), args.end(), "--local=/corp.example/"));
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    if (::posix_spawn(&pid, kDnsmasqPath, nullptr, nullptr, argv.data(), environ) != 0) return;
    // dnsmasq listens on TCP too: ready once a connection opens.
    for (int i = 0; i < 100; ++i) {
      if (tcp_connects(port_)) {
        pid_ = pid;
        return;
      }
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) return;  // exited (port taken): retry
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }

  bool refuse_aaaa_ = false;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

// The same records as DnsmasqServer, as a zone file with origin corp.example.
inline std::string corp_example_zone(int srv_port = 1688, int ttl = 3600) {
  return "$TTL " + std::to_string(ttl) +
         "\n"
         "@           IN SOA ns1 hostmaster 1 3600 600 86400 3600\n"
         "@           IN NS  ns1\n"
         "ns1         IN A   127.0.0.1\n"
         "_vlmcs._tcp IN SRV 0 0 " +
         std::to_string(srv_port) +
         " kms1\n"
         "kms1        IN A   127.0.0.1\n";
}

}  // namespace kmsprep::test
