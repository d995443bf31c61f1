// One variable of the process environment, as UTF-8: getenv on Linux (environment_posix.cpp),
// GetEnvironmentVariableW on Windows (environment_windows.cpp), whose narrow getenv would give
// the ANSI code page. Callers: plugin/variables.cpp (task-sequence variables),
// plugin/step_registry.cpp (KMSPREP_PLUGIN_PATH).
#pragma once

#include <optional>
#include <string>

namespace kmsprep {

// The value (possibly empty), or nullopt when the variable is not set.
std::optional<std::string> environment_variable(const std::string& name);

}  // namespace kmsprep
