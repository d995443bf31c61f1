#include "core/log.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <regex>
#include <sstream>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

// Pins TZ for one test: CMTrace lines are written in local time, so the expected text depends
// on it. Restores the previous zone afterwards.
class ScopedTimeZone {
 public:
  explicit ScopedTimeZone(const char* zone) {
    if (const char* old = std::getenv("TZ")) previous_ = old;
    ::setenv("TZ", zone, 1);
    ::tzset();
  }
  ~ScopedTimeZone() {
    if (previous_) {
      ::setenv("TZ", previous_->c_str(), 1);
    } else {
      ::unsetenv("TZ");
    }
    ::tzset();
  }

 private:
  std::optional<std::string> previous_;
};

std::chrono::system_clock::time_point fixed_time() {
  // 2007-03-01 08:05:09.042 UTC
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(1172736309042LL));
}

TEST(CmtraceLine, HasEveryFieldInCmtraceFormat) {
  ScopedTimeZone utc("UTC0");
  const std::string line =
      format_cmtrace_line(LogLevel::warning, "install-key", "grace ends soon", fixed_time(), 42);
  EXPECT_EQ(line,
            "<![LOG[grace ends soon]LOG]!><time=\"08:05:09.042+000\" date=\"03-01-2007\" "
            "component=\"install-key\" context=\"\" type=\"2\" thread=\"42\" file=\"kmsprep\">");
}

TEST(CmtraceLine, WritesLocalTimeWithWindowsBiasInMinutes) {
  {
    // Central European time in March is UTC+1: Windows' bias is -60 minutes.
    ScopedTimeZone berlin("CET-1CEST,M3.5.0,M10.5.0/3");
    const std::string line = format_cmtrace_line(LogLevel::info, "c", "t", fixed_time(), 1);
    EXPECT_NE(line.find("time=\"09:05:09.042-060\" date=\"03-01-2007\""), std::string::npos)
        << line;
  }
  {
    // US Eastern standard time is UTC-5 (bias +300); 03:00 UTC on 1 March 2007 is 22:00 on
    // 28 February there, so the local date is written too, not the UTC one.
    ScopedTimeZone new_york("EST5EDT,M3.2.0,M11.1.0");
    const auto evening = std::chrono::system_clock::time_point(std::chrono::seconds(1172718000LL));
    const std::string line = format_cmtrace_line(LogLevel::info, "c", "t", evening, 1);
    EXPECT_NE(line.find("time=\"22:00:00.000+300\" date=\"02-28-2007\""), std::string::npos)
        << line;
  }
  {
    // India is UTC+5:30, a bias that is not whole hours.
    ScopedTimeZone kolkata("IST-5:30");
    const std::string line = format_cmtrace_line(LogLevel::info, "c", "t", fixed_time(), 1);
    EXPECT_NE(line.find("time=\"13:35:09.042-330\""), std::string::npos) << line;
  }
}

TEST(CmtraceLine, BiasTextHasSignAndThreeDigits) {
  EXPECT_EQ(cmtrace_bias_text(0), "+000");
  EXPECT_EQ(cmtrace_bias_text(3600), "-060");
  EXPECT_EQ(cmtrace_bias_text(-8 * 3600), "+480");
  EXPECT_EQ(cmtrace_bias_text(13 * 3600), "-780");
}

TEST(CmtraceLine, KeepsMessageOnOneLineAndInsideItsBracket) {
  const std::string line =
      format_cmtrace_line(LogLevel::info, "x", "a\nb]LOG]!>c", fixed_time(), 1);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find("]LOG]!>"), line.rfind("]LOG]!>"));
}

TEST(Logger, MasksKeysOnConsoleAndInFile) {
  ScopedTimeZone utc("UTC0");
  test::TempDir dir;
  std::ostringstream console;
  Logger logger(&console, fixed_time);
  ASSERT_TRUE(logger.open_cmtrace_file((dir / "kmsprep.log").string()));
  logger.warning("install-key", "installing VKK3X-68KWM-X2YGT-QR4M6-4BWMV");
  const std::string file = test::read_bytes(dir / "kmsprep.log");
  EXPECT_EQ(console.str().find("VKK3X"), std::string::npos);
  EXPECT_EQ(file.find("VKK3X"), std::string::npos);
  EXPECT_NE(file.find("*****-*****-*****-*****-4BWMV"), std::string::npos);
  const std::regex cmtrace(
      R"(<!\[LOG\[.*\]LOG\]!><time="\d\d:\d\d:\d\d\.\d\d\d\+000" date="\d\d-\d\d-\d{4}" )"
      R"(component="install-key" context="" type="2" thread="\d+" file="kmsprep">\n)");
  EXPECT_TRUE(std::regex_match(file, cmtrace)) << file;
}

TEST(Logger, InfoReachesConsoleOnlyWhenVerbose) {
  std::ostringstream console;
  Logger logger(&console);
  logger.info("x", "quiet");
  EXPECT_TRUE(console.str().empty());
  logger.set_verbose(true);
  logger.info("x", "loud");
  EXPECT_EQ(console.str(), "kmsprep: info: loud\n");
}

TEST(Logger, LogFileInMissingDirectoryIsBadInput) {
  Logger logger;
  auto opened = logger.open_cmtrace_file("/nonexistent-dir/kmsprep.log");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), ErrorCode::file_not_found);
  EXPECT_NE(opened.error().to_string().find("/nonexistent-dir/kmsprep.log"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
