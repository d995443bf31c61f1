// The platform's rules for step plugin files (docs/plugin-abi.md, "How the host loads plugins"
// and "Windows"): which entries of a plugin directory are libraries, how KMSPREP_PLUGIN_PATH
// separates directories, and when a directory or library is safe to load. Linux:
// plugin_file_posix.cpp; Windows: plugin_file_windows.cpp. Callers: plugin/step_registry.cpp,
// the tests.
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kmsprep {

// ".so" on Linux, ".dll" on Windows.
const char* plugin_library_extension();

// Whether a directory entry of that name is a plugin library: "*.so" exactly on Linux, "*.dll"
// in any letter case on Windows (whose file names ignore it).
bool is_plugin_library_name(const std::filesystem::path& name);

// ':' on Linux; ';' on Windows, where ':' belongs to a drive letter.
char plugin_path_separator();

// Refuses a path that others could change. Linux: group- or world-writable, or owned by a user
// other than the current one and root. Windows: owned by another account than the current
// user, Administrators, SYSTEM and TrustedInstaller, or whose access control list lets
// Everyone, Authenticated Users, Users, INTERACTIVE, Guests or ANONYMOUS LOGON change it.
// `what` is "directory" or "library" for the message.
Status check_plugin_location(const std::string& path, const char* what);

}  // namespace kmsprep
