// Linux: O_TMPFILE where the file system has it, else mkostemp and unlink at once.
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "image/scratch_file.hpp"

namespace kmsprep {

std::optional<MemoryFile> create_scratch_file(const std::string& what) {
  const char* chosen = std::getenv("TMPDIR");
  const std::string directory = chosen && *chosen ? chosen : "/tmp";
  const int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return MemoryFile::adopt(fd, what);
  std::string name = directory + "/kmsprep-uncompressed-XXXXXX";
  const int named = ::mkostemp(name.data(), O_CLOEXEC);
  if (named < 0) return std::nullopt;
  ::unlink(name.c_str());
  return MemoryFile::adopt(named, what);
}

}  // namespace kmsprep
