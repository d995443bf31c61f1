// The EVTX path: a file built from the published format (tests/events/evtx_test_file.hpp)
// read back through libevtx, cross-checked with evtxexport (libevtx-utils), and truncated.
#include <gtest/gtest.h>

#include "events/event_export.hpp"
#include "events/kms_report.hpp"
#include "tests/events/evtx_test_file.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

std::vector<test::EvtxTestEvent> kms01_events() {
  auto host = [](const std::string& time, std::vector<std::string> data) {
    data.insert(data.begin(), "2");  // the undocumented first item Windows 7+ writes
    return test::EvtxTestEvent{12290, time, "kms01.corp.example", data};
  };
  const std::string act = "73111121-5638-40f6-bc11-f1d7b0d64300";
  return {
      host("2026-11-29T11:30:00.0000000Z",
           {"0x0", "25", "clone-a.corp.example", "7d0b4e8f-2c6e-4a12-8f3b-1234567890ab",
            "2026/11/29 11:30", "1", "2", "43000", act}),
      host("2026-11-29T11:45:00.0000000Z",
           {"0x0", "25", "clone-b.corp.example", "7d0b4e8f-2c6e-4a12-8f3b-1234567890ab",
            "2026/11/29 11:45", "1", "2", "42990", act}),
      host("2026-11-30T12:00:00.0000000Z",
           {"0x0", "25", "pc-001.corp.example", "5c9a2f0e-1b7d-4f43-9d0e-0a1b2c3d4e01",
            "2026/11/30 12:00", "0", "1", "259000", act}),
  };
}

Result<KmsReport> report_of(const std::string& path) {
  KmsReportBuilder builder;
  uint64_t other = 0;
  auto read = read_event_export(
      path, [&](const KmsEvent& event) { return builder.add(event, ""); }, other);
  if (!read) return read.error();
  EXPECT_EQ(*read, EventExportFormat::evtx);
  return builder.finish();
}

TEST(EvtxReader, ReadsRecordsBuiltFromTheFormatSpecification) {
  test::TempDir dir;
  test::write_bytes(dir / "kms01.evtx", test::EvtxWriter::build(kms01_events()));
  auto report = report_of((dir / "kms01.evtx").string());
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ(report->host_events, 3u);
  ASSERT_EQ(report->hosts.size(), 1u);
  EXPECT_EQ(report->hosts[0].name, "kms01.corp.example");
  EXPECT_EQ(report->hosts[0].count, 2);  // the clones' shared CMID and pc-001
  ASSERT_EQ(report->duplicates.size(), 1u);
  EXPECT_EQ(report->duplicates[0].machines, 2u);
}

TEST(EvtxReader, EvtxexportReadsTheSameFile) {
  ASSERT_TRUE(test::program_exists("/usr/bin/evtxexport"));
  test::TempDir dir;
  test::write_bytes(dir / "kms01.evtx", test::EvtxWriter::build(kms01_events()));
  const auto exported =
      test::run_program({"/usr/bin/evtxexport", "-f", "xml", (dir / "kms01.evtx").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("<Computer>kms01.corp.example</Computer>"), std::string::npos)
      << exported.out;
  EXPECT_NE(exported.out.find("<Data>clone-b.corp.example</Data>"), std::string::npos);
  EXPECT_NE(exported.out.find("<EventID>12290</EventID>"), std::string::npos);
}

TEST(EvtxReader, TruncatedFileIsRefusedNamingTheRecord) {
  test::TempDir dir;
  const std::string whole = test::EvtxWriter::build(kms01_events());
  for (size_t length : {size_t{100}, size_t{4096 + 600}, whole.size() - 60000}) {
    SCOPED_TRACE(length);
    test::write_bytes(dir / "cut.evtx", whole.substr(0, length));
    const auto result = test::run_kmsprep({"report", (dir / "cut.evtx").string()});
    EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
    EXPECT_NE(result.err.find("E1201"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("cut.evtx"), std::string::npos) << result.err;
  }
  // A flipped byte in a record fails the chunk's CRC32.
  std::string flipped = whole;
  flipped[4096 + 700] ^= 0x20;
  test::write_bytes(dir / "flipped.evtx", flipped);
  const auto result = test::run_kmsprep({"report", (dir / "flipped.evtx").string()});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("record"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace kmsprep
