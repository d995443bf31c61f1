// Linux side of core/range_copy.hpp.
#include <sys/sendfile.h>
#include <unistd.h>

#include "core/range_copy.hpp"

namespace kmsprep {

int64_t copy_range_in_kernel(int in_fd, uint64_t& offset, int out_fd, size_t length) {
  loff_t in_offset = static_cast<loff_t>(offset);
  const ssize_t copied = ::copy_file_range(in_fd, &in_offset, out_fd, nullptr, length, 0);
  if (copied > 0) offset = static_cast<uint64_t>(in_offset);
  return copied;
}

int64_t send_in_kernel(int out_fd, int in_fd, size_t length) {
  return ::sendfile(out_fd, in_fd, nullptr, length);
}

}  // namespace kmsprep
