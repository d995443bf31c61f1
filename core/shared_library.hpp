// Opening a system library on first use (dlopen) and resolving its functions by name, for the
// libraries kmsprep loads only when a command needs them (libarchive, libudfread, ldns: see
// docs/architecture.md). Each caller keeps its own typed function table; this is the shared
// mechanics and the one wording of "library missing" errors (exit 4, naming the package).
#pragma once

#include <string>

#include "core/result.hpp"

namespace kmsprep {

struct SharedLibrary {
  void* handle = nullptr;
  std::string file;          // "libarchive.so.13"
  std::string install_hint;  // "install libarchive13 (apt-get install libarchive13); ..."
};

// dlopen(file, RTLD_NOW | RTLD_LOCAL): the library's symbols (and its dependencies') stay out
// of the global scope. `purpose` completes "cannot load FILE PURPOSE". The handle stays open
// for the life of the process, since function tables point into it.
Result<SharedLibrary> open_shared_library(const std::string& file, const std::string& purpose,
                                          const std::string& install_hint);

void* find_symbol(const SharedLibrary& library, const char* name);

// Stores `name`'s address in `slot`; the first name that is missing goes to `first_missing`.
template <typename Function>
void resolve_symbol(const SharedLibrary& library, const char* name, Function& slot,
                    std::string& first_missing) {
  slot = reinterpret_cast<Function>(find_symbol(library, name));
  if (!slot && first_missing.empty()) first_missing = name;
}

// Closes the library and returns the error for a function it lacks; `why` guesses the cause
// ("a libarchive older than Debian 12's?").
Error missing_symbol_error(SharedLibrary& library, const std::string& name, const std::string& why);

}  // namespace kmsprep
