// OwnedFd: a file descriptor closed when it goes out of scope, for the image backends' own
// reads (zip directories, sinks, rewrites). Image module only.
#pragma once

#include "core/file_system.hpp"

namespace kmsprep {

struct OwnedFd {
  int fd = -1;
  OwnedFd() = default;
  explicit OwnedFd(int value) : fd(value) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  OwnedFd(OwnedFd&& other) noexcept : fd(other.fd) { other.fd = -1; }
  OwnedFd& operator=(OwnedFd&& other) noexcept {
    if (this != &other) {
      if (fd >= 0) close_file(fd);
      fd = other.fd;
      other.fd = -1;
    }
    return *this;
  }
  ~OwnedFd() {
    if (fd >= 0) close_file(fd);
  }
};

}  // namespace kmsprep
