// The strings wimlib takes and gives: wimlib_tchar is char (UTF-8) on Linux and wchar_t (UTF-16)
// on Windows, where every path and name handed to wimlib must be converted. kmsprep keeps UTF-8
// everywhere and converts here, at each wimlib call (wim_text_posix.cpp passes the bytes through,
// wim_text_windows.cpp converts). Only image/wim_*.cpp include this header.
#pragma once

#include <wimlib.h>

#include <string>

namespace kmsprep {

using WimText = std::basic_string<wimlib_tchar>;

WimText to_wim_text(const std::string& utf8);
std::string from_wim_text(const wimlib_tchar* text);  // "" for null

// A path inside the image as wimlib reports it (wimlib_dir_entry::full_path), with '/' between
// components: on Windows wimlib separates them with backslashes.
std::string from_wim_image_path(const wimlib_tchar* path);

// A path of the file system as a progress message reports it, as kmsprep names it: on Windows
// wimlib reports \\?\C:\... (its NT paths made Win32), which becomes C:\....
std::string from_wim_file_path(const wimlib_tchar* path);

}  // namespace kmsprep
