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

}  // namespace
}  // namespace kmsprep
