#include "servicing/ldns_library.hpp"

#include <dlfcn.h>

#include <optional>
#include <string>

namespace kmsprep {
namespace {

constexpr const char* kLibraryName = "libldns.so.3";
constexpr const char* kInstallHint =
    "install libldns3 (apt-get install libldns3); only the DNS checks of validate need it";

struct LoadedLibrary {
  LdnsLibrary functions;
  std::optional<Error> error;
};

LoadedLibrary load() {
  LoadedLibrary loaded;
  // RTLD_LOCAL: ldns and OpenSSL symbols stay out of the global scope, so nothing else in
  // the process binds to them by accident.
  void* handle = dlopen(kLibraryName, RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* reason = dlerror();
    loaded.error = Error(ErrorCode::tool_missing,
                         std::string("cannot load ") + kLibraryName + " for the DNS look-ups: " +
                             (reason ? reason : "unknown reason"),
                         {}, kInstallHint);
    return loaded;
  }
  std::string missing;
#define KMSPREP_LDNS_RESOLVE(name)                                                       \
  loaded.functions.name =                                                                \
      reinterpret_cast<decltype(loaded.functions.name)>(dlsym(handle, "ldns_" #name)); \
  if (!loaded.functions.name && missing.empty()) missing = "ldns_" #name;
  KMSPREP_LDNS_FUNCTIONS(KMSPREP_LDNS_RESOLVE)
#undef KMSPREP_LDNS_RESOLVE
  if (!missing.empty()) {
    dlclose(handle);
    loaded.functions = LdnsLibrary{};
    loaded.error = Error(ErrorCode::tool_missing,
                         std::string(kLibraryName) + " lacks the function " + missing +
                             " (an ldns older than 1.8?)",
                         {}, kInstallHint);
  }
  // On success the handle stays open for the life of the process: the table points into it.
  return loaded;
}

}  // namespace

Result<const LdnsLibrary*> load_ldns_library() {
  // Loaded once and never changed afterwards; the static's initialisation is thread-safe.
  static const LoadedLibrary loaded = load();
  if (loaded.error) return *loaded.error;
  return &loaded.functions;
}

}  // namespace kmsprep
