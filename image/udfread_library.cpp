#include "image/udfread_library.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "core/shared_library.hpp"

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
  auto library = open_shared_library(kLibraryName, "to read UDF volumes", kInstallHint);
  if (!library) {
    loaded.error = library.error();
    return loaded;
  }
  std::string missing;
#define KMSPREP_UDFREAD_RESOLVE(name) \
  resolve_symbol(*library, #name, loaded.functions.name, missing);
  KMSPREP_UDFREAD_FUNCTIONS(KMSPREP_UDFREAD_RESOLVE)
#undef KMSPREP_UDFREAD_RESOLVE
  if (!missing.empty()) {
    loaded.functions = UdfreadLibrary{};
    loaded.error = missing_symbol_error(*library, missing, "a libudfread older than Debian 12's?");
  }
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
