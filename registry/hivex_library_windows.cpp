// Windows: hivex is linked in statically (scripts/build-windows-deps builds it into the
// prefix; cmake/WindowsDependencies.cmake links it), so the table holds the linked functions
// and loading it cannot fail. hivex_header_check.hpp proves the table's types are hivex's.
#include "registry/hivex_header_check.hpp"
#include "registry/hivex_library.hpp"

namespace kmsprep {
namespace {

const HivexLibrary& table() {
  static const HivexLibrary functions = [] {
    HivexLibrary linked;
    // The table's pointer types name kmsprep's copies of hivex's types, which the header check
    // shows are laid out as <hivex.h>'s: the same conversion dlsym's result gets on Linux.
#define KMSPREP_HIVEX_LINK(name, type) \
  linked.name = reinterpret_cast<decltype(linked.name)>(&::hivex_##name);
    KMSPREP_HIVEX_FUNCTIONS(KMSPREP_HIVEX_LINK)
#undef KMSPREP_HIVEX_LINK
    return linked;
  }();
  return functions;
}

}  // namespace

Result<const HivexLibrary*> load_hivex_library() { return &table(); }

const HivexLibrary& hivex() { return table(); }

}  // namespace kmsprep
