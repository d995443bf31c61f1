// Linux side of core/stdout_redirection.hpp.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "core/stdout_redirection.hpp"

namespace kmsprep {

StdoutRedirection::StdoutRedirection(int fd) {
  std::fflush(stdout);
  saved_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  redirected_ = ::dup2(fd, STDOUT_FILENO) == STDOUT_FILENO;
}

StdoutRedirection::~StdoutRedirection() {
  if (!redirected_) return;
  std::fflush(stdout);
  if (saved_ >= 0) {
    ::dup2(saved_, STDOUT_FILENO);
    ::close(saved_);
  } else {
    ::close(STDOUT_FILENO);
  }
}

BinaryStdout::BinaryStdout() { std::fflush(stdout); }
BinaryStdout::~BinaryStdout() = default;

int open_private_pipe(int ends[2], int capacity) {
  if (::pipe2(ends, O_CLOEXEC) != 0) return errno;
  // Bigger pieces per wake-up.
  ::fcntl(ends[1], F_SETPIPE_SZ, capacity);
  return 0;
}

}  // namespace kmsprep
