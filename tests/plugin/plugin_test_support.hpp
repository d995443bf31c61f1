// For plugin and CLI tests: copies step plugins built by CMake (<build>/test-plugins and
// <build>/plugins) into a private directory with safe permissions, loads them, and reads log
// lines.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "plugin/plugin_file.hpp"
#include "plugin/step_registry.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep::test {

// "test-echo" -> <build>/test-plugins/libtest-echo.so (.dll on Windows); "kmsprep-sample-step"
// -> <build>/plugins/.
inline std::filesystem::path built_plugin(const std::string& name) {
  const std::string file = "lib" + name + plugin_library_extension();
  if (name == "kmsprep-sample-step") return build_dir() / "plugins" / file;
  return build_dir() / "test-plugins" / file;
}

// Makes `directory` (mode 0755) holding copies (mode 0755) of the named plugins.
inline std::filesystem::path plugin_directory(const std::filesystem::path& directory,
                                              std::initializer_list<std::string> names) {
  namespace fs = std::filesystem;
  fs::create_directories(directory);
  fs::permissions(directory, fs::perms(0755));
  for (const auto& name : names) {
    const fs::path target = directory / built_plugin(name).filename();
    fs::copy_file(built_plugin(name), target, fs::copy_options::overwrite_existing);
    fs::permissions(target, fs::perms(0755));
  }
  return directory;
}

// What load_directories refused, and what it logged (the warnings on stderr).
struct Loaded {
  std::vector<Error> refusals;
  std::string console;
};

inline Loaded load(StepRegistry& registry, const std::vector<std::string>& directories) {
  std::ostringstream console;
  Logger logger(&console);
  Loaded loaded;
  loaded.refusals = registry.load_directories(directories, logger);
  loaded.console = console.str();
  return loaded;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline bool has_line_containing(const std::string& text, const std::string& part) {
  for (const auto& line : lines_of(text)) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace kmsprep::test
