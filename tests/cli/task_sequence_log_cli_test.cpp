// End-to-end runs of `kmsprep step` and `kmsprep sequence` inside a (pretend) ConfigMgr task
// sequence: with _SMSTSLogPath naming a directory the CMTrace log defaults to
// <that directory>/kmsprep.log, and --log or LogPath still win (docs/steps.md, "The log").
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "core/exit_status.hpp"
#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::run_kmsprep;
using test::TempDir;

class TaskSequenceLogCli : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins_ = test::plugin_directory(temp_ / "plugins", {"test-reboot"}).string();
    fs::create_directories(smsts_);
  }
  std::vector<std::string> in_task_sequence() const { return {"_SMSTSLogPath=" + smsts_.string()}; }
  TempDir temp_;
  fs::path smsts_ = temp_ / "SMSTSLog";
  std::string plugins_;
};

// Every line of `text` is one CMTrace line (docs/task-sequence.md, "The log"); returns the
// components in order, empty when a line is not CMTrace.
std::vector<std::string> cmtrace_components(const std::string& text) {
  static const std::regex pattern(
      R"re(^<!\[LOG\[.*\]LOG\]!><time="\d\d:\d\d:\d\d\.\d\d\d[+-]\d+" date="\d\d-\d\d-\d\d\d\d" )re"
      R"re(component="([^"]*)" context="" type="[123]" thread="\d+" file="kmsprep">$)re");
  std::vector<std::string> components;
  for (const auto& line : test::lines_of(text)) {
    std::smatch match;
    if (!std::regex_match(line, match, pattern)) return {};
    components.push_back(match[1]);
  }
  return components;
}

TEST_F(TaskSequenceLogCli, StepLogsToSmstsLogPathByDefault) {
  const auto result =
      run_kmsprep({"step", "test-reboot", "--plugin-dir", plugins_}, {}, in_task_sequence());
  EXPECT_EQ(result.exit_code, reboot_required_exit_code()) << result.err;
  const std::string log = test::read_bytes(smsts_ / "kmsprep.log");
  EXPECT_TRUE(test::has_line_containing(log, "reboot please")) << log;
  EXPECT_TRUE(test::has_line_containing(log, "finished: result 3010")) << log;
  const auto components = cmtrace_components(log);
  ASSERT_FALSE(components.empty()) << log;
  EXPECT_EQ(components.back(), "test-reboot") << log;
}

TEST_F(TaskSequenceLogCli, SequenceLogsToSmstsLogPathByDefault) {
  const fs::path file = temp_ / "ts.xml";
  test::write_bytes(file,
                    "<?xml version=\"1.0\"?>\n<sequence version=\"3.00\">\n"
                    "<step type=\"test-reboot\" name=\"Ask for a reboot\"/>\n</sequence>\n");
  const auto result =
      run_kmsprep({"sequence", file.string(), "--plugin-dir", plugins_}, {}, in_task_sequence());
  EXPECT_EQ(result.exit_code, reboot_required_exit_code()) << result.err;
  const std::string log = test::read_bytes(smsts_ / "kmsprep.log");
  EXPECT_TRUE(test::has_line_containing(log, "finished: result 3010")) << log;
  const auto components = cmtrace_components(log);
  EXPECT_NE(std::find(components.begin(), components.end(), "Ask for a reboot"), components.end())
      << log;
}

TEST_F(TaskSequenceLogCli, AnExplicitLogOrLogPathWinsOverSmstsLogPath) {
  const fs::path explicit_log = temp_ / "explicit.log";
  auto result =
      run_kmsprep({"step", "test-reboot", "--plugin-dir", plugins_, "--log", explicit_log.string()},
                  {}, in_task_sequence());
  EXPECT_EQ(result.exit_code, reboot_required_exit_code()) << result.err;
  EXPECT_TRUE(test::has_line_containing(test::read_bytes(explicit_log), "finished: result 3010"));
  EXPECT_FALSE(fs::exists(smsts_ / "kmsprep.log"));

  const fs::path log_directory = temp_ / "logs";
  fs::create_directories(log_directory);
  result = run_kmsprep({"step", "test-reboot", "--plugin-dir", plugins_, "--var",
                        "LogPath=" + log_directory.string()},
                       {}, in_task_sequence());
  EXPECT_EQ(result.exit_code, reboot_required_exit_code()) << result.err;
  EXPECT_TRUE(test::has_line_containing(test::read_bytes(log_directory / "kmsprep.log"),
                                        "finished: result 3010"));
  EXPECT_FALSE(fs::exists(smsts_ / "kmsprep.log"));
}

TEST_F(TaskSequenceLogCli, WarnsAndWritesNoLogWhenSmstsLogPathIsNotADirectory) {
  const fs::path missing = temp_ / "no-such-directory";
  auto result = run_kmsprep({"step", "test-reboot", "--plugin-dir", plugins_}, {},
                            {"_SMSTSLogPath=" + missing.string()});
  EXPECT_EQ(result.exit_code, reboot_required_exit_code()) << result.err;
  EXPECT_NE(result.err.find("_SMSTSLogPath=" + missing.string() + " is not a directory"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(missing));

  const fs::path a_file = temp_ / "a-file";
  test::write_bytes(a_file, "not a directory\n");
  result = run_kmsprep({"step", "test-reboot", "--plugin-dir", plugins_}, {},
                       {"_SMSTSLogPath=" + a_file.string()});
  EXPECT_EQ(result.exit_code, reboot_required_exit_code()) << result.err;
  EXPECT_EQ(test::read_bytes(a_file), "not a directory\n");
}

}  // namespace
}  // namespace kmsprep
