// Windows: libevtx is linked in statically (scripts/build-windows-deps builds it into the
// prefix; cmake/WindowsDependencies.cmake links it), so the table holds the linked functions
// and loading it cannot fail. The types are checked against <libevtx.h> as on Linux.
#include <libevtx.h>

#include <type_traits>

#include "events/evtx_library.hpp"

namespace kmsprep {
namespace {

#define KMSPREP_EVTX_CHECK(name, type)                                                 \
  static_assert(std::is_same_v<std::add_pointer_t<type>, decltype(&::libevtx_##name)>, \
                "evtx_library.hpp's libevtx_" #name " differs from <libevtx.h>'s");
KMSPREP_EVTX_FUNCTIONS(KMSPREP_EVTX_CHECK)
#undef KMSPREP_EVTX_CHECK
static_assert(kEvtxOpenRead == LIBEVTX_OPEN_READ);

const EvtxLibrary& table() {
  static const EvtxLibrary functions = [] {
    EvtxLibrary linked;
#define KMSPREP_EVTX_LINK(name, type) linked.name = &::libevtx_##name;
    KMSPREP_EVTX_FUNCTIONS(KMSPREP_EVTX_LINK)
#undef KMSPREP_EVTX_LINK
    return linked;
  }();
  return functions;
}

}  // namespace

Result<const EvtxLibrary*> load_evtx_library() { return &table(); }

const EvtxLibrary& libevtx() { return table(); }

}  // namespace kmsprep
