// The report built from real export shapes (tests/data/events/, written in the shapes Windows
// writes) and from a generated scenario: expected values come from the inputs, never from the
// code's own output.
#include "events/kms_report.hpp"

#include <gtest/gtest.h>

#include "events/event_export.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

std::string fixture(const std::string& name) {
  return (test::source_dir() / "tests/data/events" / name).string();
}

Result<KmsReport> report_of(const std::vector<std::string>& paths, ReportOptions options = {}) {
  KmsReportBuilder builder(options);
  for (const auto& path : paths) {
    uint64_t other = 0;
    auto read = read_event_export(
        path, [&](const KmsEvent& event) { return builder.add(event, "fallback"); }, other);
    if (!read) return read.error();
    builder.add_other_events(other);
  }
  return builder.finish();
}

// The six 12290 events of kms01-*: pc-001 twice, pc-002 licensed, clone-a and clone-b sharing
// CMID 7d0b4e8f-..., srv-01 refused with 0xC004F042 (N-policy 5).
void expect_kms01(const KmsReport& report, const std::string& host_name) {
  EXPECT_EQ(report.host_events, 6u);
  ASSERT_EQ(report.hosts.size(), 1u);
  const KmsHostReport& host = report.hosts[0];
  EXPECT_EQ(host.name, host_name);
  EXPECT_EQ(host.requests, 6u);
  EXPECT_EQ(host.refused, 1u);
  // Counted: pc-001, pc-002 and the shared clone CMID; srv-01 was refused.
  EXPECT_EQ(host.count, 3);
  ASSERT_EQ(host.groups.size(), 2u);
  EXPECT_EQ(host.groups[0].n_policy, 5);
  EXPECT_EQ(host.groups[0].count, 0);
  EXPECT_EQ(host.groups[0].refusals.at(0xC004F042), 1u);
  EXPECT_EQ(host.groups[1].n_policy, 25);
  EXPECT_EQ(host.groups[1].count, 3);
  EXPECT_EQ(host.groups[1].clients, 3u);
  ASSERT_EQ(report.duplicates.size(), 1u);
  EXPECT_EQ(report.duplicates[0].cmid, "7d0b4e8f-2c6e-4a12-8f3b-1234567890ab");
  EXPECT_EQ(report.duplicates[0].machines, 2u);
  EXPECT_EQ(report.duplicates[0].machine_names,
            (std::vector<std::string>{"clone-a.corp.example", "clone-b.corp.example"}));
  // as_of = the newest event, 2026-11-30T12:00Z. srv-01 had 2000 min left at 08:00: 1760 now.
  bool srv_expiring = false;
  for (const auto& client : report.expiring) {
    if (client.machine == "srv-01.corp.example") {
      srv_expiring = true;
      EXPECT_EQ(client.minutes_left, 2000 - 4 * 60);
    }
  }
  EXPECT_TRUE(srv_expiring);
  // Days 2026-11-28, -29, -30; pc-001 is new on the 28th, pc-002 and the clones on the 29th.
  ASSERT_EQ(host.timeline.size(), 3u);
  EXPECT_EQ(host.timeline[0].count, 1);
  EXPECT_EQ(host.timeline[1].count, 3);
  EXPECT_EQ(host.timeline[1].new_cmids, 2u);
  EXPECT_EQ(host.timeline[2].refused, 1u);
}

TEST(KmsReport, ReadsWevtutilXml) {
  auto report = report_of({fixture("kms01-wevtutil.xml")});
  ASSERT_TRUE(report) << report.error().to_string();
  expect_kms01(*report, "kms01.corp.example");
  EXPECT_EQ(report->other_events, 1u);  // the 12294 DNS publishing event
}

TEST(KmsReport, ReadsExportCsvWithTheSameResult) {
  auto report = report_of({fixture("kms01-export.csv")});
  ASSERT_TRUE(report) << report.error().to_string();
  expect_kms01(*report, "kms01.corp.example");
}

TEST(KmsReport, ReadsEventViewerCsvNamingTheHostAfterTheFile) {
  auto report = report_of({fixture("kms01-eventviewer.csv")});
  ASSERT_TRUE(report) << report.error().to_string();
  expect_kms01(*report, "fallback");
}

TEST(KmsReport, MatchesClientRequestsToResponses) {
  auto report = report_of({fixture("kms01-wevtutil.xml"), fixture("clients-application.xml")});
  ASSERT_TRUE(report) << report.error().to_string();
  ASSERT_EQ(report->clients.size(), 2u);
  const ClientReport& pc1 = report->clients[0];
  EXPECT_EQ(pc1.computer, "pc-001.corp.example");
  EXPECT_EQ(pc1.requests, 2u);
  EXPECT_EQ(pc1.answered, 1u);
  EXPECT_EQ(pc1.unanswered, 1u);  // the 14:00 request has no 12289
  EXPECT_EQ(pc1.last_count, 4);
  EXPECT_TRUE(pc1.seen_by_host);
  const ClientReport& pc9 = report->clients[1];
  EXPECT_EQ(pc9.send_failures, 1u);
  EXPECT_EQ(pc9.unanswered, 0u);
  EXPECT_EQ(*pc9.last_hresult, 0xC004F074u);
  EXPECT_FALSE(pc9.seen_by_host);
}

// wevtutil-shaped XML of a fleet: `clones` machines of one non-generalized image share one
// CMID, `distinct` machines have their own; each asks once a day for `days` days.
std::string fleet_xml(int clones, int distinct, int days) {
  std::string xml;
  int record = 0;
  auto event = [&](const std::string& fqdn, const std::string& cmid, int day) {
    char time[64];
    std::snprintf(time, sizeof time, "2026-11-%02dT%02d:%02d:00.0000000Z", day + 1, record % 24,
                  record % 60);
    xml +=
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider "
        "Name='Microsoft-Windows-Security-SPP'/><EventID "
        "Qualifiers='16384'>12290</EventID><TimeCreated SystemTime='" +
        std::string(time) + "'/><EventRecordID>" + std::to_string(++record) +
        "</EventRecordID><Channel>Key Management "
        "Service</Channel><Computer>kms01.corp.example</Computer></System>"
        "<EventData><Data>2</Data><Data>0x0</Data><Data>25</Data><Data>" +
        fqdn + "</Data><Data>" + cmid +
        "</Data><Data>2026/11/01 8:00</Data><Data>0</Data><Data>2</Data><Data>43000</Data>"
        "<Data>73111121-5638-40f6-bc11-f1d7b0d64300</Data></EventData></Event>";
  };
  for (int day = 0; day < days; ++day) {
    for (int i = 0; i < clones; ++i) {
      event("clone-" + std::to_string(i) + ".corp.example", "aaaaaaaa-0000-4000-8000-000000000001",
            day);
    }
    for (int i = 0; i < distinct; ++i) {
      char cmid[40];
      std::snprintf(cmid, sizeof cmid, "bbbbbbbb-0000-4000-8000-%012d", i);
      event("pc-" + std::to_string(i) + ".corp.example", cmid, day);
    }
  }
  return xml;
}

TEST(KmsReport, FortyClonesSharingACmidAndThirtyMachines) {
  constexpr int kClones = 40, kDistinct = 30, kDays = 3;
  test::TempDir dir;
  test::write_bytes(dir / "fleet.xml", fleet_xml(kClones, kDistinct, kDays));
  auto report = report_of({(dir / "fleet.xml").string()});
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ(report->host_events, static_cast<uint64_t>((kClones + kDistinct) * kDays));
  ASSERT_EQ(report->hosts.size(), 1u);
  // 70 machines, but the host sees 31 CMIDs: the 40 clones count once.
  EXPECT_EQ(report->hosts[0].count, kDistinct + 1);
  EXPECT_EQ(report->hosts[0].groups[0].distinct_cmids_30_days,
            static_cast<uint64_t>(kDistinct + 1));
  ASSERT_EQ(report->duplicates.size(), 1u);
  EXPECT_EQ(report->duplicates[0].machines, static_cast<uint64_t>(kClones));
  EXPECT_EQ(report->duplicates[0].requests, static_cast<uint64_t>(kClones * kDays));
  EXPECT_EQ(report->duplicates[0].machine_names.size(), static_cast<size_t>(kClones));
}

TEST(KmsReport, CountIsCappedAtTwiceTheThresholdAndForgetsAfterThirtyDays) {
  test::TempDir dir;
  test::write_bytes(dir / "fleet.xml", fleet_xml(0, 60, 1));  // 60 machines on 2026-11-01
  ReportOptions later;
  later.as_of = *parse_utc("2026-11-20T00:00:00Z");
  auto report = report_of({(dir / "fleet.xml").string()}, later);
  ASSERT_TRUE(report) << report.error().to_string();
  EXPECT_EQ(report->hosts[0].groups[0].distinct_cmids_30_days, 60u);
  EXPECT_EQ(report->hosts[0].groups[0].count, 50);  // 2 x N-policy 25
  ReportOptions much_later;
  much_later.as_of = *parse_utc("2026-12-05T00:00:00Z");  // 34 days on
  report = report_of({(dir / "fleet.xml").string()}, much_later);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->hosts[0].groups[0].count, 0);
}

}  // namespace
}  // namespace kmsprep
