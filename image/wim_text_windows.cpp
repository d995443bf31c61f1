// Windows: wimlib_tchar is wchar_t, the same as std::filesystem::path's native form there, so
// UTF-8 and UTF-16 convert through core/utf8_path (which never throws on bytes that are not
// UTF-8, as u8path does).
#include <algorithm>
#include <filesystem>

#include "core/utf8_path.hpp"
#include "image/wim_text.hpp"

namespace kmsprep {

WimText to_wim_text(const std::string& utf8) { return utf8_path(utf8).native(); }

std::string from_wim_text(const wimlib_tchar* text) {
  return text ? utf8_string(std::filesystem::path(text)) : std::string();
}

std::string from_wim_image_path(const wimlib_tchar* path) {
  std::string text = from_wim_text(path);
  std::replace(text.begin(), text.end(), '\\', '/');
  return text;
}

std::string from_wim_file_path(const wimlib_tchar* path) {
  if (!path) return {};
  const std::wstring name = path;
  if (name.rfind(LR"(\\?\UNC\)", 0) == 0) return from_wim_text((LR"(\\)" + name.substr(8)).c_str());
  if (name.rfind(LR"(\\?\)", 0) == 0) return from_wim_text(name.c_str() + 4);
  return from_wim_text(path);
}

}  // namespace kmsprep
