#include <cstdint>

#include "core/text_decoding.hpp"
#include "core/utf8_path.hpp"

namespace kmsprep {

std::filesystem::path utf8_path(const std::string& text) {
  const std::string units = utf8_to_utf16(text, true);
  std::wstring wide(units.size() / 2, L'\0');
  for (size_t i = 0; i < wide.size(); ++i) {
    wide[i] = static_cast<wchar_t>(static_cast<uint8_t>(units[2 * i]) |
                                   static_cast<uint8_t>(units[2 * i + 1]) << 8);
  }
  return std::filesystem::path(wide);
}

std::string utf8_string(const std::filesystem::path& path) {
  const std::wstring& wide = path.native();
  return utf16_units_to_utf8(std::u16string(wide.begin(), wide.end()));
}

}  // namespace kmsprep
