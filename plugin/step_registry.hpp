// StepRegistry: every step kmsprep can run, built-in first, then the external plugins loaded
// from the named directories, all behind the one C ABI of kmsprep_plugin.h. It owns the loaded
// libraries. Callers: the sequence runner, cli/ (steps, step, sequence).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
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

  // Loads every *.so of each directory, in order. A directory or library that is unsafe,
  // cannot be loaded, has the wrong ABI or repeats a step name is left out: the refusal is
  // logged as a warning (stderr) and returned; the rest goes on.
  std::vector<Error> load_directories(const std::vector<std::string>& directories, Logger& logger);
  // Adds one descriptor after checking it (tests, and the built-in table).
  Status add(const kmsprep_step* descriptor, std::string origin);

  const StepEntry* find(std::string_view name) const;  // ignores letter case
  const std::vector<StepEntry>& steps() const { return steps_; }

 private:
  Status load_library(const std::string& path);

  std::vector<StepEntry> steps_;
  std::vector<void*> libraries_;
};

// The plugin directories: each --plugin-dir, then each non-empty entry of KMSPREP_PLUGIN_PATH
// (colon-separated; `environment_value` may be null).
std::vector<std::string> plugin_directories(const std::vector<std::string>& plugin_dirs,
                                            const char* environment_value);

// Refuses a path that is group- or world-writable or owned by a user other than the current one
// and root; `what` is "directory" or "library" for the message.
Status check_plugin_location(const std::string& path, const char* what);

// Checks struct_size, abi_version, the name and the variable table of a descriptor.
Status check_step_descriptor(const kmsprep_step* descriptor, const std::string& origin);

const char* direction_name(int32_t direction);  // "in", "out", "inout"

}  // namespace kmsprep
