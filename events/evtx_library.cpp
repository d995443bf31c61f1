#include "events/evtx_library.hpp"

#include <string>

#include "core/shared_library.hpp"

namespace kmsprep {
namespace {

constexpr SharedLibrarySource kLibevtx = {
    "libevtx.so.1", "to read .evtx event logs",
    "install libevtx1 (apt-get install libevtx1); only .evtx exports need it (wevtutil XML "
    "and CSV exports do not)",
    "a libevtx older than Debian 12's?"};

const FunctionTable<EvtxLibrary>& table() {
  static const FunctionTable<EvtxLibrary> table(
      kLibevtx, [](const SharedLibrary& library, EvtxLibrary& functions, std::string& missing) {
#define KMSPREP_EVTX_RESOLVE(name) \
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
