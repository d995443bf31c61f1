// Linux: getaddrinfo, a non-blocking connect waited for with poll, SO_ERROR for the outcome.
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "servicing/tcp_probe.hpp"

namespace kmsprep::tcp_probe_platform {
namespace {

Attempt failed(const std::string& what, int error) {
  return {Attempt::Outcome::failed, what + std::strerror(error)};
}

// The outcome of a connect that failed with `error` (at once, or as read from SO_ERROR).
Attempt connect_error(int error) {
  if (error == ECONNREFUSED) return {Attempt::Outcome::refused, {}};
  return failed("", error);
}

// Waits for the connect in progress on `fd`, so a silent host costs `timeout`, not the
// kernel's SYN retry time.
Attempt wait_for_connect(int fd, std::chrono::milliseconds timeout) {
  pollfd waiting{fd, POLLOUT, 0};
  int ready = 0;
  do {
    ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  // poll itself failed: nothing is known about the connection, so it is not "connected".
  if (ready < 0) return failed("cannot wait for the connection: ", errno);
  if (ready == 0) return {Attempt::Outcome::timed_out, {}};
  int error = 0;
  socklen_t length = sizeof error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
    return failed("cannot read the connection's result: ", errno);
  }
  return error == 0 ? Attempt{Attempt::Outcome::connected, {}} : connect_error(error);
}

}  // namespace

Resolution resolve(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses);
  Resolution resolved;
  if (status != 0) {
    resolved.error = ::gai_strerror(status);
    return resolved;
  }
  for (const addrinfo* each = addresses; each; each = each->ai_next) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(each->ai_addr);
    resolved.addresses.push_back({each->ai_family, {bytes, bytes + each->ai_addrlen}});
  }
  ::freeaddrinfo(addresses);
  return resolved;
}

Attempt connect_once(const SocketAddress& address, std::chrono::milliseconds timeout) {
  const int fd = ::socket(address.family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return failed("cannot create a socket: ", errno);
  Attempt attempt;
  const auto* target = reinterpret_cast<const sockaddr*>(address.bytes.data());
  if (::connect(fd, target, static_cast<socklen_t>(address.bytes.size())) == 0) {
    attempt = {Attempt::Outcome::connected, {}};
  } else if (errno != EINPROGRESS) {
    attempt = connect_error(errno);
  } else {
    attempt = wait_for_connect(fd, timeout);
  }
  ::close(fd);
  return attempt;
}

}  // namespace kmsprep::tcp_probe_platform
