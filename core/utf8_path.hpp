// Paths from and to the UTF-8 strings kmsprep carries everywhere (command-line arguments,
// variables, messages), for cli/ and plugin/ wherever a user's string becomes a path. Linux
// (utf8_path_posix.cpp): the bytes as they are, whatever they are. Windows
// (utf8_path_windows.cpp): UTF-8 to and from the UTF-16 of the file system, since
// std::filesystem::path(std::string) reads the ANSI code page there (MinGW) and u8path throws
// on bytes that are not UTF-8.
#pragma once

#include <filesystem>
#include <string>

namespace kmsprep {

// Never throws; on Windows a sequence that is not UTF-8 becomes U+FFFD (such a name cannot
// exist there, so opening it fails as a missing file does).
std::filesystem::path utf8_path(const std::string& text);

// The path's name as UTF-8 (path::string() is the ANSI code page on Windows); on Windows an
// unpaired surrogate in a name becomes U+FFFD.
std::string utf8_string(const std::filesystem::path& path);

}  // namespace kmsprep
