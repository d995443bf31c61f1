#include "core/file_io.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

TEST(ReplaceFileAtomically, ReplacesContentAndKeepsMode) {
  test::TempDir dir;
  const fs::path target = dir / "SetupComplete.cmd";
  test::write_bytes(target, "old");
  fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write | fs::perms::owner_exec);
  ASSERT_TRUE(replace_file_atomically(target, "new content"));
  EXPECT_EQ(test::read_bytes(target), "new content");
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::owner_exec);
  // No temporary file is left beside it.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(ReplaceFileAtomically, FailsInMissingDirectoryWithoutLeavingFiles) {
  test::TempDir dir;
  auto replaced = replace_file_atomically(dir / "missing" / "x", "bytes");
  ASSERT_FALSE(replaced);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 0);
}

TEST(ReadFile, RefusesFilesOverTheLimit) {
  test::TempDir dir;
  test::write_bytes(dir / "pid.txt", std::string(100, 'x'));
  auto bytes = read_file(dir / "pid.txt", 64);
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code(), ErrorCode::file_too_large);
  EXPECT_EQ(bytes.error().kind(), ErrorKind::bad_input);
  ASSERT_TRUE(read_file(dir / "pid.txt", 100));
}

TEST(ReadFile, MissingFileIsNotFound) {
  test::TempDir dir;
  auto bytes = read_file(dir / "absent");
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code(), ErrorCode::file_not_found);
  EXPECT_NE(bytes.error().location().find("absent"), std::string::npos);
}

TEST(ReadFile, DirectoryIsRefused) {
  test::TempDir dir;
  auto bytes = read_file(dir.path());
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code(), ErrorCode::path_is_directory);
}

}  // namespace
}  // namespace kmsprep
