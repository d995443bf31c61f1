// What loading libraries does the same on every platform; loading, finding and closing are
// shared_library_posix.cpp (dlopen) and shared_library_windows.cpp (LoadLibraryExW).
#include "core/shared_library.hpp"

#include <cstdio>
#include <cstdlib>

namespace kmsprep {

Result<SharedLibrary> open_shared_library(const std::string& file, const std::string& purpose,
                                          const std::string& install_hint) {
  std::string reason;
  void* handle = load_library_file(file, reason);
  if (!handle) {
    return Error(ErrorCode::tool_missing, "cannot load " + file + " " + purpose + ": " + reason, {},
                 install_hint);
  }
  return SharedLibrary{handle, file, install_hint};
}

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
