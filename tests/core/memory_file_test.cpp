#include "core/memory_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

TEST(MemoryFile, HoldsTheBytesAndNamesThemForLibrariesThatOpenByPath) {
  const std::string bytes = std::string("regf") + std::string(10000, '\0') + "end";
  auto file = MemoryFile::with_bytes(bytes, "test hive");
  ASSERT_TRUE(file) << file.error().to_string();
  EXPECT_EQ(OK_VALUE(file->size()), bytes.size());
  EXPECT_EQ(OK_VALUE(file->read_all()), bytes);
  EXPECT_EQ(OK_VALUE(file->read_at(0, 4)), "regf");
  EXPECT_EQ(OK_VALUE(file->read_at(bytes.size() - 3, 100)), "end");  // short at the end
  ASSERT_FALSE(file->path().empty());
  std::ifstream by_name(file->path(), std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(by_name), {}), bytes);
}

TEST(MemoryFile, AppendsAndMovesWithoutClosingTwice) {
  auto file = MemoryFile::create("scratch");
  ASSERT_TRUE(file);
  ASSERT_TRUE(file->append("abc"));
  ASSERT_TRUE(file->append("def"));
  MemoryFile moved = std::move(*file);
  EXPECT_EQ(OK_VALUE(moved.read_all()), "abcdef");
  MemoryFile assigned = MemoryFile::adopt(-1, "nothing");
  assigned = std::move(moved);
  EXPECT_EQ(OK_VALUE(assigned.read_all()), "abcdef");
}

TEST(MemoryFile, AdoptsAnOpenFileThatNoLongerHasAName) {
  test::TempDir dir;
  const auto path = dir / "extracted";
  test::write_bytes(path, "extracted bytes");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::filesystem::remove(path);
  const MemoryFile file = MemoryFile::adopt(fd, "extracted");
  EXPECT_EQ(OK_VALUE(file.read_all()), "extracted bytes");
  std::ifstream by_name(file.path(), std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(by_name), {}), "extracted bytes");
}

}  // namespace
}  // namespace kmsprep
