// OwnedFd: a file descriptor closed when it goes out of scope, for the image backends' own
// reads (zip directories, sinks, rewrites). Image module only.
#pragma once

#include <unistd.h>

namespace kmsprep {

struct OwnedFd {
  int fd = -1;
  OwnedFd() = default;
  explicit OwnedFd(int value) : fd(value) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace kmsprep
