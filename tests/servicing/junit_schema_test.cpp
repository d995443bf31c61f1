// The JUnit report against docs/schema/junit-10.xsd (the Jenkins xUnit "JUnit 10" definition),
// checked by libxml2's xmllint as CI tools check it, plus the fields GitLab and Jenkins show.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "servicing/validate_report.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

ValidationReport report_with_every_outcome(int index) {
  ValidationReport report;
  report.image = "install.wim";
  report.index = index;
  report.description = "install.wim index " + std::to_string(index) + " (Windows 7 Enterprise)";
  report.seconds = 1.5;
  report.checks = {
      {"key-installed-gvlk", "key", Severity::error, CheckStatus::pass, "the key is a GVLK",
       std::string("Windows/Panther/unattend.xml:12")},
      {"generalization-state", "generalization", Severity::error, CheckStatus::fail,
       "never generalized: <CMID> & \"clones\" share it", std::nullopt},
      {"generalization-skip-rearm-set", "generalization", Severity::warning, CheckStatus::fail,
       "SkipRearm=1 is still set", std::string("Windows/Panther/unattend.xml:30")},
      {"kms-host-reachable", "kms-host", Severity::error, CheckStatus::skip, "no --probe given",
       std::nullopt},
  };
  report.prediction.clones = 25;
  report.prediction.reason = "the clones share one CMID";
  return report;
}

// xmllint's verdict on `xml`: exit code 0 and "validates" when the schema accepts it.
test::ProgramResult validate_against_schema(const std::string& xml) {
  test::TempDir dir;
  const fs::path report = dir / "report.xml";
  test::write_bytes(report, xml);
  const fs::path schema = test::source_dir() / "docs/schema/junit-10.xsd";
  return test::run_program({"xmllint", "--noout", "--schema", schema.string(), report.string()});
}

TEST(JunitSchema, XmllintIsInstalled) {
  ASSERT_TRUE(test::program_exists("xmllint")) << "run scripts/install-deps (libxml2-utils)";
}

TEST(JunitSchema, ReportValidatesAtEachFailOnLevel) {
  const std::vector<ValidationReport> reports = {report_with_every_outcome(1),
                                                 report_with_every_outcome(2)};
  for (Severity fail_on : {Severity::error, Severity::warning}) {
    const auto result = validate_against_schema(validation_junit(reports, fail_on));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.err.find("validates"), std::string::npos) << result.err;
  }
}

TEST(JunitSchema, RejectsSkippedOnTestsuitesAndFileOnTestcase) {
  // The two attributes earlier kmsprep reports carried: the schema must refuse each, or the
  // test above would prove nothing.
  const auto skipped = validate_against_schema(
      R"(<testsuites name="kmsprep validate" tests="1" failures="0" errors="0" skipped="0">)"
      R"(<testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c"/></testsuite>)"
      "</testsuites>");
  EXPECT_NE(skipped.exit_code, 0);
  EXPECT_NE(skipped.err.find("skipped"), std::string::npos) << skipped.err;
  const auto file = validate_against_schema(
      R"(<testsuites><testsuite name="s" tests="1" failures="0" errors="0">)"
      R"(<testcase name="c" file="Windows/Panther/unattend.xml:12"/></testsuite></testsuites>)");
  EXPECT_NE(file.exit_code, 0);
  EXPECT_NE(file.err.find("file"), std::string::npos) << file.err;
}

TEST(JunitSchema, EveryCaseCarriesWhatCiToolsShow) {
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(validation_junit({report_with_every_outcome(1)}).c_str()));
  const auto suite = document.child("testsuites").child("testsuite");
  for (const auto& testcase : suite.children("testcase")) {
    const std::string name = testcase.attribute("name").value();
    EXPECT_STREQ(testcase.attribute("time").value(), "0") << name;
    EXPECT_FALSE(std::string(testcase.attribute("classname").value()).empty()) << name;
    EXPECT_TRUE(testcase.child("system-out")) << name;
  }
  const auto failed = suite.find_child_by_attribute("testcase", "name", "generalization-state");
  EXPECT_STREQ(failed.child("failure").attribute("type").value(), "error");
  EXPECT_STREQ(failed.child("failure").attribute("message").value(),
               "never generalized: <CMID> & \"clones\" share it");
  // The location moved from the refused "file" attribute into the detail text.
  const auto warned =
      suite.find_child_by_attribute("testcase", "name", "generalization-skip-rearm-set");
  EXPECT_FALSE(warned.child("failure"));  // a warning passes at --fail-on error
  EXPECT_STREQ(
      warned.child("system-out").text().get(),
      "fail (warning): SkipRearm=1 is still set\nlocation: Windows/Panther/unattend.xml:30");
}

}  // namespace
}  // namespace kmsprep
