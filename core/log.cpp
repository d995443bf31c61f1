#include "core/log.hpp"

#include <cerrno>
#include <ctime>

#include "core/file_system.hpp"
#include "core/local_time.hpp"
#include "core/product_key.hpp"
#include "core/strings.hpp"
#include "core/utf8_path.hpp"

namespace kmsprep {
namespace {

// A message must stay on one CMTrace line and must not close the LOG[...] bracket early.
std::string sanitize_for_cmtrace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  for (size_t pos = 0; (pos = out.find("]LOG]!>", pos)) != std::string::npos;) {
    out.replace(pos, 7, "] LOG]!>");
    pos += 8;
  }
  return out;
}

std::string sanitize_attribute(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || c == '<' || c == '>' || c == '\n' || c == '\r') continue;
    out += c;
  }
  return out;
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

}  // namespace

std::string cmtrace_bias_text(long utc_offset_seconds) {
  // Windows' bias is UTC minus local time in minutes, so it has the opposite sign of the UTC
  // offset: CET (UTC+1) is "-060", US Eastern standard time (UTC-5) is "+300".
  const long bias_minutes = -utc_offset_seconds / 60;
  char text[24];
  std::snprintf(text, sizeof text, "%c%03ld", bias_minutes < 0 ? '-' : '+',
                bias_minutes < 0 ? -bias_minutes : bias_minutes);
  return text;
}

std::string format_cmtrace_line(LogLevel level, std::string_view component, std::string_view text,
                                std::chrono::system_clock::time_point when, long thread) {
  const auto since_epoch = when.time_since_epoch();
  const std::time_t seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch).count();
  const long milliseconds = static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000);
  const LocalTime moment = local_time_of(seconds);
  const std::tm& local = moment.calendar;
  char time_text[40];
  char date_text[32];
  std::snprintf(time_text, sizeof time_text, "%02d:%02d:%02d.%03ld%s", local.tm_hour, local.tm_min,
                local.tm_sec, milliseconds, cmtrace_bias_text(moment.utc_offset_seconds).c_str());
  std::snprintf(date_text, sizeof date_text, "%02d-%02d-%04d", local.tm_mon + 1, local.tm_mday,
                local.tm_year + 1900);
  return "<![LOG[" + sanitize_for_cmtrace(text) + "]LOG]!><time=\"" + time_text + "\" date=\"" +
         date_text + "\" component=\"" + sanitize_attribute(component) + "\" context=\"\" type=\"" +
         std::to_string(static_cast<int>(level)) + "\" thread=\"" + std::to_string(thread) +
         "\" file=\"kmsprep\">";
}

Logger::Logger(std::ostream* console, Clock clock) : console_(console), clock_(std::move(clock)) {
  if (!clock_) clock_ = [] { return std::chrono::system_clock::now(); };
}

Logger::~Logger() {
  if (file_) std::fclose(file_);
}

Status Logger::open_cmtrace_file(const std::string& path) {
  // Through core/file_system, not fopen: the path is UTF-8 (Windows' fopen reads the ANSI code
  // page), the descriptor is not inherited, and "b" keeps Windows' C runtime from writing CRLF.
  const int fd = open_file(utf8_path(path), kOpenWrite | kOpenCreate | kOpenAppend, 0666);
  std::FILE* file = fd < 0 ? nullptr : fdopen(fd, "ab");
  if (!file) {
    const int error = errno;
    if (fd >= 0) close_file(fd);
    return Error::io("cannot open the log file", path, error)
        .with_hint("choose a writable --log path");
  }
  if (file_) std::fclose(file_);
  file_ = file;
  return ok_status();
}

void Logger::log(LogLevel level, std::string_view component, std::string_view text) {
  // Messages carry names from images, ts.xml and topologies: no control character reaches the
  // terminal or the log file.
  const std::string masked = escape_for_display(mask_product_keys(text));
  if (console_ && static_cast<int>(level) >= static_cast<int>(console_threshold_)) {
    *console_ << "kmsprep: " << level_name(level) << ": " << masked << '\n';
    console_->flush();
  }
  write_file_line(level, component, masked);
}

void Logger::log_to_file(LogLevel level, std::string_view component, std::string_view text) {
  write_file_line(level, component, mask_product_keys(text));
}

void Logger::write_file_line(LogLevel level, std::string_view component, std::string_view masked) {
  if (!file_) return;
  const std::string line =
      format_cmtrace_line(level, component, masked, clock_(), static_cast<long>(process_id()));
  std::fprintf(file_, "%s\n", line.c_str());
  std::fflush(file_);
}

}  // namespace kmsprep
