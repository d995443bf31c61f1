// Races against a directory commit, made with strace pausing kmsprep at its first fsync (the
// new file is staged beside its target, nothing is published yet; -e inject=fsync:delay_enter):
// a directory on the way swapped for a link to outside meanwhile, and a second kmsprep
// committing the same tree. Label `kill` (the strace stage of scripts/test).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/image/wim_test_fixtures.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

const char* kInner = "Windows/Panther/unattend.xml";
constexpr int kPauseMicroseconds = 2'500'000;

// kmsprep `args`, paused for kPauseMicroseconds when it first enters fsync.
test::ProgramResult run_kmsprep_paused_at_first_fsync(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {
      "strace",
      "-f",
      "-qq",
      "-o",
      "/dev/null",
      "-e",
      "trace=fsync",
      "-e",
      "inject=fsync:delay_enter=" + std::to_string(kPauseMicroseconds) + ":when=1",
      KMSPREP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, {}, {"ASAN_OPTIONS=detect_leaks=0"});
}

std::vector<std::string> temporaries_in(const fs::path& directory) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".kmsprep-") != std::string::npos) found.push_back(name);
  }
  return found;
}

// Waits (up to the pause) until a temporary file of the paused commit shows up.
bool wait_for_temporary(const fs::path& directory) {
  for (int i = 0; i < 200; ++i) {
    if (!temporaries_in(directory).empty()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::vector<std::string> put(const fs::path& image, const fs::path& from) {
  return {"image", "put", image.string(), kInner, "--from", from.string()};
}

TEST(DirectoryRace, ADirectorySwappedForAnOutsideLinkDuringTheCommitIsRefusedAndNothingLeaks) {
  if (!test::strace_works()) GTEST_SKIP() << "strace cannot run here (ptrace not permitted)";
  TempDir dir;
  test::make_tree(dir / "pc", test::windows_tree());
  test::make_tree(dir / "outside", {{"keep.txt", "keep"}});
  write_bytes(dir / "new.xml", "<unattend>new</unattend>\n");
  const test::Tree outside_before = test::snapshot_tree(dir / "outside");

  test::ProgramResult paused;
  std::thread commit(
      [&] { paused = run_kmsprep_paused_at_first_fsync(put(dir / "pc", dir / "new.xml")); });
  const bool staged = wait_for_temporary(dir / "pc/Windows/Panther");
  // Checked, walked and staged: now the directory becomes a link to outside the root.
  fs::rename(dir / "pc/Windows/Panther", dir / "pc/Windows/Panther.old");
  fs::create_directory_symlink(dir / "outside", dir / "pc/Windows/Panther");
  commit.join();
  ASSERT_TRUE(staged) << paused.err;

  EXPECT_EQ(paused.exit_code, 3) << paused.err;
  EXPECT_NE(paused.err.find("E304"), std::string::npos) << paused.err;
  EXPECT_EQ(test::snapshot_tree(dir / "outside"), outside_before);  // nothing written outside
  EXPECT_EQ(read_bytes(dir / "pc/Windows/Panther.old/unattend.xml"), "<unattend>old</unattend>\n");
  EXPECT_TRUE(temporaries_in(dir / "pc/Windows/Panther.old").empty());
}

// The second commit waits for the first (flock on the root), never removes its staged file,
// and then commits its own change on top.
TEST(DirectoryRace, ASecondCommitWaitsForTheFirstAndNeverRemovesItsTemporaryFile) {
  if (!test::strace_works()) GTEST_SKIP() << "strace cannot run here (ptrace not permitted)";
  TempDir dir;
  test::make_tree(dir / "pc", test::windows_tree());
  write_bytes(dir / "first.xml", "<unattend>first</unattend>\n");
  write_bytes(dir / "second.xml", "<unattend>second</unattend>\n");
  const fs::path panther = dir / "pc/Windows/Panther";

  test::ProgramResult first;
  std::thread commit(
      [&] { first = run_kmsprep_paused_at_first_fsync(put(dir / "pc", dir / "first.xml")); });
  ASSERT_TRUE(wait_for_temporary(panther));
  const std::vector<std::string> staged_by_first = temporaries_in(panther);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the second starts later
  const auto started = std::chrono::steady_clock::now();
  test::ProgramResult second;
  std::thread other([&] { second = run_kmsprep(put(dir / "pc", dir / "second.xml")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(temporaries_in(panther), staged_by_first);  // still there, the first's own
  EXPECT_EQ(read_bytes(panther / "unattend.xml"), "<unattend>old</unattend>\n");
  other.join();
  commit.join();
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_GT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(1000));
  EXPECT_EQ(read_bytes(panther / "unattend.xml"), "<unattend>second</unattend>\n");
  EXPECT_TRUE(temporaries_in(panther).empty());
}

// With KMSPREP_LOCK_WAIT=0 the second commit does not wait: exit 4, E308, nothing written, and
// the first's staged file untouched; the first then completes.
TEST(DirectoryRace, ASecondCommitThatMayNotWaitFailsWithE308AndLeavesTheFirstAlone) {
  if (!test::strace_works()) GTEST_SKIP() << "strace cannot run here (ptrace not permitted)";
  TempDir dir;
  test::make_tree(dir / "pc", test::windows_tree());
  write_bytes(dir / "first.xml", "<unattend>first</unattend>\n");
  write_bytes(dir / "second.xml", "<unattend>second</unattend>\n");
  const fs::path panther = dir / "pc/Windows/Panther";

  test::ProgramResult first;
  std::thread commit(
      [&] { first = run_kmsprep_paused_at_first_fsync(put(dir / "pc", dir / "first.xml")); });
  ASSERT_TRUE(wait_for_temporary(panther));
  const std::vector<std::string> staged_by_first = temporaries_in(panther);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto second = run_kmsprep(put(dir / "pc", dir / "second.xml"), {}, {"KMSPREP_LOCK_WAIT=0"});
  EXPECT_EQ(second.exit_code, 4) << second.err;
  EXPECT_NE(second.err.find("E308"), std::string::npos) << second.err;
  EXPECT_EQ(temporaries_in(panther), staged_by_first);
  commit.join();
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(read_bytes(panther / "unattend.xml"), "<unattend>first</unattend>\n");
  EXPECT_TRUE(temporaries_in(panther).empty());
}

}  // namespace
}  // namespace kmsprep
