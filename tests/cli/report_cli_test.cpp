// kmsprep report end to end: the formats, hostile exports (exit 3 naming the record, input
// untouched), and simulate --from-report starting from what the report observed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

using nlohmann::json;
using test::run_kmsprep;

std::string fixture(const std::string& name) {
  return (test::source_dir() / "tests/data/events" / name).string();
}

TEST(ReportCli, TextNamesTheDuplicateCmidAndTheRefusal) {
  const auto result = run_kmsprep({"report", fixture("kms01-wevtutil.xml")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Host kms01.corp.example: count 3"), std::string::npos) << result.out;
  EXPECT_NE(
      result.out.find("7d0b4e8f-2c6e-4a12-8f3b-1234567890ab on kms01.corp.example: 2 machines"),
      std::string::npos);
  EXPECT_NE(result.out.find("refused 0xC004F042 x1"), std::string::npos);
}

TEST(ReportCli, JunitHasOneFailedCasePerDuplicateCmid) {
  const auto result = run_kmsprep({"report", fixture("kms01-export.csv"), "--format", "junit"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  pugi::xml_document document;
  ASSERT_TRUE(document.load_string(result.out.c_str()));
  int duplicate_failures = 0;
  for (const auto& testcase : document.select_nodes("//testcase")) {
    const std::string name = testcase.node().attribute("name").value();
    if (name.rfind("duplicate-cmid-", 0) == 0) {
      EXPECT_TRUE(testcase.node().child("failure")) << name;
      ++duplicate_failures;
    }
  }
  EXPECT_EQ(duplicate_failures, 1);
  const auto schema = run_kmsprep({"report", fixture("kms01-export.csv"), "--format", "junit",
                                   "--output", (test::build_dir() / "report-junit.xml").string()});
  ASSERT_EQ(schema.exit_code, 0);
  const auto lint = test::run_program({"xmllint", "--noout", "--schema",
                                       (test::source_dir() / "docs/schema/junit-10.xsd").string(),
                                       (test::build_dir() / "report-junit.xml").string()});
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
}

TEST(ReportCli, CsvAndCmtraceForms) {
  const auto csv = run_kmsprep({"report", fixture("kms01-eventviewer.csv"), "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')),
            "host,product_group,n_policy,count,threshold_met,distinct_cmids_30_days,clients,"
            "requests,refused,"
            "duplicate_cmids,near_expiry");
  EXPECT_NE(csv.out.find("kms01-eventviewer,client (N-policy 25),25,3,false,3,3,5,0,1,0\n"),
            std::string::npos)
      << csv.out;
  const auto cmtrace =
      run_kmsprep({"report", fixture("kms01-wevtutil.xml"), "--format", "cmtrace"}, {}, {"TZ=UTC"});
  ASSERT_EQ(cmtrace.exit_code, 0) << cmtrace.err;
  EXPECT_NE(cmtrace.out.find(
                "<![LOG[kms01.corp.example: duplicate-cmid-7d0b4e8f-2c6e-4a12-8f3b-1234567890ab: "),
            std::string::npos)
      << cmtrace.out;
  EXPECT_NE(cmtrace.out.find("date=\"11-30-2026\" component=\"report\" context=\"\" type=\"3\""),
            std::string::npos);
}

void expect_refused(const std::string& bytes, const std::string& name, int code,
                    const std::string& names) {
  SCOPED_TRACE(name);
  test::TempDir dir;
  test::write_bytes(dir / name, bytes);
  const auto result = run_kmsprep({"report", (dir / name).string()});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("E" + std::to_string(code)), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(names), std::string::npos) << result.err;
  EXPECT_EQ(test::read_bytes(dir / name), bytes);  // never written
}

TEST(ReportCli, HostileExportsExitThreeNamingTheRecord) {
  const std::string xml = test::read_bytes(fixture("kms01-wevtutil.xml"));
  // Billion laughs: refused before any entity could be expanded.
  expect_refused(
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
      "\"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>" +
          xml,
      "bomb.xml", 401, "DOCTYPE");
  // Cut inside the fourth event.
  const size_t fourth = xml.find(
      "<Event ", xml.find("<Event ", xml.find("<Event ", xml.find("<Event ") + 1) + 1) + 1);
  expect_refused(xml.substr(0, fourth + 200), "cut.xml", 400, "event 4 is cut off");
  // A record whose CMID is not a GUID.
  std::string bad_cmid = xml;
  bad_cmid.replace(bad_cmid.find("5c9a2f0e-1b7d"), 13, "not-a-cmid-ok");
  expect_refused(bad_cmid, "cmid.xml", 1202, "event 1 (byte 0)");
  const std::string csv = test::read_bytes(fixture("kms01-eventviewer.csv"));
  // An extra field on line 3.
  std::string extra = csv;
  extra.insert(extra.find("\r\nInformation", extra.find("\r\nInformation") + 1), ",surplus");
  expect_refused(extra, "extra.csv", 1204, "extra.csv:");
  expect_refused(
      "Level,Date and Time,Source,Event ID,Task Category\r\nInformation,13/45/2026 9:00:00 AM,"
      "Security-SPP,12290,None,\"x\r\nInfo:\r\n0x0, 25, a, b\"\r\n",
      "date.csv", 1202, "date.csv:2");
  expect_refused("Level,Date and Time,Source,Event ID,Task Category\r\nInformation,\"unclosed",
                 "quote.csv", 1204, "not closed");
  expect_refused(std::string("ElfFile\0", 8) + std::string(4000, '\x5a'), "garbage.evtx", 1201,
                 "garbage.evtx");
  expect_refused("PK\x03\x04 not an export", "zip.csv", 1200, "zip.csv");
}

TEST(ReportCli, SimulateStartsFromTheObservedState) {
  test::TempDir dir;
  const auto report = run_kmsprep({"report", fixture("kms01-wevtutil.xml"), "--json", "--output",
                                   (dir / "report.json").string()});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  // Observed: pc-001, pc-002, two clones sharing one CMID, srv-01 in grace. Ten more machines.
  const auto simulated = run_kmsprep({"simulate", "--from-report", (dir / "report.json").string(),
                                      "--add-clones", "10", "--days", "5", "--json"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const json document = json::parse(simulated.out);
  ASSERT_EQ(document["sites"].size(), 1u);
  EXPECT_EQ(document["sites"][0]["clients"], 5 + 10);
  // 2 + 1 (the shared CMID) + 1 + 10 distinct CMIDs: 14, below 25: no client activates.
  EXPECT_EQ(document["hosts"][0]["count"], 14);
  EXPECT_EQ(document["sites"][0]["activated"], 1);  // srv-01 needs 5 only
  // The same ten as clones of the non-generalized image add nothing to the count.
  const auto clones = run_kmsprep(
      {"simulate", "--from-report", (dir / "report.json").string(), "--add-clones", "10",
       "--clone-of", "7d0b4e8f-2c6e-4a12-8f3b-1234567890ab", "--days", "5", "--json"});
  ASSERT_EQ(clones.exit_code, 0) << clones.err;
  EXPECT_EQ(json::parse(clones.out)["hosts"][0]["count"], 4);
  test::write_bytes(dir / "not-a-report.json", "{\"days\": 3}");
  EXPECT_EQ(
      run_kmsprep({"simulate", "--from-report", (dir / "not-a-report.json").string()}).exit_code,
      3);
}

}  // namespace
}  // namespace kmsprep
