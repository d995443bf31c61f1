#include <dlfcn.h>

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

void close_shared_library(SharedLibrary& library) {
  if (library.handle) dlclose(library.handle);
  library.handle = nullptr;
}

}  // namespace kmsprep
