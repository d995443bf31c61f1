// StepRegistry: every step kmsprep can run, built-in first, then the external plugins loaded
// from the named directories, all behind the one C ABI of kmsprep_plugin.h. It owns the loaded
// libraries. Callers: the sequence runner, cli/ (steps, step, sequence).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
#include "core/shared_library.hpp"
#include "plugin/kmsprep_plugin.h"

namespace kmsprep {

struct StepEntry {
  const kmsprep_step* descriptor = nullptr;
  std::string origin;  // "built-in" or the library's path
};

class StepRegistry {
 public:
  StepRegistry();  // the built-in steps
  ~StepRegistry();
  StepRegistry(const StepRegistry&) = delete;
  StepRegistry& operator=(const StepRegistry&) = delete;

  // Loads every *.so (Windows: *.dll) of each directory, in order. A directory or library that is
  // unsafe, cannot be loaded, has the wrong ABI or repeats a step name is left out: the refusal is
  // logged as a warning (stderr) and returned; the rest goes on.
  std::vector<Error> load_directories(const std::vector<std::string>& directories, Logger& logger);
  // Adds one descriptor after checking it (tests, and the built-in table).
  Status add(const kmsprep_step* descriptor, std::string origin);

  const StepEntry* find(std::string_view name) const;  // ignores letter case
  const std::vector<StepEntry>& steps() const { return steps_; }

 private:
  Status load_library(const std::string& path);

  std::vector<StepEntry> steps_;
  std::vector<SharedLibrary> libraries_;
};

// The plugin directories: each --plugin-dir, then each non-empty entry of KMSPREP_PLUGIN_PATH
// (separated by plugin_path_separator(), ':' or ';'; `environment_value` may be null).
std::vector<std::string> plugin_directories(const std::vector<std::string>& plugin_dirs,
                                            const char* environment_value);
// The same with KMSPREP_PLUGIN_PATH read from the process environment: for cli/.
std::vector<std::string> plugin_directories(const std::vector<std::string>& plugin_dirs);

// Checks struct_size, abi_version, the name and the variable table of a descriptor.
Status check_step_descriptor(const kmsprep_step* descriptor, const std::string& origin);

const char* direction_name(int32_t direction);  // "in", "out", "inout"

}  // namespace kmsprep
