#include "plugin/sequence_runner.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

using test::has_line_containing;

std::string echo_step(const std::string& name, const std::string& names,
                      const std::string& set = "", const std::string& attributes = "",
                      const std::string& extra_defaults = "") {
  return "<step type=\"test-echo\" name=\"" + name + "\" " + attributes +
         "><defaultVarList><variable name=\"EchoNames\">" + names +
         "</variable><variable name=\"EchoSet\">" + set + "</variable>" + extra_defaults +
         "</defaultVarList></step>";
}

std::string step(const std::string& type, const std::string& name,
                 const std::string& attributes = "") {
  return "<step type=\"" + type + "\" name=\"" + name + "\" " + attributes + "/>";
}

std::string condition(const std::string& variable, const std::string& op,
                      const std::string& value) {
  return "<condition><expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
         "<variable name=\"Variable\">" +
         variable +
         "</variable>"
         "<variable name=\"Operator\">" +
         op +
         "</variable>"
         "<variable name=\"Value\">" +
         value + "</variable></expression></condition>";
}

class SequenceRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto directory =
        test::plugin_directory(temp_ / "plugins", {"test-echo", "test-reboot", "test-failing"});
    Logger quiet;
    ASSERT_TRUE(registry_.load_directories({directory.string()}, quiet).empty());
    logger_.set_verbose(true);
  }

  SequenceOutcome run(const std::string& body, bool dry_run = false,
                      CancellationCheck cancelled = {}) {
    auto sequence = parse_task_sequence("<sequence>" + body + "</sequence>", "ts.xml");
    REQUIRE_OK(sequence);
    EXPECT_TRUE(check_step_types(*sequence, registry_));
    SequenceRunner runner(registry_, variables_, logger_, std::move(cancelled));
    return runner.run(*sequence, dry_run);
  }

  std::vector<StepState> states(const SequenceOutcome& outcome) {
    std::vector<StepState> result;
    for (const auto& record : outcome.steps) result.push_back(record.state);
    return result;
  }

  bool logged(const std::string& part) { return has_line_containing(console_.str(), part); }

  test::TempDir temp_;
  StepRegistry registry_;
  std::map<std::string, std::string> environment_ = {{"KMSPREP_A", "prefixed-a"},
                                                     {"A", "plain-a"},
                                                     {"KMSPREP_B", "prefixed-b"},
                                                     {"B", "plain-b"},
                                                     {"C", "plain-c"}};
  Variables variables_{{{"A", "var-a"}},
                       [this](const std::string& name) -> std::optional<std::string> {
                         auto found = environment_.find(name);
                         if (found == environment_.end()) return std::nullopt;
                         return found->second;
                       }};
  std::ostringstream console_;
  Logger logger_{&console_};
};

using StepStates = std::vector<StepState>;

TEST_F(SequenceRunnerTest, ResolvesVariablesByPrecedenceAndScopesDefaultsToTheirStep) {
  const SequenceOutcome outcome =
      run(echo_step("first", "A,B,C,E", "D=out", "",
                    "<variable name=\"A\">default-a</variable>"
                    "<variable name=\"E\">default-e</variable>") +
          echo_step("second", "A,D", "A=output-a") + echo_step("third", "A,EchoSet,E"));
  EXPECT_EQ(sequence_exit_code(outcome), 0) << console_.str();
  // As ConfigMgr's action variables: --var (like a collection variable) beats a step's default.
  EXPECT_TRUE(logged("info: A=var-a")) << console_.str();
  EXPECT_FALSE(logged("info: A=default-a")) << console_.str();
  EXPECT_TRUE(logged("info: E=default-e"));
  EXPECT_TRUE(logged("info: B=prefixed-b"));
  EXPECT_TRUE(logged("info: C=plain-c"));
  EXPECT_TRUE(logged("info: D=out"));
  EXPECT_TRUE(logged("info: A=output-a"));
  EXPECT_TRUE(logged("info: EchoSet=")) << "third step sees its own empty EchoSet, not second's";
  EXPECT_TRUE(logged("info: E unset")) << "first step's default must not reach the third";
  EXPECT_FALSE(variables_.get("EchoNames")) << "defaults must not leak out of their step";
}

TEST_F(SequenceRunnerTest, SeedsVariablesFromGlobalVarListBelowVarAndAboveStepDefaults) {
  const SequenceOutcome outcome =
      run("<globalVarList><variable name=\"A\" property=\"A\">global-a</variable>"
          "<variable name=\"G\" property=\"G\">global-g</variable></globalVarList>" +
          echo_step("echo", "A,G", "", "", "<variable name=\"G\">default-g</variable>"));
  EXPECT_EQ(sequence_exit_code(outcome), 0) << console_.str();
  EXPECT_TRUE(logged("info: A=var-a")) << console_.str();
  EXPECT_TRUE(logged("info: G=global-g")) << console_.str();
}

TEST_F(SequenceRunnerTest, ListsMdtStepsAsNotRunnableAndSkipsConditionsItCannotEvaluate) {
  const std::string wmi =
      "<expression type=\"SMS_TaskSequence_WMIConditionExpression\">"
      "<variable name=\"Namespace\">root\\cimv2</variable>"
      "<variable name=\"Query\">SELECT * FROM Win32_Battery</variable></expression>";
  const SequenceOutcome outcome =
      run("<step type=\"BDD_Gather\" name=\"Gather local only\"/>"
          "<step name=\"Check BIOS\"><action>cscript.exe ZTIBIOSCheck.wsf</action></step>"
          "<group name=\"Laptops\"><condition>" +
          wmi + "</condition>" + step("test-echo", "laptop only") +
          "</group>"
          "<step type=\"test-echo\" name=\"a or laptop\"><condition><operator type=\"OR\">" +
          "<expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
          "<variable name=\"Variable\">A</variable><variable name=\"Operator\">Equals</variable>"
          "<variable name=\"Value\">VAR-A</variable></expression>" +
          wmi + "</operator></condition></step>" +
          step("SMS_TaskSequence_RebootAction", "Restart", "disable=\"true\""));
  EXPECT_EQ(sequence_exit_code(outcome), 0) << console_.str();
  EXPECT_EQ(states(outcome), (StepStates{StepState::not_runnable, StepState::not_runnable,
                                         StepState::cannot_evaluate, StepState::succeeded,
                                         StepState::skipped_disabled}));
  EXPECT_EQ(std::string(to_string(StepState::not_runnable)), "not runnable here");
  EXPECT_EQ(std::string(to_string(StepState::cannot_evaluate)), "cannot evaluate here");
  EXPECT_EQ(outcome.steps[0].type, "BDD_Gather");
  EXPECT_NE(outcome.steps[0].note.find("MDT action"), std::string::npos) << outcome.steps[0].note;
  EXPECT_EQ(outcome.steps[1].type, "");
  EXPECT_EQ(outcome.steps[2].group, "Laptops");
  EXPECT_EQ(outcome.steps[2].note, "WMI query \"SELECT * FROM Win32_Battery\"");
  ASSERT_EQ(outcome.warnings.size(), 3u);
  EXPECT_NE(
      outcome.warnings[0].find("\"Gather local only\" (BDD_Gather) skipped, not runnable here"),
      std::string::npos)
      << outcome.warnings[0];
  EXPECT_TRUE(logged("warning: group \"Laptops\" skipped, cannot evaluate here")) << console_.str();
}

TEST_F(SequenceRunnerTest, EvaluatesFileAndFolderConditionsAgainstTheImageAtImagePath) {
  test::write_bytes(temp_ / "image" / "Windows" / "Setup" / "Scripts" / "SetupComplete.cmd", "");
  variables_.set_output("ImagePath", (temp_ / "image").string());
  auto file_condition = [](const std::string& type, const std::string& path) {
    return "<condition><expression type=\"SMS_TaskSequence_" + type +
           "ConditionExpression\"><variable name=\"Path\">" + path +
           "</variable></expression></condition>";
  };
  const SequenceOutcome outcome =
      run("<step type=\"test-echo\" name=\"has SetupComplete\">" +
          file_condition("File", "%SystemRoot%\\Setup\\Scripts\\SetupComplete.cmd") + "</step>" +
          "<step type=\"test-echo\" name=\"has Contoso\">" +
          file_condition("Folder", "C:\\Program Files\\Contoso") + "</step>");
  EXPECT_EQ(states(outcome), (StepStates{StepState::succeeded, StepState::skipped_condition}))
      << console_.str();
  EXPECT_EQ(outcome.steps[1].note, "condition false: folder \"C:\\Program Files\\Contoso\" exists");
}

TEST_F(SequenceRunnerTest, StopsAtAFailingStep) {
  const SequenceOutcome outcome = run(step("test-failing", "fail") + step("test-echo", "after"));
  EXPECT_TRUE(outcome.failed);
  EXPECT_EQ(sequence_exit_code(outcome), 1);
  EXPECT_EQ(states(outcome), (StepStates{StepState::failed, StepState::not_run}));
  EXPECT_EQ(outcome.steps[0].result, 5);
  EXPECT_EQ(variables_.get("_KMSPREPLastResult"), "5");
}

TEST_F(SequenceRunnerTest, GoesOnAfterAFailingStepWithContinueOnError) {
  const SequenceOutcome outcome =
      run(step("test-failing", "fail", "continueOnError=\"true\"") + step("test-echo", "after"));
  EXPECT_FALSE(outcome.failed);
  EXPECT_EQ(sequence_exit_code(outcome), 0);
  EXPECT_EQ(states(outcome), (StepStates{StepState::failed_continued, StepState::succeeded}));
}

TEST_F(SequenceRunnerTest, GoesOnAfterAFailingGroupWithContinueOnError) {
  const SequenceOutcome outcome =
      run("<group name=\"outer\" continueOnError=\"true\"><group name=\"inner\">" +
          step("test-failing", "fail") + step("test-echo", "skipped") + "</group>" +
          step("test-echo", "skipped too") + "</group>" + step("test-echo", "after"));
  EXPECT_EQ(sequence_exit_code(outcome), 0) << console_.str();
  EXPECT_EQ(states(outcome), (StepStates{StepState::failed, StepState::not_run, StepState::not_run,
                                         StepState::succeeded}));
  EXPECT_EQ(outcome.steps[0].group, "outer/inner");
}

TEST_F(SequenceRunnerTest, StopsAfterAFailingGroupWithoutContinueOnError) {
  const SequenceOutcome outcome = run("<group name=\"g\">" + step("test-failing", "fail") +
                                      "</group>" + step("test-echo", "after"));
  EXPECT_EQ(sequence_exit_code(outcome), 1);
  EXPECT_EQ(states(outcome), (StepStates{StepState::failed, StepState::not_run}));
}

TEST_F(SequenceRunnerTest, ExitsWith194WhenAStepAskedForARebootAndNothingFailed) {
  SequenceOutcome outcome = run(step("test-reboot", "reboot") + step("test-echo", "after"));
  EXPECT_TRUE(outcome.reboot_requested);
  EXPECT_EQ(sequence_exit_code(outcome), 194);
  EXPECT_EQ(states(outcome), (StepStates{StepState::reboot_requested, StepState::succeeded}));
  EXPECT_EQ(variables_.get("SMSTSRebootRequested"), "true");

  outcome = run(step("test-reboot", "reboot") + step("test-failing", "fail"));
  EXPECT_EQ(sequence_exit_code(outcome), 1);
}

TEST_F(SequenceRunnerTest, HonoursSuccessCodeList) {
  const SequenceOutcome outcome = run(step("test-failing", "five", "successCodeList=\"0 5\"") +
                                      step("test-reboot", "no reboot", "successCodeList=\"0\""));
  EXPECT_EQ(states(outcome), (StepStates{StepState::succeeded, StepState::failed}));
  EXPECT_FALSE(outcome.reboot_requested);
}

TEST_F(SequenceRunnerTest, SkipsDisabledItemsAndFalseConditionsSeeingEarlierOutputs) {
  const std::string set_site =
      "<step type=\"set-variable\" name=\"site\"><defaultVarList>"
      "<variable name=\"VariableName\">Site</variable>"
      "<variable name=\"VariableValue\">HQ</variable></defaultVarList></step>";
  const SequenceOutcome outcome = run(
      set_site + "<step type=\"test-echo\" name=\"hq\">" + condition("Site", "equals", "hq") +
      "</step><step type=\"test-echo\" name=\"branch\">" + condition("Site", "equals", "Branch") +
      "</step><group name=\"g\">" + condition("Site", "notEquals", "HQ") +
      step("test-echo", "in group") + "</group>" + step("test-failing", "off", "disable=\"true\"") +
      "<group name=\"off\" disable=\"true\">" + step("test-failing", "off too") + "</group>");
  EXPECT_EQ(sequence_exit_code(outcome), 0) << console_.str();
  EXPECT_EQ(states(outcome),
            (StepStates{StepState::succeeded, StepState::succeeded, StepState::skipped_condition,
                        StepState::skipped_condition, StepState::skipped_disabled,
                        StepState::skipped_disabled}));
  EXPECT_EQ(outcome.steps[2].note, "condition false: Site equals \"Branch\"");
}

TEST_F(SequenceRunnerTest, DryRunRunsNothingAndNamesMissingVariables) {
  const SequenceOutcome outcome =
      run(step("set-variable", "needs a name") + step("test-failing", "fail"), true);
  EXPECT_EQ(sequence_exit_code(outcome), 0);
  EXPECT_EQ(states(outcome), (StepStates{StepState::would_run, StepState::would_run}));
  EXPECT_EQ(outcome.steps[0].note, "VariableName not set yet");
  EXPECT_FALSE(variables_.get("_KMSPREPLastResult"));
}

TEST_F(SequenceRunnerTest, StopsStartingStepsOnceCancelled) {
  int calls = 0;
  const SequenceOutcome outcome =
      run(step("test-echo", "one") + step("test-echo", "two") + step("test-echo", "three"), false,
          [&calls] { return ++calls > 2; });
  EXPECT_TRUE(outcome.cancelled);
  EXPECT_EQ(sequence_exit_code(outcome), 1);
  EXPECT_EQ(states(outcome),
            (StepStates{StepState::succeeded, StepState::not_run, StepState::not_run}));
}

}  // namespace
}  // namespace kmsprep
