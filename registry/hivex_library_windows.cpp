// Windows: no hivex build exists for Windows yet (the dependency prefix of issue 19 has none),
// so loading it is the same E903 a missing libhivex.so.0 is on Linux, saying what to do.
#include "core/shared_library.hpp"
#include "registry/hivex_library.hpp"

namespace kmsprep {

Result<const HivexLibrary*> load_hivex_library() {
  return Error(ErrorCode::tool_missing,
               "cannot read registry hives: the Windows build of kmsprep has no hivex library "
               "yet",
               {},
               "run the commands that read or edit an image's registry hives with the Linux "
               "build of kmsprep (it loads libhivex0)");
}

// No hive can be opened, so nothing holds a hive_h that would call here.
const HivexLibrary& hivex() { abort_on_unloaded_library("hivex"); }

}  // namespace kmsprep
