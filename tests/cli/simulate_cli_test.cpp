#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

using test::run_kmsprep;

std::string sample() {
  return (test::source_dir() / "samples/topology/branch-offices.xml").string();
}

// The sum of the `count` attributes of a site's <clients> groups in a topology file.
int clients_at_site(const std::string& topology, const std::string& site) {
  pugi::xml_document document;
  EXPECT_TRUE(document.load_file(topology.c_str()));
  int total = 0;
  for (const auto& group : document.child("topology")
                               .find_child_by_attribute("site", "name", site.c_str())
                               .children("clients")) {
    total += group.attribute("count").as_int();
  }
  EXPECT_GT(total, 0) << site << " has no clients in " << topology;
  return total;
}

TEST(SimulateCli, PrintsATablePerSiteAndAVerdictLine) {
  const auto result = run_kmsprep({"simulate", sample()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Site SiteA"), std::string::npos);
  EXPECT_NE(result.out.find("SiteB: 12 clients, no KMS host reachable across a public network: "
                            "use MAK activation"),
            std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("SiteC: 15 clients, all activated by KMS"), std::string::npos);
}

TEST(SimulateCli, JsonIsStableAndByteIdentical) {
  const auto first =
      run_kmsprep({"simulate", sample(), "--format", "json", "--days", "40", "--seed", "9"});
  const auto second =
      run_kmsprep({"simulate", sample(), "--format", "json", "--days", "40", "--seed", "9"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, second.out);
  const auto document = nlohmann::json::parse(first.out);
  EXPECT_EQ(document["days"], 40);
  EXPECT_EQ(document["seed"], 9);
  ASSERT_EQ(document["sites"].size(), 4u);
  const auto& site_b = document["sites"][2];
  EXPECT_EQ(site_b["name"], "SiteB");
  EXPECT_EQ(site_b["clients"], 12);
  EXPECT_EQ(site_b["activated"], 0);
  EXPECT_TRUE(site_b["first_activation_hours"].is_null());
  EXPECT_TRUE(site_b["failures"].contains("0xC004F074"));
  EXPECT_EQ(site_b["status_counts"].size(), 7u);
  for (const char* status : {"unlicensed", "licensed", "oob_grace", "oot_grace",
                             "non_genuine_grace", "notification", "extended_grace"}) {
    EXPECT_TRUE(site_b["status_counts"].contains(status)) << status;
  }
  // Every HQ client activates (the sample's Figure 3: a KMS host and over 25 clients on site);
  // how many there are comes from the topology file itself.
  EXPECT_EQ(document["sites"][0]["name"], "HQ");
  EXPECT_EQ(document["sites"][0]["activated"], clients_at_site(sample(), "HQ"));
  EXPECT_EQ(document["sites"][0]["clients"], clients_at_site(sample(), "HQ"));
  EXPECT_EQ(document["hosts"].size(), 2u);
  EXPECT_EQ(document["traffic"]["bytes"].get<uint64_t>(),
            document["traffic"]["requests"].get<uint64_t>() * 500);
  EXPECT_EQ(document["events"]["12289"], document["events"]["12290"]);
}

TEST(SimulateCli, CsvHasADocumentedHeaderAndARowPerSite) {
  const auto result = run_kmsprep({"simulate", sample(), "--format", "csv"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out.substr(0, result.out.find('\n')),
            "site,clients,activated,unlicensed,licensed,oob_grace,oot_grace,non_genuine_grace,"
            "notification,extended_grace,first_activation_hours,last_activation_hours,failures");
  EXPECT_NE(result.out.find("\nSiteB,12,0,"), std::string::npos);
}

TEST(SimulateCli, WritesEveryEventToCsv) {
  test::TempDir dir;
  const auto events = dir / "events.csv";
  const auto result = run_kmsprep(
      {"simulate", sample(), "--days", "1", "--format", "json", "--events", events.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto document = nlohmann::json::parse(result.out);
  const std::string csv = test::read_bytes(events);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "time,event_id,client,cmid,host,hresult,count");
  size_t lines = 0;
  for (char c : csv) lines += c == '\n';
  EXPECT_EQ(lines - 1, document["events"]["12288"].get<size_t>() +
                           document["events"]["12289"].get<size_t>() +
                           document["events"]["12290"].get<size_t>());
  EXPECT_NE(csv.find(",12288,b-desktops-0001,"), std::string::npos);
  // SiteB reaches neither SRV record's host: one 12288 per host tried, each 0x800706BA
  // ("Resolving common activation error codes": 0xC004F074 means all hosts returned an error;
  // "identify each event that has Event ID 12288"). Before issue 14 this expected one 12288
  // with 0xC004F074 and no host.
  EXPECT_NE(csv.find(",kms-hq.corp.example:1688,0x800706BA,\n"), std::string::npos);
  EXPECT_NE(csv.find(",kms-a.corp.example:1688,0x800706BA,\n"), std::string::npos);
  EXPECT_NE(csv.find(",kms-hq.corp.example:1688,0xC004F038,"), std::string::npos);
}

TEST(SimulateCli, BadTopologyExitsThreeWithTheLine) {
  test::TempDir dir;
  const auto path = dir / "bad.xml";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<topology>\n  <site name=\"A\">\n    <clients name=\"x\" count=\"ten\" "
       "product=\"win10-enterprise\"/>\n  </site>\n</topology>\n",
       ":3:"},
      {"<topology>\n  <site name=\"A\" colour=\"red\"/>\n</topology>\n", ":2:"},
      {"<topology>\n  <site name=\"A\"/>\n  <mystery/>\n</topology>\n", ":3:"},
      {"<topology>\n  <site name=\"A\"/>\n\n  <link a=\"A\" b=\"Nowhere\"/>\n</topology>\n", ":4:"},
      {"<topology>\n  <site name=\"A\">\n    <clients name=\"x\" count=\"1\" "
       "product=\"win99-home\"/>\n  </site>\n</topology>\n",
       ":3:"},
      {"<topology>\n  <outage clients=\"ghost\" from-day=\"1\" to-day=\"2\"/>\n</topology>\n",
       ":2:"},
      {"<topology>\n  <site name=\"A\">\n", ":"},
  };
  for (const auto& [xml, line] : cases) {
    test::write_bytes(path, xml);
    const auto result = run_kmsprep({"simulate", path.string()});
    EXPECT_EQ(result.exit_code, 3) << xml;
    EXPECT_NE(result.err.find("bad.xml" + line), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("E602"), std::string::npos) << result.err;
  }
}

TEST(SimulateCli, ValidTopologyExitsZeroWhateverTheOutcome) {
  test::TempDir dir;
  const auto path = dir / "alone.xml";
  test::write_bytes(path,
                    "<topology days=\"2\"><site name=\"Lonely\"><clients name=\"pcs\" "
                    "count=\"3\" product=\"win7-enterprise\"/></site></topology>");
  const auto result = run_kmsprep({"simulate", path.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Lonely: 3 clients, no _vlmcs._tcp SRV record"), std::string::npos)
      << result.out;
}

TEST(SimulateCli, RejectsBadOptionsAsUsage) {
  // Each refusal must be for the reason given, with the option named: an exit code alone could
  // come from any other usage error.
  const struct {
    std::vector<std::string> args;
    int exit_code;
    std::string message;
  } cases[] = {
      {{"simulate", sample(), "--format", "xml"}, 2, "--format \"xml\" is not text, json or csv"},
      {{"simulate", sample(), "--days", "-1"}, 2, "--days \"-1\" is not a whole number"},
      {{"simulate"}, 2, "give exactly one TOPOLOGY.xml or --from-report REPORT.json"},
      {{"simulate", "/nonexistent/topology.xml"}, 3, "E200 file not found"},
  };
  for (const auto& refused : cases) {
    const auto result = run_kmsprep(refused.args);
    EXPECT_EQ(result.exit_code, refused.exit_code) << refused.message << "\n" << result.err;
    EXPECT_NE(result.err.find(refused.message), std::string::npos) << result.err;
    EXPECT_TRUE(result.out.empty()) << result.out;
  }
  EXPECT_NE(
      run_kmsprep({"simulate", "/nonexistent/topology.xml"}).err.find("/nonexistent/topology.xml"),
      std::string::npos);
}

}  // namespace
}  // namespace kmsprep
