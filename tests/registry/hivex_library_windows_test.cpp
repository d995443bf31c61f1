// The Windows build has no hivex (docs/windows-build.md, "Not done yet"): loading it, and so
// opening any hive, is E903 (exit 4) saying to use the Linux build. Windows suite only.
#include <gtest/gtest.h>

#include <string>

#include "registry/hive.hpp"
#include "registry/hivex_library.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

// A base block and one empty hbin that pass Hive::open's own checks, so the open reaches the
// library.
std::string well_formed_hive_header() {
  std::string bytes(8192, '\0');
  bytes.replace(0, 4, "regf");
  test::write_le32(bytes, 40, 4096);  // the hive bins' size
  uint32_t checksum = 0;
  for (size_t offset = 0; offset < 508; offset += 4) checksum ^= test::read_le32(bytes, offset);
  test::write_le32(bytes, 508, checksum == 0 ? 1 : checksum);
  bytes.replace(4096, 4, "hbin");
  return bytes;
}

void expect_no_hivex_on_windows(const Error& error) {
  EXPECT_EQ(error.code(), ErrorCode::tool_missing);
  EXPECT_EQ(error.kind(), ErrorKind::environment);  // exit 4
  const std::string text = error.to_string();
  EXPECT_NE(text.find("E903"), std::string::npos) << text;
  EXPECT_NE(text.find("the Windows build of kmsprep has no hivex library yet"), std::string::npos)
      << text;
  EXPECT_NE(text.find("with the Linux build of kmsprep"), std::string::npos) << text;
}

TEST(HivexLibraryOnWindows, LoadingIsToolMissingSayingToUseTheLinuxBuild) {
  auto library = load_hivex_library();
  ASSERT_FALSE(library.ok());
  expect_no_hivex_on_windows(library.error());
}

TEST(HivexLibraryOnWindows, AWellFormedHiveStopsAtTheMissingLibraryNotAsInvalid) {
  auto hive = Hive::open(well_formed_hive_header(), "Windows/System32/config/SOFTWARE", false);
  ASSERT_FALSE(hive.ok());
  expect_no_hivex_on_windows(hive.error());
}

}  // namespace
}  // namespace kmsprep
