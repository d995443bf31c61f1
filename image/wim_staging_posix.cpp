// Linux side of image/wim_staging.hpp.
#include <sys/mman.h>
#include <unistd.h>
#include <wimlib.h>

#include <cstdlib>

#include "image/wim_staging.hpp"

namespace kmsprep {

int create_named_memory_file(std::string& name) {
  const int fd = ::memfd_create("kmsprep-wim-add", MFD_CLOEXEC);
  if (fd >= 0) name = "/proc/self/fd/" + std::to_string(fd);
  return fd;
}

bool name_opens(const std::string& name) { return ::access(name.c_str(), R_OK) == 0; }

std::filesystem::path staging_directory_base() {
  const char* chosen = std::getenv("TMPDIR");
  if (chosen && *chosen) return chosen;
  if (::access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
  return "/tmp";
}

bool memory_file_names_are_addable() { return true; }

int staged_add_flags() { return WIMLIB_ADD_FLAG_DEREFERENCE; }

}  // namespace kmsprep
