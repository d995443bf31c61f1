// Windows: Winsock (started once per process), getaddrinfo from ws2tcpip.h, a non-blocking
// connect (ioctlsocket FIONBIO) waited for with select, SO_ERROR for the outcome.
#include <winsock2.h>
#include <ws2tcpip.h>
// winsock2.h before windows.h: windows.h alone would pull in the old winsock.h.
#include <windows.h>

#include <mutex>

#include "servicing/tcp_probe.hpp"

namespace kmsprep::tcp_probe_platform {
namespace {

std::string system_text(int code) {
  char text[512] = {};
  if (!FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                      static_cast<DWORD>(code), 0, text, sizeof text, nullptr)) {
    return "Windows socket error " + std::to_string(code);
  }
  std::string message = text;
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                              message.back() == ' ' || message.back() == '.')) {
    message.pop_back();
  }
  return message;
}

Attempt failed(const std::string& what, int error) {
  return {Attempt::Outcome::failed, what + system_text(error)};
}

Attempt connect_error(int error) {
  if (error == WSAECONNREFUSED) return {Attempt::Outcome::refused, {}};
  return failed("", error);
}

// Winsock must be started before the first socket call; once for the process, never cleaned
// up (the process's exit does that). Its failure code is kept for every later probe.
int start_winsock() {
  static std::once_flag once;
  static int status = 0;
  std::call_once(once, [] {
    WSADATA data{};
    status = WSAStartup(MAKEWORD(2, 2), &data);
  });
  return status;
}

// select, not WSAPoll: before Windows 10 2004 WSAPoll does not report a refused connect. A
// refused connect shows in the exception set, a completed one in the write set; select has no
// EINTR to retry. Windows itself sends the SYN again after a reset, loopback included, so a
// refused port reads as refused only after about 2 s (Linux: at once): `timeout` must stay above
// that, which the default 3 s is. (SIO_TCP_INITIAL_RTO could end the retries, as libuv does for
// loopback, but would also end the SYN retries that a lossy path to a real host needs.)
Attempt wait_for_connect(SOCKET handle, std::chrono::milliseconds timeout) {
  fd_set writable;
  fd_set failing;
  FD_ZERO(&writable);
  FD_ZERO(&failing);
  FD_SET(handle, &writable);
  FD_SET(handle, &failing);
  timeval limit{};
  limit.tv_sec = static_cast<long>(timeout.count() / 1000);
  limit.tv_usec = static_cast<long>(timeout.count() % 1000 * 1000);
  // The first argument is ignored by Winsock.
  const int ready = ::select(0, nullptr, &writable, &failing, &limit);
  if (ready == SOCKET_ERROR) {
    return failed("cannot wait for the connection: ", WSAGetLastError());
  }
  if (ready == 0) return {Attempt::Outcome::timed_out, {}};
  int error = 0;
  int length = sizeof error;
  if (::getsockopt(handle, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &length) != 0) {
    return failed("cannot read the connection's result: ", WSAGetLastError());
  }
  if (error == 0 && FD_ISSET(handle, &writable)) return {Attempt::Outcome::connected, {}};
  return connect_error(error != 0 ? error : WSAECONNREFUSED);
}

}  // namespace

Resolution resolve(const std::string& host, uint16_t port) {
  Resolution resolved;
  if (const int started = start_winsock(); started != 0) {
    resolved.error = "cannot start Windows sockets: " + system_text(started);
    return resolved;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  // getaddrinfo returns the WSA error itself; gai_strerror is not thread-safe on Windows.
  const int status = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses);
  if (status != 0) {
    resolved.error = system_text(status);
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
  // Not inherited by programs this process starts, as SOCK_CLOEXEC on Linux.
  const SOCKET handle = ::WSASocketW(address.family, SOCK_STREAM, IPPROTO_TCP, nullptr, 0,
                                     WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (handle == INVALID_SOCKET) return failed("cannot create a socket: ", WSAGetLastError());
  Attempt attempt;
  u_long non_blocking = 1;
  const auto* target = reinterpret_cast<const sockaddr*>(address.bytes.data());
  if (::ioctlsocket(handle, FIONBIO, &non_blocking) != 0) {
    attempt = failed("cannot make the socket non-blocking: ", WSAGetLastError());
  } else if (::connect(handle, target, static_cast<int>(address.bytes.size())) == 0) {
    attempt = {Attempt::Outcome::connected, {}};
  } else if (const int error = WSAGetLastError(); error != WSAEWOULDBLOCK) {
    attempt = connect_error(error);
  } else {
    attempt = wait_for_connect(handle, timeout);
  }
  ::closesocket(handle);
  return attempt;
}

}  // namespace kmsprep::tcp_probe_platform
