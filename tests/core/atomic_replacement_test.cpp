// AtomicReplacement and ScratchDirectory on a real file system: what is left after success,
// failure, an exception, a killed earlier run and a signal.
#include "core/atomic_replacement.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <stdexcept>

#include "core/scratch_directory.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

size_t entries_in(const fs::path& directory) {
  return static_cast<size_t>(
      std::distance(fs::directory_iterator(directory), fs::directory_iterator()));
}

// What a killed run leaves: our name, our owner, written before this process started.
fs::path make_leftover(const fs::path& directory, const std::string& target_name,
                       const std::string& suffix) {
  const fs::path leftover = directory / ("." + target_name + ".kmsprep-" + suffix);
  test::write_bytes(leftover, "half a file");
  fs::permissions(leftover, fs::perms::owner_read | fs::perms::owner_write);
  fs::last_write_time(leftover, fs::file_time_type::clock::now() - std::chrono::hours(2));
  return leftover;
}

TEST(AtomicReplacement, CommitsWithTheGivenModeAndLeavesNoTemporaryFile) {
  test::TempDir dir;
  const fs::path target = dir / "install.wim";
  test::write_bytes(target, "old");
  auto replacement = AtomicReplacement::begin(target);
  ASSERT_TRUE(replacement) << replacement.error().to_string();
  EXPECT_EQ(replacement->temporary_path().parent_path(), dir.path());
  EXPECT_TRUE(
      is_replacement_name(replacement->temporary_path().filename().string(), "install.wim"));
  ASSERT_TRUE(replacement->write("new"));
  EXPECT_EQ(test::read_bytes(target), "old");  // nothing visible before the commit
  ASSERT_TRUE(replacement->commit(0640));
  EXPECT_EQ(test::read_bytes(target), "new");
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  EXPECT_EQ(entries_in(dir.path()), 1u);
}

TEST(AtomicReplacement, RemovesItsTemporaryFileWhenNotCommittedOrOnAnException) {
  test::TempDir dir;
  const fs::path target = dir / "image.tar";
  test::write_bytes(target, "old");
  {
    auto replacement = AtomicReplacement::begin(target);
    ASSERT_TRUE(replacement);
    ASSERT_TRUE(replacement->write("abandoned"));
    EXPECT_EQ(entries_in(dir.path()), 2u);
  }
  EXPECT_EQ(entries_in(dir.path()), 1u);
  EXPECT_THROW(
      {
        auto replacement = AtomicReplacement::begin(target);
        ASSERT_TRUE(replacement);
        ASSERT_TRUE(replacement->write("half"));
        throw std::runtime_error("a writer failed");
      },
      std::runtime_error);
  EXPECT_EQ(entries_in(dir.path()), 1u);
  EXPECT_EQ(test::read_bytes(target), "old");
}

TEST(AtomicReplacement, RemovesLeftoversOfAKilledRunButNothingElse) {
  test::TempDir dir;
  const fs::path target = dir / "install.wim";
  test::write_bytes(target, "old");
  const fs::path stale = make_leftover(dir.path(), "install.wim", "Ab12Cd");
  const fs::path other_target = make_leftover(dir.path(), "boot.wim", "Ab12Cd");
  const fs::path wrong_length = make_leftover(dir.path(), "install.wim", "Ab12Cd9");
  // Another user's file of the same name (testable where the test may chown: as root).
  const fs::path foreign = make_leftover(dir.path(), "install.wim", "Nob0dy");
  const bool can_chown = ::geteuid() == 0 && ::chown(foreign.c_str(), 65534, 65534) == 0;
  // Written after this process started: possibly a concurrent run.
  const fs::path fresh = make_leftover(dir.path(), "install.wim", "Fr3shX");
  fs::last_write_time(fresh, fs::file_time_type::clock::now() + std::chrono::seconds(5));
  // Old, but locked by a live writer (another open file description of this process).
  const fs::path locked = make_leftover(dir.path(), "install.wim", "Lck3dX");
  const int holder = ::open(locked.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(holder, 0);
  ASSERT_EQ(::flock(holder, LOCK_SH), 0);

  ASSERT_TRUE(AtomicReplacement::begin(target)->commit(0644));
  ::close(holder);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(other_target));
  EXPECT_TRUE(fs::exists(wrong_length));
  EXPECT_EQ(fs::exists(foreign), can_chown);
  EXPECT_TRUE(fs::exists(fresh));
  EXPECT_TRUE(fs::exists(locked));
  EXPECT_EQ(test::read_bytes(target), "");
}

TEST(AtomicReplacement, FailsInAMissingDirectoryWithoutLeavingFiles) {
  test::TempDir dir;
  auto replacement = AtomicReplacement::begin(dir / "missing" / "x");
  ASSERT_FALSE(replacement);
  EXPECT_NE(replacement.error().to_string().find("missing"), std::string::npos);
  EXPECT_EQ(entries_in(dir.path()), 0u);
}

// The child makes a scratch directory with a file in it (as a WIM read does), reports the
// path, and is ended by `signal_number`.
void expect_removed_on(int signal_number) {
  test::TempDir dir;
  int report[2];
  ASSERT_EQ(::pipe(report), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(report[0]);
    auto scratch = ScratchDirectory::create(dir.path(), "kmsprep-wim-");
    if (!scratch) ::_exit(10);
    test::write_bytes(scratch->path() / "unattend.xml", "<ProductKey>full</ProductKey>");
    const std::string path = scratch->path().string();
    if (::write(report[1], path.data(), path.size()) != static_cast<ssize_t>(path.size())) {
      ::_exit(11);
    }
    ::close(report[1]);
    ::raise(signal_number);
    ::_exit(12);  // not reached: the handler re-raises with the default action
  }
  ::close(report[1]);
  char buffer[4096];
  const ssize_t got = ::read(report[0], buffer, sizeof buffer);
  ::close(report[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_GT(got, 0);
  const fs::path scratch(std::string(buffer, static_cast<size_t>(got)));
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == signal_number) << status;
  EXPECT_FALSE(fs::exists(scratch)) << scratch;
  EXPECT_EQ(entries_in(dir.path()), 0u);
}

TEST(ScratchDirectory, IsRemovedWhenSigtermSigintOrSighupEndsTheProcess) {
  expect_removed_on(SIGTERM);
  expect_removed_on(SIGINT);
  expect_removed_on(SIGHUP);
}

TEST(ScratchDirectory, IsRemovedWithItsContentOnDestruction) {
  test::TempDir dir;
  fs::path path;
  {
    auto scratch = ScratchDirectory::create(dir.path(), "kmsprep-wim-");
    ASSERT_TRUE(scratch) << scratch.error().to_string();
    path = scratch->path();
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_all);
    test::write_bytes(path / "file", "x");
  }
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace kmsprep
