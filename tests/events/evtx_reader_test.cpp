// The EVTX path: a file built from the published format as Windows writes it (template
// definitions and instances; tests/events/evtx_test_file.hpp) read back through libevtx,
// cross-checked with evtxexport (libevtx-utils), truncated, and with a template missing.
#include <gtest/gtest.h>

#include "events/event_export.hpp"
#include "events/kms_report.hpp"
#include "tests/events/evtx_test_file.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

// kms01: two clones sharing a CMID and pc-001; kms02 (its own template in the same chunk): a
// server refused with 0xC004F038, which still counts.
std::vector<test::EvtxTestEvent> kms_events() {
  auto host = [](const std::string& computer, const std::string& time,
                 std::vector<std::string> data) {
    data.insert(data.begin(), "2");  // the undocumented first item Windows 7+ writes
    return test::EvtxTestEvent{12290, time, computer, data};
  };
  const std::string act = "73111121-5638-40f6-bc11-f1d7b0d64300";
  return {
      host("kms01.corp.example", "2026-11-29T11:30:00.1234567Z",
           {"0x0", "25", "clone-a.corp.example", "7d0b4e8f-2c6e-4a12-8f3b-1234567890ab",
            "2026/11/29 11:30", "1", "2", "43000", act}),
      host("kms01.corp.example", "2026-11-29T11:45:00.0000000Z",
           {"0x0", "25", "clone-b.corp.example", "7D0B4E8F-2C6E-4A12-8F3B-1234567890AB",
            "2026/11/29 11:45", "1", "2", "42990", act}),
      host("kms02.corp.example", "2026-11-30T08:00:00.5000000Z",
           {"0xC004F038", "5", "srv-01.corp.example", "{3f2a1b0c-9d8e-4f70-a1b2-c3d4e5f60718}",
            "2026/11/30 8:00", "0", "2", "2000", "8ec16044-f4a8-4e8a-bb85-2a2fdc3e5bb7"}),
      host("kms01.corp.example", "2026-11-30T12:00:00.0000000Z",
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

uint32_t le32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = value << 8 | static_cast<uint8_t>(bytes[at + i]);
  return value;
}

size_t count(const std::string& text, const std::string& what) {
  size_t found = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++found;
  return found;
}

constexpr size_t kFirstRecord = 4096 + 512;

TEST(EvtxReader, ReadsTemplateInstancesAsWindowsWritesThem) {
  test::TempDir dir;
  test::write_bytes(dir / "kms.evtx", test::EvtxWriter::build(kms_events()));
  auto report = report_of((dir / "kms.evtx").string());
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ(report->host_events, 4u);
  EXPECT_EQ(report->first_event, *parse_utc("2026-11-29T11:30:00Z"));  // FILETIME, 100 ns dropped
  EXPECT_EQ(report->as_of, *parse_utc("2026-11-30T12:00:00Z"));
  ASSERT_EQ(report->hosts.size(), 2u);
  const KmsHostReport& kms01 = report->hosts[0];
  EXPECT_EQ(kms01.name, "kms01.corp.example");
  EXPECT_EQ(kms01.count, 2);  // the clones' shared CMID (in either case) and pc-001
  ASSERT_EQ(report->duplicates.size(), 1u);
  EXPECT_EQ(report->duplicates[0].cmid, "7d0b4e8f-2c6e-4a12-8f3b-1234567890ab");
  EXPECT_EQ(report->duplicates[0].machine_names,
            (std::vector<std::string>{"clone-a.corp.example", "clone-b.corp.example"}));
  const KmsHostReport& kms02 = report->hosts[1];
  EXPECT_EQ(kms02.name, "kms02.corp.example");
  EXPECT_EQ(kms02.count, 1);  // answered with 0xC004F038: counted, and refused
  EXPECT_EQ(kms02.refused, 1u);
  ASSERT_EQ(kms02.groups.size(), 1u);
  EXPECT_EQ(kms02.groups[0].n_policy, 5);
  EXPECT_EQ(kms02.groups[0].refusals.at(0xC004F038), 1u);
  EXPECT_EQ(kms02.groups[0].activation_ids,
            (std::vector<std::string>{"8ec16044-f4a8-4e8a-bb85-2a2fdc3e5bb7"}));
  // srv-01 had 2000 minutes of grace at 08:00:00.5, four hours before as_of.
  bool srv_expiring = false;
  for (const auto& client : report->expiring) {
    if (client.machine != "srv-01.corp.example") continue;
    srv_expiring = true;
    EXPECT_EQ(client.cmid, "3f2a1b0c-9d8e-4f70-a1b2-c3d4e5f60718");
    EXPECT_EQ(client.minutes_left, 2000 - 4 * 60);
  }
  EXPECT_TRUE(srv_expiring);
}

TEST(EvtxReader, EvtxexportRendersTheTemplatesWithTheirValueTypes) {
  ASSERT_TRUE(test::program_exists("/usr/bin/evtxexport"));
  test::TempDir dir;
  const std::string file = test::EvtxWriter::build(kms_events());
  test::write_bytes(dir / "kms.evtx", file);
  // Records after the first of each computer reference its template: no definition inside.
  const size_t second = kFirstRecord + le32(file, kFirstRecord + 4);
  EXPECT_LT(le32(file, second + 4) + 400, le32(file, kFirstRecord + 4));
  EXPECT_EQ(static_cast<uint8_t>(file[second + 28]), 0x0c);  // the template instance token
  const auto exported =
      test::run_program({"/usr/bin/evtxexport", "-f", "xml", (dir / "kms.evtx").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::string& xml = exported.out;
  EXPECT_EQ(count(xml, "<EventID Qualifiers=\"16384\">12290</EventID>"), 4u) << xml;  // UInt16
  EXPECT_EQ(count(xml, "<Data>"), 40u);  // the string array, one <Data> per string
  EXPECT_EQ(count(xml, "<Computer>kms01.corp.example</Computer>"), 3u);
  EXPECT_EQ(count(xml, "<Computer>kms02.corp.example</Computer>"), 1u);
  EXPECT_NE(xml.find("<TimeCreated SystemTime=\"2026-11-29T11:30:00.123456700Z\"/>"),
            std::string::npos);  // FILETIME
  EXPECT_NE(xml.find("Guid=\"{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}\""),
            std::string::npos);                                                       // GUID
  EXPECT_NE(xml.find("<Keywords>0x0080000000000000</Keywords>"), std::string::npos);  // HexInt64
  EXPECT_NE(xml.find("<EventRecordID>4</EventRecordID>"), std::string::npos);         // UInt64
  EXPECT_NE(xml.find("<Execution ProcessID=\"0\" ThreadID=\"0\"/>"), std::string::npos);  // UInt32
  EXPECT_NE(xml.find("<Correlation/>"), std::string::npos);  // optional, NULL: no attributes
  EXPECT_NE(xml.find("<Data>0xC004F038</Data>"), std::string::npos);
  EXPECT_NE(xml.find("<Data>{3f2a1b0c-9d8e-4f70-a1b2-c3d4e5f60718}</Data>"), std::string::npos);
}

TEST(EvtxReader, ARecordWhoseTemplateIsMissingIsRefusedNamingIt) {
  test::TempDir dir;
  std::string file = test::EvtxWriter::build(kms_events());
  const size_t second = kFirstRecord + le32(file, kFirstRecord + 4);
  // The second record's template definition offset (after 0x0c, 0x01 and the identifier) now
  // points into the free space of the chunk; the record CRC32 is made right again.
  const uint32_t nowhere = 0xF000;
  for (int i = 0; i < 4; ++i) file[second + 34 + i] = static_cast<char>(nowhere >> (8 * i));
  const uint32_t free_space = le32(file, 4096 + 48);
  const uint32_t crc =
      test::crc32(reinterpret_cast<const uint8_t*>(file.data()) + kFirstRecord, free_space - 512);
  for (int i = 0; i < 4; ++i) file[4096 + 52 + i] = static_cast<char>(crc >> (8 * i));
  std::vector<uint8_t> header(file.begin() + 4096, file.begin() + 4096 + 120);
  header.insert(header.end(), file.begin() + 4096 + 128, file.begin() + 4096 + 512);
  const uint32_t header_crc = test::crc32(header.data(), header.size());
  for (int i = 0; i < 4; ++i) file[4096 + 124 + i] = static_cast<char>(header_crc >> (8 * i));
  test::write_bytes(dir / "orphan.evtx", file);
  const auto result = test::run_kmsprep({"report", (dir / "orphan.evtx").string()});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("E1201"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("orphan.evtx record 2"), std::string::npos) << result.err;
  EXPECT_EQ(test::read_bytes(dir / "orphan.evtx"), file);
}

TEST(EvtxReader, TruncatedFileIsRefusedNamingTheRecord) {
  test::TempDir dir;
  const std::string whole = test::EvtxWriter::build(kms_events());
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
