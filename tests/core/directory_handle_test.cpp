// The contract of core/directory_handle.hpp on real directories in a temporary directory.
// Portable on purpose: the Windows suite runs the same file against
// core/directory_handle_windows.cpp under Wine.
#include "core/directory_handle.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <system_error>
#include <vector>

#include "core/atomic_replacement.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// A descriptor closed at the end of the scope.
struct Held {
  int fd;
  explicit Held(int value) : fd(value) {}
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;
  ~Held() {
    if (fd >= 0) close_file(fd);
  }
};

std::string read_all(int fd) {
  std::string bytes;
  char buffer[256];
  int64_t count = 0;
  while ((count = read_some(fd, buffer, sizeof buffer)) > 0) bytes.append(buffer, count);
  return bytes;
}

std::string read_at(int directory, const std::string& name) {
  Held file(open_file_at(directory, name, kOpenRead));
  if (file.fd < 0) return "<open failed: " + std::to_string(errno) + ">";
  return read_all(file.fd);
}

void write_at(int directory, const std::string& name, const std::string& bytes,
              unsigned flags = kOpenWrite | kOpenCreate | kOpenTruncate, unsigned mode = 0644) {
  Held file(open_file_at(directory, name, flags, mode));
  ASSERT_GE(file.fd, 0) << name << ": " << errno;
  ASSERT_EQ(write_some(file.fd, bytes.data(), bytes.size()), static_cast<int64_t>(bytes.size()));
}

std::vector<std::string> sorted_names(int directory) {
  std::vector<std::string> names;
  EXPECT_EQ(list_directory(directory, names), 0);
  std::sort(names.begin(), names.end());
  return names;
}

// A symbolic link to `target`, or false where none can be made: Windows without the privilege
// or developer mode, and Wine 8, whose CreateSymbolicLinkW reports success and makes none (so
// the link is looked for afterwards).
bool make_symlink(const fs::path& target, const fs::path& link, bool directory = false) {
  std::error_code error;
  if (directory) {
    fs::create_directory_symlink(target, link, error);
  } else {
    fs::create_symlink(target, link, error);
  }
  return !error && fs::is_symlink(fs::symlink_status(link, error));
}

constexpr const char* kNoLinks =
    "no symbolic links here (Wine 8 makes none; Windows needs the privilege or developer mode)";

TEST(DirectoryHandle, OpensAChildDirectoryAndReadsAFileInIt) {
  test::TempDir dir;
  test::write_bytes(dir / "sub" / "file.txt", "hello\n");
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  Held sub(open_directory_at(root.fd, "sub"));
  ASSERT_GE(sub.fd, 0) << errno;
  EXPECT_EQ(read_at(sub.fd, "file.txt"), "hello\n");
  FileStatus status;
  ASSERT_EQ(status_at(sub.fd, "file.txt", status), 0);
  EXPECT_EQ(status.kind, FileKind::file);
  EXPECT_EQ(status.size, 6u);
  ASSERT_EQ(status_at(root.fd, "sub", status), 0);
  EXPECT_EQ(status.kind, FileKind::directory);
}

TEST(DirectoryHandle, OpenDirectoryOfAFileIsEnotdirAndOfAMissingOneEnoent) {
  test::TempDir dir;
  test::write_bytes(dir / "file", "x");
  errno = 0;
  EXPECT_EQ(open_directory(dir / "file"), -1);
  EXPECT_EQ(errno, ENOTDIR);
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  errno = 0;
  EXPECT_EQ(open_directory_at(root.fd, "file"), -1);
  EXPECT_EQ(errno, ENOTDIR);
  errno = 0;
  EXPECT_EQ(open_directory_at(root.fd, "absent"), -1);
  EXPECT_EQ(errno, ENOENT);
  FileStatus status;
  EXPECT_EQ(status_at(root.fd, "absent", status), ENOENT);
  EXPECT_EQ(status.kind, FileKind::missing);
}

TEST(DirectoryHandle, RefusesDotDotDotAndNamesWithASeparator) {
  test::TempDir dir;
  test::write_bytes(dir / "outside", "keep");
  fs::create_directory(dir / "sub");
  Held sub(open_directory(dir / "sub"));
  ASSERT_GE(sub.fd, 0) << errno;
  for (const std::string name : {"..", ".", "", "../outside", "a/b"}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(is_entry_name(name));
    errno = 0;
    EXPECT_EQ(open_directory_at(sub.fd, name), -1);
    EXPECT_EQ(errno, EINVAL);
    errno = 0;
    EXPECT_EQ(open_file_at(sub.fd, name, kOpenWrite | kOpenCreate | kOpenTruncate), -1);
    EXPECT_EQ(errno, EINVAL);
    FileStatus status;
    EXPECT_EQ(status_at(sub.fd, name, status), EINVAL);
    EXPECT_EQ(remove_file_at(sub.fd, name), EINVAL);
    EXPECT_EQ(remove_directory_at(sub.fd, name), EINVAL);
    EXPECT_EQ(create_directory_at(sub.fd, name), EINVAL);
    EXPECT_EQ(rename_at(sub.fd, name, "x"), EINVAL);
    EXPECT_EQ(rename_at(sub.fd, "x", name), EINVAL);
  }
  EXPECT_EQ(test::read_bytes(dir / "outside"), "keep");
  EXPECT_TRUE(is_entry_name("file.txt"));
  EXPECT_TRUE(is_entry_name("..hidden"));
}

TEST(DirectoryHandle, DoesNotFollowASymlinkChild) {
  test::TempDir dir;
  test::write_bytes(dir / "outside" / "secret", "outside");
  fs::create_directory(dir / "root");
  if (!make_symlink(dir / "outside", dir / "root" / "to-dir", true)) GTEST_SKIP() << kNoLinks;
  ASSERT_TRUE(make_symlink(dir / "outside" / "secret", dir / "root" / "to-file"));
  Held root(open_directory(dir / "root"));
  ASSERT_GE(root.fd, 0) << errno;
  errno = 0;
  EXPECT_EQ(open_directory_at(root.fd, "to-dir"), -1);
  EXPECT_TRUE(errno == ELOOP || errno == ENOTDIR) << errno;
  errno = 0;
  EXPECT_EQ(open_file_at(root.fd, "to-file", kOpenWrite | kOpenTruncate), -1);
  EXPECT_EQ(errno, ELOOP);
  errno = 0;
  EXPECT_EQ(open_file_at(root.fd, "to-file", kOpenRead), -1);
  EXPECT_EQ(errno, ELOOP);
  FileStatus status;
  ASSERT_EQ(status_at(root.fd, "to-dir", status), 0);
  EXPECT_EQ(status.kind, FileKind::symlink);
  std::string target;
  ASSERT_EQ(read_link_at(root.fd, "to-file", target), 0);
  EXPECT_EQ(fs::u8path(target), dir / "outside" / "secret");
  // Removing the link removes the link only.
  EXPECT_EQ(remove_file_at(root.fd, "to-file"), 0);
  EXPECT_EQ(test::read_bytes(dir / "outside" / "secret"), "outside");
}

// Linux looks names up exactly; Windows ignores letter case, and then reports the name as the
// directory spells it, never as asked.
TEST(DirectoryHandle, SpellingIsTheNameOnDisk) {
  test::TempDir dir;
  test::write_bytes(dir / "MixedCase.txt", "x");
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  std::string spelled;
  ASSERT_EQ(spelling_at(root.fd, "MixedCase.txt", spelled), 0);
  EXPECT_EQ(spelled, "MixedCase.txt");
  spelled.clear();
  const int error = spelling_at(root.fd, "mixedcase.TXT", spelled);
  if (error == 0) {
    EXPECT_EQ(spelled, "MixedCase.txt");
  } else {
    EXPECT_EQ(error, ENOENT);
  }
  EXPECT_EQ(spelling_at(root.fd, "absent", spelled), ENOENT);
  EXPECT_EQ(spelling_at(root.fd, "..", spelled), EINVAL);
}

TEST(DirectoryHandle, ReadLinkOfAFileIsEinval) {
  test::TempDir dir;
  test::write_bytes(dir / "plain", "x");
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  std::string target;
  EXPECT_EQ(read_link_at(root.fd, "plain", target), EINVAL);
}

TEST(DirectoryHandle, CreatesRenamesListsAndRemovesEntries) {
  test::TempDir dir;
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  ASSERT_EQ(create_directory_at(root.fd, "made"), 0);
  EXPECT_EQ(create_directory_at(root.fd, "made"), EEXIST);
  Held made(open_directory_at(root.fd, "made"));
  ASSERT_GE(made.fd, 0) << errno;
  write_at(made.fd, "old", "old");
  write_at(made.fd, "new", "new");
  errno = 0;
  EXPECT_EQ(open_file_at(made.fd, "new", kOpenWrite | kOpenCreate | kOpenExclusive), -1);
  EXPECT_EQ(errno, EEXIST);
  EXPECT_EQ(sorted_names(made.fd), (std::vector<std::string>{"new", "old"}));
  ASSERT_EQ(rename_at(made.fd, "new", "old"), 0);  // replaces
  EXPECT_EQ(sorted_names(made.fd), (std::vector<std::string>{"old"}));
  EXPECT_EQ(test::read_bytes(dir / "made" / "old"), "new");
  EXPECT_EQ(remove_directory_at(root.fd, "made"), ENOTEMPTY);
  EXPECT_EQ(remove_file_at(root.fd, "made"), EISDIR);
  EXPECT_EQ(remove_file_at(made.fd, "old"), 0);
  EXPECT_EQ(remove_file_at(made.fd, "old"), ENOENT);
  EXPECT_EQ(sorted_names(made.fd), std::vector<std::string>{});
  close_file(made.fd);
  made.fd = -1;
  EXPECT_EQ(remove_directory_at(root.fd, "made"), 0);
  EXPECT_FALSE(fs::exists(dir / "made"));
}

// unlink(2) removes a file whatever its mode; Windows' read-only attribute must not stop it.
TEST(DirectoryHandle, RemovesAReadOnlyFile) {
  test::TempDir dir;
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  write_at(root.fd, "locked", "x", kOpenWrite | kOpenCreate | kOpenExclusive, 0444);
  EXPECT_EQ(remove_file_at(root.fd, "locked"), 0);
  EXPECT_FALSE(fs::exists(dir / "locked"));
}

TEST(DirectoryHandle, ListsUtf8NamesAndListingTwiceGivesTheSameNames) {
  test::TempDir dir;
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  const std::string accented = "caf\xc3\xa9.txt";  // "café.txt"
  write_at(root.fd, accented, "x");
  write_at(root.fd, "plain", "y");
  const std::vector<std::string> expected{"caf\xc3\xa9.txt", "plain"};
  EXPECT_EQ(sorted_names(root.fd), expected);
  EXPECT_EQ(sorted_names(root.fd), expected);
  EXPECT_TRUE(fs::exists(dir.path() / fs::u8path(accented)));
  EXPECT_EQ(read_at(root.fd, accented), "x");
}

// What is done through a held handle happens in the directory it was opened on, even after that
// directory was moved and another put in its place.
TEST(DirectoryHandle, AHeldDirectoryStaysTheOneOpenedWhenItsNameIsReplaced) {
  test::TempDir dir;
  fs::create_directory(dir / "sub");
  Held sub(open_directory(dir / "sub"));
  ASSERT_GE(sub.fd, 0) << errno;
  FileStatus before;
  ASSERT_EQ(status_of(sub.fd, before), 0);
  fs::rename(dir / "sub", dir / "moved");
  fs::create_directory(dir / "sub");
  write_at(sub.fd, "written", "here");
  EXPECT_EQ(test::read_bytes(dir / "moved" / "written"), "here");
  EXPECT_FALSE(fs::exists(dir / "sub" / "written"));
  FileStatus after;
  ASSERT_EQ(status_of(sub.fd, after), 0);
  EXPECT_EQ(after.identity, before.identity);
  EXPECT_EQ(after.device, before.device);
}

TEST(DirectoryHandle, LockIsExclusiveUntilClosed) {
  test::TempDir dir;
  Held root(open_directory(dir.path()));
  ASSERT_GE(root.fd, 0) << errno;
  int first = -1;
  ASSERT_EQ(lock_directory(root.fd, first), 0);
  Held first_lock(first);
  int second = -1;
  EXPECT_EQ(lock_directory(root.fd, second), EWOULDBLOCK);
  EXPECT_EQ(second, -1);
  // Readers and writers of the entries are not kept out.
  write_at(root.fd, "during", "x");
  EXPECT_EQ(sorted_names(root.fd), std::vector<std::string>{"during"});
  close_file(first_lock.fd);
  first_lock.fd = -1;
  ASSERT_EQ(lock_directory(root.fd, second), 0);
  close_file(second);
}

TEST(DirectoryHandle, DuplicateOutlivesTheOriginal) {
  test::TempDir dir;
  test::write_bytes(dir / "file", "kept");
  int original = open_directory(dir.path());
  ASSERT_GE(original, 0) << errno;
  Held copy(duplicate_directory(original));
  close_file(original);
  ASSERT_GE(copy.fd, 0) << errno;
  EXPECT_EQ(read_at(copy.fd, "file"), "kept");
  EXPECT_EQ(flush_directory(copy.fd), 0);
}

// AtomicReplacement::begin_at stages and renames through the directory's handle.
TEST(DirectoryHandle, AtomicReplacementRelativeToTheDirectoryReplacesTheFile) {
  test::TempDir dir;
  test::write_bytes(dir / "sub" / "target", "old");
  Held sub(open_directory(dir / "sub"));
  ASSERT_GE(sub.fd, 0) << errno;
  {
    auto replacement = AtomicReplacement::begin_at(sub.fd, "target", dir / "sub" / "target");
    ASSERT_TRUE(replacement) << replacement.error().to_string();
    ASSERT_TRUE(replacement->write("new"));
    EXPECT_EQ(sorted_names(sub.fd).size(), 2u);  // the target and the temporary file
    ASSERT_TRUE(replacement->commit(0644));
  }
  EXPECT_EQ(test::read_bytes(dir / "sub" / "target"), "new");
  EXPECT_EQ(sorted_names(sub.fd), std::vector<std::string>{"target"});
  {
    auto abandoned = AtomicReplacement::begin_at(sub.fd, "target", dir / "sub" / "target");
    ASSERT_TRUE(abandoned);
    ASSERT_TRUE(abandoned->write("never"));
  }
  EXPECT_EQ(sorted_names(sub.fd), std::vector<std::string>{"target"});
  EXPECT_EQ(test::read_bytes(dir / "sub" / "target"), "new");
}

}  // namespace
}  // namespace kmsprep
