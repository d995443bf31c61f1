#include "image/udfread_library.hpp"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace kmsprep {
namespace {

constexpr const char* kLibraryName = "libudfread.so.0";
constexpr const char* kInstallHint =
    "install libudfread0 (apt-get install libudfread0); only UDF discs (Windows install "
    "media) need it";

struct LoadedLibrary {
  UdfreadLibrary functions;
  std::optional<Error> error;
};

LoadedLibrary load() {
  LoadedLibrary loaded;
  // RTLD_LOCAL: libudfread's symbols stay out of the global scope, so nothing else in the
  // process binds to them by accident.
  void* handle = dlopen(kLibraryName, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* reason = dlerror();
    loaded.error = Error(ErrorCode::tool_missing,
                         std::string("cannot load ") + kLibraryName +
                             " to read UDF volumes: " + (reason ? reason : "unknown reason"),
                         {}, kInstallHint);
    return loaded;
  }
  std::string missing;
#define KMSPREP_UDFREAD_RESOLVE(name)                                                     \
  loaded.functions.name =                                                                 \
      reinterpret_cast<decltype(loaded.functions.name)>(dlsym(handle, #name));            \
  if (!loaded.functions.name && missing.empty()) missing = #name;
  KMSPREP_UDFREAD_FUNCTIONS(KMSPREP_UDFREAD_RESOLVE)
#undef KMSPREP_UDFREAD_RESOLVE
  if (!missing.empty()) {
    dlclose(handle);
    loaded.functions = UdfreadLibrary{};
    loaded.error = Error(ErrorCode::tool_missing,
                         std::string(kLibraryName) + " lacks the function " + missing +
                             " (a libudfread older than Debian 12's?)",
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

Result<const UdfreadLibrary*> load_udfread_library() {
  const LoadedLibrary& loaded = loaded_library();
  if (loaded.error) return *loaded.error;
  return &loaded.functions;
}

const UdfreadLibrary& libudfread() {
  const LoadedLibrary& loaded = loaded_library();
  if (loaded.error) {
    // A libudfread object exists only after a successful load: this is a kmsprep bug.
    std::fputs("kmsprep: internal error: libudfread used before it was loaded\n", stderr);
    std::abort();
  }
  return loaded.functions;
}

}  // namespace kmsprep
