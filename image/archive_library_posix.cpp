#include <string>

#include "core/shared_library.hpp"
#include "image/archive_library.hpp"

namespace kmsprep {
namespace {

constexpr SharedLibrarySource kLibarchive = {
    "libarchive.so.13", "to read archives",
    "install libarchive13 (apt-get install libarchive13); only archives and ISO9660 discs "
    "need it",
    "a libarchive older than Debian 12's?"};

const FunctionTable<ArchiveLibrary>& table() {
  static const FunctionTable<ArchiveLibrary> table(
      kLibarchive,
      [](const SharedLibrary& library, ArchiveLibrary& functions, std::string& missing) {
#define KMSPREP_ARCHIVE_RESOLVE(name) resolve_symbol(library, #name, functions.name, missing);
        KMSPREP_ARCHIVE_FUNCTIONS(KMSPREP_ARCHIVE_RESOLVE)
#undef KMSPREP_ARCHIVE_RESOLVE
      });
  return table;
}

}  // namespace

Result<const ArchiveLibrary*> load_archive_library() { return table().get(); }

const ArchiveLibrary& libarchive() { return table().loaded(); }

int open_archive_file(archive* reader, const std::string& path, size_t block_size) {
  return libarchive().archive_read_open_filename(reader, path.c_str(), block_size);
}

}  // namespace kmsprep
