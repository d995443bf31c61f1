// Scenario suite for issue 14: each expected outcome comes from a Microsoft document, named in
// the comment above the case (document, section), never from the engine's own output.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine/clone_simulation.hpp"
#include "engine/fleet_simulation.hpp"
#include "engine/licensing_state.hpp"
#include "engine/product_timers.hpp"
#include "engine/reading_outcomes.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

constexpr const char* kPlanning =
    "KMS activation planning "
    "(learn.microsoft.com/windows-server/get-started/kms-activation-planning)";

Topology parse(const std::string& xml) {
  auto topology = parse_topology(xml, "scenario.xml");
  REQUIRE_OK(topology);
  return topology ? std::move(*topology) : Topology{};
}

// One site with host kms1 (attributes given) published in corp.example, and the groups.
std::string site(const std::string& host, const std::string& clients, const std::string& root = "",
                 const std::string& extra = "") {
  return "<topology days=\"2\" " + root +
         ">\n"
         "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone></dns>\n"
         "  <site name=\"HQ\">\n    <kms-host name=\"kms1.corp.example\" " +
         host + "/>\n" + clients + "  </site>\n" + extra + "</topology>\n";
}

std::string clients(const std::string& name, int count, const std::string& product,
                    const std::string& extra = "") {
  return "    <clients name=\"" + name + "\" count=\"" + std::to_string(count) + "\" product=\"" +
         product + "\" dns-suffix=\"corp.example\" " + extra + "/>\n";
}

const ActivationTally& group_tally(const SimulationReport& report, size_t group = 0) {
  return report.groups.at(group).tally;
}

SimulationReport run(const std::string& xml) { return simulate_fleet(parse(xml)); }

// --- Host keys (kms-activation-planning, "Activation versions") ---------------------------

// KMS activation planning, Windows Server 2016 tab: the 2016 CSVLK activates Server 2016 and
// older, not Server 2025 -> 0xC004F042 (Resolving common activation error codes, 0xC004F042).
TEST(FieldScenarios, Server2016KeyDoesNotActivateServer2025) {
  const auto report = run(site("host-key=\"server2016\" os=\"server2016\"",
                               clients("servers", 6, "server2025-standard")));
  EXPECT_EQ(group_tally(report).activated, 0u) << kPlanning;
  EXPECT_EQ(dominant_failure(group_tally(report)), hresult::product_not_covered);
}

// KMS activation planning, Windows Server 2025 tab: Server 2025 (all editions) and Windows 10.
TEST(FieldScenarios, Server2025KeyActivatesServer2025AndWindows10) {
  const auto report = run(site(
      "host-key=\"server2025\" os=\"server2025\"",
      clients("servers", 6, "server2025-datacenter") + clients("pcs", 25, "win10-enterprise")));
  EXPECT_EQ(group_tally(report, 0).activated, 6u);
  EXPECT_EQ(group_tally(report, 1).activated, 25u);
}

// KMS activation planning, introduction: "a KMS host running on a Windows client operating
// system can only activate computers also running client operating systems".
TEST(FieldScenarios, ClientOsHostDoesNotActivateServers) {
  const auto legacy = run(site("os=\"win10\"", clients("servers", 6, "server2019-standard")));
  EXPECT_EQ(dominant_failure(group_tally(legacy)), hresult::product_not_covered);
  const auto keyed =
      run(site("os=\"win10\" host-key=\"win10\"", clients("servers", 6, "server2016-standard")));
  EXPECT_EQ(dominant_failure(group_tally(keyed)), hresult::product_not_covered);
}

// KMS activation planning, Windows 10 tab: the Windows 10 CSVLK lists Windows 10 (and LTSB 2015)
// but no Windows 11 and no LTSB 2016; the Windows Server 2022 tab lists Windows 11.
TEST(FieldScenarios, Windows10KeyActivatesWindows10ButNotWindows11) {
  const auto report = run(site("os=\"win10\" host-key=\"win10\"",
                               clients("ten", 25, "win10-professional") +
                                   clients("eleven", 25, "win11-professional") +
                                   clients("ltsb2016", 25, "win10-enterprises-2016")));
  EXPECT_EQ(group_tally(report, 0).activated, 25u);
  EXPECT_EQ(dominant_failure(group_tally(report, 1)), hresult::product_not_covered);
  EXPECT_EQ(dominant_failure(group_tally(report, 2)), hresult::product_not_covered);
  const auto server2022 =
      run(site("host-key=\"server2022\"", clients("eleven", 25, "win11-professional")));
  EXPECT_EQ(group_tally(server2022).activated, 25u);
}

// VA 2.0 changes for Windows Server 2008 and Vista SP1 (technet cc308698), Volume License
// Product Keys: a Group B KMS key activates Standard, Enterprise, Web and Vista; Datacenter is
// Group C.
TEST(FieldScenarios, Server2008GroupBKeyActivatesStandardButNotDatacenter) {
  const auto report = run(site("host-key=\"server2008-b\" os=\"server2008\"",
                               clients("standard", 5, "server2008-standard") +
                                   clients("datacenter", 5, "server2008-datacenter")));
  EXPECT_EQ(group_tally(report, 0).activated, 5u);
  EXPECT_EQ(dominant_failure(group_tally(report, 1)), hresult::product_not_covered);
}

// KMS activation planning: the Windows Server 2019 CSVLK "can be hosted on" Windows Server
// 2019, 2016, 2012 R2 only; a Windows 10 host cannot carry it (E610, exit 3).
TEST(FieldScenarios, ServerKeyOnAClientOsIsRefused) {
  const auto topology = parse_topology(site("host-key=\"server2019\" os=\"win10\"", ""), "t.xml");
  ASSERT_FALSE(topology);
  EXPECT_EQ(topology.error().code(), ErrorCode::host_key_unhostable);
  EXPECT_NE(topology.error().to_string().find("Windows Server 2016 (after KB4478877)"),
            std::string::npos)
      << topology.error().to_string();
}

// KMS activation planning, "KMS host required updates": a Server 2016 host needs KB4478877
// for the 2019 CSVLK; without it the key's licenses are missing (0xC004F015 on the host) and
// clients meet a host that is not activated (0xC004F041).
TEST(FieldScenarios, HostWithoutTheRequiredUpdateIsNotActivated) {
  const auto report = run(site("host-key=\"server2019\" os=\"server2016\" updated=\"false\"",
                               clients("servers", 6, "server2019-standard")));
  EXPECT_EQ(dominant_failure(group_tally(report)), hresult::host_not_activated);
  EXPECT_EQ(report.hosts[0].activation_error, 0xC004F015u);
  const auto updated = run(site("host-key=\"server2019\" os=\"server2016\"",
                                clients("servers", 6, "server2019-standard")));
  EXPECT_EQ(group_tally(updated).activated, 6u);
}

// --- Per-product timers -------------------------------------------------------------------

// Sysprep (Generalize) a Windows installation, "Limits on how many times you can run Sysprep":
// 1001 for Windows 8.1 / Server 2012 and later, 3 for Windows 7 / 2008 R2 and Server 2008.
// Volume Activation 2.0 Operations Guide: Vista Business and Server 2008 three resets, Vista SP1
// Enterprise five.
TEST(FieldScenarios, RearmAndSysprepLimitsPerProduct) {
  SeededRandom random(1);
  const auto fresh = [&](const char* id) {
    return fresh_licensing_state(*find_gvlk_by_product_id(id), random);
  };
  EXPECT_EQ(fresh("win10-enterprise").sysprep_runs_left, 1001);
  EXPECT_EQ(fresh("server2019-standard").sysprep_runs_left, 1001);
  EXPECT_EQ(fresh("win81-enterprise").sysprep_runs_left, 1001);
  EXPECT_EQ(fresh("win7-enterprise").rearms_left, 3);
  EXPECT_EQ(fresh("server2008r2-standard").rearms_left, 3);
  EXPECT_EQ(fresh("server2008-standard").rearms_left, 3);
  EXPECT_EQ(fresh("vista-business").rearms_left, 3);
  const GvlkEntry& vista = *find_gvlk_by_product_id("vista-enterprise");
  EXPECT_EQ(product_timers(vista, 6001).rearm_limit, 5);
  EXPECT_EQ(product_timers(vista, 6000).rearm_limit, 3);
}

// Windows Server 2008: 60-day grace (one Microsoft statement, KB948472; a documented reading);
// Windows 7: 30 days. Clients that never reach a host: Server 2008 is still in grace on day 45,
// Windows 7 in notification.
TEST(FieldScenarios, OutOfBoxGracePerProduct) {
  const std::string xml = "<topology days=\"45\"><site name=\"HQ\">" +
                          clients("servers", 5, "server2008-standard") +
                          clients("pcs", 5, "win7-enterprise") + "</site></topology>";
  const auto report = run(xml);
  EXPECT_EQ(group_tally(report, 0).status_counts[static_cast<size_t>(LicenseStatus::oob_grace)],
            5u);
  EXPECT_EQ(group_tally(report, 1).status_counts[static_cast<size_t>(LicenseStatus::notification)],
            5u);
}

// VA 2.0 changes (technet cc308698), "Notifications vs. RFM": the initial release of Vista ends
// grace in reduced functionality mode; SP1 (build 6001) replaced it with notifications.
TEST(FieldScenarios, VistaRtmEndsGraceInReducedFunctionality) {
  const std::string xml = "<topology days=\"31\"><site name=\"HQ\">" +
                          clients("rtm", 3, "vista-enterprise", "build=\"6000\"") +
                          clients("sp1", 3, "vista-enterprise", "build=\"6001\"") +
                          "</site></topology>";
  const auto report = run(xml);
  EXPECT_EQ(group_tally(report, 0).reduced_functionality, 3u);
  EXPECT_EQ(group_tally(report, 1).reduced_functionality, 0u);
  EXPECT_NE(report.sites[0].verdict.find("reduced functionality"), std::string::npos);
}

// --- AD-based activation ------------------------------------------------------------------

// Activate using Active Directory-based activation: domain-joined Windows 8.1 / 2012 and later
// clients with a GVLK activate at startup from the forest's activation object, with no KMS
// count; where every computer qualifies it "is the best option". A 12-client branch with no
// KMS host in reach therefore activates.
// The branch finds the headquarters' host through DNS but reaches it only across a public
// network (no <link>).
std::string branch(const std::string& ad, const std::string& product = "win10-enterprise") {
  return "<topology days=\"20\">\n"
         "  <dns><zone name=\"corp.example\"><srv target=\"kms1.corp.example\"/></zone></dns>\n"
         "  <site name=\"HQ\"><kms-host name=\"kms1.corp.example\"/></site>\n"
         "  <site name=\"Branch\">\n"
         "    <clients name=\"pcs\" count=\"12\" product=\"" +
         product +
         "\" dns-suffix=\"corp.example\" join=\"domain\" ad-domain=\"branch.corp.example\"/>\n"
         "  </site>\n" +
         ad + "</topology>\n";
}

TEST(FieldScenarios, AdBasedActivationAtATwelveClientBranch) {
  const auto report =
      run(branch("  <ad-activation forest=\"corp.example\" host-key=\"server2019\"/>\n"));
  EXPECT_EQ(group_tally(report).activated, 12u);
  EXPECT_EQ(group_tally(report).ad_activated, 12u);
  EXPECT_EQ(report.events_12288, 0u) << "no KMS request is sent";
  EXPECT_NE(report.sites[1].verdict.find("all activated through AD-based activation"),
            std::string::npos)
      << report.sites[1].verdict;
}

TEST(FieldScenarios, WithoutAnActivationObjectTheBranchIsAdvisedAdBasedActivation) {
  const auto report = run(branch(""));
  EXPECT_EQ(group_tally(report).activated, 0u);
  EXPECT_NE(report.sites[1].verdict.find("use AD-based activation"), std::string::npos)
      << report.sites[1].verdict;
}

// Same document: "If the AD DS object cannot be retrieved, client computers use KMS
// activation"; re-activation "occurs every seven days". The object is gone from day 10: the
// day-14 check falls back to KMS, whose host lies across a public network (0xC004F074).
TEST(FieldScenarios, AdActivatedClientsFallBackToKmsWhenTheObjectIsGone) {
  const auto report = run(
      branch("  <ad-activation forest=\"corp.example\" host-key=\"server2019\" to-day=\"10\"/>\n"));
  EXPECT_EQ(group_tally(report).activated, 12u) << "still within the 180-day validity";
  EXPECT_GT(group_tally(report).failures.at(hresult::no_host_contacted), 0u);
}

// "Applies to Windows 8.1 or later" (same document; the Server 2012 overview says Windows 8):
// Windows 7 ignores the object; the ad-activation-first reading decides Windows 8. (The
// Server 2019 key does not list Windows 8, so the object here is a Server 2012 R2 key's.)
TEST(FieldScenarios, EarlierClientsIgnoreTheActivationObject) {
  const std::string ad = "  <ad-activation forest=\"corp.example\" host-key=\"server2012r2\"/>\n";
  EXPECT_EQ(group_tally(run(branch(ad, "win7-enterprise"))).activated, 0u);
  EXPECT_EQ(group_tally(run(branch(ad, "win8-enterprise"))).activated, 12u);
  std::string win81_first = branch(ad, "win8-enterprise");
  win81_first.replace(0, 10, "<topology ad-activation-first=\"win81\" ");
  EXPECT_EQ(group_tally(run(win81_first)).activated, 0u);
}

// --- Failure modes of the field (Resolving common activation error codes) ------------------

// 0xC004F06C: "The system time on the client computer is too different from the time on the
// KMS host". The tolerance (4 hours) is unconfirmed for Microsoft: a documented reading.
TEST(FieldScenarios, ClockSkewFailsWithRequestTimeInvalid) {
  const auto report =
      run(site("", clients("skewed", 25, "win10-enterprise", "clock-skew=\"5h\"") +
                       clients("close", 25, "win10-enterprise", "clock-skew=\"3h\"")));
  EXPECT_EQ(dominant_failure(group_tally(report, 0)), hresult::time_invalid);
  EXPECT_EQ(group_tally(report, 1).activated, 25u);
}

// 0xC004C008: "A KMS host key can be activated up to 10 times on up to six different
// computers". The seventh host sharing one key, or an eleventh activation, fails.
TEST(FieldScenarios, HostKeyOverItsActivationLimit) {
  std::string hosts;
  for (int i = 1; i <= 7; ++i) {
    hosts += "  <site name=\"S" + std::to_string(i) + "\"><kms-host name=\"kms" +
             std::to_string(i) + "\" key-id=\"corp\"/><clients name=\"g" + std::to_string(i) +
             "\" count=\"25\" product=\"win10-enterprise\" kms-host=\"kms" + std::to_string(i) +
             "\"/></site>\n";
  }
  const auto report = run("<topology days=\"1\">\n" + hosts + "</topology>\n");
  EXPECT_EQ(group_tally(report, 5).activated, 25u);
  EXPECT_EQ(dominant_failure(group_tally(report, 6)), hresult::host_not_activated);
  EXPECT_EQ(report.hosts[6].activation_error, hresult::host_key_limit);
  EXPECT_NE(report.sites[6].verdict.find("0xC004C008"), std::string::npos)
      << report.sites[6].verdict;
  const auto eleventh = run(site("key-activations=\"11\"", clients("pcs", 25, "win10-enterprise")));
  EXPECT_EQ(eleventh.hosts[0].activation_error, hresult::host_key_limit);
}

// 0xC004F074: "All of the KMS host systems returned an error ... identify each event that has
// Event ID 12288"; 0x800706BA: "DNS SRV records are stale". Two stale records: two 12288
// events with 0x800706BA per attempt, 0xC004F074 as the result.
TEST(FieldScenarios, EachUnreachableHostLogsRpcUnavailable) {
  const std::string xml =
      "<topology days=\"1\">\n"
      "  <dns><zone name=\"corp.example\"><srv target=\"old1.corp.example\"/>"
      "<srv target=\"old2.corp.example\"/></zone></dns>\n"
      "  <site name=\"HQ\">" +
      clients("pcs", 1, "win10-enterprise") + "</site>\n</topology>\n";
  std::vector<EventRecord> events;
  SimulationOptions options;
  options.events = [&](const EventRecord& record) { events.push_back(record); };
  const auto report = simulate_fleet(parse(xml), options);
  ASSERT_GE(events.size(), 2u);
  EXPECT_EQ(events[0].hresult, hresult::rpc_unavailable);
  EXPECT_EQ(events[1].hresult, hresult::rpc_unavailable);
  EXPECT_EQ(events[0].minute, events[1].minute);
  EXPECT_EQ(report.events_12288, 2 * report.attempts);
  EXPECT_EQ(dominant_failure(group_tally(report)), hresult::no_host_contacted);
}

// KMS activation planning, "Operational requirements": each host counts the computers that
// contact it; clients split over two hosts leave each below 25 (0xC004F038).
TEST(FieldScenarios, CountSplitOverTwoHosts) {
  const std::string xml =
      "<topology days=\"1\"><site name=\"HQ\"><kms-host name=\"a\"/><kms-host name=\"b\"/>" +
      clients("left", 15, "win10-enterprise", "kms-host=\"a\"") +
      clients("right", 15, "win10-enterprise", "kms-host=\"b\"") + "</site></topology>";
  const auto report = run(xml);
  EXPECT_EQ(report.sites[0].tally.activated, 0u);
  EXPECT_NE(report.sites[0].verdict.find("split over 2 KMS hosts (a: 15, b: 15)"),
            std::string::npos)
      << report.sites[0].verdict;
}

// Issue 14's host restart: the restart empties the count table (restart-clears-count reading,
// unconfirmed); the first request after it sees a count of 1.
TEST(FieldScenarios, HostRestartResetsItsCount) {
  const auto first_count_after_restart = [](const std::string& root) {
    const std::string xml = site("", clients("pcs", 24, "win10-enterprise"), root,
                                 "  <host-restart host=\"kms1.corp.example\" day=\"1\"/>\n");
    int count = -1;
    SimulationOptions options;
    options.events = [&](const EventRecord& record) {
      if (count < 0 && record.minute >= 1440 && record.event_id == 12290) count = record.count;
    };
    simulate_fleet(parse(xml), options);
    return count;
  };
  EXPECT_EQ(first_count_after_restart(""), 1);
  EXPECT_EQ(first_count_after_restart("restart-clears-count=\"false\""), 24);
}

// 0x8007232A "DNS server failure"; a client set with slmgr /skms does not look up SRV records.
TEST(FieldScenarios, DnsServerFailure) {
  const auto report =
      run(site("",
               clients("dns", 25, "win10-enterprise") +
                   clients("fixed", 25, "win10-enterprise", "kms-host=\"kms1.corp.example\""),
               "", "  <dns-failure from-day=\"0\" to-day=\"5\"/>\n"));
  EXPECT_EQ(dominant_failure(group_tally(report, 0)), hresult::dns_server_failure);
  EXPECT_EQ(group_tally(report, 1).activated, 25u);
}

// Slmgr.vbs options, /skms-domain: it makes KMS "ignore the DNS suffix search list" (so Windows
// 8+ clients search it); whether Windows 7 does is unconfirmed (documented reading: no).
TEST(FieldScenarios, DnsSuffixSearchListOnWindows8AndLater) {
  const std::string search = "dns-search-list=\"corp.example\"";
  const auto report =
      run(site("",
               "    <clients name=\"ten\" count=\"25\" product=\"win10-enterprise\" "
               "dns-suffix=\"other.example\" " +
                   search +
                   "/>\n"
                   "    <clients name=\"seven\" count=\"25\" product=\"win7-enterprise\" "
                   "dns-suffix=\"other.example\" " +
                   search + "/>\n"));
  EXPECT_EQ(group_tally(report, 0).activated, 25u);
  EXPECT_EQ(dominant_failure(group_tally(report, 1)), hresult::dns_name_missing);
}

// Slmgr.vbs options: /skms-domain "sets the specific DNS domain in which all KMS SRV records
// can be found"; "no effect if the specific single KMS host is set by using /skms".
TEST(FieldScenarios, SkmsDomainIsTheOnlyDomainSearched) {
  const auto report =
      run(site("", clients("elsewhere", 25, "win10-enterprise", "kms-domain=\"other.example\"") +
                       clients("explicit", 25, "win10-enterprise",
                               "kms-domain=\"other.example\" kms-host=\"kms1.corp.example\"")));
  EXPECT_EQ(dominant_failure(group_tally(report, 0)), hresult::dns_name_missing);
  EXPECT_EQ(group_tally(report, 1).activated, 25u);
}

// --- Readings ------------------------------------------------------------------------------

// KMS activation planning: "Clients activate if the count is 25 or higher" (at-least, the
// default); older guides say "more than 25" (more-than). 25 clients activate only under the
// first, and the reading check names it.
TEST(FieldScenarios, ThresholdRuleReading) {
  const std::string at_least = site("", clients("pcs", 25, "win10-enterprise"));
  const std::string more_than =
      site("", clients("pcs", 25, "win10-enterprise"), "threshold-rule=\"more-than\"");
  const Topology topology = parse(at_least);
  const auto report = simulate_fleet(topology);
  EXPECT_EQ(group_tally(report).activated, 25u);
  EXPECT_EQ(group_tally(run(more_than)).activated, 0u);
  const auto notes = decisive_readings(topology, {}, report);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes[0].find("threshold-rule=\"at-least\" decided HQ"), std::string::npos) << notes[0];
}

// kms-facts 3 (sources disagree): Vista picks SRV records at random, 7 and later by priority.
// srv-selection="priority" sends every Vista client to the priority-0 host.
TEST(FieldScenarios, SrvSelectionReading) {
  const auto two_hosts = [](const std::string& root) {
    return "<topology days=\"1\" " + root +
           ">\n"
           "  <dns><zone name=\"corp.example\"><srv target=\"a\" priority=\"0\"/>"
           "<srv target=\"b\" priority=\"10\"/></zone></dns>\n"
           "  <site name=\"HQ\"><kms-host name=\"a\"/><kms-host name=\"b\"/>" +
           clients("pcs", 60, "vista-enterprise") + "</site>\n</topology>\n";
  };
  EXPECT_GT(run(two_hosts("")).hosts[1].requests, 0u);
  EXPECT_EQ(run(two_hosts("srv-selection=\"priority\"")).hosts[1].requests, 0u);
}

// Slmgr.vbs options, /skhc: a client that found a working host keeps using it; whether Vista
// does is disputed (kms-facts 3), so vista-host-caching decides. With it, every Vista client
// renews at one host only.
TEST(FieldScenarios, VistaHostCachingReading) {
  const auto hosts_per_client = [](const std::string& root) {
    const std::string xml =
        "<topology days=\"30\" " + root +
        ">\n"
        "  <dns><zone name=\"corp.example\"><srv target=\"a\"/><srv target=\"b\"/></zone></dns>\n"
        "  <site name=\"HQ\"><kms-host name=\"a\"/><kms-host name=\"b\"/>" +
        clients("pcs", 60, "vista-enterprise") + "</site>\n</topology>\n";
    std::map<int, std::set<int>> hosts;
    SimulationOptions options;
    options.events = [&](const EventRecord& record) {
      if (record.event_id == 12290 && record.activated) hosts[record.member].insert(record.host);
    };
    simulate_fleet(parse(xml), options);
    size_t most = 0;
    for (const auto& [member, used] : hosts) most = std::max(most, used.size());
    return most;
  };
  EXPECT_EQ(hosts_per_client(""), 2u);
  EXPECT_EQ(hosts_per_client("vista-host-caching=\"true\""), 1u);
}

// KMS activation planning: "KMS can activate physical and virtual computers" (counted, the
// default); Vista-era guides counted physical computers (not-counted).
TEST(FieldScenarios, VmCountingReading) {
  const std::string vms = clients("vms", 25, "win10-enterprise", "virtual=\"true\"");
  EXPECT_EQ(group_tally(run(site("", vms))).activated, 25u);
  EXPECT_EQ(dominant_failure(group_tally(run(site("", vms, "vm-counting=\"not-counted\"")))),
            hresult::count_too_low);
}

// A reading that cannot change the outcome is not named: one host, 30 Windows 10 clients.
TEST(FieldScenarios, ReadingsThatDecideNothingAreNotNamed) {
  const Topology topology = parse(site("", clients("pcs", 30, "win10-enterprise")));
  EXPECT_TRUE(decisive_readings(topology, {}, simulate_fleet(topology)).empty());
}

// The sample (samples/topology/ad-branch-office.xml) shows the office: the 12-client
// branch activates through AD-based activation (Activate using AD-based activation).
TEST(FieldScenarios, SampleBranchOfficeActivatesThroughAdBasedActivation) {
  const std::string xml =
      test::read_bytes(test::source_dir() / "samples/topology/ad-branch-office.xml");
  const auto report = run(xml);
  ASSERT_EQ(report.sites.size(), 2u);
  EXPECT_EQ(report.sites[0].tally.activated, 128u);
  EXPECT_EQ(report.sites[1].tally.ad_activated, 12u);
  EXPECT_NE(report.sites[1].verdict.find("through AD-based activation"), std::string::npos);
}

// validate names AD-based activation in its reason when the topology has the object.
TEST(FieldScenarios, ValidateNamesAdBasedActivation) {
  const Topology topology =
      parse(branch("  <ad-activation forest=\"corp.example\" host-key=\"server2019\"/>\n"));
  CloneSimulationInput input;
  input.image.state.product_id = "win10-enterprise";
  input.image.state.generalization = Generalization::generalized;
  input.image.domain_joined = true;
  input.image.ad_domain = "branch.corp.example";
  input.image.dns_suffix = "branch.corp.example";
  input.clones = 12;
  input.topology = &topology;
  input.site = "Branch";
  const auto outcome = simulate_clones(input);
  ASSERT_TRUE(outcome) << outcome.error().to_string();
  EXPECT_NE(outcome->reason.find("through AD-based activation"), std::string::npos)
      << outcome->reason;
}

}  // namespace
}  // namespace kmsprep
