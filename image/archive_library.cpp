#include "image/archive_library.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

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
  // RTLD_LOCAL: libarchive's symbols (and those of its compressors) stay out of the global
  // scope, so nothing else in the process binds to them by accident.
  void* handle = dlopen(kLibraryName, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* reason = dlerror();
    loaded.error = Error(ErrorCode::tool_missing,
                         std::string("cannot load ") + kLibraryName +
                             " to read archives: " + (reason ? reason : "unknown reason"),
                         {}, kInstallHint);
    return loaded;
  }
  std::string missing;
#define KMSPREP_ARCHIVE_RESOLVE(name)                                                     \
  loaded.functions.name =                                                                 \
      reinterpret_cast<decltype(loaded.functions.name)>(dlsym(handle, #name));            \
  if (!loaded.functions.name && missing.empty()) missing = #name;
  KMSPREP_ARCHIVE_FUNCTIONS(KMSPREP_ARCHIVE_RESOLVE)
#undef KMSPREP_ARCHIVE_RESOLVE
  if (!missing.empty()) {
    dlclose(handle);
    loaded.functions = ArchiveLibrary{};
    loaded.error = Error(ErrorCode::tool_missing,
                         std::string(kLibraryName) + " lacks the function " + missing +
                             " (a libarchive older than Debian 12's?)",
                         {}, kInstallHint);
  }
  // On success the handle stays open for the life of the process: the table points into it.
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
