// Paths from and to the UTF-8 strings kmsprep carries everywhere (command-line arguments,
// variables, messages). For cli/ and plugin/, wherever a user's string becomes a path.
// std::filesystem::path(std::string) reads the bytes in the ANSI code page on Windows (MinGW),
// u8path decodes UTF-8 there; on Linux both keep the bytes as they are, so one spelling serves.
#pragma once

#include <filesystem>
#include <string>

namespace kmsprep {

inline std::filesystem::path utf8_path(const std::string& text) {
  return std::filesystem::u8path(text);
}

// The path's name as UTF-8 (path::string() is the ANSI code page on Windows).
inline std::string utf8_string(const std::filesystem::path& path) { return path.u8string(); }

}  // namespace kmsprep
