// End-to-end runs of `kmsprep steps` and `kmsprep step` with the sample and test plugins.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::run_kmsprep;
using test::TempDir;

class StepCli : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins_ = test::plugin_directory(temp_ / "plugins", {"kmsprep-sample-step", "test-reboot",
                                                          "test-failing", "test-throwing"})
                   .string();
  }
  TempDir temp_;
  std::string plugins_;
};

TEST_F(StepCli, ListsBuiltInAndPluginStepsAsJson) {
  const auto result = run_kmsprep({"steps", "--plugin-dir", plugins_, "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto document = nlohmann::json::parse(result.out);
  ASSERT_EQ(document.size(), 1u);
  bool found_builtin = false;
  bool found_sample = false;
  for (const auto& step : document.at("steps")) {
    ASSERT_EQ(step.size(), 4u) << step.dump();
    for (const auto& variable : step.at("variables")) {
      EXPECT_EQ(variable.size(), 4u);
      EXPECT_TRUE(variable.at("name").is_string());
      EXPECT_TRUE(variable.at("required").is_boolean());
      EXPECT_TRUE(variable.at("description").is_string());
      const std::string direction = variable.at("direction");
      EXPECT_TRUE(direction == "in" || direction == "out" || direction == "inout");
    }
    if (step.at("name") == "set-variable") {
      found_builtin = true;
      EXPECT_EQ(step.at("origin"), "built-in");
    }
    if (step.at("name") == "stamp-build-label") {
      found_sample = true;
      EXPECT_EQ(step.at("origin"), plugins_ + "/libkmsprep-sample-step.so");
      EXPECT_FALSE(step.at("description").get<std::string>().empty());
    }
  }
  EXPECT_TRUE(found_builtin);
  EXPECT_TRUE(found_sample);
}

TEST_F(StepCli, ReportsAnUnsafePluginDirectoryOnStderrAndListsTheRest) {
  fs::permissions(plugins_, fs::perms(0777));
  const auto result = run_kmsprep({"steps"}, {}, {"KMSPREP_PLUGIN_PATH=" + plugins_});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_NE(result.err.find("world-writable"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("set-variable"), std::string::npos);
  EXPECT_EQ(result.out.find("stamp-build-label"), std::string::npos);
}

TEST_F(StepCli, TakesVarOverPrefixedOverPlainEnvironment) {
  auto json_of = [&](std::vector<std::string> extra, std::vector<std::string> environment) {
    std::vector<std::string> args = {"step",  "stamp-build-label", "--plugin-dir", plugins_,
                                     "--var", "BuildNumber=7",     "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto result = run_kmsprep(args, {}, environment);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return nlohmann::json::parse(result.out);
  };
  EXPECT_EQ(json_of({}, {"BuildLabelPrefix=plain"})["outputs"]["BuildLabel"], "plain-7");
  EXPECT_EQ(json_of({}, {"BuildLabelPrefix=plain",
                         "KMSPREP_BuildLabelPrefix=prefixed"})["outputs"]["BuildLabel"],
            "prefixed-7");
  const auto document = json_of({"--var", "BuildLabelPrefix=cli"},
                                {"BuildLabelPrefix=plain", "KMSPREP_BuildLabelPrefix=prefixed"});
  EXPECT_EQ(document["outputs"]["BuildLabel"], "cli-7");
  EXPECT_EQ(document["result"], 0);
  EXPECT_EQ(document["outputs"]["_KMSPREPLastResult"], "0");
}

TEST_F(StepCli, ExitsWith194ForARebootAndReportsTheRealResult) {
  const auto result = run_kmsprep({"step", "test-reboot", "--plugin-dir", plugins_, "--json"});
  EXPECT_EQ(result.exit_code, 194);
  const auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["result"], 3010);
  EXPECT_EQ(document["reboot_required"], true);
  EXPECT_EQ(document["outputs"]["SMSTSRebootRequested"], "true");
}

TEST_F(StepCli, ExitsWith1ForAFailureOrAThrowingPlugin) {
  auto result = run_kmsprep({"step", "test-failing", "--plugin-dir", plugins_, "--json"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(result.out)["result"], 5);
  result = run_kmsprep({"step", "test-throwing", "--plugin-dir", plugins_, "--json"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["result"], 806);
  EXPECT_NE(result.err.find("threw"), std::string::npos) << result.err;
}

TEST_F(StepCli, RefusesAnUnknownStepWithExit3) {
  const auto result = run_kmsprep({"step", "no-such-step"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("no-such-step"), std::string::npos);
}

TEST_F(StepCli, WritesTheLogToLogPathOrSmstsLogPath) {
  const fs::path log_file = temp_ / "step.log";
  auto result = run_kmsprep(
      {"step", "test-reboot", "--plugin-dir", plugins_, "--var", "LogPath=" + log_file.string()});
  EXPECT_EQ(result.exit_code, 194);
  EXPECT_TRUE(test::has_line_containing(test::read_bytes(log_file), "reboot please"));

  fs::create_directories(temp_ / "smsts");
  result = run_kmsprep({"step", "test-reboot", "--plugin-dir", plugins_}, {},
                       {"_SMSTSLogPath=" + (temp_ / "smsts").string()});
  EXPECT_EQ(result.exit_code, 194);
  EXPECT_TRUE(
      test::has_line_containing(test::read_bytes(temp_ / "smsts" / "kmsprep.log"), "result 3010"));
}

}  // namespace
}  // namespace kmsprep
