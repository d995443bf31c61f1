// Opening a system library on first use (dlopen) and resolving its functions by name, for the
// libraries kmsprep loads only when a command needs them (libarchive, libudfread, ldns, hivex,
// libevtx: see docs/architecture.md). Each owner keeps its own typed function table and fills
// it through FunctionTable below; this is the shared mechanics and the one wording of "library
// missing" errors (exit 4, naming the package).
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"

namespace kmsprep {

struct SharedLibrary {
  void* handle = nullptr;
  std::string file;          // "libarchive.so.13"
  std::string install_hint;  // "install libarchive13 (apt-get install libarchive13); ..."
};

// dlopen(file, RTLD_NOW | RTLD_LOCAL) on Linux: the library's symbols (and its dependencies')
// stay out of the global scope. LoadLibraryExW on Windows, searching only the named directory
// (or the program's) and System32 (shared_library_windows.cpp). `purpose` completes "cannot
// load FILE PURPOSE". The handle stays open for the life of the process, since function tables
// point into it.
Result<SharedLibrary> open_shared_library(const std::string& file, const std::string& purpose,
                                          const std::string& install_hint);

// The platform's part of open_shared_library: the handle, or null with `reason` set to the
// system's own words (dlerror, FormatMessage). The step plugin loader calls it directly, since
// it words its own error (E802 at the plugin's path) instead of "cannot load FILE PURPOSE".
void* load_library_file(const std::string& file, std::string& reason);

void* find_symbol(const SharedLibrary& library, const char* name);

// Closes the library (dlclose, FreeLibrary); its handle becomes null.
void close_shared_library(SharedLibrary& library);

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

// What a function table is loaded from, and what its errors say.
struct SharedLibrarySource {
  const char* file;          // "libarchive.so.13"
  const char* purpose;       // completes "cannot load FILE ...": "to read archives"
  const char* install_hint;  // names the Debian package and who needs it
  const char* too_old;       // the guess when a function is missing: "an ldns older than 1.8?"
};

// Ends the process for a table used before it loaded: a kmsprep bug, never an input's fault.
[[noreturn]] void abort_on_unloaded_library(const char* file);

// A table of the functions one library provides (a struct of pointers, `Functions`), loaded
// once. `resolve(library, functions, first_missing)` fills every pointer with resolve_symbol;
// a missing library or function leaves the table empty and keeps the tool_missing error.
// Owners hold it as a function-local static, so it loads on first use, thread-safely, and never
// changes afterwards.
template <typename Functions>
class FunctionTable {
 public:
  template <typename Resolve>
  FunctionTable(const SharedLibrarySource& source, Resolve resolve) : file_(source.file) {
    auto library = open_shared_library(source.file, source.purpose, source.install_hint);
    if (!library) {
      error_ = library.error();
      return;
    }
    std::string first_missing;
    resolve(*library, functions_, first_missing);
    if (!first_missing.empty()) {
      functions_ = Functions{};
      error_ = missing_symbol_error(*library, first_missing, source.too_old);
    }
  }

  // The table, or the error (exit 4) that loading it gave.
  Result<const Functions*> get() const {
    if (error_) return *error_;
    return &functions_;
  }

  // For code that already holds an object of the library, which exists only once get()
  // succeeded; aborts otherwise.
  const Functions& loaded() const {
    if (error_) abort_on_unloaded_library(file_);
    return functions_;
  }

 private:
  const char* file_;
  Functions functions_{};
  std::optional<Error> error_;
};

}  // namespace kmsprep
