// End-to-end runs of `kmsprep sequence`: the CMTrace log, exit codes, the sample plugin.
#include <gtest/gtest.h>
#include <unistd.h>

#include <ctime>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::run_kmsprep;
using test::TempDir;

class SequenceCli : public ::testing::Test {
 protected:
  void SetUp() override {
    plugins_ = test::plugin_directory(temp_ / "plugins", {"kmsprep-sample-step", "test-echo",
                                                          "test-reboot", "test-failing"})
                   .string();
  }
  std::string sequence(const std::string& body, const std::string& name = "ts.xml") {
    const fs::path path = temp_ / name;
    test::write_bytes(
        path, "<?xml version=\"1.0\"?>\n<sequence version=\"3.00\">\n" + body + "\n</sequence>\n");
    return path.string();
  }
  TempDir temp_;
  std::string plugins_;
};

struct CmtraceLine {
  std::string text, hour, minute, second, millisecond, month, day, year, component, type, thread;
};

std::optional<CmtraceLine> parse_cmtrace(const std::string& line) {
  static const std::regex pattern(
      R"re(^<!\[LOG\[(.*)\]LOG\]!><time="(\d\d):(\d\d):(\d\d)\.(\d\d\d)\+000" )re"
      R"re(date="(\d\d)-(\d\d)-(\d\d\d\d)" component="([^"]*)" context="" type="([123])" )re"
      R"re(thread="(\d+)" file="kmsprep">$)re");
  std::smatch match;
  if (!std::regex_match(line, match, pattern)) return std::nullopt;
  return CmtraceLine{match[1], match[2], match[3], match[4],  match[5], match[6],
                     match[7], match[8], match[9], match[10], match[11]};
}

TEST_F(SequenceCli, WritesCmtraceLinesThatParseBackFieldByField) {
  const std::string key = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
  const std::string file = sequence(
      "<step type=\"test-echo\" name=\"Echo key\" description=\"ignored\">"
      "<defaultVarList><variable name=\"EchoNames\">ProductKey,Site</variable></defaultVarList>"
      "</step>\n<step type=\"test-failing\" name=\"Fail\" continueOnError=\"true\"/>");
  const fs::path log = temp_ / "ts.log";
  const std::time_t before = std::time(nullptr);
  const auto result = run_kmsprep({"sequence", file, "--plugin-dir", plugins_, "--log",
                                   log.string(), "--var", "ProductKey=" + key, "--var", "Site=HQ"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string text = test::read_bytes(log);
  EXPECT_EQ(text.find(key), std::string::npos) << "a full product key reached the log";
  EXPECT_EQ(result.err.find(key), std::string::npos);

  std::tm utc{};
  gmtime_r(&before, &utc);
  char today[16];
  std::strftime(today, sizeof today, "%m-%d-%Y", &utc);
  bool saw_info = false, saw_warning = false, saw_error = false;
  for (const auto& line : test::lines_of(text)) {
    const auto parsed = parse_cmtrace(line);
    ASSERT_TRUE(parsed) << "not a CMTrace line: " << line;
    EXPECT_LT(std::stoi(parsed->hour), 24);
    EXPECT_LT(std::stoi(parsed->minute), 60);
    EXPECT_LT(std::stoi(parsed->second), 61);
    EXPECT_EQ(parsed->month + "-" + parsed->day + "-" + parsed->year, today);  // not at midnight
    EXPECT_GT(std::stol(parsed->thread), 0);
    if (parsed->text == "Site=HQ") {
      saw_info = true;
      EXPECT_EQ(parsed->component, "Echo key");
      EXPECT_EQ(parsed->type, "1");
    }
    if (parsed->text.find("ignored attribute description of <step>") != std::string::npos) {
      saw_warning = true;
      EXPECT_EQ(parsed->component, "sequence");
      EXPECT_EQ(parsed->type, "2");
    }
    if (parsed->text == "test-failing fails") {
      saw_error = true;
      EXPECT_EQ(parsed->component, "Fail");
      EXPECT_EQ(parsed->type, "3");
    }
  }
  EXPECT_TRUE(saw_info && saw_warning && saw_error) << text;
}

TEST_F(SequenceCli, PrintsTheStepTableAndExits194AfterAReboot) {
  const std::string file = sequence(
      "<step type=\"test-reboot\" name=\"Reboot\"/><step type=\"test-echo\" name=\"Echo\"/>"
      "<step type=\"test-failing\" name=\"Off\" disable=\"true\"/>");
  auto result = run_kmsprep({"sequence", file, "--plugin-dir", plugins_});
  EXPECT_EQ(result.exit_code, 194) << result.err;
  EXPECT_TRUE(test::has_line_containing(result.out, "Reboot")) << result.out;
  EXPECT_TRUE(test::has_line_containing(result.out, "3010 reboot requested")) << result.out;
  EXPECT_TRUE(test::has_line_containing(result.out, "skipped (disabled)")) << result.out;

  result = run_kmsprep({"sequence", file, "--plugin-dir", plugins_, "--json"});
  EXPECT_EQ(result.exit_code, 194);
  const auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["exit_code"], 194);
  EXPECT_EQ(document["reboot_required"], true);
  ASSERT_EQ(document["steps"].size(), 3u);
  EXPECT_EQ(document["steps"][0]["name"], "Reboot");
  EXPECT_EQ(document["steps"][0]["result"], 3010);
  EXPECT_TRUE(document["steps"][0]["seconds"].is_number());
  EXPECT_TRUE(document["steps"][2]["result"].is_null());
}

TEST_F(SequenceCli, ExitsWith1WhenAStepFailsAndLeavesTheImageAsItWas) {
  test::write_bytes(temp_ / "image" / "failing.txt", "original");
  const std::string file = sequence("<step type=\"test-failing\" name=\"Fail\"/>");
  const auto result = run_kmsprep({"sequence", file, "--plugin-dir", plugins_, "--var",
                                   "ImagePath=" + (temp_ / "image").string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_EQ(test::read_bytes(temp_ / "image" / "failing.txt"), "original");
}

TEST_F(SequenceCli, TakesPrefixedEnvironmentOverPlainAndVarOverBoth) {
  const std::string file = sequence(
      "<step type=\"test-echo\" name=\"Echo\"><defaultVarList>"
      "<variable name=\"EchoNames\">Color,Shape</variable></defaultVarList></step>");
  const fs::path log = temp_ / "env.log";
  const auto result =
      run_kmsprep({"sequence", file, "--plugin-dir", plugins_, "--log", log.string(), "--var",
                   "Shape=var-shape"},
                  {}, {"Color=plain", "KMSPREP_Color=prefixed", "KMSPREP_Shape=prefixed"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string text = test::read_bytes(log);
  EXPECT_TRUE(test::has_line_containing(text, "[Color=prefixed]")) << text;
  EXPECT_TRUE(test::has_line_containing(text, "[Shape=var-shape]")) << text;
}

TEST_F(SequenceCli, RefusesMalformedXmlDoctypeAndUnknownStepTypesWithExit3AndTheLine) {
  auto result = run_kmsprep({"sequence", sequence("<step type=\"test-echo\">", "bad.xml")});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("bad.xml:"), std::string::npos) << result.err;

  test::write_bytes(temp_ / "dtd.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE s>\n<sequence/>\n");
  result = run_kmsprep({"sequence", (temp_ / "dtd.xml").string()});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("dtd.xml:2"), std::string::npos) << result.err;

  result = run_kmsprep({"sequence", sequence("<step type=\"no-such-step\"/>", "unknown.xml")});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("unknown.xml:3"), std::string::npos) << result.err;
}

TEST_F(SequenceCli, DryRunRunsNothing) {
  const std::string file = sequence("<step type=\"test-failing\" name=\"Fail\"/>");
  const auto result = run_kmsprep({"sequence", file, "--plugin-dir", plugins_, "--dry-run"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(test::has_line_containing(result.out, "would run")) << result.out;
}

TEST_F(SequenceCli, RunsTheSampleSequenceWithTheSamplePlugin) {
  fs::create_directories(temp_ / "image" / "Windows");
  const auto result = run_kmsprep(
      {"sequence", (test::source_dir() / "samples" / "sequences" / "build-label.xml").string(),
       "--plugin-dir", plugins_, "--var", "ImagePath=" + (temp_ / "image").string(), "--var",
       "BuildNumber=42", "--var", "OSFamily=server2008", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(test::read_bytes(temp_ / "image" / "Windows" / "kmsprep-build.txt"),
            "contoso-server-42\r\n");
  const auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["steps"].size(), 3u);
}

}  // namespace
}  // namespace kmsprep

namespace kmsprep {
namespace {

// The main job, as scripts/demo runs it: fresh copies of the samples, the capture sequence.
TEST(SequenceCliDemo, RunsTheCaptureSequenceOnCopiesOfTheSamples) {
  namespace fs = std::filesystem;
  test::TempDir temp;
  const fs::path plugins = test::plugin_directory(temp / "plugins", {"kmsprep-sample-step"});
  const fs::path samples = test::source_dir() / "samples";
  fs::copy(samples / "reference-pc", temp / "reference-pc", fs::copy_options::recursive);
  fs::copy(samples / "media", temp / "media", fs::copy_options::recursive);
  fs::copy_file(samples / "answer" / "unattend.xml",
                temp / "reference-pc" / "Windows" / "Panther" / "unattend.xml",
                fs::copy_options::overwrite_existing);
  // ValidateTopology is relative to the repository root, as in scripts/demo.
  const fs::path old_directory = fs::current_path();
  fs::current_path(test::source_dir());
  const auto result =
      test::run_kmsprep({"sequence", "samples/sequences/capture.xml", "--plugin-dir",
                         plugins.string(), "--var", "ImagePath=" + (temp / "reference-pc").string(),
                         "--var", "MediaPath=" + (temp / "media").string(), "--var",
                         "CaptureDestination=" + (temp / "reference.wim").string(), "--var",
                         "ReportPath=" + (temp / "report.json").string(), "--json"});
  fs::current_path(old_directory);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto document = nlohmann::json::parse(result.out);
  ASSERT_EQ(document["steps"].size(), 6u);
  for (const auto& step : document["steps"]) EXPECT_EQ(step["result"], 0) << step.dump();
  EXPECT_TRUE(fs::exists(temp / "reference.wim"));
  const auto report = nlohmann::json::parse(test::read_bytes(temp / "report.json"));
  EXPECT_EQ(report["prediction"]["activated"], report["prediction"]["clones"]) << report.dump();
  // The sample plugin stamped its label into the reference PC before capture.
  const std::string label =
      test::read_bytes(temp / "reference-pc" / "Windows" / "kmsprep-build.txt");
  EXPECT_EQ(label.rfind("contoso-kms", 0), 0u) << label;
}

}  // namespace
}  // namespace kmsprep

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// Real MDT task sequences: tests/data/sequence/mdt-kms-reference.xml in MDT's own shape.
class SequenceCliMdt : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_bytes(image_ / "Windows" / "Setup" / "Scripts" / "SetupComplete.cmd",
                      "@echo off\r\n");
    fs::create_directories(image_ / "Windows" / "Panther");
  }
  static fs::path fixture(const std::string& name) {
    return test::source_dir() / "tests" / "data" / "sequence" / name;
  }
  // The 1-based line of the first line of `name` that holds `text`, read from the fixture.
  static int line_of(const std::string& name, const std::string& text) {
    const auto lines = test::lines_of(test::read_bytes(fixture(name)));
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].find(text) != std::string::npos) return static_cast<int>(i + 1);
    }
    ADD_FAILURE() << text << " not in " << name;
    return 0;
  }
  static const nlohmann::json& step_named(const nlohmann::json& document, const std::string& name) {
    for (const auto& step : document["steps"]) {
      if (step["name"] == name) return step;
    }
    ADD_FAILURE() << "no step " << name << " in " << document.dump();
    static const nlohmann::json none;
    return none;
  }
  test::TempDir temp_;
  fs::path image_ = temp_ / "image";
};

TEST_F(SequenceCliMdt, RunsItsOwnStepsAndListsEveryMdtStepAsNotRunnableHere) {
  const fs::path log = temp_ / "mdt.log";
  const auto result =
      test::run_kmsprep({"sequence", fixture("mdt-kms-reference.xml").string(), "--var",
                         "ImagePath=" + image_.string(), "--log", log.string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(document["exit_code"], 0);
  const std::vector<std::pair<std::string, std::string>> not_runnable = {
      {"Gather local only", "BDD_Gather"},
      {"Validate", "BDD_Validate"},
      {"Check BIOS", ""},
      {"Install Operating System", "BDD_InstallOS"},
      {"Record the build date", "SMS_TaskSequence_RunCommandLineAction"},
      {"Set KMS host (ConfigMgr)", "SMS_TaskSequence_SetVariableAction"}};
  for (const auto& [name, type] : not_runnable) {
    const auto& step = step_named(document, name);
    EXPECT_EQ(step["type"], type) << name;
    EXPECT_EQ(step["state"], "not runnable here") << name;
    EXPECT_TRUE(step["result"].is_null()) << name;
    bool warned = false;
    for (const auto& warning : document["warnings"]) {
      const std::string text = warning.get<std::string>();
      warned = warned || (text.find(name + "\"") != std::string::npos &&
                          text.find("not runnable here") != std::string::npos);
    }
    EXPECT_TRUE(warned) << name << " skipped without a warning: " << document["warnings"].dump();
  }
  // globalVarList (BuildSite, ImageMemory) and MDT operators in mixed case let it run.
  EXPECT_EQ(step_named(document, "Label the HQ build")["state"], "succeeded");
  EXPECT_EQ(step_named(document, "Label the HQ build")["group"], "KMS preparation");
  // The file condition is answered by the image at ImagePath.
  EXPECT_EQ(step_named(document, "Note the SetupComplete script")["state"], "succeeded");
  EXPECT_EQ(step_named(document, "Note the Contoso agent")["state"], "skipped (condition)");
  const auto& laptop = step_named(document, "Laptop power plan");
  EXPECT_EQ(laptop["type"], "set-variable");
  EXPECT_EQ(laptop["state"], "cannot evaluate here");
  EXPECT_EQ(laptop["note"], "WMI query \"SELECT * FROM Win32_Battery\"");
  EXPECT_EQ(step_named(document, "Branch label")["state"], "cannot evaluate here");
  EXPECT_EQ(step_named(document, "Execute Sysprep")["state"], "skipped (disabled)");
  const std::string text = test::read_bytes(log);
  EXPECT_TRUE(test::has_line_containing(text, "set variable BuildLabel = contoso-hq")) << text;
  EXPECT_TRUE(test::has_line_containing(text, "set variable HasSetupComplete = true")) << text;
  EXPECT_FALSE(test::has_line_containing(text, "set variable PowerPlan")) << text;
}

TEST_F(SequenceCliMdt, PrintsTypesStatesAndNotesInTheTableOfADryRun) {
  const auto result = test::run_kmsprep({"sequence", fixture("mdt-kms-reference.xml").string(),
                                         "--var", "ImagePath=" + image_.string(), "--dry-run"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const std::string& out = result.out;
  auto row = [&out](const std::string& name) {
    for (const auto& line : test::lines_of(out)) {
      if (line.find(name) != std::string::npos) return line;
    }
    return std::string("(no row for " + name + ")");
  };
  EXPECT_NE(row("Gather local only").find("BDD_Gather"), std::string::npos) << out;
  EXPECT_NE(row("Gather local only").find("not runnable here"), std::string::npos) << out;
  EXPECT_NE(row("Gather local only").find("MDT action"), std::string::npos) << out;
  EXPECT_NE(row("Check BIOS").find("(no type)"), std::string::npos) << out;
  EXPECT_NE(row("Laptop power plan").find("cannot evaluate here"), std::string::npos) << out;
  EXPECT_NE(row("Laptop power plan").find("WMI query \"SELECT * FROM Win32_Battery\""),
            std::string::npos)
      << out;
  EXPECT_NE(row("Branch label").find("registry value"), std::string::npos) << out;
  EXPECT_NE(row("Label the HQ build").find("would run"), std::string::npos) << out;
  EXPECT_NE(row("Note the Contoso agent").find("condition false: folder"), std::string::npos)
      << out;
  EXPECT_TRUE(test::has_line_containing(result.err, "(BDD_InstallOS) skipped, not runnable here"))
      << result.err;
}

TEST_F(SequenceCliMdt, StrictRefusesWithExit3ListingEveryProblem) {
  const std::string name = "mdt-kms-reference.xml";
  const auto result = test::run_kmsprep({"sequence", fixture(name).string(), "--strict"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  const std::vector<std::string> problems = {
      "type=\"BDD_Gather\"",
      "type=\"BDD_Validate\"",
      "<step name=\"Check BIOS\"",
      "type=\"BDD_InstallOS\"",
      "type=\"SMS_TaskSequence_RunCommandLineAction\"",
      "type=\"SMS_TaskSequence_SetVariableAction\"",
      "type=\"SMS_TaskSequence_WMIConditionExpression\"",
      "type=\"SMS_TaskSequence_RegistryConditionExpression\"",
      "type=\"BDD_Sysprep\""};
  EXPECT_NE(result.err.find(std::to_string(problems.size()) + " problems in "), std::string::npos)
      << result.err;
  for (const auto& problem : problems) {
    const std::string where = name + ":" + std::to_string(line_of(name, problem)) + "]";
    EXPECT_NE(result.err.find(where), std::string::npos) << problem << " " << where << "\n"
                                                         << result.err;
  }
}

TEST_F(SequenceCliMdt, ReportsAllThreeProblemsOfAFileWithTheirLines) {
  const std::string name = "three-problems.xml";
  const std::string before = test::read_bytes(fixture(name));
  const auto result = test::run_kmsprep({"sequence", fixture(name).string(), "--dry-run"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("E809"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("3 problems in "), std::string::npos) << result.err;
  for (const std::string& text : {std::string("disable=\"yes\""), std::string("<expression type="),
                                  std::string("type=\"instal-key\"")}) {
    const std::string where = name + ":" + std::to_string(line_of(name, text)) + "]";
    EXPECT_NE(result.err.find(where), std::string::npos) << where << "\n" << result.err;
  }
  EXPECT_NE(result.err.find("\"isOneOf\""), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("\"instal-key\""), std::string::npos) << result.err;
  EXPECT_EQ(test::read_bytes(fixture(name)), before);
}

TEST_F(SequenceCliMdt, VarOverridesAGlobalOfTheSequence) {
  const auto result =
      test::run_kmsprep({"sequence", fixture("mdt-kms-reference.xml").string(), "--var",
                         "ImagePath=" + image_.string(), "--var", "BuildSite=Branch", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto document = nlohmann::json::parse(result.out);
  EXPECT_EQ(step_named(document, "Label the HQ build")["state"], "skipped (condition)");
}

}  // namespace
}  // namespace kmsprep
