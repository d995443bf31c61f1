#include "core/utf8_path.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

const std::string kName = "Bj\xC3\xB6rk-\xE6\x97\xA5\xE6\x9C\xAC-\xF0\x9F\x98\x80.txt";

TEST(Utf8Path, RoundTripsUtf8Names) {
  EXPECT_EQ(utf8_string(utf8_path(kName)), kName);
  EXPECT_EQ(utf8_string(utf8_path("dir/" + kName).filename()), kName);
}

TEST(Utf8Path, NamesTheFileTheSystemLists) {
  test::TempDir temp;
  std::ofstream(utf8_path(utf8_string(temp.path()) + "/" + kName)) << "x";
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(temp.path())) {
    names.push_back(utf8_string(entry.path().filename()));
  }
  EXPECT_EQ(names, std::vector<std::string>{kName});
}

// On Windows std::filesystem::u8path throws here; a path that cannot exist is no reason to stop.
TEST(Utf8Path, TakesBytesThatAreNotUtf8WithoutThrowing) {
  const std::string bytes =
      "a\xFF"
      "b";
  std::filesystem::path path;
  EXPECT_NO_THROW(path = utf8_path(bytes));
  std::error_code error;
  EXPECT_FALSE(std::filesystem::exists(path, error));
}

}  // namespace
}  // namespace kmsprep
