// Windows side of core/range_copy.hpp: no in-kernel copy between descriptors (CopyFileEx copies
// whole files by name, TransmitFile sends only to sockets), so callers copy through a buffer.
#include <cerrno>

#include "core/range_copy.hpp"

namespace kmsprep {

int64_t copy_range_in_kernel(int, uint64_t&, int, size_t) {
  errno = ENOSYS;
  return -1;
}

int64_t send_in_kernel(int, int, size_t) {
  errno = ENOSYS;
  return -1;
}

}  // namespace kmsprep
