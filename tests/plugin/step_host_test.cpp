#include "plugin/step_host.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/plugin/plugin_test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

EnvironmentLookup no_environment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

class StepHost : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path directory = test::plugin_directory(
        temp_ / "plugins",
        {"test-throwing", "test-reboot", "test-failing", "test-echo", "kmsprep-sample-step"});
    Logger quiet;
    ASSERT_TRUE(registry_.load_directories({directory.string()}, quiet).empty());
    logger_.set_verbose(true);
  }

  StepOutcome run(const std::string& type, Variables& variables,
                  const VariableMap* defaults = nullptr, CancellationCheck cancelled = {}) {
    StepRun step_run;
    step_run.step = registry_.find(type);
    EXPECT_NE(step_run.step, nullptr) << type;
    step_run.defaults = defaults;
    return run_step(step_run, variables, logger_, cancelled);
  }

  TempDir temp_;
  StepRegistry registry_;
  std::ostringstream console_;
  Logger logger_{&console_};
};

TEST_F(StepHost, ContainsAnExceptionThrownByAPlugin) {
  Variables variables({}, no_environment());
  const StepOutcome outcome = run("test-throwing", variables);
  EXPECT_EQ(outcome.result, 806);
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_EQ(variables.get("_KMSPREPLastResult"), "806");
  EXPECT_NE(console_.str().find("test-throwing always throws"), std::string::npos)
      << console_.str();
}

TEST_F(StepHost, RecordsRebootRequestLikeMdt) {
  Variables variables({}, no_environment());
  const StepOutcome outcome = run("test-reboot", variables);
  EXPECT_EQ(outcome.result, 3010);
  EXPECT_TRUE(outcome.succeeded);
  EXPECT_TRUE(outcome.reboot_requested);
  EXPECT_EQ(variables.get("SMSTSRebootRequested"), "true");
  EXPECT_EQ(variables.get("_KMSPREPLastResult"), "3010");
}

TEST_F(StepHost, TreatsRebootAsFailureWhenNotASuccessCode) {
  Variables variables({}, no_environment());
  StepRun step_run;
  step_run.step = registry_.find("test-reboot");
  step_run.success_codes = {0};
  const StepOutcome outcome = run_step(step_run, variables, logger_, {});
  EXPECT_FALSE(outcome.succeeded);
  EXPECT_FALSE(variables.get("SMSTSRebootRequested"));
}

TEST_F(StepHost, FailingStepLeavesTheImageAsItWas) {
  test::write_bytes(temp_ / "image" / "failing.txt", "original");
  Variables variables({{"ImagePath", (temp_ / "image").string()}}, no_environment());
  const StepOutcome outcome = run("test-failing", variables);
  EXPECT_EQ(outcome.result, 5);
  EXPECT_EQ(test::read_bytes(temp_ / "image" / "failing.txt"), "original");
  EXPECT_NE(console_.str().find("discarded"), std::string::npos) << console_.str();
}

TEST_F(StepHost, SucceedingStepCommitsItsImageEdits) {
  fs::create_directories(temp_ / "image" / "Windows");
  Variables variables({{"ImagePath", (temp_ / "image").string()},
                       {"BuildLabelFile", "Windows/build.txt"},
                       {"BuildLabelPrefix", "contoso"},
                       {"BuildNumber", "42"}},
                      no_environment());
  const StepOutcome outcome = run("stamp-build-label", variables);
  ASSERT_EQ(outcome.result, 0) << console_.str();
  EXPECT_EQ(variables.get("BuildLabel"), "contoso-42");
  EXPECT_EQ(test::read_bytes(temp_ / "image" / "Windows" / "build.txt"), "contoso-42\r\n");
}

TEST_F(StepHost, RefusesToRunWithoutARequiredVariable) {
  Variables variables({}, no_environment());
  const StepOutcome outcome = run("set-variable", variables);
  EXPECT_EQ(outcome.result, 807);
  EXPECT_NE(console_.str().find("needs VariableName"), std::string::npos) << console_.str();
}

TEST_F(StepHost, SetVariableSetsAnOutputForLaterSteps) {
  Variables variables({}, no_environment());
  const VariableMap defaults = {{"VariableName", "KMSHost"}, {"VariableValue", "kms.example"}};
  EXPECT_EQ(run("set-variable", variables, &defaults).result, 0);
  EXPECT_EQ(variables.get("KMSHost"), "kms.example");
  EXPECT_FALSE(variables.get("VariableName"));
}

TEST_F(StepHost, RefusesToSetReadOnlyVariables) {
  Variables variables({{"EchoSet", "_SMSTSLogPath=/tmp"}}, no_environment());
  EXPECT_EQ(run("test-echo", variables).result, 7);
  EXPECT_FALSE(variables.get("_SMSTSLogPath"));
}

TEST_F(StepHost, MasksTheProductKeyInPluginLogLines) {
  const std::string key = "w269nwfgwxyvc9b4j6c9t83gx";
  Variables variables({{"ProductKey", key}, {"EchoNames", "ProductKey"}}, no_environment());
  EXPECT_EQ(run("test-echo", variables).result, 0);
  EXPECT_EQ(console_.str().find(key), std::string::npos) << console_.str();
  EXPECT_NE(console_.str().find("ProductKey="), std::string::npos) << console_.str();
}

TEST_F(StepHost, DoesNotStartOnceCancelled) {
  Variables variables({}, no_environment());
  const StepOutcome outcome = run("test-echo", variables, nullptr, [] { return true; });
  EXPECT_EQ(outcome.result, 808);
}

}  // namespace
}  // namespace kmsprep
