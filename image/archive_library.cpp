#include "image/archive_library.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/shared_library.hpp"

namespace kmsprep {
namespace {

constexpr const char* kLibraryName = "libarchive.so.13";
constexpr const char* kInstallHint =
    "install libarchive13 (apt-get install libarchive13); only archives and ISO9660 discs "
    "need it";

struct LoadedLibrary {
  ArchiveLibrary functions;
  std::optional<Error> error;
};

LoadedLibrary load() {
  LoadedLibrary loaded;
  auto library = open_shared_library(kLibraryName, "to read archives", kInstallHint);
  if (!library) {
    loaded.error = library.error();
    return loaded;
  }
  std::string missing;
#define KMSPREP_ARCHIVE_RESOLVE(name) \
  resolve_symbol(*library, #name, loaded.functions.name, missing);
  KMSPREP_ARCHIVE_FUNCTIONS(KMSPREP_ARCHIVE_RESOLVE)
#undef KMSPREP_ARCHIVE_RESOLVE
  if (!missing.empty()) {
    loaded.functions = ArchiveLibrary{};
    loaded.error = missing_symbol_error(*library, missing, "a libarchive older than Debian 12's?");
  }
  return loaded;
}

const LoadedLibrary& loaded_library() {
  // Loaded once and never changed afterwards; the static's initialisation is thread-safe.
  static const LoadedLibrary loaded = load();
  return loaded;
}

}  // namespace

Result<const ArchiveLibrary*> load_archive_library() {
  const LoadedLibrary& loaded = loaded_library();
  if (loaded.error) return *loaded.error;
  return &loaded.functions;
}

const ArchiveLibrary& libarchive() {
  const LoadedLibrary& loaded = loaded_library();
  if (loaded.error) {
    // A libarchive object exists only after a successful load: this is a kmsprep bug.
    std::fputs("kmsprep: internal error: libarchive used before it was loaded\n", stderr);
    std::abort();
  }
  return loaded.functions;
}

}  // namespace kmsprep
