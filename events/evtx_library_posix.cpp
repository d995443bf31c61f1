// Linux: libevtx.so.1 through dlopen (core/shared_library), its functions checked against
// <libevtx.h> at compile time.
#include <libevtx.h>

#include <string>
#include <type_traits>

#include "core/shared_library.hpp"
#include "events/evtx_library.hpp"

namespace kmsprep {
namespace {

#define KMSPREP_EVTX_CHECK(name, type)                                                 \
  static_assert(std::is_same_v<std::add_pointer_t<type>, decltype(&::libevtx_##name)>, \
                "evtx_library.hpp's libevtx_" #name " differs from <libevtx.h>'s");
KMSPREP_EVTX_FUNCTIONS(KMSPREP_EVTX_CHECK)
#undef KMSPREP_EVTX_CHECK
static_assert(kEvtxOpenRead == LIBEVTX_OPEN_READ);

constexpr SharedLibrarySource kLibevtx = {
    "libevtx.so.1", "to read .evtx event logs",
    "install libevtx1 (apt-get install libevtx1); only .evtx exports need it (wevtutil XML "
    "and CSV exports do not)",
    "a libevtx older than Debian 12's?"};

const FunctionTable<EvtxLibrary>& table() {
  static const FunctionTable<EvtxLibrary> table(
      kLibevtx, [](const SharedLibrary& library, EvtxLibrary& functions, std::string& missing) {
#define KMSPREP_EVTX_RESOLVE(name, type) \
  resolve_symbol(library, "libevtx_" #name, functions.name, missing);
        KMSPREP_EVTX_FUNCTIONS(KMSPREP_EVTX_RESOLVE)
#undef KMSPREP_EVTX_RESOLVE
      });
  return table;
}

}  // namespace

Result<const EvtxLibrary*> load_evtx_library() { return table().get(); }

const EvtxLibrary& libevtx() { return table().loaded(); }

}  // namespace kmsprep
