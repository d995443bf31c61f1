#include "core/os_family.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(OsFamily, ParsesNamesAndAliases) {
  EXPECT_EQ(*parse_os_family("vista"), OsFamily::vista);
  EXPECT_EQ(*parse_os_family("Server2008R2"), OsFamily::win7);
  EXPECT_EQ(*parse_os_family("server2012"), OsFamily::win8);
  EXPECT_EQ(*parse_os_family("server2012r2"), OsFamily::win81);
  EXPECT_EQ(*parse_os_family("win11"), OsFamily::win10);
  EXPECT_EQ(*parse_os_family("server2025"), OsFamily::win10);
  auto unknown = parse_os_family("xp");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code(), ErrorCode::os_family_unknown);
  EXPECT_NE(unknown.error().hint().find("server2008r2"), std::string::npos);
}

TEST(OsFamily, FollowsWimVersionMetadata) {
  EXPECT_EQ(os_family_from_version(6, 0), OsFamily::vista);
  EXPECT_EQ(os_family_from_version(6, 1), OsFamily::win7);
  EXPECT_EQ(os_family_from_version(6, 2), OsFamily::win8);
  EXPECT_EQ(os_family_from_version(6, 3), OsFamily::win81);
  EXPECT_EQ(os_family_from_version(10, 0), OsFamily::win10);
  EXPECT_FALSE(os_family_from_version(5, 1));
  for (OsFamily family : all_os_families()) {
    const auto [major, minor] = version_of(family);
    EXPECT_EQ(os_family_from_version(major, minor), family);
  }
}

// The RTM and service-pack builds Microsoft publishes for each generation: Vista 6000, SP1 and
// Server 2008 6001, SP2 6002 (6003 after the 2019 servicing-stack rebuild), 7 / 2008 R2 7600 and
// SP1 7601, 8 / 2012 9200, 8.1 / 2012 R2 9600, Windows 10 1507 10240 and every later Windows 10,
// Windows 11 and Server 2016+ build (Windows 10 and Windows Server release information).
TEST(OsFamily, FollowsABuildNumber) {
  for (int build : {6000, 6001, 6002, 6003})
    EXPECT_EQ(os_family_from_build(build), OsFamily::vista);
  for (int build : {7600, 7601}) EXPECT_EQ(os_family_from_build(build), OsFamily::win7);
  EXPECT_EQ(os_family_from_build(9200), OsFamily::win8);
  EXPECT_EQ(os_family_from_build(9600), OsFamily::win81);
  for (int build : {10240, 14393, 17763, 19045, 20348, 22631, 26100}) {
    EXPECT_EQ(os_family_from_build(build), OsFamily::win10) << build;
  }
  for (int build : {0, 2600, 5999, 6004, 7000, 7602, 8400, 9201, 9841, 10239, -1}) {
    EXPECT_FALSE(os_family_from_build(build)) << build;
  }
}

}  // namespace
}  // namespace kmsprep
