// Windows: MemoryFile's temporary file is already on disk (FILE_ATTRIBUTE_TEMPORARY only asks
// the cache manager to keep it in memory while it can) and has a name libarchive opens.
#include "image/scratch_file.hpp"

namespace kmsprep {

std::optional<MemoryFile> create_scratch_file(const std::string& what) {
  auto file = MemoryFile::create(what);
  if (!file) return std::nullopt;
  return std::move(*file);
}

}  // namespace kmsprep
