#include "plugin/step_log.hpp"

#include <filesystem>

namespace kmsprep {

std::optional<std::string> step_log_path(const Variables& variables) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  if (auto path = variables.get("LogPath"); path && !path->empty()) {
    if (fs::is_directory(*path, ignored)) return (fs::path(*path) / "kmsprep.log").string();
    return *path;
  }
  if (auto directory = variables.get("_SMSTSLogPath"); directory && !directory->empty()) {
    return (fs::path(*directory) / "kmsprep.log").string();
  }
  return std::nullopt;
}

Status open_step_log(Logger& logger, const Variables& variables) {
  if (logger.has_cmtrace_file()) return ok_status();
  const auto path = step_log_path(variables);
  if (!path) return ok_status();
  return logger.open_cmtrace_file(*path);
}

}  // namespace kmsprep
