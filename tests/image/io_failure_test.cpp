// Every I/O failure during `kmsprep image put` is reported, never a crash, and the image is left
// either exactly as it was or exactly as a successful put leaves it (writes are staged and
// committed atomically). The failures are real: strace makes the kernel fail the Nth call of a
// system call that touches the image (`-P IMAGE -e inject=CALL:error=EIO:when=N`), as a failing
// disk or a full file system would. The images are real: a directory, tar, tar.gz, zip and WIM
// made here with bsdtar and wimlib-imagex.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;
using test::write_bytes;

const char* kInner = "Windows/Panther/unattend.xml";
const std::string kOld = "<unattend>old</unattend>";
const std::string kNew = "<unattend>new</unattend>";

struct Format {
  const char* name;
  std::vector<std::string> bsdtar_flags;  // empty: a directory; {"wim"}: a WIM
};

const std::vector<Format> kFormats = {{"directory", {}},
                                      {"tar", {"-c", "--format", "ustar"}},
                                      {"tar.gz", {"-cz", "--format", "ustar"}},
                                      {"zip", {"-c", "--format", "zip"}},
                                      {"wim", {"wim"}}};

fs::path make_image(const TempDir& dir, const Format& format) {
  const fs::path tree = dir / "tree";
  write_bytes(tree / kInner, kOld);
  write_bytes(tree / "Windows/System32/config/SOFTWARE", std::string(70000, 'S'));
  write_bytes(tree / "Users/Public/readme.txt", "public");
  if (format.bsdtar_flags.empty()) return tree;
  const fs::path image = dir / (std::string("image.") + format.name);
  std::vector<std::string> argv;
  if (format.bsdtar_flags.front() == "wim") {
    argv = {"wimlib-imagex", "capture", tree.string(), image.string(), "Windows"};
  } else {
    argv = {"bsdtar"};
    argv.insert(argv.end(), format.bsdtar_flags.begin(), format.bsdtar_flags.end());
    argv.insert(argv.end(), {"-f", image.string(), "-C", tree.string(), "."});
  }
  const auto made = run_program(argv);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return image;
}

// Every file under `image` (or the image file itself) with its bytes.
std::map<std::string, std::string> snapshot(const fs::path& image) {
  std::map<std::string, std::string> files;
  if (!fs::is_directory(image)) {
    files[""] = read_bytes(image);
    return files;
  }
  for (const auto& entry : fs::recursive_directory_iterator(image)) {
    if (entry.is_regular_file())
      files[fs::relative(entry.path(), image)] = read_bytes(entry.path());
  }
  return files;
}

std::string cat(const fs::path& image) {
  const auto read = test::run_kmsprep({"image", "cat", image.string(), kInner});
  return read.exit_code == 0 ? read.out : "(unreadable: " + read.err + ")";
}

TEST(ImageIoFailure, AFailedCallDuringAPutIsReportedAndLeavesTheOldOrTheNewImage) {
  if (!test::strace_works()) GTEST_SKIP() << "strace is missing or ptrace is not permitted";
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  const std::vector<std::string> calls = {"openat",   "read",      "pread64",    "write",
                                          "pwrite64", "fsync",     "rename",     "lseek",
                                          "fstat",    "ftruncate", "newfstatat", "mkdir"};
  size_t failures_seen = 0;
  for (const auto& format : kFormats) {
    TempDir base;
    const fs::path original = make_image(base, format);
    const auto before = snapshot(original);
    for (const auto& call : calls) {
      for (const char* when : {"1", "2", "4"}) {
        SCOPED_TRACE(std::string(format.name) + " " + call + " when=" + when);
        TempDir work;
        const fs::path image = work / original.filename();
        fs::copy(original, image, fs::copy_options::recursive);
        write_bytes(work / "new.xml", kNew);
        const fs::path traced = fs::is_directory(image) ? image / "Windows/Panther" : image;
        const auto put = run_program({"strace",
                                      "-f",
                                      "-qq",
                                      "-o",
                                      "/dev/null",
                                      "-P",
                                      traced.string(),
                                      "-P",
                                      (traced / "unattend.xml").string(),
                                      "-e",
                                      "trace=" + call,
                                      "-e",
                                      "inject=" + call + ":error=EIO:when=" + when,
                                      KMSPREP_BINARY,
                                      "image",
                                      "put",
                                      image.string(),
                                      kInner,
                                      "--from",
                                      (work / "new.xml").string()},
                                     {}, {"ASAN_OPTIONS=detect_leaks=0"});
        ASSERT_NE(put.exit_code, -1) << "kmsprep was killed by a signal:\n" << put.err;
        EXPECT_EQ(put.err.find("AddressSanitizer"), std::string::npos) << put.err;
        EXPECT_EQ(put.err.find("runtime error"), std::string::npos) << put.err;
        const std::string now = cat(image);
        if (put.exit_code == 0) {
          EXPECT_EQ(now, kNew) << "the put said it succeeded";
          continue;
        }
        ++failures_seen;
        EXPECT_NE(put.err.find("E"), std::string::npos) << "no error code: " << put.err;
        EXPECT_TRUE(now == kOld || now == kNew) << now << "\n" << put.err;
        // Directories and archives are replaced by rename: old or new, nothing in between. A
        // WIM append that fails is undone byte for byte (image/wim_append.hpp), even after an
        // fsync that failed once wimlib had written the new header.
        if (now == kOld) {
          EXPECT_TRUE(snapshot(image) == before) << put.err;
        }
      }
    }
  }
  // The injections reached kmsprep's own calls: most of them must have failed a put.
  EXPECT_GE(failures_seen, kFormats.size() * 3);
}

// Reads (`image info`, `image cat`) with the Nth call on the image failing: reported with an
// error code, or the right bytes; never a crash, never other bytes.
TEST(ImageIoFailure, AFailedCallDuringAReadIsReportedOrGivesTheRightBytes) {
  if (!test::strace_works()) GTEST_SKIP() << "strace is missing or ptrace is not permitted";
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  const std::vector<std::string> calls = {"openat", "read",       "pread64",    "lseek",
                                          "fstat",  "newfstatat", "getdents64", "mmap"};
  size_t failures_seen = 0;
  for (const auto& format : kFormats) {
    TempDir base;
    const fs::path image = make_image(base, format);
    const fs::path traced = fs::is_directory(image) ? image / "Windows/Panther" : image;
    for (const auto& call : calls) {
      for (const char* when : {"1", "2", "3", "6"}) {
        SCOPED_TRACE(std::string(format.name) + " " + call + " when=" + when);
        const auto read =
            run_program({"strace", "-f", "-qq", "-o", "/dev/null", "-P", traced.string(), "-P",
                         (traced / "unattend.xml").string(), "-e", "trace=" + call, "-e",
                         "inject=" + call + ":error=EIO:when=" + when, KMSPREP_BINARY, "image",
                         "cat", image.string(), kInner},
                        {}, {"ASAN_OPTIONS=detect_leaks=0"});
        ASSERT_NE(read.exit_code, -1) << "kmsprep was killed by a signal:\n" << read.err;
        EXPECT_EQ(read.err.find("AddressSanitizer"), std::string::npos) << read.err;
        EXPECT_EQ(read.err.find("runtime error"), std::string::npos) << read.err;
        if (read.exit_code == 0) {
          EXPECT_EQ(read.out, kOld);
          continue;
        }
        ++failures_seen;
        EXPECT_NE(read.err.find("error: E"), std::string::npos) << read.err;
      }
    }
    EXPECT_EQ(snapshot(image).size(), fs::is_directory(image) ? 3u : 1u);
  }
  EXPECT_GE(failures_seen, kFormats.size());
}

}  // namespace
}  // namespace kmsprep
