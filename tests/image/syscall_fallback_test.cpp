// The fallbacks for kernels and sandboxes without a system call, run for real: kmsprep runs
// under strace, which makes the kernel refuse the call (`-e inject=CALL:error=ERRNO`, as an old
// kernel, a container's seccomp profile or a file system pair without the call would), and the
// trace shows the refusal and the fallback's own calls. The output must be the same as without
// the refusal: read back with bsdtar, wimlib-imagex and hivexget.
//  - copy_file_range -> pread/write (image/archive_writing.cpp copy_range): ENOSYS (kernels
//    before 4.5, seccomp), EXDEV (two file systems), EOPNOTSUPP, EINVAL.
//  - memfd_create -> a file in $TMPDIR: core/memory_file.cpp (hives written by configure) and the
//    WIM backend's staged additions (image/wim_image.cpp AddSources).
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/independent_hive_reader.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/windows_installation.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;
using test::write_bytes;

constexpr const char* kSpp = "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";

// A container without CAP_SYS_PTRACE cannot run strace; there the refusals cannot be made.
#define REQUIRE_STRACE()                                                                       \
  do {                                                                                         \
    if (!test::strace_works()) GTEST_SKIP() << "strace is missing or ptrace is not permitted"; \
  } while (false)

struct TracedRun {
  test::ProgramResult result;
  std::vector<std::string> calls;  // the trace, one system call per line
};

// kmsprep `args` under strace tracing `traced`; every call of `refused` fails with `error`.
TracedRun run_refusing(const std::string& refused, const std::string& error,
                       const std::string& traced, const std::vector<std::string>& args,
                       const TempDir& scratch, std::vector<std::string> environment = {}) {
  const fs::path trace = scratch / "trace.txt";
  std::vector<std::string> argv = {"strace",         "-f", "-qq", "-o", trace.string(), "-e",
                                   "trace=" + traced};
  if (!refused.empty()) argv.insert(argv.end(), {"-e", "inject=" + refused + ":error=" + error});
  argv.push_back(KMSPREP_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  // LeakSanitizer cannot run under ptrace.
  environment.push_back("ASAN_OPTIONS=detect_leaks=0");
  TracedRun run{run_program(argv, {}, environment), {}};
  std::istringstream lines(read_bytes(trace));
  for (std::string line; std::getline(lines, line);) run.calls.push_back(line);
  fs::remove(trace);
  return run;
}

size_t count_calls(const TracedRun& run, const std::string& call, const std::string& also = {}) {
  size_t count = 0;
  for (const auto& line : run.calls) {
    if (line.find(" " + call + "(") != std::string::npos && line.find(also) != std::string::npos) {
      ++count;
    }
  }
  return count;
}

std::string trace_text(const TracedRun& run) {
  std::string text;
  for (const auto& line : run.calls) text += line + "\n";
  return text;
}

std::string extracted(const fs::path& archive, const std::string& name) {
  const auto result = run_program({"bsdtar", "-xOf", archive.string(), name});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

struct ArchiveFixture {
  fs::path archive;
  std::string before;
};

// Entries large enough that the unchanged ones are copied as byte ranges around the edit.
ArchiveFixture make_archive(const TempDir& dir, const std::vector<std::string>& format) {
  write_bytes(dir / "tree/a/first.bin", std::string(100000, 'a'));
  write_bytes(dir / "tree/b/unattend.xml", "<unattend/>");
  write_bytes(dir / "tree/c/last.bin", std::string(70000, 'c'));
  const fs::path archive = dir / "image.archive";
  std::vector<std::string> argv{"bsdtar", "-c"};
  argv.insert(argv.end(), format.begin(), format.end());
  argv.insert(argv.end(), {"-f", archive.string(), "-C", (dir / "tree").string(), "a/first.bin",
                           "b/unattend.xml", "c/last.bin"});
  const auto made = run_program(argv);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return {archive, read_bytes(archive)};
}

void expect_archive_edited(const ArchiveFixture& fixture) {
  EXPECT_EQ(extracted(fixture.archive, "b/unattend.xml"), "<unattend>new</unattend>");
  EXPECT_EQ(extracted(fixture.archive, "a/first.bin"), std::string(100000, 'a'));
  EXPECT_EQ(extracted(fixture.archive, "c/last.bin"), std::string(70000, 'c'));
}

const std::vector<std::vector<std::string>> kRangeCopiedFormats = {
    {"--format", "ustar"}, {"--format", "zip", "--options", "zip:compression=store"}};

// Without a refusal the range copy is copy_file_range's: the premise of the tests below.
TEST(SyscallFallback, ArchiveRangesAreCopiedInTheKernelWhenItCan) {
  REQUIRE_STRACE();
  for (const auto& format : kRangeCopiedFormats) {
    SCOPED_TRACE(format.back());
    TempDir dir;
    const auto fixture = make_archive(dir, format);
    write_bytes(dir / "new.xml", "<unattend>new</unattend>");
    const auto run = run_refusing("", "", "copy_file_range",
                                  {"image", "put", fixture.archive.string(), "b/unattend.xml",
                                   "--from", (dir / "new.xml").string()},
                                  dir);
    ASSERT_EQ(run.result.exit_code, 0) << run.result.err;
    EXPECT_GE(count_calls(run, "copy_file_range"), 1u) << trace_text(run);
    EXPECT_EQ(count_calls(run, "copy_file_range", "= -1"), 0u) << trace_text(run);
    expect_archive_edited(fixture);
  }
}

TEST(SyscallFallback, ArchiveRangesAreCopiedByReadAndWriteWithoutCopyFileRange) {
  REQUIRE_STRACE();
  for (const std::string error : {"ENOSYS", "EXDEV", "EOPNOTSUPP", "EINVAL"}) {
    for (const auto& format : kRangeCopiedFormats) {
      SCOPED_TRACE(error + " " + format.back());
      TempDir dir;
      const auto fixture = make_archive(dir, format);
      write_bytes(dir / "new.xml", "<unattend>new</unattend>");
      const auto run = run_refusing("copy_file_range", error, "copy_file_range,pread64,write",
                                    {"image", "put", fixture.archive.string(), "b/unattend.xml",
                                     "--from", (dir / "new.xml").string()},
                                    dir);
      ASSERT_EQ(run.result.exit_code, 0) << run.result.err << trace_text(run);
      const size_t refused = count_calls(run, "copy_file_range", "(INJECTED)");
      EXPECT_GE(refused, 1u) << trace_text(run);
      EXPECT_EQ(count_calls(run, "copy_file_range"), refused)
          << "a copy_file_range was not refused";
      // The fallback reads the original's ranges with pread: the 100000 bytes before the edit at
      // least (1 MiB buffer: one call each).
      EXPECT_GE(count_calls(run, "pread64"), 1u) << trace_text(run);
      expect_archive_edited(fixture);
      if (format.back() == "ustar") {
        // The tar is rewritten by ranges: every byte before the edited entry's header is the
        // original's, copied by the fallback.
        const std::string after = read_bytes(fixture.archive);
        const size_t edited = fixture.before.find("b/unattend.xml");
        ASSERT_NE(edited, std::string::npos);
        EXPECT_TRUE(after.compare(0, edited, fixture.before, 0, edited) == 0)
            << "the bytes before the edit were not copied as they were";
      }
    }
  }
}

// An error that is not "the kernel cannot": refused as an I/O failure, the archive untouched.
TEST(SyscallFallback, ACopyFileRangeIoErrorIsNotTakenForAMissingCall) {
  REQUIRE_STRACE();
  TempDir dir;
  const auto fixture = make_archive(dir, {"--format", "ustar"});
  write_bytes(dir / "new.xml", "<unattend>new</unattend>");
  const auto run = run_refusing("copy_file_range", "EIO", "copy_file_range",
                                {"image", "put", fixture.archive.string(), "b/unattend.xml",
                                 "--from", (dir / "new.xml").string()},
                                dir);
  EXPECT_NE(run.result.exit_code, 0);
  EXPECT_NE(run.result.err.find("cannot copy archive data"), std::string::npos) << run.result.err;
  EXPECT_EQ(read_bytes(fixture.archive), fixture.before);
}

// configure --target registry writes the edited SOFTWARE hive through a memory file: without
// memfd_create it is a private file in $TMPDIR, removed afterwards.
TEST(SyscallFallback, HivesAreWrittenThroughATmpdirFileWithoutMemfd) {
  REQUIRE_STRACE();
  if (!test::program_exists("hivexget")) GTEST_SKIP() << "hivexget (libhivex-bin) is missing";
  TempDir dir;
  const fs::path tree = dir / "tree";
  test::write_windows_installation(tree, {});
  const fs::path tmp = dir / "tmp";
  fs::create_directories(tmp);
  const auto run = run_refusing(
      "memfd_create", "ENOSYS", "memfd_create,openat",
      {"configure", tree.string(), "--target", "registry", "--kms-host", "kms1.corp.example:1700"},
      dir, {"TMPDIR=" + tmp.string()});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err << trace_text(run);
  EXPECT_GE(count_calls(run, "memfd_create", "(INJECTED)"), 1u) << trace_text(run);
  EXPECT_GE(count_calls(run, "openat", (tmp / "kmsprep-memory-").string()), 1u)
      << "no memory file was made in $TMPDIR:\n"
      << trace_text(run);
  const fs::path hive = tree / test::kSoftwareHivePath;
  EXPECT_EQ(test::hivexget_value(hive, kSpp, "KeyManagementServiceName"), "kms1.corp.example");
  EXPECT_EQ(test::hivexget_value(hive, kSpp, "KeyManagementServicePort"), "1700");
  EXPECT_TRUE(fs::is_empty(tmp)) << "the memory file was left in $TMPDIR";
}

// A put into a WIM hands wimlib the new file by name: without memfd_create, from a private
// scratch directory in $TMPDIR, removed afterwards.
TEST(SyscallFallback, WimAdditionsAreStagedInTmpdirWithoutMemfd) {
  REQUIRE_STRACE();
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  TempDir dir;
  write_bytes(dir / "tree/Windows/Panther/unattend.xml", "<unattend/>");
  write_bytes(dir / "tree/Windows/win.ini", "[fonts]\r\n");
  const fs::path wim = dir / "install.wim";
  const auto made =
      run_program({"wimlib-imagex", "capture", (dir / "tree").string(), wim.string(), "Windows"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  write_bytes(dir / "new.xml", "<unattend>new</unattend>");
  const fs::path tmp = dir / "tmp";
  fs::create_directories(tmp);
  const auto run = run_refusing("memfd_create", "ENOSYS", "memfd_create,mkdir,openat",
                                {"image", "put", wim.string(), "Windows/Panther/unattend.xml",
                                 "--from", (dir / "new.xml").string()},
                                dir, {"TMPDIR=" + tmp.string()});
  ASSERT_EQ(run.result.exit_code, 0) << run.result.err << trace_text(run);
  EXPECT_GE(count_calls(run, "memfd_create", "(INJECTED)"), 1u) << trace_text(run);
  EXPECT_GE(count_calls(run, "mkdir", (tmp / "kmsprep-wim-").string()), 1u)
      << "no scratch directory was made in $TMPDIR:\n"
      << trace_text(run);
  const auto cat =
      test::run_kmsprep({"image", "cat", wim.string(), "Windows/Panther/unattend.xml"});
  EXPECT_EQ(cat.exit_code, 0) << cat.err;
  EXPECT_EQ(cat.out, "<unattend>new</unattend>");
  const fs::path out = dir / "out";
  const auto extract =
      run_program({"wimlib-imagex", "extract", wim.string(), "1", "/Windows/Panther/unattend.xml",
                   "--dest-dir=" + out.string(), "--no-acls"});
  ASSERT_EQ(extract.exit_code, 0) << extract.err;
  EXPECT_EQ(read_bytes(out / "unattend.xml"), "<unattend>new</unattend>");
  EXPECT_TRUE(fs::is_empty(tmp)) << "the scratch directory was left in $TMPDIR";
}

}  // namespace
}  // namespace kmsprep
