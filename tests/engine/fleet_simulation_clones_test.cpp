// Fleets of never-generalized clones (every group's members share one CMID): what the host
// counts and answers, from the rules of kms-facts §1 (the count is the distinct CMIDs seen in
// the last 30 days; below 25 for clients, 5 for servers, the answer is 0xC004F038), §2 (a
// client that is not activated retries every 120 minutes) and §8 (an image never generalized
// gives every clone the same CMID). The engine counts such retries instead of running them
// (docs/engine.md, "Scale"); these tests pin that the counted retries are the ones the rules
// give, and that the report is the one the event-by-event run gives.
#include <gtest/gtest.h>

#include <string>

#include "engine/fleet_simulation.hpp"
#include "engine/topology.hpp"

namespace kmsprep {
namespace {

Topology parse(const std::string& xml) {
  auto topology = parse_topology(xml, "test.xml");
  EXPECT_TRUE(topology) << topology.error().to_string();
  return topology ? std::move(*topology) : Topology{};
}

// One site, one host kms1 found through an SRV record in corp.example, and the given groups.
std::string one_site(const std::string& clients, int days, const std::string& extra = "") {
  return "<topology start=\"2007-03-01T08:00:00Z\" days=\"" + std::to_string(days) +
         "\" seed=\"1\">\n"
         "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone></dns>\n"
         "  <site name=\"HQ\">\n"
         "    <kms-host name=\"kms1.corp.example\"/>\n" +
         clients + "  </site>\n" + extra + "</topology>\n";
}

std::string group(const std::string& name, int count, const std::string& product,
                  const std::string& extra = "") {
  return "    <clients name=\"" + name + "\" count=\"" + std::to_string(count) + "\" product=\"" +
         product + "\" dns-suffix=\"corp.example\" " + extra + "/>\n";
}

std::string clones(const std::string& name, int count, const std::string& product,
                   const std::string& extra = "") {
  return group(name, count, product, "generalized=\"false\" " + extra);
}

// Requests of `count` members booting spread over `spread` minutes (member i at
// floor(i * spread / count)), each retrying every 120 minutes until minute `end`.
uint64_t retries_until(int64_t end, int64_t count, int64_t spread) {
  uint64_t requests = 0;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t boot = i * spread / count;
    requests += static_cast<uint64_t>((end - boot + 119) / 120);
  }
  return requests;
}

uint64_t failures(const ActivationTally& tally, Hresult code) {
  const auto found = tally.failures.find(code);
  return found == tally.failures.end() ? 0 : found->second;
}

// The report without an event sink (retries counted) against the one with (every attempt run).
void expect_same_report(const std::string& xml) {
  const Topology topology = parse(xml);
  SimulationOptions with_events;
  uint64_t records = 0;
  with_events.events = [&](const EventRecord&) { ++records; };
  const SimulationReport quiet = simulate_fleet(topology);
  const SimulationReport loud = simulate_fleet(topology, with_events);
  EXPECT_EQ(records, loud.events_12288 + loud.events_12289 + loud.events_12290);
  EXPECT_EQ(quiet.attempts, loud.attempts);
  EXPECT_EQ(quiet.traffic_requests, loud.traffic_requests);
  EXPECT_EQ(quiet.events_12288, loud.events_12288);
  EXPECT_EQ(quiet.events_12289, loud.events_12289);
  EXPECT_EQ(quiet.events_12290, loud.events_12290);
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
    EXPECT_EQ(a.activated, b.activated) << g;
    EXPECT_EQ(a.status_counts, b.status_counts) << g;
    EXPECT_EQ(a.failures, b.failures) << g;
    EXPECT_EQ(a.final_failures, b.final_failures) << g;
    EXPECT_EQ(a.first_activation_minute, b.first_activation_minute) << g;
    EXPECT_EQ(a.last_activation_minute, b.last_activation_minute) << g;
    EXPECT_EQ(a.answering_host_counts, b.answering_host_counts) << g;
  }
  ASSERT_EQ(quiet.sites.size(), loud.sites.size());
  for (size_t s = 0; s < quiet.sites.size(); ++s) {
    EXPECT_EQ(quiet.sites[s].verdict, loud.sites[s].verdict) << s;
  }
}

TEST(FleetSimulationClones, EachGroupAddsOneToTheCountAndEveryRetryGets0xC004F038) {
  // Three images never generalized, 354 clones over 60 days: the host sees three CMIDs, so
  // its count is 3 (below 25 for the clients and 5 for the servers), every request is
  // answered 0xC004F038 and every clone retries every two hours from its boot to the end.
  const std::string xml =
      one_site(clones("desktops", 200, "win10-enterprise", "boot=\"spread:8h\"") +
                   clones("laptops", 150, "win7-enterprise", "boot=\"spread:8h\"") +
                   clones("servers", 4, "server2019-standard", "boot=\"spread:8h\""),
               60);
  const SimulationReport report = simulate_fleet(parse(xml));
  const int64_t end = 60 * 1440;
  const uint64_t requests =
      retries_until(end, 200, 480) + retries_until(end, 150, 480) + retries_until(end, 4, 480);
  EXPECT_EQ(report.hosts[0].count, 3);
  EXPECT_EQ(report.hosts[0].requests, requests);
  EXPECT_EQ(report.hosts[0].activations, 0u);
  EXPECT_EQ(report.attempts, requests);
  EXPECT_EQ(report.events_12288, requests);
  EXPECT_EQ(report.events_12289, requests);
  EXPECT_EQ(report.events_12290, requests);
  EXPECT_EQ(report.sites[0].tally.activated, 0u);
  EXPECT_EQ(report.sites[0].tally.ever_activated, 0u);
  EXPECT_EQ(report.groups[0].tally.failures.at(hresult::count_too_low),
            retries_until(end, 200, 480));
  EXPECT_EQ(report.groups[2].tally.failures.at(hresult::count_too_low), retries_until(end, 4, 480));
  EXPECT_EQ(report.sites[0].tally.failures.size(), 1u);  // nothing but 0xC004F038
  EXPECT_EQ(report.sites[0].tally.final_failures.at(hresult::count_too_low), 354u);
  EXPECT_EQ(report.groups[1].tally.answering_host_counts.at(0), 3);
  EXPECT_NE(report.sites[0].verdict.find("share one CMID"), std::string::npos)
      << report.sites[0].verdict;
  expect_same_report(xml);
}

TEST(FleetSimulationClones, ClonesAndDistinctMachinesBelowTheThresholdNeverActivate) {
  // Two clone groups (2 CMIDs) and 20 generalized machines (20 CMIDs): a count of 22, below
  // 25 for good, so all 520 retry every two hours for the 10 days.
  const std::string xml =
      one_site(clones("clones-a", 300, "win10-enterprise", "boot=\"spread:2h\"") +
                   clones("clones-b", 200, "win10-enterprise", "boot=\"at:1h\"") +
                   group("machines", 20, "win10-enterprise", "boot=\"spread:1d\""),
               10);
  const SimulationReport report = simulate_fleet(parse(xml));
  const int64_t end = 10 * 1440;
  uint64_t requests = retries_until(end, 300, 120) + retries_until(end, 20, 1440);
  requests += 200u * static_cast<uint64_t>((end - 60 + 119) / 120);
  EXPECT_EQ(report.hosts[0].count, 22);
  EXPECT_EQ(report.hosts[0].requests, requests);
  EXPECT_EQ(report.sites[0].tally.activated, 0u);
  EXPECT_EQ(report.sites[0].tally.failures.at(hresult::count_too_low), requests);
  EXPECT_EQ(report.sites[0].tally.final_failures.at(hresult::count_too_low), 520u);
  expect_same_report(xml);
}

TEST(FleetSimulationClones, DistinctMachinesPushingTheCountToTwentyFiveActivateTheClonesToo) {
  // Three clone groups boot at minute 30 and are refused (count 3) until 22 generalized machines
  // boot together at day 10 (minute 14400): they ask in member order and the count rises from
  // 4 to 25, so the 22nd activates at once and the other 21 at their retry two hours later.
  // The clones' retries fall at 30 + 120k: the first after the machines arrive is at 14430,
  // where the count is 25 and they activate; before it, 120 refused requests each.
  const std::string xml =
      one_site(clones("clones-a", 100, "win10-enterprise", "boot=\"at:30m\"") +
                   clones("clones-b", 50, "win7-enterprise", "boot=\"at:30m\"") +
                   clones("clones-c", 10, "win10-enterprise", "boot=\"at:30m\"") +
                   group("machines", 22, "win10-enterprise", "boot=\"at:10d\""),
               15);
  const SimulationReport report = simulate_fleet(parse(xml));
  for (int g = 0; g < 3; ++g) {
    const ActivationTally& tally = report.groups[static_cast<size_t>(g)].tally;
    EXPECT_EQ(tally.activated, tally.clients) << g;
    EXPECT_EQ(tally.first_activation_minute, 14430) << g;
    EXPECT_EQ(tally.last_activation_minute, 14430) << g;
    EXPECT_EQ(tally.failures.at(hresult::count_too_low), tally.clients * 120u) << g;
  }
  const ActivationTally& machines = report.groups[3].tally;
  EXPECT_EQ(machines.activated, 22u);
  EXPECT_EQ(machines.first_activation_minute, 14400);
  EXPECT_EQ(machines.last_activation_minute, 14520);
  EXPECT_EQ(machines.failures.at(hresult::count_too_low), 21u);
  EXPECT_EQ(report.hosts[0].count, 25);
  // Days 10-15: no renewal falls before the end (7 days), so each activated once.
  EXPECT_EQ(report.hosts[0].activations, 160u + 22u);
  expect_same_report(xml);
}

TEST(FleetSimulationClones, ServersCountTheirOwnCmidsWithTheClientClones) {
  // Three server clone groups and the desktops' one CMID make a count of 4, below the servers'
  // 5 (clients and servers add up), until a fourth server image's clones boot at day 3
  // (minute 4320): the count reaches 5, they activate at once, and the other servers at their
  // next request; the Windows 10 clones (threshold 25) stay refused at 5.
  std::string servers;
  for (int i = 0; i < 3; ++i) {
    servers += clones("servers-" + std::to_string(i), 3, "server2019-standard", "boot=\"at:1h\"");
  }
  const std::string xml =
      one_site(servers + clones("late-servers", 2, "server2019-standard", "boot=\"at:3d\"") +
                   clones("desktops", 40, "win10-enterprise", "boot=\"spread:8h\""),
               5);
  const SimulationReport report = simulate_fleet(parse(xml));
  for (int g = 0; g < 3; ++g) {
    // Requests at 60 + 120k: 36 refused (60 .. 4260), then the one at 4380 activates.
    const ActivationTally& tally = report.groups[static_cast<size_t>(g)].tally;
    EXPECT_EQ(tally.first_activation_minute, 4380) << g;
    EXPECT_EQ(tally.activated, 3u) << g;
    EXPECT_EQ(tally.failures.at(hresult::count_too_low), 3u * 36u) << g;
  }
  EXPECT_EQ(report.groups[3].tally.first_activation_minute, 4320);
  EXPECT_EQ(report.groups[3].tally.failures.count(hresult::count_too_low), 0u);
  EXPECT_EQ(report.groups[4].tally.activated, 0u);
  EXPECT_EQ(report.groups[4].tally.failures.at(hresult::count_too_low),
            retries_until(5 * 1440, 40, 480));
  EXPECT_EQ(report.hosts[0].count, 5);
  expect_same_report(xml);
}

TEST(FleetSimulationClones, HostRestartForgetsCmidsNotSeenSinceAndTheCountStaysBelow) {
  // Three clone groups; "offline" loses the network from day 4 to the end. The host restarts
  // at day 5 (its table emptied, docs/topology.md): only the two groups still asking are
  // counted at the end. Without the restart the offline group's last request (day 4 minus two
  // hours) is still within the 30 days, and the count is 3.
  const std::string clients = clones("a", 50, "win10-enterprise", "boot=\"spread:4h\"") +
                              clones("b", 50, "win7-enterprise", "boot=\"spread:4h\"") +
                              clones("offline", 50, "win10-enterprise", "boot=\"spread:4h\"");
  const std::string outage = "  <outage clients=\"offline\" from-day=\"4\" to-day=\"10\"/>\n";
  const std::string restart = "  <host-restart host=\"kms1.corp.example\" day=\"5\"/>\n";
  const SimulationReport restarted = simulate_fleet(parse(one_site(clients, 10, outage + restart)));
  EXPECT_EQ(restarted.hosts[0].count, 2);
  const SimulationReport kept = simulate_fleet(parse(one_site(clients, 10, outage)));
  EXPECT_EQ(kept.hosts[0].count, 3);
  const uint64_t before_outage = retries_until(4 * 1440, 50, 240);
  EXPECT_EQ(failures(kept.groups[2].tally, hresult::count_too_low), before_outage);
  EXPECT_EQ(failures(kept.groups[2].tally, hresult::no_host_contacted),
            retries_until(10 * 1440, 50, 240) - before_outage);
  EXPECT_EQ(kept.groups[2].tally.final_failures.at(hresult::no_host_contacted), 50u);
  expect_same_report(one_site(clients, 10, outage + restart));
  expect_same_report(one_site(clients, 10, outage));
}

TEST(FleetSimulationClones, CountedRetriesMatchTheEventByEventRunUnderEveryTopologyEvent) {
  // Clone fleets with everything that ends or changes a span of counted retries: activate-now,
  // outages, a DNS server failure, host restarts, a host handing out its own retry interval,
  // virtual machines not counted, Vista clients picking at random between a host below its
  // thresholds and one that activates, and a branch whose distinct machines activate there.
  const std::string xml =
      "<topology days=\"45\" seed=\"11\" vm-counting=\"not-counted\">\n"
      "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone>"
      "<zone name=\"both.example\"><srv target=\"kms1.corp.example\"/>"
      "<srv target=\"kms2.corp.example\"/></zone></dns>\n"
      "  <site name=\"HQ\"><kms-host name=\"kms1.corp.example\" activation-interval=\"97\"/>"
      "<kms-host name=\"kms2.corp.example\"/>\n" +
      clones("clones", 500, "win10-enterprise", "boot=\"spread:8h\"") +
      clones("vm-clones", 80, "win10-enterprise", "virtual=\"true\" boot=\"spread:3h\"") +
      clones("lab", 60, "win7-enterprise", "boot=\"spread:1d\"") +
      "    <clients name=\"vista\" count=\"30\" product=\"vista-enterprise\" "
      "generalized=\"false\" dns-suffix=\"both.example\" boot=\"spread:2h\"/>\n" +
      group("branch", 26, "win10-enterprise", "kms-host=\"kms2.corp.example\" boot=\"at:20d\"") +
      "  </site>\n"
      "  <outage clients=\"lab\" from-day=\"3\" to-day=\"6\"/>\n"
      "  <dns-failure clients=\"clones\" from-day=\"8\" to-day=\"9\"/>\n"
      "  <activate-now clients=\"clones\" day=\"12\"/>\n"
      "  <activate-now clients=\"lab\" day=\"4\"/>\n"
      "  <host-restart host=\"kms1.corp.example\" day=\"10\"/>\n"
      "  <host-restart host=\"kms1.corp.example\" day=\"40\"/>\n"
      "</topology>\n";
  expect_same_report(xml);
}

}  // namespace
}  // namespace kmsprep
