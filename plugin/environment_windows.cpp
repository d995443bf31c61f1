#include <windows.h>

#include "core/text_decoding.hpp"
#include "core/utf8_path.hpp"
#include "plugin/environment.hpp"

namespace kmsprep {

// Names and values are UTF-16 in Windows' environment block (an unpaired surrogate in a value
// becomes U+FFFD).
std::optional<std::string> environment_variable(const std::string& name) {
  const std::wstring wide_name = utf8_path(name).wstring();
  std::wstring value(256, L'\0');
  for (;;) {
    SetLastError(ERROR_SUCCESS);
    const DWORD length =
        GetEnvironmentVariableW(wide_name.c_str(), value.data(), static_cast<DWORD>(value.size()));
    if (length == 0) {
      if (GetLastError() == ERROR_ENVVAR_NOT_FOUND) return std::nullopt;
      return std::string();  // set and empty
    }
    if (length < value.size()) {
      value.resize(length);
      break;
    }
    value.resize(length);  // the size needed, terminator included
  }
  return utf16_units_to_utf8(std::u16string(value.begin(), value.end()));
}

}  // namespace kmsprep
