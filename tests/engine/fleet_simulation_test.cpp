#include "engine/fleet_simulation.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

Topology parse(const std::string& xml) {
  auto topology = parse_topology(xml, "test.xml");
  REQUIRE_OK(topology);
  return topology ? std::move(*topology) : Topology{};
}

// One site, one host kms1 found through an SRV record in corp.example, and the given groups.
std::string one_site(const std::string& clients, const std::string& host_attributes = "",
                     const std::string& extra = "", int days = 1) {
  return "<topology start=\"2007-03-01T08:00:00Z\" days=\"" + std::to_string(days) +
         "\" seed=\"1\">\n"
         "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone></dns>\n"
         "  <site name=\"HQ\">\n"
         "    <kms-host name=\"kms1.corp.example\" " +
         host_attributes + "/>\n" + clients + "  </site>\n" + extra + "</topology>\n";
}

std::string group(const std::string& name, int count, const std::string& product,
                  const std::string& extra = "") {
  return "    <clients name=\"" + name + "\" count=\"" + std::to_string(count) + "\" product=\"" +
         product + "\" dns-suffix=\"corp.example\" " + extra + "/>\n";
}

SimulationReport run(const std::string& xml, SimulationOptions options = {}) {
  return simulate_fleet(parse(xml), options);
}

uint64_t status_count(const ActivationTally& tally, LicenseStatus status) {
  return tally.status_counts[static_cast<size_t>(status)];
}

TEST(FleetSimulation, TwentyFiveClientsActivateTwentyFourDoNot) {
  const SimulationReport enough = run(one_site(group("pcs", 25, "win10-enterprise")));
  EXPECT_EQ(enough.sites[0].tally.activated, 25u);
  EXPECT_EQ(enough.hosts[0].count, 25);
  EXPECT_EQ(enough.sites[0].tally.first_activation_minute, 0);   // the 25th, at its boot
  EXPECT_EQ(enough.sites[0].tally.last_activation_minute, 120);  // the others, at their retry
  EXPECT_EQ(enough.sites[0].tally.failures.at(hresult::count_too_low), 24u);

  const SimulationReport short_one = run(one_site(group("pcs", 24, "win10-enterprise")));
  EXPECT_EQ(short_one.sites[0].tally.activated, 0u);
  EXPECT_EQ(short_one.hosts[0].count, 24);
  EXPECT_EQ(dominant_failure(short_one.sites[0].tally), hresult::count_too_low);
  EXPECT_EQ(status_count(short_one.sites[0].tally, LicenseStatus::oob_grace), 24u);
}

TEST(FleetSimulation, FiveServersActivateFourDoNot) {
  const SimulationReport five = run(one_site(group("servers", 5, "server2019-standard")));
  EXPECT_EQ(five.sites[0].tally.activated, 5u);
  const SimulationReport four = run(one_site(group("servers", 4, "server2019-standard")));
  EXPECT_EQ(four.sites[0].tally.activated, 0u);
  EXPECT_EQ(four.hosts[0].count, 4);
  EXPECT_EQ(dominant_failure(four.sites[0].tally), hresult::count_too_low);
}

TEST(FleetSimulation, ClientsAndServersAddUpInTheCount) {
  // 4 servers + 1 client: count 5 activates the servers, not the client (threshold 25).
  const SimulationReport few = run(
      one_site(group("servers", 4, "server2019-standard") + group("pcs", 1, "win10-enterprise")));
  EXPECT_EQ(few.groups[0].tally.activated, 4u);
  EXPECT_EQ(few.groups[1].tally.activated, 0u);
  EXPECT_EQ(few.hosts[0].count, 5);
  // 20 clients + 5 servers: count 25 activates both.
  const SimulationReport mixed = run(
      one_site(group("servers", 5, "server2019-standard") + group("pcs", 20, "win10-enterprise")));
  EXPECT_EQ(mixed.groups[0].tally.activated, 5u);
  EXPECT_EQ(mixed.groups[1].tally.activated, 20u);
}

TEST(FleetSimulation, HostCountsOnlyCmidsSeenInTheLast30Days) {
  // 20 clients are seen until 22:00 on day 0, then lose the network; 5 more boot later.
  const auto topology = [](const std::string& late_boot) {
    return one_site(group("early", 20, "win10-enterprise") +
                        group("late", 5, "win10-enterprise", "boot=\"at:" + late_boot + "\""),
                    "", "  <outage clients=\"early\" from-day=\"1\" to-day=\"400\"/>\n", 32);
  };
  const SimulationReport in_window = run(topology("30d"));
  EXPECT_EQ(in_window.groups[1].tally.activated, 5u);
  EXPECT_EQ(in_window.groups[1].tally.first_activation_minute, 30 * 1440);
  const SimulationReport out_of_window = run(topology("31d"));
  EXPECT_EQ(out_of_window.groups[1].tally.activated, 0u);
  EXPECT_EQ(out_of_window.hosts[0].count, 5);
}

TEST(FleetSimulation, CountIsCappedAt50Or10ForServersOnly) {
  EXPECT_EQ(run(one_site(group("pcs", 60, "win10-enterprise"))).hosts[0].count, 50);
  EXPECT_EQ(run(one_site(group("servers", 12, "server2022-standard"))).hosts[0].count, 10);
  EXPECT_EQ(run(one_site(group("servers", 12, "server2022-standard") +
                         group("pcs", 40, "win10-enterprise")))
                .hosts[0]
                .count,
            50);
}

TEST(FleetSimulation, NeverGeneralizedClonesStayAtCountOne) {
  const SimulationReport report =
      run(one_site(group("clones", 100, "win7-enterprise", "generalized=\"false\""), "", "", 30));
  EXPECT_EQ(report.sites[0].tally.activated, 0u);
  EXPECT_EQ(report.hosts[0].count, 1);
  EXPECT_EQ(dominant_failure(report.sites[0].tally), hresult::count_too_low);
  EXPECT_EQ(report.sites[0].tally.final_failures.at(hresult::count_too_low), 100u);
  EXPECT_NE(report.sites[0].verdict.find("share one CMID"), std::string::npos)
      << report.sites[0].verdict;
  EXPECT_NE(report.sites[0].verdict.find("0xC004F038"), std::string::npos);
}

TEST(FleetSimulation, RetriesEveryTwoHoursBelowTheThreshold) {
  const SimulationReport report = run(one_site(group("pcs", 24, "win10-enterprise")));
  EXPECT_EQ(report.hosts[0].requests, 24u * 12u);  // minutes 0, 120, ..., 1320
  EXPECT_EQ(report.events_12288, 288u);
  EXPECT_EQ(report.events_12289, 288u);
  EXPECT_EQ(report.events_12290, 288u);
  EXPECT_EQ(report.traffic_requests, 288u);
  EXPECT_EQ(report.traffic_bytes, 288u * 500u);
}

TEST(FleetSimulation, RenewsEverySevenDays) {
  const SimulationReport report = run(one_site(group("pcs", 25, "win10-enterprise"), "", "", 30));
  // 25 first requests, 24 retries at 2 h, then renewals at 7, 14, 21 and 28 days.
  EXPECT_EQ(report.hosts[0].requests, 25u + 24u + 25u * 4u);
  EXPECT_EQ(report.hosts[0].activations, 25u + 25u * 4u);
  EXPECT_EQ(report.sites[0].tally.activated, 25u);
}

TEST(FleetSimulation, DisconnectedClientLapsesAfter180And210Days) {
  // 24 office PCs stay connected; one laptop activates at 1 h and then never sees the network.
  const auto at_day = [](int days) {
    return run(one_site(group("office", 24, "win7-enterprise") +
                            group("laptop", 1, "win7-enterprise", "boot=\"at:1h\""),
                        "", "  <outage clients=\"laptop\" from-day=\"1\" to-day=\"400\"/>\n", days))
        .groups[1]
        .tally;
  };
  EXPECT_EQ(status_count(at_day(180), LicenseStatus::licensed), 1u);
  EXPECT_EQ(status_count(at_day(200), LicenseStatus::oot_grace), 1u);
  EXPECT_EQ(status_count(at_day(211), LicenseStatus::notification), 1u);
  EXPECT_EQ(at_day(211).final_failures.at(hresult::no_host_contacted), 1u);
}

TEST(FleetSimulation, SiteAcrossAPublicNetworkCannotReachTheHost) {
  const SimulationReport report =
      run("<topology days=\"2\">\n"
          "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone></dns>\n"
          "  <site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/>\n" +
          group("hq", 30, "vista-enterprise") +
          "  </site>\n"
          "  <site name=\"SiteB\">\n" +
          group("branch", 12, "vista-enterprise") + "  </site>\n</topology>\n");
  EXPECT_EQ(report.sites[0].tally.activated, 30u);
  EXPECT_EQ(report.sites[1].tally.activated, 0u);
  EXPECT_EQ(dominant_failure(report.sites[1].tally), hresult::no_host_contacted);
  EXPECT_EQ(report.sites[1].verdict,
            "SiteB: 12 clients, no KMS host reachable across a public network: use MAK "
            "activation (0xC004F074)");
}

TEST(FleetSimulation, MissingSrvRecordFailsWithDnsNameDoesNotExist) {
  const SimulationReport report =
      run(one_site("    <clients name=\"pcs\" count=\"30\" product=\"win10-enterprise\" "
                   "dns-suffix=\"other.example\"/>\n"));
  EXPECT_EQ(report.sites[0].tally.activated, 0u);
  EXPECT_EQ(dominant_failure(report.sites[0].tally), hresult::dns_name_missing);
  EXPECT_EQ(report.traffic_requests, 0u);
}

TEST(FleetSimulation, DomainJoinedClientsFallBackToTheirAdDomain) {
  const SimulationReport report =
      run(one_site("    <clients name=\"pcs\" count=\"30\" product=\"win10-enterprise\" "
                   "dns-suffix=\"other.example\" join=\"domain\" ad-domain=\"corp.example\"/>\n"));
  EXPECT_EQ(report.sites[0].tally.activated, 30u);
}

TEST(FleetSimulation, WorkgroupClientsFallBackToTheirDhcpDomain) {
  const SimulationReport dhcp =
      run(one_site("    <clients name=\"pcs\" count=\"30\" product=\"win10-enterprise\" "
                   "dns-suffix=\"other.example\" ad-domain=\"ignored.example\" "
                   "dhcp-domain=\"corp.example\"/>\n"));
  EXPECT_EQ(dhcp.sites[0].tally.activated, 30u);
  const SimulationReport empty_zone =
      run("<topology days=\"1\"><dns><zone name=\"corp.example\"/></dns>"
          "<site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/>\n" +
          group("pcs", 30, "win10-enterprise") + "</site></topology>");
  EXPECT_EQ(dominant_failure(empty_zone.sites[0].tally), hresult::dns_no_records);
}

TEST(FleetSimulation, ExplicitHostOverridesDns) {
  const SimulationReport report =
      run("<topology days=\"1\">\n"
          "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone></dns>\n"
          "  <site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/>"
          "<kms-host name=\"kms2.corp.example\" port=\"2000\"/>\n" +
          group("pcs", 30, "win10-enterprise", "kms-host=\"kms2.corp.example:2000\"") +
          "  </site>\n</topology>\n");
  EXPECT_EQ(report.hosts[0].requests, 0u);
  EXPECT_EQ(report.hosts[1].requests, 30u + 24u);  // 24 retry after count 1..24
  EXPECT_EQ(report.sites[0].tally.activated, 30u);
}

std::string two_hosts(const std::string& product, const std::string& srv1, const std::string& srv2,
                      int count) {
  return "<topology days=\"1\" seed=\"42\">\n"
         "  <dns><zone name=\"corp.example\">"
         "<srv target=\"kms1.corp.example\" " +
         srv1 +
         "/>"
         "<srv target=\"kms2.corp.example\" " +
         srv2 +
         "/></zone></dns>\n"
         "  <site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/>"
         "<kms-host name=\"kms2.corp.example\"/>\n" +
         group("pcs", count, product) + "  </site>\n</topology>\n";
}

TEST(FleetSimulation, VistaSpreadsEvenlyIgnoringPriorityAndWeight) {
  const SimulationReport report = run(two_hosts("vista-enterprise", "priority=\"0\" weight=\"100\"",
                                                "priority=\"10\" weight=\"0\"", 1000));
  const double total = static_cast<double>(report.hosts[0].requests + report.hosts[1].requests);
  const double share = static_cast<double>(report.hosts[0].requests) / total;
  // Binomial(n >= 1000, 0.5): 0.45..0.55 is more than three standard deviations.
  EXPECT_GT(share, 0.45);
  EXPECT_LT(share, 0.55);
  EXPECT_EQ(report.sites[0].tally.activated, 1000u);
}

TEST(FleetSimulation, Windows7FollowsPriorityThenWeight) {
  const SimulationReport by_priority =
      run(two_hosts("win7-enterprise", "priority=\"0\"", "priority=\"10\"", 200));
  EXPECT_EQ(by_priority.hosts[1].requests, 0u);
  EXPECT_EQ(by_priority.sites[0].tally.activated, 200u);

  const SimulationReport by_weight = run(two_hosts("win7-enterprise", "priority=\"0\" weight=\"3\"",
                                                   "priority=\"0\" weight=\"1\"", 1000));
  const double total =
      static_cast<double>(by_weight.hosts[0].requests + by_weight.hosts[1].requests);
  const double share = static_cast<double>(by_weight.hosts[0].requests) / total;
  EXPECT_GT(share, 0.70);
  EXPECT_LT(share, 0.80);
}

TEST(FleetSimulation, Windows7RenewsWithItsCachedHostVistaPicksAgain) {
  std::map<int, std::set<int>> win7_hosts;
  SimulationOptions options;
  options.events = [&](const EventRecord& e) {
    if (e.event_id == 12289 && e.activated) win7_hosts[e.member].insert(e.host);
  };
  std::string xml = two_hosts("win7-enterprise", "", "", 100);
  xml.replace(xml.find("days=\"1\""), 8, "days=\"60\"");
  run(xml, options);
  ASSERT_EQ(win7_hosts.size(), 100u);
  for (const auto& [member, hosts] : win7_hosts) EXPECT_EQ(hosts.size(), 1u) << member;

  std::map<int, std::set<int>> vista_hosts;
  options.events = [&](const EventRecord& e) {
    if (e.event_id == 12289 && e.activated) vista_hosts[e.member].insert(e.host);
  };
  xml = two_hosts("vista-enterprise", "", "", 100);
  xml.replace(xml.find("days=\"1\""), 8, "days=\"60\"");
  run(xml, options);
  size_t switched = 0;
  for (const auto& [member, hosts] : vista_hosts) switched += hosts.size() > 1 ? 1 : 0;
  EXPECT_GT(switched, 50u);  // 9 activations each over two hosts, chosen at random
}

TEST(FleetSimulation, UnactivatedHostAnswers0xC004F041) {
  const SimulationReport report =
      run(one_site(group("pcs", 30, "win10-enterprise"), "activated=\"false\""));
  EXPECT_EQ(report.sites[0].tally.activated, 0u);
  EXPECT_EQ(dominant_failure(report.sites[0].tally), hresult::host_not_activated);
  EXPECT_EQ(report.hosts[0].count, 0);
}

TEST(FleetSimulation, HostThatCannotActivateTheFamilyAnswers0xC004F042) {
  const SimulationReport report =
      run(one_site(group("pcs", 30, "win7-enterprise"), "family=\"vista\""));
  EXPECT_EQ(report.sites[0].tally.activated, 0u);
  EXPECT_EQ(dominant_failure(report.sites[0].tally), hresult::product_not_covered);
  const SimulationReport listed =
      run(one_site(group("pcs", 30, "win7-enterprise"), "family=\"win10\" products=\"vista\""));
  EXPECT_EQ(dominant_failure(listed.sites[0].tally), hresult::product_not_covered);
}

TEST(FleetSimulation, ActivateNowBeforeAnOutageMovesTheEndOfValidity) {
  // Renewals at day 0 and day 7; the network goes at day 10: validity ends at day 187.
  const std::string outage = "  <outage clients=\"pcs\" from-day=\"10\" to-day=\"400\"/>\n";
  const std::string plain = one_site(group("pcs", 25, "win10-enterprise"), "", outage, 188);
  const std::string with_ato =
      one_site(group("pcs", 25, "win10-enterprise"), "",
               outage + "  <activate-now clients=\"pcs\" day=\"9\"/>\n", 188);
  EXPECT_EQ(status_count(run(plain).sites[0].tally, LicenseStatus::oot_grace), 25u);
  EXPECT_EQ(status_count(run(with_ato).sites[0].tally, LicenseStatus::licensed), 25u);
}

TEST(FleetSimulation, HostSuppliedIntervalsReplaceTheClients) {
  const std::string intervals = "activation-interval=\"60\" renewal-interval=\"1440\"";
  const SimulationReport retry = run(one_site(group("pcs", 24, "win10-enterprise"), intervals));
  EXPECT_EQ(retry.hosts[0].requests, 24u * 24u);  // every hour after the first answer
  const SimulationReport renew =
      run(one_site(group("pcs", 25, "win10-enterprise"), intervals, "", 3));
  EXPECT_EQ(renew.hosts[0].requests, 25u + 24u + 25u * 2u);  // renewals on days 1 and 2
}

TEST(FleetSimulation, SameInputSameOutputAndEvents) {
  const std::string xml = two_hosts("vista-enterprise", "", "", 300);
  std::string first_events, second_events;
  SimulationOptions first;
  first.events = [&](const EventRecord& e) {
    first_events += std::to_string(e.minute) + "," + std::to_string(e.event_id) + "," +
                    std::to_string(e.host) + "," + std::to_string(e.cmid_id) + ";";
  };
  SimulationOptions second;
  second.events = [&](const EventRecord& e) {
    second_events += std::to_string(e.minute) + "," + std::to_string(e.event_id) + "," +
                     std::to_string(e.host) + "," + std::to_string(e.cmid_id) + ";";
  };
  const SimulationReport a = run(xml, first);
  const SimulationReport b = run(xml, second);
  EXPECT_EQ(first_events, second_events);
  EXPECT_EQ(a.hosts[0].requests, b.hosts[0].requests);
  SimulationOptions other_seed;
  other_seed.seed = 43;
  EXPECT_NE(run(xml, other_seed).hosts[0].requests, a.hosts[0].requests);
}

TEST(FleetSimulation, EventsCarryTheHostCountAndStatus) {
  std::vector<EventRecord> events;
  SimulationOptions options;
  options.events = [&](const EventRecord& e) { events.push_back(e); };
  run(one_site(group("pcs", 25, "win10-enterprise")), options);
  ASSERT_GE(events.size(), 75u);
  EXPECT_EQ(events[0].event_id, 12288);
  EXPECT_EQ(events[0].hresult, 0u);
  EXPECT_EQ(events[1].event_id, 12290);
  EXPECT_EQ(events[1].hresult, hresult::count_too_low);
  EXPECT_EQ(events[1].count, 1);
  EXPECT_EQ(events[1].threshold, 25);
  EXPECT_EQ(events[2].event_id, 12289);
  EXPECT_EQ(events[2].renewal_interval_minutes, 10080);
  EXPECT_EQ(events[74].event_id, 12289);
  EXPECT_TRUE(events[74].activated);
  EXPECT_EQ(events[74].count, 25);
}

TEST(FleetSimulation, ClientsBootingTogetherAskInMemberOrderAndTheCountRisesWithEach) {
  // 60 clients boot at minute 0 and ask one after the other: client i sees count i + 1
  // (capped at 50, kms-facts §1); the first 24 are refused, the 25th on activate.
  std::vector<EventRecord> answers;
  SimulationOptions options;
  options.events = [&](const EventRecord& e) {
    if (e.event_id == 12290 && e.minute == 0) answers.push_back(e);
  };
  const SimulationReport report = run(one_site(group("pcs", 60, "win10-enterprise")), options);
  ASSERT_EQ(answers.size(), 60u);
  for (int i = 0; i < 60; ++i) {
    EXPECT_EQ(answers[static_cast<size_t>(i)].member, i);
    EXPECT_EQ(answers[static_cast<size_t>(i)].count, std::min(i + 1, 50)) << i;
    EXPECT_EQ(answers[static_cast<size_t>(i)].activated, i >= 24) << i;
  }
  EXPECT_EQ(report.sites[0].tally.failures.at(hresult::count_too_low), 24u);
  EXPECT_EQ(report.hosts[0].activations, 36u + 24u);  // the 24 again at their 2-hour retry
}

TEST(FleetSimulation, NeverActivatingFleetCountsEveryTwoHourRetry) {
  // 1000 clients booting over 8 hours against an unactivated host for 31 days: member i boots
  // at floor(i * 480 / 1000) and asks every 120 minutes until the end (kms-facts §2); after 30
  // days of out-of-box grace every one is in notification.
  const SimulationReport report = run(one_site(
      group("pcs", 1000, "win10-enterprise", "boot=\"spread:8h\""), "activated=\"false\"", "", 31));
  uint64_t expected = 0;
  for (int64_t i = 0; i < 1000; ++i) {
    const int64_t boot = i * 480 / 1000;
    expected += static_cast<uint64_t>((31 * 1440 - boot + 119) / 120);
  }
  EXPECT_EQ(report.hosts[0].requests, expected);
  EXPECT_EQ(report.events_12288, expected);
  EXPECT_EQ(report.sites[0].tally.failures.at(hresult::host_not_activated), expected);
  EXPECT_EQ(report.sites[0].tally.final_failures.at(hresult::host_not_activated), 1000u);
  EXPECT_EQ(status_count(report.sites[0].tally, LicenseStatus::notification), 1000u);
}

TEST(FleetSimulation, ActivateNowRestartsTheRetryIntervalOfAFleetThatCannotActivate) {
  // The host hands out a 1000-minute retry interval; slmgr /ato on day 1 (minute 1440) asks at
  // once and the next retry follows 1000 minutes later: 30, 1030, 1440, 2440 instead of 30, 1030,
  // 2030 in two days.
  const std::string clients = group("pcs", 10, "win10-enterprise", "boot=\"at:30m\"");
  const std::string host = "activated=\"false\" activation-interval=\"1000\"";
  const SimulationReport plain = run(one_site(clients, host, "", 2));
  EXPECT_EQ(plain.hosts[0].requests, 30u);
  const SimulationReport with_ato =
      run(one_site(clients, host, "  <activate-now clients=\"pcs\" day=\"1\"/>\n", 2));
  EXPECT_EQ(with_ato.hosts[0].requests, 40u);
}

TEST(FleetSimulation, WritingEventsChangesNoResult) {
  // With an event sink every attempt runs one by one; without, cohorts and counted retries
  // stand in for them. Both must give the same report.
  const std::string xml =
      "<topology days=\"40\" seed=\"7\">\n"
      "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/>"
      "<srv target=\"kms2.corp.example\"/></zone></dns>\n"
      "  <site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/>"
      "<kms-host name=\"kms2.corp.example\" activated=\"false\"/>\n" +
      group("vista", 300, "vista-enterprise", "boot=\"spread:8h\"") +
      group("win7", 300, "win7-enterprise", "boot=\"spread:1d\"") +
      group("clones", 80, "win10-enterprise", "generalized=\"false\" boot=\"spread:2h\"") +
      group("lost", 70, "win10-enterprise", "kms-host=\"kms2.corp.example\" boot=\"spread:3h\"") +
      group("nowhere", 50, "win10-enterprise", "kms-host=\"ghost.corp.example\"") +
      "  </site>\n"
      "  <outage clients=\"lost\" from-day=\"3\" to-day=\"9\"/>\n"
      "  <outage clients=\"win7\" from-day=\"2\" to-day=\"4\"/>\n"
      "  <activate-now clients=\"lost\" day=\"5\"/>\n"
      "  <activate-now clients=\"nowhere\" day=\"12\"/>\n"
      "  <activate-now clients=\"win7\" day=\"20\"/>\n"
      "</topology>\n";
  SimulationOptions with_events;
  uint64_t records = 0;
  with_events.events = [&](const EventRecord&) { ++records; };
  const SimulationReport quiet = run(xml);
  const SimulationReport loud = run(xml, with_events);
  EXPECT_EQ(records, loud.events_12288 + loud.events_12289 + loud.events_12290);
  EXPECT_EQ(quiet.attempts, loud.attempts);
  EXPECT_EQ(quiet.traffic_requests, loud.traffic_requests);
  EXPECT_EQ(quiet.events_12288, loud.events_12288);
  EXPECT_EQ(quiet.events_12289, loud.events_12289);
  ASSERT_EQ(quiet.hosts.size(), loud.hosts.size());
  for (size_t h = 0; h < quiet.hosts.size(); ++h) {
    EXPECT_EQ(quiet.hosts[h].requests, loud.hosts[h].requests) << h;
    EXPECT_EQ(quiet.hosts[h].activations, loud.hosts[h].activations) << h;
    EXPECT_EQ(quiet.hosts[h].count, loud.hosts[h].count) << h;
  }
  ASSERT_EQ(quiet.groups.size(), loud.groups.size());
  for (size_t g = 0; g < quiet.groups.size(); ++g) {
    const ActivationTally& a = quiet.groups[g].tally;
    const ActivationTally& b = loud.groups[g].tally;
    EXPECT_EQ(a.status_counts, b.status_counts) << g;
    EXPECT_EQ(a.failures, b.failures) << g;
    EXPECT_EQ(a.final_failures, b.final_failures) << g;
    EXPECT_EQ(a.first_activation_minute, b.first_activation_minute) << g;
    EXPECT_EQ(a.last_activation_minute, b.last_activation_minute) << g;
    EXPECT_EQ(a.ever_activated, b.ever_activated) << g;
  }
  EXPECT_GT(quiet.groups[0].tally.activated, 0u);  // the test exercises both answers
  EXPECT_GT(quiet.groups[0].tally.failures.count(hresult::host_not_activated), 0u);
}

TEST(FleetSimulation, WritingEventsChangesNoResultUnderTheFieldRules) {
  // The field rules on the cohort paths: an AD activation object with a window, a DNS server
  // failure window over a group its only host refuses (clock skew: counted retries stepped one
  // by one), SRV records naming only unreachable hosts (one 0x800706BA per record), a host over
  // its key's activation limit, VMs not counted, a host restart. With and without an event
  // sink the reports must agree.
  const std::string xml =
      "<topology days=\"30\" seed=\"3\" vm-counting=\"not-counted\">\n"
      "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone>"
      "<zone name=\"far.example\"><srv target=\"kms1.corp.example\"/>"
      "<srv target=\"kms2.corp.example\"/></zone></dns>\n"
      "  <site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/>"
      "<kms-host name=\"kms2.corp.example\" key-activations=\"11\"/>\n" +
      group("pcs", 40, "win10-enterprise", "boot=\"spread:4h\"") +
      group("vms", 30, "win10-enterprise", "virtual=\"true\" boot=\"spread:1h\"") +
      group("skewed", 20, "win10-enterprise", "clock-skew=\"5h\" boot=\"spread:2h\"") +
      group("limited", 10, "win10-enterprise", "kms-host=\"kms2.corp.example\"") +
      "  </site>\n"
      "  <site name=\"Branch\">\n"
      "    <clients name=\"members\" count=\"12\" product=\"win10-enterprise\" "
      "dns-suffix=\"corp.example\" join=\"domain\" ad-domain=\"branch.corp.example\" "
      "boot=\"spread:3h\"/>\n"
      "    <clients name=\"far\" count=\"9\" product=\"win10-enterprise\" "
      "dns-suffix=\"far.example\" boot=\"spread:1h\"/>\n"
      "  </site>\n"
      "  <ad-activation forest=\"corp.example\" host-key=\"server2019\" from-day=\"2\" "
      "to-day=\"10\"/>\n"
      "  <dns-failure clients=\"skewed\" from-day=\"3\" to-day=\"6\"/>\n"
      "  <host-restart host=\"kms1.corp.example\" day=\"4\"/>\n"
      "  <activate-now clients=\"skewed\" day=\"8\"/>\n"
      "</topology>\n";
  SimulationOptions with_events;
  uint64_t records = 0;
  uint64_t rpc_unavailable = 0;
  std::map<int, uint64_t> activated_responses;  // 12290 with activated = 1, per host
  with_events.events = [&](const EventRecord& record) {
    ++records;
    if (record.hresult == hresult::rpc_unavailable) ++rpc_unavailable;
    if (record.event_id == 12290 && record.activated) ++activated_responses[record.host];
  };
  const SimulationReport quiet = run(xml);
  const SimulationReport loud = run(xml, with_events);
  EXPECT_EQ(records, loud.events_12288 + loud.events_12289 + loud.events_12290);
  EXPECT_EQ(quiet.attempts, loud.attempts);
  EXPECT_EQ(quiet.traffic_requests, loud.traffic_requests);
  EXPECT_EQ(quiet.events_12288, loud.events_12288);
  EXPECT_EQ(quiet.events_12289, loud.events_12289);
  ASSERT_EQ(quiet.hosts.size(), loud.hosts.size());
  for (size_t h = 0; h < quiet.hosts.size(); ++h) {
    EXPECT_EQ(quiet.hosts[h].requests, loud.hosts[h].requests) << h;
    EXPECT_EQ(quiet.hosts[h].activations, loud.hosts[h].activations) << h;
    EXPECT_EQ(quiet.hosts[h].count, loud.hosts[h].count) << h;
    EXPECT_EQ(quiet.hosts[h].activation_error, loud.hosts[h].activation_error) << h;
    EXPECT_EQ(loud.hosts[h].activations, activated_responses[static_cast<int>(h)]) << h;
  }
  ASSERT_EQ(quiet.groups.size(), 6u);
  ASSERT_EQ(loud.groups.size(), 6u);
  for (size_t g = 0; g < quiet.groups.size(); ++g) {
    const ActivationTally& a = quiet.groups[g].tally;
    const ActivationTally& b = loud.groups[g].tally;
    EXPECT_EQ(a.status_counts, b.status_counts) << g;
    EXPECT_EQ(a.failures, b.failures) << g;
    EXPECT_EQ(a.final_failures, b.final_failures) << g;
    EXPECT_EQ(a.first_activation_minute, b.first_activation_minute) << g;
    EXPECT_EQ(a.last_activation_minute, b.last_activation_minute) << g;
    EXPECT_EQ(a.ever_activated, b.ever_activated) << g;
    EXPECT_EQ(a.ad_activated, b.ad_activated) << g;
    EXPECT_EQ(a.answering_host_counts, b.answering_host_counts) << g;
  }
  // The case exercises every rule it names.
  EXPECT_EQ(quiet.groups[0].tally.activated, 40u);
  EXPECT_EQ(quiet.groups[1].tally.activated, 30u) << "VMs see the 40 PCs' count";
  EXPECT_GT(quiet.groups[2].tally.failures.at(hresult::time_invalid), 0u);
  EXPECT_GT(quiet.groups[2].tally.failures.at(hresult::dns_server_failure), 0u);
  EXPECT_EQ(dominant_failure(quiet.groups[3].tally), hresult::host_not_activated);
  EXPECT_EQ(quiet.groups[4].tally.ever_activated, 12u);
  EXPECT_GT(quiet.groups[4].tally.failures.at(hresult::no_host_contacted), 0u)
      << "KMS again after the object is gone";
  EXPECT_EQ(dominant_failure(quiet.groups[5].tally), hresult::no_host_contacted);
  EXPECT_GT(rpc_unavailable, 0u);
  EXPECT_EQ(rpc_unavailable % 2, 0u) << "two SRV records, both unreachable, each attempt";
}

TEST(FleetSimulation, Figure3BranchOfficesSample) {
  const std::string path = (test::source_dir() / "samples/topology/branch-offices.xml").string();
  auto topology = parse_topology(test::read_bytes(path), path);
  ASSERT_TRUE(topology) << topology.error().to_string();
  const SimulationReport report = simulate_fleet(*topology);
  ASSERT_EQ(report.sites.size(), 4u);
  EXPECT_EQ(report.sites[0].name, "HQ");
  EXPECT_EQ(report.sites[0].tally.activated, report.sites[0].tally.clients);
  EXPECT_EQ(report.sites[1].name, "SiteA");
  EXPECT_GE(report.sites[1].tally.clients, 25u);
  EXPECT_EQ(report.sites[1].tally.activated, report.sites[1].tally.clients);
  EXPECT_EQ(report.sites[2].name, "SiteB");
  EXPECT_LT(report.sites[2].tally.clients, 25u);
  EXPECT_EQ(report.sites[2].tally.activated, 0u);
  EXPECT_EQ(dominant_failure(report.sites[2].tally), hresult::no_host_contacted);
  EXPECT_NE(report.sites[2].verdict.find("use MAK activation"), std::string::npos);
  EXPECT_EQ(report.sites[3].name, "SiteC");
  EXPECT_LT(report.sites[3].tally.clients, 25u);
  EXPECT_EQ(report.sites[3].tally.activated, report.sites[3].tally.clients);
  EXPECT_EQ(report.hosts[1].name, "kms-a.corp.example");
  EXPECT_EQ(report.hosts[1].count, static_cast<int>(report.sites[1].tally.clients));
}

}  // namespace
}  // namespace kmsprep
