#include "core/log.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

std::chrono::system_clock::time_point fixed_time() {
  // 2007-03-01 08:05:09.042 UTC
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(1172736309042LL));
}

TEST(CmtraceLine, HasEveryFieldInCmtraceFormat) {
  const std::string line =
      format_cmtrace_line(LogLevel::warning, "install-key", "grace ends soon", fixed_time(), 42);
  EXPECT_EQ(line,
            "<![LOG[grace ends soon]LOG]!><time=\"08:05:09.042+000\" date=\"03-01-2007\" "
            "component=\"install-key\" context=\"\" type=\"2\" thread=\"42\" file=\"kmsprep\">");
}

TEST(CmtraceLine, KeepsMessageOnOneLineAndInsideItsBracket) {
  const std::string line =
      format_cmtrace_line(LogLevel::info, "x", "a\nb]LOG]!>c", fixed_time(), 1);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find("]LOG]!>"), line.rfind("]LOG]!>"));
}

TEST(Logger, MasksKeysOnConsoleAndInFile) {
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
