#include "core/file_io.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

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

TEST(WriteAllBytes, WritesEveryByteThroughShortWrites) {
  // A pipe holds 64 KiB: 1 MiB arrives only through many short writes while a reader drains it.
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  std::string bytes(1 << 20, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 % 251);
  std::string received;
  std::thread reader([&] {
    char buffer[4096];
    for (ssize_t got; (got = ::read(ends[0], buffer, sizeof buffer)) > 0;) {
      received.append(buffer, static_cast<size_t>(got));
    }
  });
  EXPECT_EQ(write_all_bytes(ends[1], bytes), 0);
  ::close(ends[1]);
  reader.join();
  ::close(ends[0]);
  EXPECT_EQ(received, bytes);
}

TEST(WriteAllBytes, ReturnsTheErrnoOfTheFailedWrite) {
  test::TempDir dir;
  test::write_bytes(dir / "file", "old");
  const int read_only = ::open((dir / "file").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(read_only, 0);
  EXPECT_EQ(write_all_bytes(read_only, "new"), EBADF);
  ::close(read_only);
  EXPECT_EQ(test::read_bytes(dir / "file"), "old");
  // /dev/full fails every write with ENOSPC, as a full disk does.
  const int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  if (full >= 0) {
    EXPECT_EQ(write_all_bytes(full, "bytes"), ENOSPC);
    ::close(full);
  }
  EXPECT_EQ(write_all_bytes(-1, ""), 0) << "nothing to write is no write";
}

TEST(FileIoAt, WritesAndReadsAtAnOffsetAndSaysWhenTheFileEnds) {
  test::TempDir dir;
  test::write_bytes(dir / "file", "0123456789");
  const int fd = ::open((dir / "file").c_str(), O_RDWR | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(write_all_bytes_at(fd, "abc", 4), 0);
  std::string middle(5, '\0');
  EXPECT_EQ(read_exactly_at(fd, middle, 3), 0);
  EXPECT_EQ(middle, "3abc7");
  std::string past_the_end(4, '\0');
  EXPECT_EQ(read_exactly_at(fd, past_the_end, 8), EIO);
  ::close(fd);
  EXPECT_EQ(test::read_bytes(dir / "file"), "0123abc789");
  std::string any(1, '\0');
  EXPECT_EQ(read_exactly_at(-1, any, 0), EBADF);
  EXPECT_EQ(write_all_bytes_at(-1, "x", 0), EBADF);
}

}  // namespace
}  // namespace kmsprep
