// End-to-end runs of `kmsprep validate` on the sample reference PC, built in the test the way a
// CI job builds it (install-key from the sample media, configure, generalize, capture), with a
// real dnsmasq on loopback, a TCP listener, and JUnit read back with pugixml.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <regex>

#include "tests/cli/validate_report_json.hpp"
#include "tests/plugin/plugin_test_support.hpp"
#include "tests/servicing/validate_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::failed_errors;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

void kmsprep_ok(const std::vector<std::string>& args) {
  auto result = run_kmsprep(args);
  ASSERT_EQ(result.exit_code, 0) << args[0] << ": " << result.out << result.err;
}

// samples/reference-pc with the sample media's key and `host`, generalized when asked.
fs::path build_reference(const TempDir& dir, const std::string& name, const std::string& host,
                         bool generalized) {
  const fs::path tree = dir / name;
  fs::copy(test::source_dir() / "samples/reference-pc", tree, fs::copy_options::recursive);
  const std::string media = (test::source_dir() / "samples/media").string();
  kmsprep_ok({"install-key", tree.string(), "--media", media});
  if (!host.empty()) kmsprep_ok({"configure", tree.string(), "--kms-host", host});
  if (generalized) kmsprep_ok({"generalize", tree.string()});
  return tree;
}

void capture(const fs::path& tree, const fs::path& wim, const std::string& name) {
  const bool append = fs::exists(wim);
  auto captured = run_program(
      {"wimlib-imagex", append ? "append" : "capture", tree.string(), wim.string(), name});
  ASSERT_EQ(captured.exit_code, 0) << captured.err;
  auto info = run_program({"wimlib-imagex", "info", wim.string(), name, "--image-property",
                           "WINDOWS/EDITIONID=Enterprise", "--image-property",
                           "WINDOWS/VERSION/MAJOR=6", "--image-property", "WINDOWS/VERSION/MINOR=0",
                           "--image-property", "WINDOWS/ARCH=9"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
}

const json& check(const json& report, const std::string& id) { return test::check_of(report, id); }

TEST(ValidateCli, SampleImageValidatesClean) {
  test::TcpListener listener;
  TempDir dir;
  const std::string host = "127.0.0.1:" + std::to_string(listener.port());
  const fs::path wim = dir / "install.wim";
  capture(build_reference(dir, "ref", host, true), wim, "Enterprise");
  auto result =
      run_kmsprep({"validate", wim.string(), "--media",
                   (test::source_dir() / "samples/media").string(), "--probe", "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const json report = json::parse(result.out);
  EXPECT_EQ(report["image"], wim.string());
  EXPECT_EQ(report["index"], 1);
  EXPECT_EQ(failed_errors(report), 0) << report.dump(2);
  EXPECT_EQ(check(report, "key-matches-image")["status"], "pass");
  EXPECT_EQ(check(report, "key-media-pid-gvlk")["status"], "pass");
  EXPECT_EQ(check(report, "kms-host-reachable")["status"], "pass");
  EXPECT_EQ(report["prediction"]["clones"], 25);
  EXPECT_EQ(report["prediction"]["activated"], 25);
  EXPECT_TRUE(report["prediction"]["hours_to_all_activated"].is_number());
  EXPECT_TRUE(report["prediction"]["failure"].is_null());
  EXPECT_EQ(result.out.find("VKK3X"), std::string::npos);
  EXPECT_NE(result.out.find("4BWMV"), std::string::npos);
}

TEST(ValidateCli, ImageCapturedWithoutGeneralizeFailsGeneralizationAndPrediction) {
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  capture(build_reference(dir, "ref", "kms1.corp.example", false), wim, "Enterprise");
  auto result = run_kmsprep({"validate", wim.string(), "--format", "json"});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  const json report = json::parse(result.out);
  EXPECT_EQ(check(report, "generalization-state")["status"], "fail");
  EXPECT_NE(check(report, "generalization-state")["message"].get<std::string>().find("CMID"),
            std::string::npos);
  EXPECT_EQ(check(report, "prediction-activates")["status"], "fail");
  EXPECT_EQ(report["prediction"]["failure"]["hresult"], "0xC004F038");
  EXPECT_TRUE(report["prediction"]["hours_to_all_activated"].is_null());

  auto text = run_kmsprep({"validate", wim.string()});
  EXPECT_EQ(text.exit_code, 1);
  EXPECT_NE(text.out.find("generalization-state"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("0xC004F038"), std::string::npos) << text.out;
}

TEST(ValidateCli, LogHasOneTypedCmtraceLinePerCheckInLocalTime) {
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  capture(build_reference(dir, "ref", "kms1.corp.example", false), wim, "Enterprise");
  const fs::path log = dir / "validate.log";
  auto result = run_kmsprep({"validate", wim.string(), "--format", "json", "--log", log.string()},
                            {}, {"TZ=CET-1"});  // UTC+1 all year: Windows' bias is -60
  ASSERT_EQ(result.exit_code, 1) << result.err;
  const json report = json::parse(result.out);
  std::map<std::string, int> expected_type;
  for (const auto& each : report["checks"]) {
    const bool failed = each["status"] == "fail";
    expected_type[each["id"]] = failed && each["severity"] == "error"     ? 3
                                : failed && each["severity"] == "warning" ? 2
                                                                          : 1;
  }
  const std::regex line_pattern(
      R"re(^<!\[LOG\[([a-z0-9-]+): .*\]LOG\]!><time="\d\d:\d\d:\d\d\.\d\d\d-060" )re"
      R"re(date="\d\d-\d\d-\d{4}" component="validate" context="" type="([123])" )re");
  std::map<std::string, int> logged_type;
  bool verdict = false;
  for (const auto& line : test::lines_of(test::read_bytes(log))) {
    std::smatch match;
    if (std::regex_search(line, match, line_pattern) && expected_type.count(match[1])) {
      logged_type[match[1]] = std::stoi(match[2]);
    }
    if (line.find(": failed; verdict: ") != std::string::npos) {
      verdict = true;
      EXPECT_NE(line.find("type=\"3\""), std::string::npos) << line;
      EXPECT_NE(line.find("-060\""), std::string::npos) << line;
    }
  }
  EXPECT_EQ(logged_type, expected_type);
  EXPECT_EQ(expected_type["generalization-state"], 3);
  EXPECT_TRUE(verdict);
}

TEST(ValidateCli, ValidatesEveryIndexIntoJsonAndJunit) {
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  capture(build_reference(dir, "good", "kms1.corp.example", true), wim, "Generalized");
  capture(build_reference(dir, "bad", "kms1.corp.example", false), wim, "Raw");
  auto result = run_kmsprep({"validate", wim.string(), "--all-indexes", "--format", "json"});
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;
  const json reports = json::parse(result.out);
  ASSERT_TRUE(reports.is_array());
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0]["index"], 1);
  EXPECT_EQ(failed_errors(reports[0]), 0) << reports[0].dump(2);
  EXPECT_EQ(reports[1]["index"], 2);
  EXPECT_EQ(check(reports[1], "generalization-state")["status"], "fail");

  const fs::path junit = dir / "report.xml";
  auto written = run_kmsprep(
      {"validate", wim.string(), "--all-indexes", "--format", "junit", "--output", junit.string()});
  EXPECT_EQ(written.exit_code, 1);
  EXPECT_NE(written.out.find("generalization-state"), std::string::npos);  // text on stdout
  // Real output against the Jenkins xUnit JUnit 10 schema (docs/schema/junit-10.xsd).
  const auto schema_check =
      run_program({"xmllint", "--noout", "--schema",
                   (test::source_dir() / "docs/schema/junit-10.xsd").string(), junit.string()});
  EXPECT_EQ(schema_check.exit_code, 0) << schema_check.err;
  pugi::xml_document document;
  ASSERT_TRUE(document.load_file(junit.c_str()));
  int suites = 0;
  for (const auto& suite : document.child("testsuites").children("testsuite")) {
    ++suites;
    int tests = 0;
    int failures = 0;
    int skipped = 0;
    for (const auto& testcase : suite.children("testcase")) {
      ++tests;
      EXPECT_TRUE(testcase.attribute("classname"));
      EXPECT_TRUE(testcase.attribute("name"));
      if (auto failure = testcase.child("failure")) {
        ++failures;
        EXPECT_NE(std::string(failure.text().get()).find(failure.attribute("message").value()),
                  std::string::npos);
      }
      skipped += testcase.child("skipped") ? 1 : 0;
    }
    EXPECT_TRUE(suite.attribute("time"));
    EXPECT_EQ(suite.attribute("tests").as_int(), tests);
    EXPECT_EQ(suite.attribute("failures").as_int(), failures);
    EXPECT_EQ(suite.attribute("skipped").as_int(), skipped);
    EXPECT_EQ(suite.attribute("errors").as_int(), 0);
    EXPECT_EQ(failures > 0, suites == 2) << suite.attribute("name").value();
  }
  EXPECT_EQ(suites, 2);
}

TEST(ValidateCli, FailOnWarningTurnsWarningsIntoExitOne) {
  TempDir dir;
  const fs::path tree = build_reference(dir, "ref", "kms1.corp.example", true);
  // SkipRearm=1 left in the answer file after the final generalize: a warning.
  kmsprep_ok({"configure", tree.string(), "--skip-rearm", "1"});
  auto lenient = run_kmsprep({"validate", tree.string(), "--format", "json"});
  ASSERT_EQ(lenient.exit_code, 0) << lenient.out << lenient.err;
  EXPECT_EQ(check(json::parse(lenient.out), "generalization-skip-rearm-set")["status"], "fail");
  auto strict = run_kmsprep({"validate", tree.string(), "--fail-on", "warning"});
  EXPECT_EQ(strict.exit_code, 1) << strict.out << strict.err;
}

TEST(ValidateCli, ChecksDnsDiscoveryAgainstDnsmasqAndAZoneFile) {
  test::DnsmasqServer server;
  ASSERT_TRUE(server.running());
  TempDir dir;
  const fs::path tree = build_reference(dir, "ref", "", true);
  auto found = run_kmsprep({"validate", tree.string(), "--dns-server", server.address(), "--domain",
                            "corp.example", "--format", "json"});
  ASSERT_EQ(found.exit_code, 0) << found.out << found.err;
  EXPECT_EQ(check(json::parse(found.out), "kms-host-srv-exists")["status"], "pass");

  auto missing = run_kmsprep({"validate", tree.string(), "--dns-server", server.address(),
                              "--domain", "branch.corp.example", "--format", "json"});
  ASSERT_EQ(missing.exit_code, 1) << missing.out << missing.err;
  EXPECT_NE(
      check(json::parse(missing.out), "kms-host-srv-exists")["message"].get<std::string>().find(
          "0x8007232B"),
      std::string::npos);

  auto usage = run_kmsprep({"validate", tree.string(), "--dns-server", server.address()});
  EXPECT_EQ(usage.exit_code, 2) << usage.out << usage.err;

  write_bytes(dir / "corp.zone", test::corp_example_zone());
  auto zone = run_kmsprep({"validate", tree.string(), "--dns-zone", (dir / "corp.zone").string(),
                           "--domain", "corp.example", "--format", "json"});
  ASSERT_EQ(zone.exit_code, 0) << zone.out << zone.err;
  EXPECT_EQ(check(json::parse(zone.out), "kms-host-srv-target")["status"], "pass");
}

TEST(ValidateCli, ExitsThreeOnUnreadableInputAndTwoOnUsageErrors) {
  TempDir dir;
  // Each refusal is checked for its reason and location too: an exit code alone could come
  // from an unrelated failure.
  const auto expect_refused = [](const test::ProgramResult& result, int exit_code,
                                 const std::vector<std::string>& message_parts) {
    EXPECT_EQ(result.exit_code, exit_code) << result.err;
    for (const std::string& part : message_parts) {
      EXPECT_NE(result.err.find(part), std::string::npos) << part << "\n" << result.err;
    }
  };
  const fs::path missing = dir / "missing.wim";
  expect_refused(run_kmsprep({"validate", missing.string()}), 3,
                 {"E200 file not found", missing.string()});
  const fs::path tree = build_reference(dir, "ref", "kms1.corp.example", true);
  write_bytes(dir / "bad.zone", "kms1 IN A 300.1.2.3\n");
  expect_refused(run_kmsprep({"validate", tree.string(), "--dns-zone", (dir / "bad.zone").string(),
                              "--domain", "corp.example"}),
                 3, {"E201", "the zone file cannot be parsed", (dir / "bad.zone").string() + ":1"});
  expect_refused(run_kmsprep({"validate", tree.string(), "--format", "yaml"}), 2,
                 {"E100", "--format \"yaml\""});
  expect_refused(run_kmsprep({"validate", tree.string(), "--index", "2", "--all-indexes"}), 2,
                 {"E102", "--index N or --all-indexes"});
  expect_refused(
      run_kmsprep({"validate", tree.string(), "--topology",
                   (test::source_dir() / "samples/topology/branch-offices.xml").string()}),
      2, {"E101", "--topology and --site go together"});
  const fs::path discovery = build_reference(dir, "discovery", "", true);
  auto site = run_kmsprep({"validate", discovery.string(), "--topology",
                           (test::source_dir() / "samples/topology/branch-offices.xml").string(),
                           "--site", "HQ", "--clones", "10", "--format", "json"});
  EXPECT_EQ(site.exit_code, 0) << site.out << site.err;
}

}  // namespace
}  // namespace kmsprep

namespace kmsprep {
namespace {

TEST(ValidateCli, SampleCiScriptBuildsAndValidatesEachVariant) {
  for (const std::string variant : {"kms-host", "dns"}) {
    TempDir dir;
    const fs::path out = dir / variant;
    auto result = run_program({"sh", (test::source_dir() / "samples/ci/validate-image.sh").string(),
                               variant, out.string()},
                              {}, {std::string("KMSPREP=") + KMSPREP_BINARY});
    ASSERT_EQ(result.exit_code, 0) << variant << "\n" << result.out << result.err;
    pugi::xml_document document;
    ASSERT_TRUE(document.load_file((out / "validate-junit.xml").c_str()));
    const auto suite = document.child("testsuites").child("testsuite");
    EXPECT_EQ(suite.attribute("failures").as_int(), 0) << variant;
    EXPECT_GT(suite.attribute("tests").as_int(), 15) << variant;
    const auto srv = suite.find_child_by_attribute("testcase", "name", "kms-host-srv-target");
    EXPECT_TRUE(srv && !srv.child("skipped") && !srv.child("failure")) << variant;
  }
}

}  // namespace
}  // namespace kmsprep
