// Windows side of core/stdout_redirection.hpp: the C runtime's descriptors, which the libraries
// linked into kmsprep.exe (wimlib) write through too. _dup2 makes descriptor 1 share the other
// descriptor's OS handle; _setmode makes it binary, whatever mode the console had.
#include <fcntl.h>
#include <io.h>

#include <cerrno>
#include <cstdio>

#include "core/stdout_redirection.hpp"

namespace kmsprep {

StdoutRedirection::StdoutRedirection(int fd) {
  std::fflush(stdout);
  saved_ = _dup(kStandardOutput);  // -1 when standard output is closed
  redirected_ = _dup2(fd, kStandardOutput) == 0;
  if (redirected_) _setmode(kStandardOutput, _O_BINARY);
}

StdoutRedirection::~StdoutRedirection() {
  if (!redirected_) return;
  std::fflush(stdout);
  if (saved_ >= 0) {
    _dup2(saved_, kStandardOutput);
    _close(saved_);
  } else {
    _close(kStandardOutput);
  }
}

BinaryStdout::BinaryStdout() {
  std::fflush(stdout);
  saved_mode_ = _setmode(kStandardOutput, _O_BINARY);
}

// errno is kept: it may still explain the failure of what was written.
BinaryStdout::~BinaryStdout() {
  const int error = errno;
  std::fflush(stdout);
  if (saved_mode_ != -1) _setmode(kStandardOutput, saved_mode_);
  errno = error;
}

int open_private_pipe(int ends[2], int capacity) {
  return _pipe(ends, static_cast<unsigned>(capacity), _O_BINARY | _O_NOINHERIT) == 0 ? 0 : errno;
}

}  // namespace kmsprep
