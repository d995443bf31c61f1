// A WIM append (`image put` without --rebuild, `capture` into an existing WIM) that fails leaves
// the WIM byte-identical, and the message says so. The case that used to break it: the fsync
// after wimlib has written the new header fails; wimlib then truncates the file to its old
// length but keeps the new header, which points past the end (image/wim_append.hpp). strace
// makes the kernel fail the fsync on the WIM (`-e inject=fsync:error=EIO`), as a failing disk
// would; the WIMs are made with wimlib-imagex and read back with it.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

#include "image/image.hpp"
#include "tests/image/wim_test_fixtures.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;

const char* kInner = "Windows/Panther/unattend.xml";
const std::string kOld = "<unattend>old</unattend>\n";  // test::windows_tree()'s answer file

bool ptrace_allowed() { return test::strace_works() && test::program_exists("wimlib-imagex"); }

// kmsprep `args` with every fsync on `wim` from the `when`th on failing with EIO.
test::ProgramResult run_with_failing_fsync(const fs::path& wim, const std::string& when,
                                           const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"strace",
                                   "-f",
                                   "-qq",
                                   "-o",
                                   "/dev/null",
                                   "-P",
                                   wim.string(),
                                   "-e",
                                   "trace=fsync",
                                   "-e",
                                   "inject=fsync:error=EIO:when=" + when,
                                   KMSPREP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, {}, {"ASAN_OPTIONS=detect_leaks=0"});
}

// The WIM opens with wimlib-imagex and its image holds the old answer file, byte for byte.
void expect_old_wim(const fs::path& wim, const std::string& before) {
  EXPECT_TRUE(read_bytes(wim) == before) << "the WIM is not byte-identical to what it was";
  const auto info = test::wimlib_imagex({"info", wim.string()});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  const auto extracted =
      test::wimlib_imagex({"extract", wim.string(), "1", std::string("/") + kInner, "--to-stdout"});
  EXPECT_EQ(extracted.exit_code, 0) << extracted.err;
  EXPECT_EQ(extracted.out, kOld);
  const auto verified = test::wimlib_imagex({"verify", wim.string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

struct Case {
  const char* name;
  std::vector<std::string> capture_flags;  // wimlib-imagex capture flags of the original
};

TEST(WimAppendFailure, AFailedFsyncAfterThePutIsReportedAndTheOldWimRestored) {
  if (!ptrace_allowed()) GTEST_SKIP() << "strace or wimlib-imagex missing, or no ptrace";
  // Without and with an integrity table: an append writes its new blobs after the integrity
  // table when there is one, after the XML data otherwise.
  for (const Case& each : {Case{"plain", {}}, Case{"integrity table", {"--check"}}}) {
    SCOPED_TRACE(each.name);
    TempDir dir;
    const fs::path wim = dir / "install.wim";
    test::capture_tree(dir.path(), test::windows_tree(), wim, "Base", each.capture_flags);
    const std::string before = read_bytes(wim);
    test::write_bytes(dir / "new.xml", "<unattend>new</unattend>\n");
    const auto put = run_with_failing_fsync(
        wim, "1", {"image", "put", wim.string(), kInner, "--from", (dir / "new.xml").string()});
    EXPECT_EQ(put.exit_code, 4) << put.err;
    EXPECT_NE(put.err.find("E900"), std::string::npos) << put.err;
    EXPECT_NE(put.err.find("Input/output error; the WIM was restored to its old content [at " +
                           wim.string() + "]"),
              std::string::npos)
        << put.err;
    expect_old_wim(wim, before);
  }
}

// The fsync of the restored bytes fails too: the message says that the old content is back but
// not known to be on the disk, and what to do.
TEST(WimAppendFailure, WhenFlushingTheRestoredWimFailsTooTheMessageSaysSo) {
  if (!ptrace_allowed()) GTEST_SKIP() << "strace or wimlib-imagex missing, or no ptrace";
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), test::windows_tree(), wim, "Base");
  const std::string before = read_bytes(wim);
  test::write_bytes(dir / "new.xml", "<unattend>new</unattend>\n");
  const auto put = run_with_failing_fsync(
      wim, "1+", {"image", "put", wim.string(), kInner, "--from", (dir / "new.xml").string()});
  EXPECT_EQ(put.exit_code, 4) << put.err;
  EXPECT_NE(put.err.find("E900"), std::string::npos) << put.err;
  EXPECT_NE(put.err.find("kmsprep wrote the WIM's old content back, but flushing it to the disk "
                         "failed too (fsync: Input/output error)"),
            std::string::npos)
      << put.err;
  EXPECT_NE(put.err.find("copy it to a sound disk"), std::string::npos) << put.err;
  expect_old_wim(wim, before);
}

TEST(WimAppendFailure, AFailedFsyncAfterACaptureIntoAnExistingWimRestoresIt) {
  if (!ptrace_allowed()) GTEST_SKIP() << "strace or wimlib-imagex missing, or no ptrace";
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), test::windows_tree(), wim, "Base");
  const std::string before = read_bytes(wim);
  test::make_tree(dir / "second", {{"Windows/Panther/unattend.xml", "<unattend/>"}});
  const auto capture = run_with_failing_fsync(
      wim, "1", {"capture", (dir / "second").string(), wim.string(), "--name", "Second"});
  EXPECT_EQ(capture.exit_code, 4) << capture.err;
  EXPECT_NE(capture.err.find("E900"), std::string::npos) << capture.err;
  EXPECT_NE(capture.err.find("the WIM was restored to its old content"), std::string::npos)
      << capture.err;
  expect_old_wim(wim, before);
  const auto info = test::wimlib_imagex({"info", wim.string()});
  EXPECT_NE(info.out.find("Image Count:    1"), std::string::npos) << info.out;
}

// A change of properties alone makes wimlib write the new XML over the old one, right after the
// blob table, and truncate nothing when that fails: the old XML bytes must be put back too. The
// disk "fills up" while the XML is written: no file may grow past the WIM's size plus 4 KiB.
TEST(WimAppendFailure, AFailedPropertiesOnlyWriteGetsTheOldXmlBack) {
  if (!test::program_exists("wimlib-imagex")) GTEST_SKIP() << "wimlib-imagex missing";
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), test::windows_tree(), wim, "Base");
  const std::string before = read_bytes(wim);
  auto image = open_image(wim.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_TRUE(image) << image.error().to_string();
  ASSERT_TRUE((*image)->set_property("DESCRIPTION", std::string(300000, 'd')));
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = old_limit;
  limit.rlim_cur = before.size() + 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  auto committed = (*image)->commit();
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().kind(), ErrorKind::environment) << committed.error().to_string();
  EXPECT_NE(committed.error().to_string().find("the WIM was restored to its old content"),
            std::string::npos)
      << committed.error().to_string();
  expect_old_wim(wim, before);
}

// The undo keeps what lies after the blob table in memory; a WIM with more than 64 MiB there
// (junk after its XML data, which an append would overwrite) is refused up front, unchanged.
TEST(WimAppendFailure, AWimWithTooMuchAfterItsTablesIsRefusedBeforeTheAppend) {
  if (!test::program_exists("wimlib-imagex")) GTEST_SKIP() << "wimlib-imagex missing";
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), test::windows_tree(), wim, "Base");
  test::write_bytes(wim, read_bytes(wim) + std::string(65u * 1024 * 1024, '\0'));
  const std::string before = read_bytes(wim);
  test::write_bytes(dir / "new.xml", "<unattend>new</unattend>\n");
  const auto put = test::run_kmsprep(
      {"image", "put", wim.string(), kInner, "--from", (dir / "new.xml").string()});
  EXPECT_EQ(put.exit_code, 3) << put.err;
  EXPECT_NE(put.err.find("E303"), std::string::npos) << put.err;
  EXPECT_NE(put.err.find("more than kmsprep keeps to undo a failed append [at " + wim.string() +
                         "]. rebuild it once (wimlib-imagex optimize " + wim.string() + ")"),
            std::string::npos)
      << put.err;
  EXPECT_TRUE(read_bytes(wim) == before);
}

}  // namespace
}  // namespace kmsprep
