// validate --log: one CMTrace line per check, typed so CMTrace and OneTrace colour failures,
// then the verdict. Read back from the real log file the Logger writes.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "servicing/validate_report.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

struct LoggedLine {
  std::string text;
  int type = 0;
};

std::vector<LoggedLine> cmtrace_lines(const std::string& file) {
  static const std::regex line_pattern(
      R"re(^<!\[LOG\[(.*)\]LOG\]!><time="[^"]+" date="[^"]+" component="validate" context="" )re"
      R"re(type="([123])" thread="\d+" file="kmsprep">$)re");
  std::vector<LoggedLine> lines;
  std::istringstream in(file);
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    EXPECT_TRUE(std::regex_match(line, match, line_pattern)) << line;
    if (!match.empty()) lines.push_back({match[1], std::stoi(match[2])});
  }
  return lines;
}

ValidationReport report(CheckStatus generalization_status) {
  ValidationReport report;
  report.image = "install.wim";
  report.description = "install.wim index 1 (Windows 7 Enterprise)";
  report.checks = {
      {"key-installed-gvlk", "key", Severity::error, CheckStatus::pass,
       "the key *****-*****-*****-*****-4BWMV is a GVLK", std::string("unattend.xml:12")},
      {"generalization-state", "generalization", Severity::error, generalization_status,
       "never generalized", std::nullopt},
      {"generalization-skip-rearm-set", "generalization", Severity::warning, CheckStatus::fail,
       "SkipRearm=1 is still set", std::nullopt},
      {"key-media-pid-ignored", "key", Severity::info, CheckStatus::fail, "Setup ignores pid.txt",
       std::nullopt},
      {"kms-host-reachable", "kms-host", Severity::error, CheckStatus::skip, "no --probe given",
       std::nullopt},
  };
  report.prediction.place = "Lab";
  report.prediction.clones = 25;
  report.prediction.activated = generalization_status == CheckStatus::fail ? 0 : 25;
  return report;
}

TEST(ValidateLog, WritesOneTypedLinePerCheckAndTheVerdict) {
  test::TempDir dir;
  const auto path = dir / "validate.log";
  {
    Logger logger;
    ASSERT_TRUE(logger.open_cmtrace_file(path.string()));
    log_validation(logger, report(CheckStatus::fail), Severity::error);
  }
  const auto lines = cmtrace_lines(test::read_bytes(path));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].type, 1);  // passed error check
  EXPECT_EQ(lines[0].text,
            "key-installed-gvlk: pass (error): the key *****-*****-*****-*****-4BWMV is a GVLK "
            "[unattend.xml:12]");
  EXPECT_EQ(lines[1].type, 3);  // failed error
  EXPECT_EQ(lines[1].text, "generalization-state: fail (error): never generalized");
  EXPECT_EQ(lines[2].type, 2);  // failed warning
  EXPECT_EQ(lines[3].type, 1);  // failed info
  EXPECT_EQ(lines[4].type, 1);  // skipped
  EXPECT_EQ(lines[5].type, 3);
  EXPECT_EQ(lines[5].text,
            "install.wim index 1 (Windows 7 Enterprise): failed; verdict: Lab: 0 of 25 clones "
            "activated");
}

TEST(ValidateLog, PassingReportHasAnInformationalVerdict) {
  test::TempDir dir;
  const auto path = dir / "validate.log";
  {
    Logger logger;
    ASSERT_TRUE(logger.open_cmtrace_file(path.string()));
    // The warning fails at --fail-on warning only.
    log_validation(logger, report(CheckStatus::pass), Severity::error);
    log_validation(logger, report(CheckStatus::pass), Severity::warning);
  }
  const auto lines = cmtrace_lines(test::read_bytes(path));
  ASSERT_EQ(lines.size(), 12u);
  EXPECT_EQ(lines[5].type, 1);
  EXPECT_NE(lines[5].text.find(": passed; verdict: Lab: 25 of 25"), std::string::npos);
  EXPECT_EQ(lines[8].type, 2);  // still a warning line: the type follows the check, not fail_on
  EXPECT_EQ(lines[11].type, 3);
}

TEST(ValidateLog, ConsoleStaysQuiet) {
  std::ostringstream console;
  Logger logger(&console);
  logger.set_verbose(true);
  log_validation(logger, report(CheckStatus::fail), Severity::error);
  EXPECT_TRUE(console.str().empty()) << console.str();  // the report on stdout shows them
}

}  // namespace
}  // namespace kmsprep
