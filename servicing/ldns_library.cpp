#include "servicing/ldns_library.hpp"

#include <optional>
#include <string>

#include "core/shared_library.hpp"

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
  auto library = open_shared_library(kLibraryName, "for the DNS look-ups", kInstallHint);
  if (!library) {
    loaded.error = library.error();
    return loaded;
  }
  std::string missing;
#define KMSPREP_LDNS_RESOLVE(name) \
  resolve_symbol(*library, "ldns_" #name, loaded.functions.name, missing);
  KMSPREP_LDNS_FUNCTIONS(KMSPREP_LDNS_RESOLVE)
#undef KMSPREP_LDNS_RESOLVE
  if (!missing.empty()) {
    loaded.functions = LdnsLibrary{};
    loaded.error = missing_symbol_error(*library, missing, "an ldns older than 1.8?");
  }
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
