#include "engine/gvlk_catalog.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

TEST(GvlkCatalog, MatchesTheCsvItIsGeneratedFrom) {
  std::istringstream csv(test::read_bytes(test::source_dir() / "engine/data/gvlk.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line,
            "product_id,family,type,edition,edition_id,gvlk,release,min_build,max_build,"
            "other_edition_ids");
  size_t row = 0;
  const auto& catalog = gvlk_catalog();
  while (std::getline(csv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ASSERT_LT(row, catalog.size())
        << "the CSV has more rows; run engine/data/generate_gvlk_catalog.sh";
    const GvlkEntry& entry = catalog[row++];
    std::ostringstream generated;
    generated << entry.product_id << "," << to_string(entry.family) << "," << to_string(entry.type)
              << "," << entry.display_name << "," << entry.edition_id << "," << entry.key << ","
              << entry.release << "," << entry.min_build << ","
              << (entry.max_build == kOpenEndedBuild ? std::string()
                                                     : std::to_string(entry.max_build))
              << "," << entry.other_edition_ids;
    EXPECT_EQ(generated.str(), line) << "run engine/data/generate_gvlk_catalog.sh";
  }
  EXPECT_EQ(row, catalog.size());
  EXPECT_EQ(catalog.size(), 95u);
}

TEST(GvlkCatalog, EveryKeyParsesAndCarriesAnNOnlyFromWindows8On) {
  for (const auto& entry : gvlk_catalog()) {
    auto key = ProductKey::parse(entry.key);
    ASSERT_TRUE(key) << entry.product_id;
    const bool old = entry.family == OsFamily::vista || entry.family == OsFamily::win7;
    EXPECT_EQ(key->has_n(), !old) << entry.product_id;
  }
}

TEST(GvlkCatalog, FindsAProductByItsKey) {
  auto key = ProductKey::parse("vkk3x-68kwm-x2ygt-qr4m6-4bwmv");
  ASSERT_TRUE(key);
  const GvlkEntry* entry = find_gvlk_by_key(*key);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->product_id, "vista-enterprise");
  EXPECT_EQ(entry->family, OsFamily::vista);
  EXPECT_EQ(entry->type, ProductType::client);
  EXPECT_EQ(entry->edition_id, "Enterprise");
  EXPECT_EQ(entry->display_name, "Windows Vista Enterprise");
}

TEST(GvlkCatalog, SaysAnUnpublishedKeyIsNotAGvlk) {
  auto key = ProductKey::parse("BBBBB-BBBBB-BBBBB-BBBBB-BBBBB");
  ASSERT_TRUE(key);
  EXPECT_EQ(find_gvlk_by_key(*key), nullptr);
}

TEST(GvlkCatalog, FindsByProductIdAndFamily) {
  const GvlkEntry* server = find_gvlk_by_product_id("server2008-standard");
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->type, ProductType::server);
  EXPECT_EQ(server->family, OsFamily::vista);
  EXPECT_EQ(find_gvlk_by_product_id("win12-home"), nullptr);
  EXPECT_EQ(gvlk_entries_for_family(OsFamily::vista).size(), 13u);
  EXPECT_EQ(gvlk_entries_for_family(OsFamily::win7).size(), 12u);
}

TEST(GvlkCatalog, FindsByEditionIdWithinAFamilyInCatalogOrder) {
  auto win7 = find_gvlk_by_edition("enterprise", OsFamily::win7);
  ASSERT_EQ(win7.size(), 1u);
  EXPECT_EQ(win7[0]->product_id, "win7-enterprise");
  std::vector<std::string> ltsc;
  for (const GvlkEntry* entry : find_gvlk_by_edition("EnterpriseS", OsFamily::win10)) {
    ltsc.emplace_back(entry->product_id);
  }
  EXPECT_EQ(ltsc, (std::vector<std::string>{"win10-enterprises-2015", "win10-enterprises-2016",
                                            "win10-enterprises-2019", "win10-enterprises-2021",
                                            "win11-enterprises-2024"}));
  EXPECT_TRUE(find_gvlk_by_edition("Ultimate", OsFamily::vista).empty());
}

// What an image of an EditionID at a build must get, written from Microsoft's documents, not
// from the CSV:
// - keys: "Key Management Services (KMS) client activation and product keys"
//   (learn.microsoft.com/windows-server/get-started/kms-client-activation-keys), one tab per
//   release; the LTSC tab lists LTSC 2019, 2021 and 2024 under one key, the Semi-Annual tab
//   Windows 10 and 11 under one key, "Windows Server, versions 20H2, 2004, 1909, 1903, and 1809"
//   under one key;
// - builds: "Windows 10 release information" (1507 10240 ... 22H2 19045; LTSB 2015 10240,
//   LTSB 2016 14393, LTSC 2019 17763, LTSC 2021 19044), "Windows 11 release information"
//   (21H2 22000, 22H2 22621, 23H2 22631, 24H2 26100 and LTSC 2024, 25H2 26200), "Windows Server
//   release information" (2016 14393, 1709 16299, 1803 17134, 2019 and 1809 17763, 1903 18362,
//   1909 18363, 2004 19041, 20H2 19042, 2022 20348, 2025 26100), and the RTM/service-pack builds
//   of Vista/2008 (6000-6003), 7/2008 R2 (7600, 7601), 8/2012 (9200), 8.1/2012 R2 (9600);
// - EditionIDs as WIM metadata and the registry spell them: a Server Core image of 2016 and later
//   is EditionID ServerStandard with FLAGS ServerStandardCore; Semi-Annual Channel servers are
//   ServerStandardACor / ServerDatacenterACor; Azure Edition ServerTurbine; LTSB/LTSC
//   EnterpriseS; IoT Enterprise LTSC IoTEnterpriseS.
struct PublishedRelease {
  const char* edition_id;
  int build;
  const char* product_id;
  const char* key_tail;  // last five characters of the published GVLK
};

constexpr PublishedRelease kPublishedReleases[] = {
    {"ServerStandard", 14393, "server2016-standard", "KHKQY"},
    {"ServerStandard", 17763, "server2019-standard", "J464C"},
    {"ServerStandard", 20348, "server2022-standard", "VMK7H"},
    {"ServerStandard", 26100, "server2025-standard", "MY832"},
    {"ServerDatacenter", 14393, "server2016-datacenter", "8XDDG"},
    {"ServerDatacenter", 17763, "server2019-datacenter", "63DFG"},
    {"ServerDatacenter", 20348, "server2022-datacenter", "6VM33"},
    {"ServerDatacenter", 26100, "server2025-datacenter", "YP6DF"},
    {"ServerStandardCore", 17763, "server2019-standard", "J464C"},
    {"ServerDatacenterCore", 20348, "server2022-datacenter", "6VM33"},
    {"ServerSolution", 14393, "server2016-solution", "4M63B"},
    {"ServerSolution", 17763, "server2019-solution", "YY726"},
    {"ServerTurbine", 20348, "server2022-turbine", "KHMXV"},
    {"ServerTurbine", 26100, "server2025-turbine", "8MCRC"},
    {"ServerStandardACor", 16299, "server1709-standardacor", "GF6G4"},
    {"ServerStandardACor", 17134, "server1803-standardacor", "9W4KR"},
    {"ServerStandardACor", 17763, "server1809-standardacor", "724CC"},
    {"ServerStandardACor", 18362, "server1809-standardacor", "724CC"},
    {"ServerStandardACor", 18363, "server1809-standardacor", "724CC"},
    {"ServerStandardACor", 19041, "server1809-standardacor", "724CC"},
    {"ServerStandardACor", 19042, "server1809-standardacor", "724CC"},
    {"ServerDatacenterACor", 16299, "server1709-datacenteracor", "BWTG6"},
    {"ServerDatacenterACor", 17134, "server1803-datacenteracor", "7FVDG"},
    {"ServerDatacenterACor", 19042, "server1809-datacenteracor", "CWH2D"},
    {"EnterpriseS", 10240, "win10-enterprises-2015", "76DF9"},
    {"EnterpriseS", 14393, "win10-enterprises-2016", "QJ4BJ"},
    {"EnterpriseS", 17763, "win10-enterprises-2019", "J462D"},
    {"EnterpriseS", 19044, "win10-enterprises-2021", "J462D"},
    {"EnterpriseS", 26100, "win11-enterprises-2024", "J462D"},
    {"EnterpriseSN", 10240, "win10-enterprisesn-2015", "D69TJ"},
    {"EnterpriseSN", 14393, "win10-enterprisesn-2016", "8B639"},
    {"EnterpriseSN", 17763, "win10-enterprisesn-2019", "7CG2H"},
    {"EnterpriseSN", 19044, "win10-enterprisesn-2021", "7CG2H"},
    {"EnterpriseSN", 26100, "win11-enterprisesn-2024", "7CG2H"},
    {"IoTEnterpriseS", 19044, "win10-iotenterprises", "PDQGT"},
    {"IoTEnterpriseS", 26100, "win11-iotenterprises-2024", "PDQGT"},
    {"Enterprise", 22000, "win11-enterprise", "2YT43"},
    {"Enterprise", 22621, "win11-enterprise", "2YT43"},
    {"Enterprise", 22631, "win11-enterprise", "2YT43"},
    {"Enterprise", 26100, "win11-enterprise", "2YT43"},
    {"Enterprise", 26200, "win11-enterprise", "2YT43"},
    {"Professional", 22631, "win11-professional", "T83GX"},
    {"ProfessionalWorkstation", 26100, "win11-professionalworkstation", "6Q84J"},
    {"Education", 22621, "win11-education", "VCFB2"},
    {"EnterpriseN", 26100, "win11-enterprisen", "KHJW4"},
    {"Enterprise", 6000, "vista-enterprise", "4BWMV"},
    {"Enterprise", 6002, "vista-enterprise", "4BWMV"},
    {"Business", 6003, "vista-business", "2V3X8"},
    {"ServerStandard", 6001, "server2008-standard", "BFGM2"},
    {"ServerStandard", 7600, "server2008r2-standard", "R7VHC"},
    {"ServerStandard", 7601, "server2008r2-standard", "R7VHC"},
    {"Enterprise", 7601, "win7-enterprise", "HVTHH"},
    {"ServerStandard", 9200, "server2012-standard", "92BT4"},
    {"Enterprise", 9200, "win8-enterprise", "CWCK7"},
    {"ServerStandard", 9600, "server2012r2-standard", "MDVJX"},
    {"Professional", 9600, "win81-professional", "9D6T9"},
};

TEST(GvlkCatalog, ChoosesTheReleaseByEditionIdAndBuildAsMicrosoftPublishes) {
  for (const auto& published : kPublishedReleases) {
    auto product = find_gvlk_for_image(published.edition_id, published.build);
    ASSERT_TRUE(product) << published.edition_id << " " << published.build << ": "
                         << product.error().to_string();
    EXPECT_EQ((*product)->product_id, published.product_id)
        << published.edition_id << " " << published.build;
    EXPECT_EQ((*product)->key.substr(24), published.key_tail) << published.product_id;
    EXPECT_EQ(os_family_from_build(published.build), (*product)->family) << published.product_id;
  }
  // Every Windows 10 feature update is Windows 10 (1507 ... 22H2), Pro and Enterprise alike.
  for (int build : {10240, 10586, 14393, 15063, 16299, 17134, 17763, 18362, 18363, 19041, 19042,
                    19043, 19044, 19045}) {
    EXPECT_EQ((*find_gvlk_for_image("Enterprise", build))->product_id, "win10-enterprise") << build;
    EXPECT_EQ((*find_gvlk_for_image("professional", build))->product_id, "win10-professional")
        << build;
  }
}

TEST(GvlkCatalog, RefusesABuildItDoesNotKnowForAnEdition) {
  struct Unknown {
    const char* edition_id;
    int build;
  };
  // No Windows Server at 18000 or 26200; Windows 10 22H2 (19045) and Windows 11 23H2 (22631) have
  // no LTSC; the Semi-Annual Channel ended with 20H2 (19042); 10586 is no LTSB.
  for (const Unknown& unknown : {Unknown{"ServerStandard", 18000}, Unknown{"ServerStandard", 26200},
                                 Unknown{"ServerStandard", 15063}, Unknown{"EnterpriseS", 19045},
                                 Unknown{"EnterpriseS", 22631}, Unknown{"EnterpriseS", 10586},
                                 Unknown{"ServerDatacenterACor", 20348},
                                 Unknown{"Enterprise", 20000}, Unknown{"Enterprise", 42}}) {
    auto product = find_gvlk_for_image(unknown.edition_id, unknown.build);
    ASSERT_FALSE(product) << unknown.edition_id << " " << unknown.build << " chose "
                          << (*product)->product_id;
    EXPECT_EQ(product.error().code(), ErrorCode::gvlk_build_unknown);
    EXPECT_NE(product.error().detail().find("build " + std::to_string(unknown.build)),
              std::string::npos)
        << product.error().detail();
  }
  auto server = find_gvlk_for_image("ServerStandard", 18000);
  ASSERT_FALSE(server) << "build 18000 chose " << (*server)->product_id;
  EXPECT_NE(server.error().detail().find("17763 (Windows Server 2019 Standard)"), std::string::npos)
      << server.error().detail();
  EXPECT_NE(server.error().detail().find("26100 (Windows Server 2025 Standard)"),
            std::string::npos);
  // Editions with no published GVLK: Starter, and Windows 10/11 Enterprise multi-session
  // (ServerRdsh), which Microsoft's key page does not list.
  EXPECT_EQ(find_gvlk_for_image("Starter", 7601).error().code(), ErrorCode::key_not_gvlk);
  EXPECT_EQ(find_gvlk_for_image("ServerRdsh", 22621).error().code(), ErrorCode::key_not_gvlk);
}

TEST(GvlkCatalog, AKeySharedBySeveralReleasesNamesThemAll) {
  const auto enterprise = OK_VALUE(ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT43"));
  std::vector<std::string> ids;
  for (const GvlkEntry* entry : find_gvlks_by_key(enterprise)) ids.emplace_back(entry->product_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"win10-enterprise", "win11-enterprise"}));
  EXPECT_EQ(find_gvlk_by_key(enterprise)->product_id, "win10-enterprise");
  EXPECT_EQ(find_gvlk_by_key_and_build(enterprise, 22621)->product_id, "win11-enterprise");

  const auto ltsc = OK_VALUE(ProductKey::parse("M7XTQ-FN8P6-TTKYV-9D4CC-J462D"));
  ids.clear();
  for (const GvlkEntry* entry : find_gvlks_by_key(ltsc)) ids.emplace_back(entry->product_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"win10-enterprises-2019", "win10-enterprises-2021",
                                           "win11-enterprises-2024"}));
  EXPECT_EQ(find_gvlk_by_key(ltsc)->product_id, "win10-enterprises-2019");
  EXPECT_EQ(find_gvlk_by_key_and_build(ltsc, 19044)->product_id, "win10-enterprises-2021");
  EXPECT_EQ(find_gvlk_by_key_and_build(ltsc, 14393), nullptr);
  EXPECT_TRUE(
      find_gvlks_by_key(OK_VALUE(ProductKey::parse("BBBBB-BBBBB-BBBBB-BBBBB-BBBBB"))).empty());
}

TEST(GvlkCatalog, NoTwoProductsOfOneEditionIdShareABuild) {
  const auto& catalog = gvlk_catalog();
  for (const auto& entry : catalog) {
    EXPECT_LE(entry.min_build, entry.max_build) << entry.product_id;
    EXPECT_EQ(os_family_from_build(entry.min_build), entry.family) << entry.product_id;
    EXPECT_FALSE(entry.release.empty()) << entry.product_id;
    for (const auto& other : catalog) {
      if (&entry == &other || !other.has_edition_id(entry.edition_id)) continue;
      const bool overlap = entry.min_build <= other.max_build && other.min_build <= entry.max_build;
      EXPECT_FALSE(overlap) << entry.product_id << " and " << other.product_id;
    }
  }
}

TEST(GvlkCatalog, DescribesBuildRangesAndOtherEditionIdSpellings) {
  const GvlkEntry* server = find_gvlk_by_product_id("server2019-standard");
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->builds(), "17763");
  EXPECT_EQ(server->release, "2019");
  EXPECT_TRUE(server->has_edition_id("serverstandardcore"));
  EXPECT_FALSE(server->has_edition_id("ServerStandardACor"));
  EXPECT_EQ(find_gvlk_by_product_id("server1809-standardacor")->builds(), "17763-19042");
  EXPECT_EQ(find_gvlk_by_product_id("win11-professional")->builds(), "22000 and later");
  EXPECT_TRUE(find_gvlk_by_product_id("win11-professional")->serves_build(28000));
}

}  // namespace
}  // namespace kmsprep
