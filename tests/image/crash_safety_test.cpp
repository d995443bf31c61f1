// kill -9 at exact points of a commit, made by strace (-e inject=SYSCALL:signal=KILL): the
// image must be old or new and whole, and the next run must leave no temporary file behind.
// Also SIGTERM during a WIM read: the extracted copy must not stay in $TMPDIR.
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

// Runs kmsprep under strace, which sends `signal` when the process enters the `when`-th call
// of any of `syscalls`. Returns the kmsprep result (exit_code -1: killed).
test::ProgramResult run_kmsprep_interrupted(const std::string& syscalls, const std::string& when,
                                            const std::string& signal,
                                            const std::vector<std::string>& args,
                                            const std::vector<std::string>& environment = {}) {
  std::vector<std::string> argv = {"strace",
                                   "-f",
                                   "-qq",
                                   "-o",
                                   "/dev/null",
                                   "-e",
                                   "trace=" + syscalls,
                                   "-e",
                                   "inject=" + syscalls + ":signal=" + signal + ":when=" + when,
                                   KMSPREP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  // LeakSanitizer cannot run under ptrace; a process that strace did not stop would fail on it.
  std::vector<std::string> env = environment;
  env.push_back("ASAN_OPTIONS=detect_leaks=0");
  return run_program(argv, {}, env);
}

std::vector<std::string> temporaries_beside(const fs::path& target) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(target.parent_path())) {
    const std::string name = entry.path().filename().string();
    if (name.find(".kmsprep-") != std::string::npos) found.push_back(name);
  }
  return found;
}

void require_tools() {
  ASSERT_TRUE(test::program_exists("strace")) << "install strace (scripts/install-deps does)";
  ASSERT_TRUE(test::program_exists("bsdtar"));
  ASSERT_TRUE(test::program_exists("wimlib-imagex"));
}

// A container without CAP_SYS_PTRACE (or with a seccomp profile that blocks ptrace) cannot run
// strace at all; there the kill points cannot be made and the tests say so.
#define REQUIRE_KILL_POINTS()                                                                     \
  do {                                                                                            \
    require_tools();                                                                              \
    if (::testing::Test::HasFatalFailure()) return;                                               \
    if (!test::strace_works()) GTEST_SKIP() << "ptrace is not permitted here: strace cannot run"; \
  } while (false)

struct Layout {
  fs::path image;   // what kmsprep opens
  fs::path target;  // the file a commit replaces
};

// Killed just before the rename that publishes the new file: the target stays old and a
// temporary file stays beside it; the next put succeeds and removes it.
void expect_kill_before_rename_is_recovered(const Layout& layout,
                                            const std::vector<std::string>& put_flags,
                                            const std::string& old_unattend) {
  TempDir work;
  write_bytes(work / "new.xml", "<unattend>new</unattend>\n");
  const std::string before = read_bytes(layout.target);
  std::vector<std::string> put = {"image", "put",    layout.image.string(),
                                  kInner,  "--from", (work / "new.xml").string()};
  put.insert(put.end(), put_flags.begin(), put_flags.end());

  const auto killed = run_kmsprep_interrupted("rename,renameat,renameat2", "1", "KILL", put);
  EXPECT_EQ(killed.exit_code, -1) << killed.err;
  EXPECT_EQ(read_bytes(layout.target), before);  // old and whole
  EXPECT_EQ(temporaries_beside(layout.target).size(), 1u);
  const auto old_read = run_kmsprep({"image", "cat", layout.image.string(), kInner});
  EXPECT_EQ(old_read.exit_code, 0) << old_read.err;
  EXPECT_EQ(old_read.out, old_unattend);

  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the next run starts later
  const auto next = run_kmsprep(put);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_TRUE(temporaries_beside(layout.target).empty());
  const auto new_read = run_kmsprep({"image", "cat", layout.image.string(), kInner});
  EXPECT_EQ(new_read.out, "<unattend>new</unattend>\n");
}

const std::string kOld = "<unattend>old</unattend>\n";

TEST(CrashSafety, KilledDirectoryCommitLeavesTheOldFileAndTheNextRunCleansUp) {
  REQUIRE_KILL_POINTS();
  TempDir dir;
  test::make_tree(dir / "pc", test::windows_tree());
  expect_kill_before_rename_is_recovered({dir / "pc", dir / "pc" / kInner}, {}, kOld);
}

TEST(CrashSafety, KilledTarRewriteLeavesTheOldArchiveAndTheNextRunCleansUp) {
  REQUIRE_KILL_POINTS();
  TempDir dir;
  test::make_tree(dir / "tree", test::windows_tree());
  const fs::path archive = dir / "image.tar";
  ASSERT_EQ(run_program({"bsdtar", "-cf", archive.string(), "-C", (dir / "tree").string(), "."})
                .exit_code,
            0);
  expect_kill_before_rename_is_recovered({archive, archive}, {}, kOld);
}

TEST(CrashSafety, KilledZipRewriteLeavesTheOldArchiveAndTheNextRunCleansUp) {
  REQUIRE_KILL_POINTS();
  TempDir dir;
  test::make_tree(dir / "tree", test::windows_tree());
  const fs::path archive = dir / "image.zip";
  ASSERT_EQ(run_program({"bsdtar", "--format", "zip", "-cf", archive.string(), "-C",
                         (dir / "tree").string(), "."})
                .exit_code,
            0);
  expect_kill_before_rename_is_recovered({archive, archive}, {}, kOld);
}

TEST(CrashSafety, KilledWimRebuildLeavesTheOldWimAndTheNextRunCleansUp) {
  REQUIRE_KILL_POINTS();
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), test::windows_tree(), wim, "Base");
  expect_kill_before_rename_is_recovered({wim, wim}, {"--rebuild"}, kOld);
}

// An append marks the header "write in progress" (pwrite at offset 16), writes the new data
// and tables after the old ones, and writes the header last (the second pwrite): killed there,
// the header still describes the old image.
TEST(CrashSafety, KilledWimAppendLeavesTheOldImageReadable) {
  REQUIRE_KILL_POINTS();
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), test::windows_tree(), wim, "Base");
  write_bytes(dir / "new.xml", "<unattend>new</unattend>\n");
  const std::vector<std::string> put = {"image", "put",    wim.string(),
                                        kInner,  "--from", (dir / "new.xml").string()};
  const auto killed = run_kmsprep_interrupted("pwrite64", "2", "KILL", put);
  EXPECT_EQ(killed.exit_code, -1) << killed.err;
  const auto verify = test::wimlib_imagex({"verify", wim.string()});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const auto old_read = run_kmsprep({"image", "cat", wim.string(), kInner});
  EXPECT_EQ(old_read.exit_code, 0) << old_read.err;
  EXPECT_EQ(old_read.out, kOld);
  EXPECT_TRUE(temporaries_beside(wim).empty());
  const auto next = run_kmsprep(put);
  ASSERT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(run_kmsprep({"image", "cat", wim.string(), kInner}).out, "<unattend>new</unattend>\n");
}

// The case: killed while wimlib extracts the answer file (it holds the product key).
// Reads stream the file through standard output, so no copy of it ever lands in the scratch
// directory.
TEST(CrashSafety, SigtermDuringAWimReadLeavesNoExtractedCopy) {
  REQUIRE_KILL_POINTS();
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::Tree tree = test::windows_tree();
  tree[kInner] = "<ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey>\n";
  test::capture_tree(dir.path(), tree, wim, "Base");
  fs::create_directories(dir / "scratch");
  for (const char* signal : {"TERM", "INT", "HUP"}) {
    SCOPED_TRACE(signal);
    // Killed as wimlib writes the file's data out: a scratch copy would exist by then.
    const auto killed =
        run_kmsprep_interrupted("write", "1", signal, {"image", "cat", wim.string(), kInner},
                                {"TMPDIR=" + (dir / "scratch").string()});
    EXPECT_EQ(killed.exit_code, -1) << killed.out << killed.err;
    EXPECT_TRUE(fs::is_empty(dir / "scratch")) << fs::directory_iterator(dir / "scratch")->path();
  }
}

}  // namespace
}  // namespace kmsprep
