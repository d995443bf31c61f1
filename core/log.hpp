// Logger: messages to the console (stderr) and, when asked, to a CMTrace-format log file that
// task sequencers and CMTrace read. Every line passes through mask_product_keys first, so a
// full product key can reach neither sink. One Logger per run, passed down; no global logger.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

enum class LogLevel { info = 1, warning = 2, error = 3 };  // CMTrace's type values

class Logger {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // `console` receives "kmsprep: warning: ..." lines; nullptr silences the console.
  explicit Logger(std::ostream* console = nullptr, Clock clock = {});
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  // Appends CMTrace lines to `path` from now on (the file is created if absent).
  Status open_cmtrace_file(const std::string& path);
  bool has_cmtrace_file() const { return file_ != nullptr; }
  // Lines below the threshold stay off the console (they still reach the CMTrace file). The
  // default shows warnings and errors; verbose shows info too; --json shows errors only,
  // because its warnings travel inside the JSON document.
  void set_console_threshold(LogLevel threshold) { console_threshold_ = threshold; }
  void set_verbose(bool verbose) {
    console_threshold_ = verbose ? LogLevel::info : LogLevel::warning;
  }

  void log(LogLevel level, std::string_view component, std::string_view text);
  // Only to the CMTrace file (no-op without one): for lines the console already shows in
  // another form, such as validate's per-check results beside its report on stdout.
  void log_to_file(LogLevel level, std::string_view component, std::string_view text);
  void info(std::string_view component, std::string_view text) {
    log(LogLevel::info, component, text);
  }
  void warning(std::string_view component, std::string_view text) {
    log(LogLevel::warning, component, text);
  }
  void error(std::string_view component, std::string_view text) {
    log(LogLevel::error, component, text);
  }

 private:
  void write_file_line(LogLevel level, std::string_view component, std::string_view masked);

  std::ostream* console_;
  Clock clock_;
  std::FILE* file_ = nullptr;
  LogLevel console_threshold_ = LogLevel::warning;
};

// One CMTrace line (without the trailing newline):
// <![LOG[text]LOG]!><time="HH:MM:SS.mmm+BBB" date="MM-DD-YYYY" component="C" context=""
// type="1" thread="PID" file="kmsprep">. Time and date are local time (TZ), followed by the
// Windows time-zone bias in minutes as ConfigMgr writes it: "+000" in UTC, "-060" in CET,
// "+300" in US Eastern standard time.
std::string cmtrace_bias_text(long utc_offset_seconds);
std::string format_cmtrace_line(LogLevel level, std::string_view component, std::string_view text,
                                std::chrono::system_clock::time_point when, long thread);

}  // namespace kmsprep
