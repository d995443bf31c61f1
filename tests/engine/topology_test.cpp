#include "engine/topology.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

TEST(Topology, ReadsTheIssueExampleWithItsDefaults) {
  auto topology = parse_topology(
      "<topology start=\"2007-03-01T08:00:00Z\" days=\"30\" seed=\"1\">\n"
      "  <dns><zone name=\"corp.example\">\n"
      "    <srv target=\"kms1.corp.example\" port=\"1688\" priority=\"0\" weight=\"0\" "
      "ttl=\"3600\"/>\n"
      "  </zone></dns>\n"
      "  <site name=\"HQ\">\n"
      "    <kms-host name=\"kms1.corp.example\" port=\"1688\" activated=\"true\" family=\"win10\"\n"
      "              products=\"vista,win7\" renewal-interval=\"10080\" "
      "activation-interval=\"120\"/>\n"
      "    <clients name=\"desktops\" count=\"200\" product=\"vista-enterprise\" "
      "dns-suffix=\"corp.example\"\n"
      "             join=\"domain\" ad-domain=\"corp.example\" dhcp-domain=\"corp.example\"\n"
      "             generalized=\"true\" boot=\"spread:8h\" kms-host=\"kms1.corp.example:1688\"/>\n"
      "    <kms-host name=\"kms2.corp.example\" family=\"win7\"/>\n"
      "    <clients name=\"laptops\" count=\"5\" product=\"win7-enterprise\"/>\n"
      "  </site>\n"
      "  <site name=\"SiteC\"/>\n"
      "  <link a=\"HQ\" b=\"SiteC\"/>\n"
      "  <outage clients=\"desktops\" from-day=\"10\" to-day=\"230\"/>\n"
      "  <activate-now clients=\"desktops\" day=\"9\"/>\n"
      "</topology>\n",
      "t.xml");
  ASSERT_TRUE(topology) << topology.error().to_string();
  EXPECT_EQ(topology->start, 1172736000);
  ASSERT_EQ(topology->hosts.size(), 2u);
  EXPECT_EQ(topology->hosts[0].products, (std::vector<OsFamily>{OsFamily::vista, OsFamily::win7}));
  EXPECT_EQ(topology->hosts[1].products, (std::vector<OsFamily>{OsFamily::vista, OsFamily::win7}));
  EXPECT_EQ(topology->hosts[1].port, 1688);
  const ClientGroupSpec& desktops = topology->groups[0];
  EXPECT_EQ(desktops.boot.spread_minutes, 480);
  EXPECT_EQ(desktops.kms_host, "kms1.corp.example");
  EXPECT_EQ(desktops.kms_port, 1688);
  EXPECT_EQ(desktops.join, JoinKind::domain);
  EXPECT_EQ(desktops.line, 8);
  const ClientGroupSpec& laptops = topology->groups[1];
  EXPECT_TRUE(laptops.generalized);
  EXPECT_EQ(laptops.join, JoinKind::workgroup);
  EXPECT_EQ(laptops.boot.offset_minutes, 0);
  EXPECT_FALSE(laptops.kms_host);
  EXPECT_EQ(topology->outages[0].to_day, 230);
  EXPECT_EQ(topology->activate_now[0].day, 9);
  EXPECT_TRUE(topology->warnings.empty());
}

// `groups` groups of `count` clients each, one per line from line 3.
std::string topology_with_groups(int groups, const std::string& count) {
  std::string xml = "<topology>\n  <site name=\"HQ\">\n";
  for (int g = 0; g < groups; ++g) {
    xml += "    <clients name=\"g" + std::to_string(g) + "\" count=\"" + count +
           "\" product=\"win7-enterprise\"/>\n";
  }
  return xml + "  </site>\n</topology>\n";
}

TEST(Topology, CapsTheTotalClientCountAndNamesTheGroupThatCrossesIt) {
  auto at_limit = parse_topology(topology_with_groups(4, "25000000"), "t.xml");
  ASSERT_TRUE(at_limit) << at_limit.error().to_string();
  // 22 groups of the per-group maximum total 2,200,000,000: past INT32_MAX.
  auto over = parse_topology(topology_with_groups(22, "100000000"), "t.xml");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::topology_invalid);
  EXPECT_EQ(over.error().location().rfind("t.xml:4:", 0), 0u) << over.error().location();
  EXPECT_NE(over.error().detail().find("200000000 clients"), std::string::npos)
      << over.error().detail();
  EXPECT_NE(over.error().detail().find("limit is 100000000"), std::string::npos);
}

// `hosts` KMS hosts in one site (k0, k1, ...), one per line after the first two.
std::string topology_with_hosts(int hosts) {
  std::string xml = "<topology>\n  <site name=\"HQ\">\n";
  for (int h = 0; h < hosts; ++h) xml += "    <kms-host name=\"k" + std::to_string(h) + "\"/>\n";
  return xml + "  </site>\n</topology>\n";
}

TEST(Topology, CapsTheKmsHostsAtTenThousandAndNamesTheOneThatCrosses) {
  auto at_limit = parse_topology(topology_with_hosts(kMaximumTopologyHosts), "t.xml");
  ASSERT_TRUE(at_limit) << at_limit.error().to_string();
  EXPECT_EQ(at_limit->hosts.size(), 10000u);
  auto over = parse_topology(topology_with_hosts(kMaximumTopologyHosts + 1), "t.xml");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::topology_invalid);
  // Line 3 holds host k0, so host 10,001 (k10000) is on line 10,003.
  EXPECT_EQ(over.error().location().rfind("t.xml:10003:", 0), 0u) << over.error().location();
  EXPECT_NE(over.error().detail().find("the limit is 10000"), std::string::npos)
      << over.error().detail();
}

TEST(Topology, SimulateRefusesATopologyWhoseTotalOverflowsInt32) {
  if (!test::kmsprep_binary_built()) GTEST_SKIP() << "no kmsprep binary in this build";
  test::TempDir dir;
  test::write_bytes(dir / "huge.xml", topology_with_groups(22, "100000000"));
  const auto result = test::run_kmsprep({"simulate", (dir / "huge.xml").string()});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find("E602"), std::string::npos) << result.err;
}

TEST(Topology, ParsesDurations) {
  EXPECT_EQ(parse_duration_minutes("90m"), 90);
  EXPECT_EQ(parse_duration_minutes("8h"), 480);
  EXPECT_EQ(parse_duration_minutes("30d"), 43200);
  EXPECT_FALSE(parse_duration_minutes("8"));
  EXPECT_FALSE(parse_duration_minutes("h"));
  EXPECT_FALSE(parse_duration_minutes("1.5h"));
  EXPECT_FALSE(parse_duration_minutes("-3d"));
}

TEST(Topology, NamesTheLineOfEveryMistake) {
  const std::pair<const char*, const char*> cases[] = {
      {"<topology days=\"x\"/>", "t.xml:1:2"},
      {"<topology>\n<site name=\"A\"/>\n<site name=\"A\"/>\n</topology>", "t.xml:3:2"},
      {"<topology>\n<site name=\"A\">\n<clients name=\"c\" count=\"1\" "
       "product=\"win10-enterprise\" boot=\"soon\"/>\n</site>\n</topology>",
       "t.xml:3:2"},
      {"<topology>\n<site name=\"A\">\n<kms-host name=\"k\" "
       "family=\"win95\"/>\n</site>\n</topology>",
       "t.xml:3:2"},
      {"<topology>\n<site name=\"A\">\n<kms-host name=\"k\" port=\"70000\"/>\n</site>\n</topology>",
       "t.xml:3:2"},
      {"<topology>\n<dns>\n<zone name=\"z\">\n<srv/>\n</zone>\n</dns>\n</topology>", "t.xml:4:2"},
      {"<topology>\n<site name=\"A\"/>\n<activate-now clients=\"nobody\" day=\"1\"/>\n</topology>",
       "t.xml:3:2"},
      {"<!DOCTYPE topology>\n<topology/>", "t.xml:1:"},
  };
  for (const auto& [xml, location] : cases) {
    auto topology = parse_topology(xml, "t.xml");
    ASSERT_FALSE(topology) << xml;
    EXPECT_EQ(topology.error().code(), ErrorCode::topology_invalid);
    EXPECT_EQ(topology.error().location().substr(0, std::string(location).size()), location) << xml;
  }
}

TEST(Topology, ReadsIpv6LiteralsAsExplicitKmsHosts) {
  auto topology = parse_topology(
      "<topology>\n<site name=\"HQ\">\n"
      "<kms-host name=\"fd00::5\" port=\"1700\"/>\n<kms-host name=\"fd00::6\"/>\n"
      "<clients name=\"bracketed\" count=\"1\" product=\"win10-enterprise\" "
      "kms-host=\"[fd00::5]:1700\"/>\n"
      "<clients name=\"bare\" count=\"1\" product=\"win10-enterprise\" kms-host=\"fd00::6\"/>\n"
      "<clients name=\"no-port\" count=\"1\" product=\"win10-enterprise\" "
      "kms-host=\"[fd00::6]\"/>\n"
      "</site>\n</topology>\n",
      "t.xml");
  ASSERT_TRUE(topology) << topology.error().to_string();
  ASSERT_EQ(topology->groups.size(), 3u);
  EXPECT_EQ(topology->groups[0].kms_host, "fd00::5");
  EXPECT_EQ(topology->groups[0].kms_port, 1700);
  // A bare address keeps all its colons and the default port (rfind(':') read "fd00:" and 6).
  EXPECT_EQ(topology->groups[1].kms_host, "fd00::6");
  EXPECT_EQ(topology->groups[1].kms_port, 1688);
  EXPECT_EQ(topology->groups[2].kms_host, "fd00::6");
  EXPECT_EQ(topology->groups[2].kms_port, 1688);
  EXPECT_TRUE(topology->warnings.empty()) << "each explicit host names a <kms-host>";
}

TEST(Topology, RefusesAMalformedIpv6KmsHostWithItsLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"[fd00::5:1700", "'[' without a closing ']'"},
      {"[fd00::5]1700", "expected ':PORT' after ']'"},
      {"[fd00::5]:0", "the port is not a number from 1 to 65535"},
      {"[]:1688", "kms-host has no host name"},
  };
  for (const auto& [host, message] : cases) {
    auto topology = parse_topology(std::string("<topology>\n<site name=\"HQ\">\n"
                                               "<clients name=\"c\" count=\"1\" "
                                               "product=\"win10-enterprise\" kms-host=\"") +
                                       host + "\"/>\n</site>\n</topology>\n",
                                   "t.xml");
    ASSERT_FALSE(topology) << host;
    EXPECT_EQ(topology.error().code(), ErrorCode::topology_invalid);
    EXPECT_EQ(topology.error().location(), "t.xml:3:2") << host;
    EXPECT_NE(topology.error().detail().find(message), std::string::npos)
        << host << ": " << topology.error().detail();
  }
}

TEST(Topology, MatchesSiteAndGroupNamesIgnoringLetterCase) {
  auto topology = parse_topology(
      "<topology>\n<site name=\"HQ\"><clients name=\"Desktops\" count=\"2\" "
      "product=\"win10-enterprise\"/></site>\n<site name=\"SiteC\"/>\n"
      "<link a=\"hq\" b=\"SITEC\"/>\n"
      "<outage clients=\"DESKTOPS\" from-day=\"1\" to-day=\"2\"/>\n"
      "<activate-now clients=\"desktops\" day=\"3\"/>\n</topology>\n",
      "t.xml");
  ASSERT_TRUE(topology) << topology.error().to_string();
  ASSERT_EQ(topology->links.size(), 1u);
  EXPECT_EQ(topology->links[0].a, 0);
  EXPECT_EQ(topology->links[0].b, 1);
  ASSERT_EQ(topology->outages.size(), 1u);
  EXPECT_EQ(topology->outages[0].group, 0);
  ASSERT_EQ(topology->activate_now.size(), 1u);
  EXPECT_EQ(topology->activate_now[0].group, 0);
  EXPECT_EQ(topology->sites[0].name, "HQ");  // printed as the defining element spells it

  // The same name in another letter case is the same name: defined twice.
  const std::pair<const char*, const char*> duplicates[] = {
      {"<topology>\n<site name=\"HQ\"/>\n<site name=\"hq\"/>\n</topology>",
       "site \"hq\" is defined twice"},
      {"<topology>\n<site name=\"HQ\">\n<clients name=\"Lab\" count=\"1\" "
       "product=\"win10-enterprise\"/>\n<clients name=\"LAB\" count=\"1\" "
       "product=\"win10-enterprise\"/>\n</site>\n</topology>",
       "client group \"LAB\" is defined twice"},
  };
  for (const auto& [xml, message] : duplicates) {
    auto duplicate = parse_topology(xml, "t.xml");
    ASSERT_FALSE(duplicate) << xml;
    EXPECT_EQ(duplicate.error().detail(), message);
  }
}

TEST(Topology, CountsColumnsInCharactersLikeTheOtherReaders) {
  // The second <site> starts after 19 characters (20 bytes: "é" is two); pugixml points at
  // its name, so column 21 where a byte count said 22.
  auto topology = parse_topology(
      "<topology>\n<site name=\"Caf\xC3\xA9\"/><site name=\"Caf\xC3\xA9\"/>\n</topology>", "t.xml");
  ASSERT_FALSE(topology);
  EXPECT_EQ(topology.error().location(), "t.xml:2:21");
}

TEST(Topology, WarnsAboutSrvTargetsThatNameNoHost) {
  auto topology = parse_topology(
      "<topology><dns><zone name=\"z\"><srv target=\"gone.z\"/></zone></dns></topology>", "t.xml");
  ASSERT_TRUE(topology);
  ASSERT_EQ(topology->warnings.size(), 1u);
  EXPECT_NE(topology->warnings[0].find("gone.z"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
