#include "servicing/validate_report.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

namespace kmsprep {
namespace {

ValidationReport sample_report(int index) {
  ValidationReport report;
  report.image = "install.wim";
  report.index = index;
  report.description = "install.wim index " + std::to_string(index);
  report.seconds = 0.25;
  report.checks = {
      {"key-installed-gvlk", "key", Severity::error, CheckStatus::pass,
       "the answer file's key *****-*****-*****-*****-4BWMV is the GVLK of Windows Vista "
       "Enterprise",
       std::string("Windows/Panther/unattend.xml:12")},
      {"generalization-state", "generalization", Severity::error, CheckStatus::fail,
       "never generalized: every clone keeps CMID {1234} & <shares> \"it\"", std::nullopt},
      {"generalization-skip-rearm-set", "generalization", Severity::warning, CheckStatus::fail,
       "SkipRearm=1 is still set", std::string("Windows/Panther/unattend.xml:30")},
      {"key-media-pid-ignored", "key", Severity::info, CheckStatus::fail, "Setup ignores pid.txt",
       std::nullopt},
      {"kms-host-reachable", "kms-host", Severity::error, CheckStatus::skip, "no --probe given",
       std::nullopt},
  };
  report.prediction.clones = 25;
  report.prediction.activated = 0;
  report.prediction.failure = 0xC004F038;
  report.prediction.reason = "25 of 25 clones not activated: the clones share one CMID";
  return report;
}

TEST(ValidateReport, WritesTheStableJsonFields) {
  const auto json = nlohmann::json::parse(validation_json({sample_report(1)}, false));
  EXPECT_EQ(json["image"], "install.wim");
  EXPECT_EQ(json["index"], 1);
  ASSERT_EQ(json["checks"].size(), 5u);
  for (const auto& check : json["checks"]) {
    EXPECT_TRUE(check["id"].is_string());
    EXPECT_TRUE(check["severity"] == "error" || check["severity"] == "warning" ||
                check["severity"] == "info");
    EXPECT_TRUE(check["status"] == "pass" || check["status"] == "fail" ||
                check["status"] == "skip");
    EXPECT_FALSE(check["message"].get<std::string>().empty());
    EXPECT_TRUE(check["location"].is_string() || check["location"].is_null());
  }
  EXPECT_EQ(json["checks"][0]["location"], "Windows/Panther/unattend.xml:12");
  EXPECT_TRUE(json["checks"][1]["location"].is_null());
  EXPECT_EQ(json["prediction"]["clones"], 25);
  EXPECT_EQ(json["prediction"]["activated"], 0);
  EXPECT_TRUE(json["prediction"]["hours_to_all_activated"].is_null());
  EXPECT_EQ(json["prediction"]["failure"]["hresult"], "0xC004F038");
  EXPECT_FALSE(json["prediction"]["failure"]["reason"].get<std::string>().empty());
}

TEST(ValidateReport, WritesAnArrayForAllIndexes) {
  const auto json =
      nlohmann::json::parse(validation_json({sample_report(1), sample_report(2)}, true));
  ASSERT_TRUE(json.is_array());
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[1]["index"], 2);
  ValidationReport activated = sample_report(1);
  activated.prediction.failure.reset();
  activated.prediction.hours_to_all_activated = 2.5;
  const auto single = nlohmann::json::parse(validation_json({activated}, true));
  ASSERT_TRUE(single.is_array());
  EXPECT_EQ(single[0]["prediction"]["hours_to_all_activated"], 2.5);
  EXPECT_TRUE(single[0]["prediction"]["failure"].is_null());
}

TEST(ValidateReport, WritesJunitWithConsistentCounts) {
  const std::string xml = validation_junit({sample_report(1), sample_report(2)});
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(xml.c_str())) << xml;
  const auto suites = document.child("testsuites");
  ASSERT_TRUE(suites);
  int suite_count = 0;
  int total_tests = 0;
  for (const auto& suite : suites.children("testsuite")) {
    ++suite_count;
    for (const char* attribute : {"name", "tests", "failures", "errors", "skipped", "time"}) {
      EXPECT_TRUE(suite.attribute(attribute)) << attribute;
    }
    int tests = 0;
    int failures = 0;
    int skipped = 0;
    for (const auto& testcase : suite.children("testcase")) {
      ++tests;
      EXPECT_FALSE(std::string(testcase.attribute("classname").value()).empty());
      EXPECT_FALSE(std::string(testcase.attribute("name").value()).empty());
      if (const auto failure = testcase.child("failure")) {
        ++failures;
        const std::string message = failure.attribute("message").value();
        EXPECT_FALSE(message.empty());
        EXPECT_NE(std::string(failure.text().get()).find(message), std::string::npos);
      }
      if (testcase.child("skipped")) ++skipped;
    }
    EXPECT_EQ(suite.attribute("tests").as_int(), tests);
    EXPECT_EQ(suite.attribute("failures").as_int(), failures);
    EXPECT_EQ(suite.attribute("skipped").as_int(), skipped);
    EXPECT_EQ(suite.attribute("errors").as_int(), 0);
    EXPECT_EQ(tests, 5);
    EXPECT_EQ(failures, 1);  // the error; the warning and the info pass at --fail-on error
    EXPECT_EQ(skipped, 1);
    total_tests += tests;
  }
  EXPECT_EQ(suite_count, 2);
  EXPECT_EQ(suites.attribute("tests").as_int(), total_tests);
  EXPECT_STREQ(suites.child("testsuite").attribute("name").value(), "install.wim index 1");
  const auto failure =
      suites.child("testsuite").find_child_by_attribute("testcase", "name", "generalization-state");
  EXPECT_STREQ(failure.child("failure").attribute("message").value(),
               "never generalized: every clone keeps CMID {1234} & <shares> \"it\"");
  EXPECT_STREQ(failure.attribute("classname").value(), "kmsprep.validate.generalization");
}

TEST(ValidateReport, CountsWarningsAsJunitFailuresAtFailOnWarning) {
  pugi::xml_document document;
  ASSERT_TRUE(
      document.load_string(validation_junit({sample_report(1)}, Severity::warning).c_str()));
  EXPECT_EQ(document.child("testsuites").child("testsuite").attribute("failures").as_int(), 2);
}

TEST(ValidateReport, WritesATextTableWithThePrediction) {
  const std::string text = validation_text({sample_report(1)});
  EXPECT_NE(text.find("install.wim index 1"), std::string::npos);
  EXPECT_NE(text.find("fail   error    generalization-state"), std::string::npos) << text;
  EXPECT_NE(text.find("0xC004F038"), std::string::npos);
  EXPECT_NE(text.find("1 error(s), 1 warning(s)"), std::string::npos) << text;
}

}  // namespace
}  // namespace kmsprep
