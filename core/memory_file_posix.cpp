// Linux: an anonymous memory file (memfd), named for libraries as /proc/self/fd/N; an
// unlinked-on-destruction temporary file in $TMPDIR where /proc is not mounted.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "core/memory_file.hpp"

namespace kmsprep {
namespace {

std::string proc_path(int fd) { return "/proc/self/fd/" + std::to_string(fd); }

bool proc_path_works(int fd) { return ::access(proc_path(fd).c_str(), R_OK) == 0; }

}  // namespace

Result<MemoryFile> MemoryFile::create(const std::string& what) {
  const int fd = ::memfd_create("kmsprep", MFD_CLOEXEC);
  if (fd >= 0) {
    if (proc_path_works(fd)) return MemoryFile(fd, what, {});
    ::close(fd);
  }
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base && *base ? base : "/tmp") + "/kmsprep-memory-XXXXXX";
  const int file = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (file < 0) return Error::io("cannot create a private memory file for", what, errno);
  return MemoryFile(file, what, pattern);
}

std::string MemoryFile::path() const {
  if (!named_path_.empty()) return named_path_;
  return proc_path_works(fd_) ? proc_path(fd_) : std::string();
}

}  // namespace kmsprep
