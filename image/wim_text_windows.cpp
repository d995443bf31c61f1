// Windows: wimlib_tchar is wchar_t; UTF-8 and UTF-16 convert through std::filesystem, whose
// u8path decodes UTF-8 and u8string encodes it (a std::string would be read in the ANSI code
// page).
#include <algorithm>
#include <filesystem>

#include "image/wim_text.hpp"

namespace kmsprep {

WimText to_wim_text(const std::string& utf8) { return std::filesystem::u8path(utf8).native(); }

std::string from_wim_text(const wimlib_tchar* text) {
  return text ? std::filesystem::path(text).u8string() : std::string();
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
