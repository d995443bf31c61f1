// The contract of core/file_system.hpp on real files in a temporary directory. Portable on
// purpose: scripts/test-windows runs the same file against core/file_system_windows.cpp under
// Wine.
#include "core/file_system.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <string>
#include <system_error>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

std::string contents(const fs::path& path) {
  const int fd = open_file(path, kOpenRead);
  if (fd < 0) return "<open failed>";
  std::string bytes;
  char buffer[256];
  int64_t count = 0;
  while ((count = read_some(fd, buffer, sizeof buffer)) > 0) bytes.append(buffer, count);
  close_file(fd);
  return bytes;
}

void write_file(const fs::path& path, const std::string& bytes) {
  const int fd = open_file(path, kOpenWrite | kOpenCreate | kOpenTruncate);
  ASSERT_GE(fd, 0) << path << ": " << errno;
  ASSERT_EQ(write_some(fd, bytes.data(), bytes.size()), static_cast<int64_t>(bytes.size()));
  ASSERT_EQ(close_file(fd), 0);
}

// A symbolic link to `target`, or false where none can be made (Windows without the privilege
// or developer mode, Wine, MinGW's std::filesystem).
bool make_symlink(const fs::path& target, const fs::path& link) {
  std::error_code error;
  fs::create_symlink(target, link, error);
  return !error;
}

TEST(FileSystem, OpenWithoutCreateOfMissingFileIsEnoent) {
  test::TempDir dir;
  errno = 0;
  EXPECT_EQ(open_file(dir / "absent", kOpenRead), -1);
  EXPECT_EQ(errno, ENOENT);
  FileStatus status;
  EXPECT_EQ(status_of(dir / "absent", status), ENOENT);
}

TEST(FileSystem, CreateMakesTheFileAndWritesBytesUnchanged) {
  test::TempDir dir;
  const int fd = open_file(dir / "new", kOpenReadWrite | kOpenCreate);
  ASSERT_GE(fd, 0) << errno;
  // Binary on Windows too: "\n" stays one byte.
  const std::string bytes = "line\nnext\r\n";
  EXPECT_EQ(write_some(fd, bytes.data(), bytes.size()), static_cast<int64_t>(bytes.size()));
  EXPECT_EQ(close_file(fd), 0);
  EXPECT_EQ(contents(dir / "new"), bytes);
}

TEST(FileSystem, ExclusiveCreateOfExistingFileIsEexist) {
  test::TempDir dir;
  write_file(dir / "present", "kept");
  errno = 0;
  EXPECT_EQ(open_file(dir / "present", kOpenWrite | kOpenCreate | kOpenExclusive), -1);
  EXPECT_EQ(errno, EEXIST);
  EXPECT_EQ(contents(dir / "present"), "kept");
  const int fd = open_file(dir / "fresh", kOpenWrite | kOpenCreate | kOpenExclusive);
  EXPECT_GE(fd, 0) << errno;
  close_file(fd);
}

TEST(FileSystem, TruncateEmptiesAndCreateAloneKeeps) {
  test::TempDir dir;
  write_file(dir / "file", "old contents");
  int fd = open_file(dir / "file", kOpenWrite | kOpenCreate);
  ASSERT_GE(fd, 0) << errno;
  EXPECT_EQ(write_some(fd, "new", 3), 3);
  close_file(fd);
  EXPECT_EQ(contents(dir / "file"), "new contents");
  fd = open_file(dir / "file", kOpenWrite | kOpenTruncate);
  ASSERT_GE(fd, 0) << errno;
  close_file(fd);
  EXPECT_EQ(contents(dir / "file"), "");
}

TEST(FileSystem, AppendWritesAtTheEndWhereverThePositionIs) {
  test::TempDir dir;
  write_file(dir / "log", "first\n");
  const int fd = open_file(dir / "log", kOpenWrite | kOpenAppend);
  ASSERT_GE(fd, 0) << errno;
  ASSERT_EQ(seek_to(fd, 0), 0);
  EXPECT_EQ(write_some(fd, "second\n", 7), 7);
  close_file(fd);
  EXPECT_EQ(contents(dir / "log"), "first\nsecond\n");
}

TEST(FileSystem, NoFollowOpensARegularFile) {
  test::TempDir dir;
  write_file(dir / "plain", "bytes");
  const int fd = open_file(dir / "plain", kOpenReadWrite | kOpenNoFollow | kOpenTruncate);
  ASSERT_GE(fd, 0) << errno;
  EXPECT_EQ(write_some(fd, "new", 3), 3);
  close_file(fd);
  EXPECT_EQ(contents(dir / "plain"), "new");
}

TEST(FileSystem, NoFollowRefusesASymlinkWithEloopAndLeavesTheTarget) {
  test::TempDir dir;
  write_file(dir / "target", "untouched");
  if (!make_symlink(dir / "target", dir / "link")) GTEST_SKIP() << "no symbolic links here";
  errno = 0;
  EXPECT_EQ(open_file(dir / "link", kOpenWrite | kOpenNoFollow | kOpenTruncate), -1);
  EXPECT_EQ(errno, ELOOP);
  EXPECT_EQ(contents(dir / "target"), "untouched");
  // Without the flag the link is followed.
  const int fd = open_file(dir / "link", kOpenRead);
  EXPECT_GE(fd, 0) << errno;
  close_file(fd);
}

TEST(FileSystem, ReadAndWriteAtAnOffsetLeaveThePositionAlone) {
  test::TempDir dir;
  const int fd = open_file(dir / "file", kOpenReadWrite | kOpenCreate);
  ASSERT_GE(fd, 0) << errno;
  ASSERT_EQ(write_some(fd, "0123456789", 10), 10);
  ASSERT_EQ(seek_to(fd, 2), 2);
  EXPECT_EQ(write_some_at(fd, "AB", 2, 5), 2);
  char head[3] = {};
  EXPECT_EQ(read_some_at(fd, head, sizeof head, 0), 3);
  EXPECT_EQ(std::string(head, 3), "012");
  char past_end[4];
  EXPECT_EQ(read_some_at(fd, past_end, sizeof past_end, 100), 0);
  // The position is still 2.
  char rest[16] = {};
  EXPECT_EQ(read_some(fd, rest, sizeof rest), 8);
  EXPECT_EQ(std::string(rest, 8), "234AB789");
  close_file(fd);
}

TEST(FileSystem, TruncateFileShortensAndKeepsThePosition) {
  test::TempDir dir;
  const int fd = open_file(dir / "file", kOpenReadWrite | kOpenCreate);
  ASSERT_GE(fd, 0) << errno;
  ASSERT_EQ(write_some(fd, "0123456789", 10), 10);
  EXPECT_EQ(truncate_file(fd, 4), 0);
  EXPECT_EQ(write_some(fd, "X", 1), 1);  // still at 10: the gap reads as zeros
  close_file(fd);
  EXPECT_EQ(contents(dir / "file"), std::string("0123\0\0\0\0\0\0X", 11));
}

TEST(FileSystem, ExclusiveLockRefusesAnotherDescriptorThatWillNotWait) {
  test::TempDir dir;
  write_file(dir / "lock", "");
  // Two opens: flock locks belong to the open file description, LockFileEx locks to the handle.
  const int holder = open_file(dir / "lock", kOpenReadWrite);
  const int other = open_file(dir / "lock", kOpenReadWrite);
  ASSERT_GE(holder, 0) << errno;
  ASSERT_GE(other, 0) << errno;
  ASSERT_EQ(lock_file(holder, FileLock::exclusive, false), 0);
  EXPECT_EQ(lock_file(other, FileLock::exclusive, false), EWOULDBLOCK);
  EXPECT_EQ(lock_file(other, FileLock::shared, false), EWOULDBLOCK);
  EXPECT_EQ(unlock_file(holder), 0);
  EXPECT_EQ(lock_file(other, FileLock::exclusive, false), 0);
  EXPECT_EQ(unlock_file(other), 0);
  close_file(holder);
  close_file(other);
}

TEST(FileSystem, SharedLocksCoexistAndCloseReleases) {
  test::TempDir dir;
  write_file(dir / "lock", "");
  const int first = open_file(dir / "lock", kOpenRead);
  const int second = open_file(dir / "lock", kOpenRead);
  ASSERT_GE(first, 0) << errno;
  ASSERT_GE(second, 0) << errno;
  EXPECT_EQ(lock_file(first, FileLock::shared, false), 0);
  EXPECT_EQ(lock_file(second, FileLock::shared, false), 0);
  EXPECT_EQ(unlock_file(second), 0);
  EXPECT_EQ(close_file(first), 0);
  EXPECT_EQ(lock_file(second, FileLock::exclusive, false), 0);
  close_file(second);
}

TEST(FileSystem, StatusOfAFileByPathAndByDescriptor) {
  test::TempDir dir;
  write_file(dir / "file", "twelve bytes");
  write_file(dir / "other", "");
  FileStatus by_path;
  ASSERT_EQ(status_of(dir / "file", by_path), 0);
  EXPECT_EQ(by_path.kind, FileKind::file);
  EXPECT_EQ(by_path.size, 12u);
  EXPECT_NE(by_path.mode & 0200, 0u);
  EXPECT_LE(std::abs(by_path.modified - static_cast<int64_t>(std::time(nullptr))), 120);
  const int fd = open_file(dir / "file", kOpenRead);
  ASSERT_GE(fd, 0) << errno;
  FileStatus by_descriptor;
  ASSERT_EQ(status_of(fd, by_descriptor), 0);
  close_file(fd);
  EXPECT_EQ(by_descriptor.kind, FileKind::file);
  EXPECT_EQ(by_descriptor.size, 12u);
  EXPECT_EQ(by_descriptor.device, by_path.device);
  EXPECT_EQ(by_descriptor.identity, by_path.identity);
  FileStatus other;
  ASSERT_EQ(status_of(dir / "other", other), 0);
  EXPECT_NE(other.identity, by_path.identity);
}

TEST(FileSystem, StatusOfADirectoryAndAMissingPath) {
  test::TempDir dir;
  FileStatus status;
  ASSERT_EQ(status_of(dir.path(), status), 0);
  EXPECT_EQ(status.kind, FileKind::directory);
  status.kind = FileKind::file;
  EXPECT_EQ(status_of(dir / "missing", status), ENOENT);
  EXPECT_EQ(status.kind, FileKind::missing);
}

TEST(FileSystem, StatusOfASymlinkIsTheLinkNotItsTarget) {
  test::TempDir dir;
  write_file(dir / "target", "bytes");
  if (!make_symlink(dir / "target", dir / "link")) GTEST_SKIP() << "no symbolic links here";
  FileStatus status;
  ASSERT_EQ(status_of(dir / "link", status), 0);
  EXPECT_EQ(status.kind, FileKind::symlink);
  if (!make_symlink(dir / "nowhere", dir / "dangling")) GTEST_SKIP();
  ASSERT_EQ(status_of(dir / "dangling", status), 0);
  EXPECT_EQ(status.kind, FileKind::symlink);
}

TEST(FileSystem, StatusOfTargetIsTheFileOrDirectoryItselfAndEnoentWhenMissing) {
  test::TempDir dir;
  write_file(dir / "file", "bytes");
  FileStatus status;
  ASSERT_EQ(status_of_target(dir / "file", status), 0);
  EXPECT_EQ(status.kind, FileKind::file);
  EXPECT_EQ(status.size, 5u);
  ASSERT_EQ(status_of_target(dir.path(), status), 0);
  EXPECT_EQ(status.kind, FileKind::directory);
  EXPECT_EQ(status_of_target(dir / "missing", status), ENOENT);
  EXPECT_EQ(status.kind, FileKind::missing);
}

TEST(FileSystem, StatusOfTargetFollowsASymlinkAndADanglingOneIsEnoent) {
  test::TempDir dir;
  write_file(dir / "target", "bytes");
  if (!make_symlink(dir / "target", dir / "link")) GTEST_SKIP() << "no symbolic links here";
  FileStatus status;
  ASSERT_EQ(status_of_target(dir / "link", status), 0);
  EXPECT_EQ(status.kind, FileKind::file);
  EXPECT_EQ(status.size, 5u);
  if (!make_symlink(dir / "nowhere", dir / "dangling")) GTEST_SKIP();
  EXPECT_EQ(status_of_target(dir / "dangling", status), ENOENT);
}

TEST(FileSystem, ReadOnlyModeCreatesAReadOnlyFileThatCanStillBeRemoved) {
  test::TempDir dir;
  const int fd = open_file(dir / "read-only", kOpenWrite | kOpenCreate | kOpenExclusive, 0444);
  ASSERT_GE(fd, 0) << errno;
  EXPECT_EQ(write_some(fd, "x", 1), 1);  // the descriptor that created it may still write
  close_file(fd);
  FileStatus status;
  ASSERT_EQ(status_of(dir / "read-only", status), 0);
  EXPECT_EQ(status.mode & 0222, 0u);
  EXPECT_EQ(remove_file(dir / "read-only"), 0);
  EXPECT_EQ(status_of(dir / "read-only", status), ENOENT);
}

TEST(FileSystem, ReplacePathPutsTheNewFileInPlace) {
  test::TempDir dir;
  write_file(dir / "target", "old");
  write_file(dir / "target.new", "new");
  FileStatus replacement;
  ASSERT_EQ(status_of(dir / "target.new", replacement), 0);
  EXPECT_EQ(replace_path(dir / "target.new", dir / "target"), 0);
  EXPECT_EQ(contents(dir / "target"), "new");
  FileStatus status;
  EXPECT_EQ(status_of(dir / "target.new", status), ENOENT);
  ASSERT_EQ(status_of(dir / "target", status), 0);
  EXPECT_EQ(status.identity, replacement.identity);
  // To a name that does not exist yet, and from one that does not exist.
  EXPECT_EQ(replace_path(dir / "target", dir / "moved"), 0);
  EXPECT_EQ(contents(dir / "moved"), "new");
  EXPECT_EQ(replace_path(dir / "target", dir / "moved"), ENOENT);
}

TEST(FileSystem, RemoveFileRemovesAndAMissingOneIsEnoent) {
  test::TempDir dir;
  write_file(dir / "file", "bytes");
  EXPECT_EQ(remove_file(dir / "file"), 0);
  FileStatus status;
  EXPECT_EQ(status_of(dir / "file", status), ENOENT);
  EXPECT_EQ(remove_file(dir / "file"), ENOENT);
}

TEST(FileSystem, SyncFileAndSyncDirectorySucceed) {
  test::TempDir dir;
  const int fd = open_file(dir / "file", kOpenWrite | kOpenCreate);
  ASSERT_GE(fd, 0) << errno;
  ASSERT_EQ(write_some(fd, "durable", 7), 7);
  EXPECT_EQ(sync_file(fd), 0);
  close_file(fd);
  EXPECT_EQ(sync_directory(dir.path()), 0);
  EXPECT_EQ(contents(dir / "file"), "durable");
}

TEST(FileSystem, AFileIsNotATerminal) {
  test::TempDir dir;
  write_file(dir / "file", "");
  const int fd = open_file(dir / "file", kOpenRead);
  ASSERT_GE(fd, 0) << errno;
  EXPECT_FALSE(is_terminal(fd));
  close_file(fd);
}

// Over MAX_PATH (260) characters on Windows, where the \\?\ form is needed; one long name keeps
// the test free of directory calls that would need it too.
TEST(FileSystem, PathsLongerThanMaxPathWork) {
  test::TempDir dir;
  const fs::path first = dir / (std::string(250, 'a') + ".txt");
  const fs::path second = dir / (std::string(250, 'b') + ".txt");
  ASSERT_GT(first.native().size(), 260u);
  write_file(first, "long");
  FileStatus status;
  ASSERT_EQ(status_of(first, status), 0);
  EXPECT_EQ(status.size, 4u);
  EXPECT_EQ(replace_path(first, second), 0);
  EXPECT_EQ(contents(second), "long");
  EXPECT_EQ(remove_file(second), 0);
  EXPECT_EQ(status_of(second, status), ENOENT);
}

TEST(FileSystem, NonAsciiNamesRoundTrip) {
  test::TempDir dir;
  const fs::path name = dir.path() / fs::u8path(u8"Bj\u00f6rk-\u65e5\u672c-\U0001F600.txt");
  write_file(name, "unicode");
  EXPECT_EQ(contents(name), "unicode");
  bool listed = false;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    listed = listed || entry.path().filename() == name.filename();
  }
  EXPECT_TRUE(listed);
}

}  // namespace
}  // namespace kmsprep
