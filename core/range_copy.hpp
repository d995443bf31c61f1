// Copies between two descriptors inside the kernel, where the platform has such a call: Linux's
// copy_file_range(2) and sendfile(2) (range_copy_posix.cpp). Windows has neither for descriptors
// (range_copy_windows.cpp): there both fail with ENOSYS, which callers already treat as "copy
// through a buffer". Callers: image/ (archive rewrites, files streamed to a sink).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kmsprep {

// Up to `length` bytes of `in_fd` from `offset` (which advances) written at `out_fd`'s position
// (copy_file_range): the count, 0 at the end of `in_fd`, or -1 with errno set. EXDEV, ENOSYS,
// EOPNOTSUPP and EINVAL say the kernel cannot copy these two.
int64_t copy_range_in_kernel(int in_fd, uint64_t& offset, int out_fd, size_t length);

// Up to `length` bytes from `in_fd`'s position to `out_fd`'s (sendfile): the count, 0 at the
// end, or -1 with errno set. EINVAL and ENOSYS say the kernel cannot send to this `out_fd`.
int64_t send_in_kernel(int out_fd, int in_fd, size_t length);

}  // namespace kmsprep
