#include <dlfcn.h>

#include "core/shared_library.hpp"

namespace kmsprep {

void* load_library_file(const std::string& file, std::string& reason) {
  void* handle = dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* text = dlerror();
    reason = text ? text : "unknown reason";
  }
  return handle;
}

void* find_symbol(const SharedLibrary& library, const char* name) {
  return dlsym(library.handle, name);
}

void close_shared_library(SharedLibrary& library) {
  if (library.handle) dlclose(library.handle);
  library.handle = nullptr;
}

}  // namespace kmsprep
