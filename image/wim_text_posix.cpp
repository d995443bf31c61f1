// Linux: wimlib_tchar is char, and wimlib's strings are UTF-8 like kmsprep's.
#include "image/wim_text.hpp"

namespace kmsprep {

WimText to_wim_text(const std::string& utf8) { return utf8; }

std::string from_wim_text(const wimlib_tchar* text) { return text ? text : ""; }

std::string from_wim_image_path(const wimlib_tchar* path) { return from_wim_text(path); }

std::string from_wim_file_path(const wimlib_tchar* path) { return from_wim_text(path); }

}  // namespace kmsprep
