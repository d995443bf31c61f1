#include <string>

#include "core/shared_library.hpp"
#include "image/udfread_library.hpp"

namespace kmsprep {
namespace {

constexpr SharedLibrarySource kLibudfread = {
    "libudfread.so.0", "to read UDF volumes",
    "install libudfread0 (apt-get install libudfread0); only UDF discs (Windows install "
    "media) need it",
    "a libudfread older than Debian 12's?"};

const FunctionTable<UdfreadLibrary>& table() {
  static const FunctionTable<UdfreadLibrary> table(
      kLibudfread,
      [](const SharedLibrary& library, UdfreadLibrary& functions, std::string& missing) {
#define KMSPREP_UDFREAD_RESOLVE(name) resolve_symbol(library, #name, functions.name, missing);
        KMSPREP_UDFREAD_FUNCTIONS(KMSPREP_UDFREAD_RESOLVE)
#undef KMSPREP_UDFREAD_RESOLVE
      });
  return table;
}

}  // namespace

Result<const UdfreadLibrary*> load_udfread_library() { return table().get(); }

const UdfreadLibrary& libudfread() { return table().loaded(); }

}  // namespace kmsprep
