// Hostile XML exports end to end: exit 3 naming the event, before any entity is expanded, and the
// input left as it was. (The billion-laughs file at the start of an export, cut events and CSV
// damage are in tests/cli/report_cli_test.cpp.)
#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

std::string wevtutil_xml() {
  return test::read_bytes(test::source_dir() / "tests/data/events/kms01-wevtutil.xml");
}

size_t nth_event(const std::string& xml, int n) {
  size_t at = std::string::npos;
  for (int i = 0; i < n; ++i) at = xml.find("<Event ", at + 1);
  return at;
}

void expect_refused(const std::string& bytes, const std::string& names) {
  test::TempDir dir;
  test::write_bytes(dir / "kms.xml", bytes);
  const auto result = test::run_kmsprep({"report", (dir / "kms.xml").string()});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("E401"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find(names), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(test::read_bytes(dir / "kms.xml"), bytes);
}

const char* const kLaughs =
    "<!DOCTYPE Events [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d "
    "\"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>";

TEST(HostileExport, AnEntityBombBetweenEventsNamesTheEventItPrecedes) {
  std::string xml = wevtutil_xml();
  xml.insert(nth_event(xml, 3), kLaughs);
  expect_refused(xml, "event 3");
}

TEST(HostileExport, AnEntityDeclaredInsideAnEventNamesThatEvent) {
  std::string xml = wevtutil_xml();
  const size_t second = nth_event(xml, 2);
  xml.insert(xml.find("<EventData>", second), "<!ENTITY lol \"lol\">");
  xml.replace(xml.find("pc-002.corp.example", second), 19, "&lol;");
  expect_refused(xml, "event 2");
}

}  // namespace
}  // namespace kmsprep
