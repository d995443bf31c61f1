#include "plugin/step_log.hpp"

#include <filesystem>

#include "core/utf8_path.hpp"

namespace kmsprep {

namespace {

// The task sequence's log directory. ConfigMgr and MDT always set it to an existing directory;
// anything else (a stale value, a file) is not a place to invent a log file in.
std::optional<std::string> task_sequence_log_directory(const Variables& variables) {
  std::error_code ignored;
  auto directory = variables.get("_SMSTSLogPath");
  if (!directory || directory->empty() ||
      !std::filesystem::is_directory(utf8_path(*directory), ignored)) {
    return std::nullopt;
  }
  return directory;
}

}  // namespace

std::optional<std::string> step_log_path(const Variables& variables) {
  namespace fs = std::filesystem;
  std::error_code ignored;
  if (auto path = variables.get("LogPath"); path && !path->empty()) {
    if (fs::is_directory(utf8_path(*path), ignored))
      return utf8_string(utf8_path(*path) / "kmsprep.log");
    return *path;
  }
  if (auto directory = task_sequence_log_directory(variables)) {
    return utf8_string(utf8_path(*directory) / "kmsprep.log");
  }
  return std::nullopt;
}

Status open_step_log(Logger& logger, const Variables& variables) {
  if (logger.has_cmtrace_file()) return ok_status();
  const auto path = step_log_path(variables);
  if (!path) {
    if (auto directory = variables.get("_SMSTSLogPath"); directory && !directory->empty()) {
      logger.warning("log", "_SMSTSLogPath=" + *directory +
                                " is not a directory; no CMTrace log (give --log FILE)");
    }
    return ok_status();
  }
  return logger.open_cmtrace_file(*path);
}

}  // namespace kmsprep
