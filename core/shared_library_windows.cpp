#include <windows.h>

#include <filesystem>

#include "core/shared_library.hpp"
#include "core/utf8_path.hpp"

namespace kmsprep {
namespace {

std::string last_error_text() {
  char text[512] = {};
  const DWORD code = GetLastError();
  if (!FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code, 0,
                      text, sizeof text, nullptr)) {
    return "Windows error " + std::to_string(code);
  }
  std::string message = text;
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
  return message;
}

}  // namespace

// Only the directory of the named file (when it has one) and System32 are searched: never the
// current directory or PATH, so a library planted there cannot be loaded in its place.
// LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR takes only a fully qualified name, so a relative one
// ("plugins/step.dll") is made absolute first.
void* load_library_file(const std::string& file, std::string& reason) {
  const bool has_directory = file.find_first_of("/\\") != std::string::npos;
  const DWORD search = has_directory
                           ? LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_SYSTEM32
                           : LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_SYSTEM32;
  std::filesystem::path path = utf8_path(file);
  if (has_directory) {
    std::error_code ignored;
    if (auto absolute = std::filesystem::absolute(path, ignored); !absolute.empty())
      path = absolute;
  }
  path.make_preferred();  // LoadLibraryExW wants backslashes
  HMODULE handle = LoadLibraryExW(path.c_str(), nullptr, search);
  if (!handle) reason = last_error_text();
  return reinterpret_cast<void*>(handle);
}

void* find_symbol(const SharedLibrary& library, const char* name) {
  return reinterpret_cast<void*>(GetProcAddress(reinterpret_cast<HMODULE>(library.handle), name));
}

void close_shared_library(SharedLibrary& library) {
  if (library.handle) FreeLibrary(reinterpret_cast<HMODULE>(library.handle));
  library.handle = nullptr;
}

}  // namespace kmsprep
