// The catalog product of a real installation from its EditionID and build: the builds are
// those of Microsoft's release information pages, the products those of engine/data/gvlk.csv.
#include "servicing/installation_product.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

std::string product(const char* edition, OsFamily family, std::optional<int> build) {
  const GvlkEntry* entry = product_for_installation(edition, family, build);
  return entry ? std::string(entry->product_id) : "none";
}

TEST(InstallationProduct, FamilyComesFromCurrentVersionAndTheBuild) {
  EXPECT_EQ(family_from_installation("6.0", 6002, std::nullopt), OsFamily::vista);
  EXPECT_EQ(family_from_installation("6.1", 7601, std::nullopt), OsFamily::win7);
  EXPECT_EQ(family_from_installation("6.2", 9200, std::nullopt), OsFamily::win8);
  EXPECT_EQ(family_from_installation("6.3", 9600, std::nullopt), OsFamily::win81);
  // Windows 10 and Server 2016+ still write CurrentVersion 6.3.
  EXPECT_EQ(family_from_installation("6.3", 19045, 10), OsFamily::win10);
  EXPECT_EQ(family_from_installation("6.3", 14393, std::nullopt), OsFamily::win10);
  EXPECT_EQ(family_from_installation("5.1", 2600, std::nullopt), std::nullopt);
}

TEST(InstallationProduct, ServerBuildsNameTheirRelease) {
  // The case of issue 11: a build-14393 Server 2016 image is not Server 2025.
  EXPECT_EQ(product("ServerStandard", OsFamily::win10, 14393), "server2016-standard");
  EXPECT_EQ(product("ServerDatacenter", OsFamily::win10, 17763), "server2019-datacenter");
  EXPECT_EQ(product("ServerDatacenter", OsFamily::win10, 20348), "server2022-datacenter");
  EXPECT_EQ(product("ServerStandard", OsFamily::win10, 26100), "server2025-standard");
}

TEST(InstallationProduct, LongTermServicingBuildsNameTheirRelease) {
  EXPECT_EQ(product("EnterpriseS", OsFamily::win10, 10240), "win10-enterprises-2015");
  EXPECT_EQ(product("EnterpriseS", OsFamily::win10, 14393), "win10-enterprises-2016");
  EXPECT_EQ(product("EnterpriseS", OsFamily::win10, 17763), "win10-enterprises-2019");
  EXPECT_EQ(product("EnterpriseS", OsFamily::win10, 19044), "win10-enterprises-2021");
}

TEST(InstallationProduct, EditionsWithOneEntryIgnoreTheBuildAndUnknownOnesHaveNone) {
  EXPECT_EQ(product("Enterprise", OsFamily::win10, 19045), "win10-enterprise");
  EXPECT_EQ(product("Enterprise", OsFamily::vista, 6002), "vista-enterprise");
  EXPECT_EQ(product("Professional", OsFamily::win7, std::nullopt), "win7-professional");
  EXPECT_EQ(product("Core", OsFamily::win10, 19045), "none");  // Home has no GVLK
}

TEST(InstallationProduct, SharedEditionIdsWithoutAKnownBuildNameNoProduct) {
  // Server 2016-2025 all write ServerStandard; only the build tells them apart.
  EXPECT_EQ(product("ServerStandard", OsFamily::win10, std::nullopt), "none");
  // 15063 (1703) never shipped as a Windows Server release with a GVLK.
  EXPECT_EQ(product("ServerStandard", OsFamily::win10, 15063), "none");
}

}  // namespace
}  // namespace kmsprep
