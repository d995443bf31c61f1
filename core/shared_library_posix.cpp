#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "core/shared_library.hpp"

namespace kmsprep {

Result<SharedLibrary> open_shared_library(const std::string& file, const std::string& purpose,
                                          const std::string& install_hint) {
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* reason = dlerror();
    return Error(
        ErrorCode::tool_missing,
        "cannot load " + file + " " + purpose + ": " + (reason ? reason : "unknown reason"), {},
        install_hint);
  }
  return SharedLibrary{handle, file, install_hint};
}

void* find_symbol(const SharedLibrary& library, const char* name) {
  return dlsym(library.handle, name);
}

Error missing_symbol_error(SharedLibrary& library, const std::string& name,
                           const std::string& why) {
  dlclose(library.handle);
  library.handle = nullptr;
  return Error(ErrorCode::tool_missing,
               library.file + " lacks the function " + name + " (" + why + ")", {},
               library.install_hint);
}

void abort_on_unloaded_library(const char* file) {
  std::fprintf(stderr, "kmsprep: internal error: %s used before it was loaded\n", file);
  std::abort();
}

}  // namespace kmsprep
