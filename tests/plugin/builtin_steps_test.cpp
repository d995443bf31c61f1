#include "plugin/builtin_steps.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "plugin/step_host.hpp"
#include "tests/plugin/plugin_test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

class BuiltinSteps : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy(test::source_dir() / "samples" / "reference-pc", image_, fs::copy_options::recursive);
    logger_.set_verbose(true);
  }

  StepOutcome run(const std::string& type, VariableMap values) {
    Variables variables(std::move(values), [](const std::string&) -> std::optional<std::string> {
      return std::nullopt;
    });
    return run(type, variables);
  }

  StepOutcome run(const std::string& type, Variables& variables) {
    StepRun step_run;
    step_run.step = registry_.find(type);
    EXPECT_NE(step_run.step, nullptr) << type;
    return run_step(step_run, variables, logger_, {});
  }

  std::string answer_file() { return test::read_bytes(image_ / "Windows/Panther/unattend.xml"); }

  TempDir temp_;
  fs::path image_ = temp_ / "pc";
  StepRegistry registry_;
  std::ostringstream console_;
  Logger logger_{&console_};
};

TEST_F(BuiltinSteps, AllDescriptorsPassTheirOwnAbiCheck) {
  for (const kmsprep_step* step : builtin_steps()) {
    EXPECT_TRUE(check_step_descriptor(step, "built-in")) << step->name;
    EXPECT_NE(registry_.find(step->name), nullptr) << step->name;
  }
}

TEST_F(BuiltinSteps, InstallKeyTakesTheKeyFromMediaPath) {
  const StepOutcome outcome =
      run("install-key", {{"ImagePath", image_.string()},
                          {"MediaPath", (test::source_dir() / "samples" / "media").string()}});
  ASSERT_EQ(outcome.result, 0) << console_.str();
  EXPECT_NE(answer_file().find("VKK3X-68KWM-X2YGT-QR4M6-4BWMV"), std::string::npos);
  EXPECT_EQ(console_.str().find("VKK3X-68KWM"), std::string::npos) << console_.str();
}

TEST_F(BuiltinSteps, InstallKeyNeedsProductKeyOrMediaPath) {
  const std::string before = answer_file();
  const StepOutcome outcome = run("install-key", {{"ImagePath", image_.string()}});
  EXPECT_EQ(outcome.result, 807) << console_.str();
  EXPECT_EQ(answer_file(), before);
}

TEST_F(BuiltinSteps, ConfigureKmsWritesTheHostAndPort) {
  const StepOutcome outcome = run(
      "configure-kms",
      {{"ImagePath", image_.string()}, {"KMSHost", "kms-hq.corp.example"}, {"KMSPort", "1700"}});
  ASSERT_EQ(outcome.result, 0) << console_.str();
  EXPECT_NE(answer_file().find("kms-hq.corp.example:1700"), std::string::npos) << answer_file();
}

TEST_F(BuiltinSteps, ConfigureKmsSaysWhichHostItReplaced) {
  ASSERT_EQ(
      run("configure-kms", {{"ImagePath", image_.string()}, {"KMSHost", "kms-old.corp.example"}})
          .result,
      0)
      << console_.str();
  console_.str("");
  const StepOutcome outcome =
      run("configure-kms", {{"ImagePath", image_.string()}, {"KMSHost", "kms-new.corp.example"}});
  ASSERT_EQ(outcome.result, 0) << console_.str();
  const std::string log = console_.str();
  EXPECT_NE(log.find("E418"), std::string::npos) << log;
  EXPECT_NE(log.find("kms-old.corp.example"), std::string::npos) << log;
  EXPECT_NE(log.find("kms-new.corp.example"), std::string::npos) << log;
}

TEST_F(BuiltinSteps, ConfigureKmsRefusesABadPortAndChangesNothing) {
  const std::string before = answer_file();
  const StepOutcome outcome =
      run("configure-kms",
          {{"ImagePath", image_.string()}, {"KMSHost", "kms.example"}, {"KMSPort", "99999"}});
  EXPECT_EQ(outcome.result, static_cast<int32_t>(ErrorCode::usage_invalid_argument));
  EXPECT_EQ(answer_file(), before);
}

TEST_F(BuiltinSteps, GeneralizeThenCaptureSetsImagePathAndIndexOfTheWim) {
  const fs::path wim = temp_ / "reference.wim";
  Variables variables(
      {{"ImagePath", image_.string()},
       {"MediaPath", (test::source_dir() / "samples" / "media").string()},
       {"CaptureDestination", wim.string()},
       {"CaptureName", "Reference"},
       {"CheckGeneralized", "true"}},
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  ASSERT_EQ(run("install-key", variables).result, 0) << console_.str();
  ASSERT_EQ(run("generalize", variables).result, 0) << console_.str();
  ASSERT_EQ(run("capture", variables).result, 0) << console_.str();
  EXPECT_EQ(variables.get("ImagePath"), wim.string());
  EXPECT_EQ(variables.get("ImageIndex"), "1");
  EXPECT_TRUE(fs::exists(wim));
  EXPECT_NE(console_.str().find("emulated licensing state"), std::string::npos);
}

TEST_F(BuiltinSteps, TakesConfigMgrVariableNamesForKeyAndCapture) {
  const fs::path wim = temp_ / "osd.wim";
  Variables variables(
      {{"ImagePath", image_.string()},
       {"OSDProductKey", "VKK3X-68KWM-X2YGT-QR4M6-4BWMV"},
       {"OSDCaptureDestination", wim.string()},
       {"OSDImageName", "Contoso OSD reference"},
       {"OSDImageDescription", "captured through ConfigMgr names"}},
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  ASSERT_EQ(run("install-key", variables).result, 0) << console_.str();
  EXPECT_NE(answer_file().find("VKK3X-68KWM-X2YGT-QR4M6-4BWMV"), std::string::npos);
  ASSERT_EQ(run("generalize", variables).result, 0) << console_.str();
  ASSERT_EQ(run("capture", variables).result, 0) << console_.str();
  EXPECT_EQ(console_.str().find("VKK3X-68KWM"), std::string::npos) << console_.str();
  const auto info = test::run_program({"wimlib-imagex", "info", wim.string(), "1"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_TRUE(test::has_line_containing(info.out, "Contoso OSD reference")) << info.out;
  EXPECT_TRUE(test::has_line_containing(info.out, "captured through ConfigMgr names")) << info.out;
}

TEST_F(BuiltinSteps, ValidateWritesTheReportAndSetsValidateResult) {
  test::write_bytes(image_ / "Windows/Panther/unattend.xml",
                    test::read_bytes(test::source_dir() / "samples/answer/unattend.xml"));
  const fs::path report = temp_ / "report.xml";
  Variables variables(
      {{"ImagePath", image_.string()},
       {"MediaPath", (test::source_dir() / "samples" / "media").string()},
       {"KMSHost", "kms-hq.corp.example"},
       {"ValidateTopology", (test::source_dir() / "samples/topology/branch-offices.xml").string()},
       {"ValidateSite", "HQ"},
       {"ReportPath", report.string()}},
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  ASSERT_EQ(run("install-key", variables).result, 0) << console_.str();
  ASSERT_EQ(run("configure-kms", variables).result, 0) << console_.str();
  // Not generalized yet: clones would share one CMID.
  EXPECT_EQ(run("validate", variables).result, static_cast<int32_t>(ErrorCode::checks_failed))
      << console_.str();
  EXPECT_EQ(variables.get("ValidateResult"), "failed");
  ASSERT_EQ(run("generalize", variables).result, 0) << console_.str();
  EXPECT_EQ(run("validate", variables).result, 0) << console_.str();
  EXPECT_EQ(variables.get("ValidateResult"), "passed");
  EXPECT_NE(test::read_bytes(report).find("<testsuite"), std::string::npos);
}

TEST_F(BuiltinSteps, ValidateChecksSrvRecordsInADnsZoneFile) {
  const fs::path with_srv = temp_ / "with-srv.zone";
  const fs::path without_srv = temp_ / "without-srv.zone";
  const std::string head =
      "$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 600 86400 3600\n@ IN NS ns1\n"
      "ns1 IN A 192.0.2.53\nkms1 IN A 192.0.2.10\n";
  test::write_bytes(with_srv, head + "_vlmcs._tcp IN SRV 0 0 1688 kms1\n");
  test::write_bytes(without_srv, head);
  const fs::path report = temp_ / "report.json";
  Variables variables(
      {{"ImagePath", image_.string()},
       {"MediaPath", (test::source_dir() / "samples" / "media").string()},
       {"DNSDomain", "corp.example"},
       {"DNSZone", with_srv.string()},
       {"ReportPath", report.string()}},
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  ASSERT_EQ(run("install-key", variables).result, 0) << console_.str();
  ASSERT_EQ(run("generalize", variables).result, 0) << console_.str();
  EXPECT_EQ(run("validate", variables).result, 0) << console_.str() << test::read_bytes(report);
  EXPECT_NE(test::read_bytes(report).find("\"kms-host-srv-exists\""), std::string::npos);

  Variables missing({{"ImagePath", image_.string()},
                     {"DNSDomain", "corp.example"},
                     {"DNSZone", without_srv.string()},
                     {"ReportPath", report.string()}},
                    [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  EXPECT_EQ(run("validate", missing).result, static_cast<int32_t>(ErrorCode::checks_failed));
  EXPECT_NE(test::read_bytes(report).find("0x8007232B"), std::string::npos)
      << test::read_bytes(report);
}

TEST_F(BuiltinSteps, CaptureRefusesAnUngeneralizedTreeAndWritesNoWim) {
  const fs::path wim = temp_ / "reference.wim";
  Variables variables(
      {{"ImagePath", image_.string()},
       {"MediaPath", (test::source_dir() / "samples" / "media").string()},
       {"CaptureDestination", wim.string()},
       {"CaptureName", "Reference"},
       {"CheckGeneralized", "true"}},
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  ASSERT_EQ(run("install-key", variables).result, 0) << console_.str();
  const StepOutcome outcome = run("capture", variables);
  EXPECT_EQ(outcome.result, static_cast<int32_t>(ErrorCode::not_generalized)) << console_.str();
  EXPECT_FALSE(fs::exists(wim));
  EXPECT_EQ(variables.get("ImagePath"), image_.string());
}

TEST_F(BuiltinSteps, CaptureRefusesASourceThatIsNotADirectoryAndWritesNoWim) {
  const fs::path wim = temp_ / "reference.wim";
  const fs::path file = temp_ / "not-a-tree.txt";
  test::write_bytes(file, "a file, not an applied reference computer");
  Variables variables(
      {{"ImagePath", file.string()},
       {"CaptureDestination", wim.string()},
       {"CaptureName", "Reference"}},
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  const StepOutcome outcome = run("capture", variables);
  EXPECT_EQ(outcome.result, static_cast<int32_t>(ErrorCode::capture_source_not_directory))
      << console_.str();
  EXPECT_NE(console_.str().find("E310"), std::string::npos) << console_.str();
  EXPECT_FALSE(fs::exists(wim));
}

}  // namespace
}  // namespace kmsprep
