// Linux: libhivex.so.0 through dlopen (core/shared_library), its functions checked against
// <hivex.h> at compile time (hivex_header_check.hpp).
#include <string>

#include "core/shared_library.hpp"
#include "registry/hivex_header_check.hpp"
#include "registry/hivex_library.hpp"

namespace kmsprep {
namespace {

constexpr SharedLibrarySource kLibhivex = {
    "libhivex.so.0", "to read registry hives",
    "install libhivex0 (apt-get install libhivex0); the commands that read or edit an image's "
    "registry hives need it",
    "a hivex older than Debian 12's?"};

const FunctionTable<HivexLibrary>& table() {
  static const FunctionTable<HivexLibrary> table(
      kLibhivex, [](const SharedLibrary& library, HivexLibrary& functions, std::string& missing) {
#define KMSPREP_HIVEX_RESOLVE(name, type) \
  resolve_symbol(library, "hivex_" #name, functions.name, missing);
        KMSPREP_HIVEX_FUNCTIONS(KMSPREP_HIVEX_RESOLVE)
#undef KMSPREP_HIVEX_RESOLVE
      });
  return table;
}

}  // namespace

Result<const HivexLibrary*> load_hivex_library() { return table().get(); }

const HivexLibrary& hivex() { return table().loaded(); }

}  // namespace kmsprep
