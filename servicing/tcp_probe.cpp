#include "servicing/tcp_probe.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kmsprep {
namespace {

std::string endpoint(const std::string& host, uint16_t port) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// One non-blocking connect, waited for with poll so a silent host costs `timeout`, not the
// kernel's SYN retry time.
TcpProbeResult connect_once(const addrinfo& address, std::chrono::milliseconds timeout) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
                          address.ai_protocol);
  if (fd < 0) return {false, std::string("cannot create a socket: ") + std::strerror(errno)};
  TcpProbeResult result;
  if (::connect(fd, address.ai_addr, address.ai_addrlen) == 0) {
    result.connected = true;
  } else if (errno != EINPROGRESS) {
    result.detail = errno == ECONNREFUSED ? "connection refused" : std::strerror(errno);
  } else {
    pollfd waiting{fd, POLLOUT, 0};
    int ready = 0;
    do {
      ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    int error = 0;
    socklen_t length = sizeof error;
    if (ready < 0) {
      // poll itself failed: nothing is known about the connection, so it is not "connected".
      result.detail = std::string("cannot wait for the connection: ") + std::strerror(errno);
    } else if (ready == 0) {
      const long long ms = static_cast<long long>(timeout.count());
      result.detail = "timed out after " + (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s"
                                                           : std::to_string(ms) + " ms");
    } else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
      result.detail = std::string("cannot read the connection's result: ") + std::strerror(errno);
    } else {
      if (error == 0) {
        result.connected = true;
      } else {
        result.detail = error == ECONNREFUSED ? "connection refused" : std::strerror(error);
      }
    }
  }
  ::close(fd);
  return result;
}

}  // namespace

TcpProbeResult probe_tcp(const std::string& host, uint16_t port,
                         std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses);
  if (status != 0) {
    return {false, endpoint(host, port) + ": the name does not resolve (" +
                       std::string(::gai_strerror(status)) + ")"};
  }
  TcpProbeResult last{false, endpoint(host, port) + ": no address"};
  for (const addrinfo* each = addresses; each; each = each->ai_next) {
    TcpProbeResult attempt = connect_once(*each, timeout);
    if (attempt.connected) {
      last = {true, "connected to " + endpoint(host, port)};
      break;
    }
    last = {false, endpoint(host, port) + ": " + attempt.detail};
  }
  ::freeaddrinfo(addresses);
  return last;
}

}  // namespace kmsprep
