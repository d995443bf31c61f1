#include "core/memory_file.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

TEST(MemoryFile, HoldsTheBytesAndNamesThemForLibrariesThatOpenByPath) {
  const std::string bytes = std::string("regf") + std::string(10000, '\0') + "end";
  auto file = MemoryFile::with_bytes(bytes, "test hive");
  ASSERT_TRUE(file) << file.error().to_string();
  EXPECT_EQ(file->size().value(), bytes.size());
  EXPECT_EQ(file->read_all().value(), bytes);
  EXPECT_EQ(file->read_at(0, 4).value(), "regf");
  EXPECT_EQ(file->read_at(bytes.size() - 3, 100).value(), "end");  // short at the end
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
  EXPECT_EQ(moved.read_all().value(), "abcdef");
  MemoryFile assigned = MemoryFile::adopt(-1, "nothing");
  assigned = std::move(moved);
  EXPECT_EQ(assigned.read_all().value(), "abcdef");
}

TEST(MemoryFile, AdoptsAnOpenFileThatNoLongerHasAName) {
  test::TempDir dir;
  const auto path = dir / "extracted";
  test::write_bytes(path, "extracted bytes");
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  std::filesystem::remove(path);
  const MemoryFile file = MemoryFile::adopt(fd, "extracted");
  EXPECT_EQ(file.read_all().value(), "extracted bytes");
  std::ifstream by_name(file.path(), std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(by_name), {}), "extracted bytes");
}

}  // namespace
}  // namespace kmsprep
