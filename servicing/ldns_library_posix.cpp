// Linux: libldns.so.3 through dlopen (core/shared_library).
#include <string>

#include "core/shared_library.hpp"
#include "servicing/ldns_library.hpp"

namespace kmsprep {
namespace {

constexpr SharedLibrarySource kLibldns = {
    "libldns.so.3", "for the DNS look-ups",
    "install libldns3 (apt-get install libldns3); only the DNS checks of validate need it",
    "an ldns older than 1.8?"};

}  // namespace

Result<const LdnsLibrary*> load_ldns_library() {
  static const FunctionTable<LdnsLibrary> table(
      kLibldns, [](const SharedLibrary& library, LdnsLibrary& functions, std::string& missing) {
#define KMSPREP_LDNS_RESOLVE(name) resolve_symbol(library, "ldns_" #name, functions.name, missing);
        KMSPREP_LDNS_FUNCTIONS(KMSPREP_LDNS_RESOLVE)
#undef KMSPREP_LDNS_RESOLVE
      });
  return table.get();
}

}  // namespace kmsprep
