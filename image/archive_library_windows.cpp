// Windows: libarchive is linked in statically (cmake/WindowsDependencies.cmake), so the table
// holds the linked functions and loading it cannot fail.
#include <filesystem>

#include "core/utf8_path.hpp"
#include "image/archive_library.hpp"

namespace kmsprep {
namespace {

const ArchiveLibrary& table() {
  static const ArchiveLibrary functions = [] {
    ArchiveLibrary linked;
#define KMSPREP_ARCHIVE_LINK(name) linked.name = &::name;
    KMSPREP_ARCHIVE_FUNCTIONS(KMSPREP_ARCHIVE_LINK)
#undef KMSPREP_ARCHIVE_LINK
    return linked;
  }();
  return functions;
}

}  // namespace

Result<const ArchiveLibrary*> load_archive_library() { return &table(); }

const ArchiveLibrary& libarchive() { return table(); }

int open_archive_file(archive* reader, const std::string& path, size_t block_size) {
  return ::archive_read_open_filename_w(reader, utf8_path(path).c_str(), block_size);
}

}  // namespace kmsprep
