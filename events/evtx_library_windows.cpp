// Windows: no libevtx build exists for Windows yet (the dependency prefix of issue 19 has none),
// so loading it is the same E903 a missing libevtx.so.1 is on Linux, saying what to do.
#include "core/shared_library.hpp"
#include "events/evtx_library.hpp"

namespace kmsprep {

Result<const EvtxLibrary*> load_evtx_library() {
  return Error(ErrorCode::tool_missing,
               "cannot read .evtx event logs: the Windows build of kmsprep has no libevtx "
               "library yet",
               {},
               "read .evtx exports with the Linux build of kmsprep (it loads libevtx1), or "
               "export the log as wevtutil XML or CSV, which this build reads");
}

// No .evtx file can be opened, so nothing holds a libevtx object that would call here.
const EvtxLibrary& libevtx() { abort_on_unloaded_library("libevtx"); }

}  // namespace kmsprep
