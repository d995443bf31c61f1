// What loading libraries does the same on every platform; opening, finding and closing are
// shared_library_posix.cpp (dlopen) and shared_library_windows.cpp (LoadLibraryExW).
#include "core/shared_library.hpp"

#include <cstdio>
#include <cstdlib>

namespace kmsprep {

Error missing_symbol_error(SharedLibrary& library, const std::string& name,
                           const std::string& why) {
  close_shared_library(library);
  return Error(ErrorCode::tool_missing,
               library.file + " lacks the function " + name + " (" + why + ")", {},
               library.install_hint);
}

void abort_on_unloaded_library(const char* file) {
  std::fprintf(stderr, "kmsprep: internal error: %s used before it was loaded\n", file);
  std::abort();
}

}  // namespace kmsprep
