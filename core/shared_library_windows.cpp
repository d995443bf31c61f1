#include <windows.h>

#include <filesystem>

#include "core/shared_library.hpp"

namespace kmsprep {
namespace {

// UTF-8 to UTF-16: std::filesystem's u8path decodes it (a plain path from a std::string would
// take the bytes as the ANSI code page).
std::wstring wide(const std::string& utf8) { return std::filesystem::u8path(utf8).wstring(); }

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
Result<SharedLibrary> open_shared_library(const std::string& file, const std::string& purpose,
                                          const std::string& install_hint) {
  const bool has_directory = file.find_first_of("/\\") != std::string::npos;
  const DWORD search = has_directory
                           ? LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_SYSTEM32
                           : LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_SYSTEM32;
  HMODULE handle = LoadLibraryExW(wide(file).c_str(), nullptr, search);
  if (!handle) {
    return Error(ErrorCode::tool_missing,
                 "cannot load " + file + " " + purpose + ": " + last_error_text(), {},
                 install_hint);
  }
  return SharedLibrary{reinterpret_cast<void*>(handle), file, install_hint};
}

void* find_symbol(const SharedLibrary& library, const char* name) {
  return reinterpret_cast<void*>(GetProcAddress(reinterpret_cast<HMODULE>(library.handle), name));
}

void close_shared_library(SharedLibrary& library) {
  if (library.handle) FreeLibrary(reinterpret_cast<HMODULE>(library.handle));
  library.handle = nullptr;
}

}  // namespace kmsprep
