// Windows: libudfread is linked in statically (cmake/WindowsDependencies.cmake), so the table
// holds the linked functions and loading it cannot fail.
#include "image/udfread_library.hpp"

namespace kmsprep {
namespace {

const UdfreadLibrary& table() {
  static const UdfreadLibrary functions = [] {
    UdfreadLibrary linked;
#define KMSPREP_UDFREAD_LINK(name) linked.name = &::name;
    KMSPREP_UDFREAD_FUNCTIONS(KMSPREP_UDFREAD_LINK)
#undef KMSPREP_UDFREAD_LINK
    return linked;
  }();
  return functions;
}

}  // namespace

Result<const UdfreadLibrary*> load_udfread_library() { return &table(); }

const UdfreadLibrary& libudfread() { return table(); }

}  // namespace kmsprep
