// Paths of the image backends the other image suites do not take (issue 18, branch coverage of
// image/): the commit lock of a directory image held by another process, refusals of hostile
// target paths, the copy to stdout when the kernel refuses sendfile or a write, and a full disk
// while an archive is rewritten. Every failure must be reported with its code and leave the
// image byte-identical; every fallback must give exactly the bytes of the file. The images are
// real: directories, and archives made here with bsdtar; the failures are made by strace
// (`-e inject=CALL:error=ERRNO`), as a full disk or an old kernel would.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

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
const std::string kOld = "<unattend>old</unattend>";
const std::string kNew = "<unattend>new</unattend>";
const char* kBigInner = "Windows/System32/config/SOFTWARE";

std::string big_content() {
  std::string bytes(300000, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7919) % 251);
  return bytes;
}

fs::path make_tree(const TempDir& dir) {
  const fs::path tree = dir / "tree";
  write_bytes(tree / kInner, kOld);
  write_bytes(tree / kBigInner, big_content());
  return tree;
}

#define REQUIRE_STRACE()                                                                       \
  do {                                                                                         \
    if (!test::strace_works()) GTEST_SKIP() << "strace is missing or ptrace is not permitted"; \
  } while (false)

// kmsprep `args` under strace; each of `injections` is an `-e inject=` argument.
test::ProgramResult run_injected(const std::vector<std::string>& injections,
                                 const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"strace", "-f", "-qq", "-o", "/dev/null"};
  std::string traced;
  for (const auto& injection : injections) {
    argv.insert(argv.end(), {"-e", "inject=" + injection});
    traced += (traced.empty() ? "" : ",") + injection.substr(0, injection.find(':'));
  }
  argv.insert(argv.end(), {"-e", "trace=" + traced, KMSPREP_BINARY});
  argv.insert(argv.end(), args.begin(), args.end());
  // LeakSanitizer cannot run under ptrace.
  return run_program(argv, {}, {"ASAN_OPTIONS=detect_leaks=0"});
}

// The ordinals (1-based) of the write() calls of a run of `args` whose file descriptor, as
// strace -y shows it, names `target` (".kmsprep-": the staged new archive; "(deleted)": the
// unlinked uncompressed copy; "write(1<": stdout). Counting them in a run of their own, rather
// than guessing, keeps the injection on kmsprep's own writes: a sanitizer build makes write()
// calls of its own (probing memory through pipes) before and during the run.
std::vector<int> writes_to(const std::string& target, const std::vector<std::string>& args,
                           const fs::path& trace, const std::string& also_injected = {}) {
  std::vector<std::string> argv = {"strace", "-f", "-y", "-qq", "-o", trace.string()};
  std::string traced = "write";
  if (!also_injected.empty()) {
    argv.insert(argv.end(), {"-e", "inject=" + also_injected});
    traced += "," + also_injected.substr(0, also_injected.find(':'));
  }
  argv.insert(argv.end(), {"-e", "trace=" + traced, KMSPREP_BINARY});
  argv.insert(argv.end(), args.begin(), args.end());
  run_program(argv, {}, {"ASAN_OPTIONS=detect_leaks=0"});
  std::vector<int> ordinals;
  std::istringstream lines(read_bytes(trace));
  int ordinal = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" write(") == std::string::npos) continue;
    ++ordinal;
    if (line.find(target) != std::string::npos) ordinals.push_back(ordinal);
  }
  fs::remove(trace);
  return ordinals;
}

// run_injected with the `when`th write() failing with `error`.
test::ProgramResult run_failing_write(std::vector<std::string> injections, const char* error,
                                      int when, const std::vector<std::string>& args) {
  injections.push_back(std::string("write:error=") + error + ":when=" + std::to_string(when));
  return run_injected(injections, args);
}

std::vector<std::string> put_args(const fs::path& image, const fs::path& from) {
  return {"image", "put", image.string(), kInner, "--from", from.string()};
}

// Every file under `dir` with its bytes: nothing may appear or change after a failed put.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_directory()) files[fs::relative(entry.path(), dir)] = read_bytes(entry.path());
  }
  return files;
}

// Holds the exclusive flock a commit of a directory image takes, as a second kmsprep would.
class HeldLock {
 public:
  explicit HeldLock(const fs::path& root)
      : fd_(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    EXPECT_GE(fd_, 0);
    EXPECT_EQ(::flock(fd_, LOCK_EX | LOCK_NB), 0);
  }
  ~HeldLock() { release(); }
  void release() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

TEST(ImageBranchPaths, ALockedDirectoryWithNoWaitFailsWithE308AndWritesNothing) {
  TempDir dir;
  const fs::path tree = make_tree(dir);
  write_bytes(dir / "new.xml", kNew);
  const auto before = snapshot(tree);
  HeldLock lock(tree);
  const auto put = run_kmsprep(put_args(tree, dir / "new.xml"), {}, {"KMSPREP_LOCK_WAIT=0"});
  EXPECT_EQ(put.exit_code, 4) << put.err;
  EXPECT_NE(put.err.find("E308"), std::string::npos) << put.err;
  EXPECT_NE(put.err.find("locked for 0 s"), std::string::npos) << put.err;
  EXPECT_EQ(snapshot(tree), before);
}

// A wait of 1 s is waited (and said, with -v) before the same failure.
TEST(ImageBranchPaths, ALockedDirectoryIsWaitedForThenFailsWithE308) {
  TempDir dir;
  const fs::path tree = make_tree(dir);
  write_bytes(dir / "new.xml", kNew);
  const auto before = snapshot(tree);
  HeldLock lock(tree);
  std::vector<std::string> args = put_args(tree, dir / "new.xml");
  args.push_back("-v");
  const auto started = std::chrono::steady_clock::now();
  const auto put = run_kmsprep(args, {}, {"KMSPREP_LOCK_WAIT=1"});
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(950));
  EXPECT_EQ(put.exit_code, 4) << put.err;
  EXPECT_NE(put.err.find("E308"), std::string::npos) << put.err;
  EXPECT_NE(put.err.find("waiting for another commit"), std::string::npos) << put.err;
  EXPECT_EQ(snapshot(tree), before);
}

// A KMSPREP_LOCK_WAIT that is not a number of seconds means the default wait (30 s): a lock
// released after 300 ms is then taken and the put completes.
TEST(ImageBranchPaths, ALockReleasedDuringTheWaitLetsThePutComplete) {
  for (const char* setting : {"KMSPREP_LOCK_WAIT=soon", "KMSPREP_LOCK_WAIT=-3"}) {
    SCOPED_TRACE(setting);
    TempDir dir;
    const fs::path tree = make_tree(dir);
    write_bytes(dir / "new.xml", kNew);
    HeldLock lock(tree);
    std::thread releaser([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      lock.release();
    });
    const auto put = run_kmsprep(put_args(tree, dir / "new.xml"), {}, {setting});
    releaser.join();
    EXPECT_EQ(put.exit_code, 0) << put.err;
    EXPECT_EQ(read_bytes(tree / kInner), kNew);
    EXPECT_EQ(read_bytes(tree / kBigInner), big_content());
  }
}

// Targets a put must refuse in a directory image, each with its code, nothing written.
TEST(ImageBranchPaths, HostileDirectoryTargetsAreRefusedAndNothingIsWritten) {
  TempDir dir;
  const fs::path tree = make_tree(dir);
  write_bytes(dir / "new.xml", kNew);
  fs::create_directories(tree / "Windows/Panther/Sub");
  fs::create_symlink("unattend.xml", tree / "Windows/Panther/link.xml");
  write_bytes(tree / "Windows/plain", "plain");
  const auto before = snapshot(tree);
  struct Case {
    const char* path;
    const char* code;
    const char* says;
  };
  for (const Case& refused :
       {Case{"Windows/Panther/Sub", "E208", "is a directory"},
        Case{"Windows/Panther/link.xml", "E201", "symbolic link"},
        Case{"Windows/plain/unattend.xml", "E205", "is a file, not a directory"}}) {
    SCOPED_TRACE(refused.path);
    const auto put = run_kmsprep(
        {"image", "put", tree.string(), refused.path, "--from", (dir / "new.xml").string()});
    EXPECT_EQ(put.exit_code, 3) << put.err;
    EXPECT_NE(put.err.find(refused.code), std::string::npos) << put.err;
    EXPECT_NE(put.err.find(refused.says), std::string::npos) << put.err;
    EXPECT_EQ(snapshot(tree), before);
  }
  const auto directory = run_kmsprep({"image", "cat", tree.string(), "Windows/Panther"});
  EXPECT_EQ(directory.exit_code, 3) << directory.err;
  EXPECT_NE(directory.err.find("E208"), std::string::npos) << directory.err;
  EXPECT_TRUE(directory.out.empty());
  const auto missing = run_kmsprep({"image", "cat", (dir / "absent").string(), kInner});
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_NE(missing.err.find("E200"), std::string::npos) << missing.err;
}

// `image cat` copies a directory image's file to stdout with sendfile; where the kernel refuses
// it (EINVAL: a destination it does not take) the read/write fallback gives the same bytes; any
// other refusal, and a failing write on stdout, is an error with its cause.
TEST(ImageBranchPaths, CatToStdoutFallsBackFromSendfileAndReportsFailedCopies) {
  REQUIRE_STRACE();
  TempDir dir;
  const fs::path tree = make_tree(dir);
  const std::vector<std::string> cat = {"image", "cat", tree.string(), kBigInner};
  const auto fallback = run_injected({"sendfile:error=EINVAL"}, cat);
  EXPECT_EQ(fallback.exit_code, 0) << fallback.err;
  EXPECT_EQ(fallback.out, big_content());

  const auto refused = run_injected({"sendfile:error=EIO"}, cat);
  EXPECT_EQ(refused.exit_code, 4) << refused.err;
  EXPECT_NE(refused.err.find("E900"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("cannot copy"), std::string::npos) << refused.err;

  // The first write of the fallback on stdout fails (no sendfile: the copy is read/write).
  const auto stdout_writes = writes_to("write(1<", cat, dir / "trace.txt", "sendfile:error=ENOSYS");
  ASSERT_FALSE(stdout_writes.empty());
  const auto unwritable =
      run_failing_write({"sendfile:error=ENOSYS"}, "EIO", stdout_writes.front(), cat);
  EXPECT_EQ(unwritable.exit_code, 4) << unwritable.err;
  EXPECT_NE(unwritable.err.find("cannot write"), std::string::npos) << unwritable.err;
  EXPECT_NE(unwritable.err.find("standard output"), std::string::npos) << unwritable.err;
  EXPECT_EQ(read_bytes(tree / kBigInner), big_content());
}

fs::path make_archive(const TempDir& dir, const fs::path& tree, const std::string& name,
                      const std::vector<std::string>& flags) {
  const fs::path archive = dir / name;
  std::vector<std::string> argv = {"bsdtar"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"-f", archive.string(), "-C", tree.string(), "."});
  const auto made = run_program(argv);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return archive;
}

std::string extracted(const fs::path& archive, const std::string& name) {
  const auto result = run_program({"bsdtar", "-xOf", archive.string(), "./" + name});
  return result.exit_code == 0 ? result.out : "(not extracted: " + result.err + ")";
}

// A full disk (ENOSPC on the Nth write) while an archive is rewritten: either the put succeeds
// with the new content, or it fails with E902 and leaves the archive byte-identical and no
// staged file beside it. Some write of each format must fail that way.
TEST(ImageBranchPaths, AFullDiskDuringAnArchiveRewriteLeavesTheOldArchive) {
  REQUIRE_STRACE();
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  struct Format {
    const char* name;
    std::vector<std::string> flags;
  };
  const std::vector<Format> formats = {{"image.tar", {"-c", "--format", "ustar"}},
                                       {"image.tar.gz", {"-cz", "--format", "ustar"}},
                                       {"image.zip", {"-c", "--format", "zip"}},
                                       {"image.cpio", {"-c", "--format", "newc"}}};
  for (const auto& format : formats) {
    // Which writes go to the staged new archive, counted in a run on a copy of the archive.
    TempDir dry;
    const fs::path dry_archive = make_archive(dry, make_tree(dry), format.name, format.flags);
    write_bytes(dry / "new.xml", kNew);
    const auto staged_writes =
        writes_to(".kmsprep-", put_args(dry_archive, dry / "new.xml"), dry / "trace.txt");
    ASSERT_FALSE(staged_writes.empty()) << format.name;
    size_t refused = 0;
    for (const int when : {staged_writes.front(), staged_writes.back()}) {
      SCOPED_TRACE(std::string(format.name) + " write when=" + std::to_string(when));
      TempDir dir;
      const fs::path archive = make_archive(dir, make_tree(dir), format.name, format.flags);
      fs::remove_all(dir / "tree");
      write_bytes(dir / "new.xml", kNew);
      const std::string before = read_bytes(archive);
      const auto put = run_failing_write({}, "ENOSPC", when, put_args(archive, dir / "new.xml"));
      ASSERT_NE(put.exit_code, -1) << "killed by a signal:\n" << put.err;
      EXPECT_EQ(put.err.find("AddressSanitizer"), std::string::npos) << put.err;
      if (put.exit_code == 0) {
        EXPECT_EQ(extracted(archive, kInner), kNew);
        EXPECT_EQ(extracted(archive, kBigInner), big_content());
        continue;
      }
      ++refused;
      EXPECT_EQ(put.exit_code, 4) << put.err;
      EXPECT_NE(put.err.find("E902"), std::string::npos) << put.err;
      EXPECT_EQ(read_bytes(archive), before);
      size_t files = 0;
      for (const auto& entry : fs::directory_iterator(dir.path())) files += entry.is_regular_file();
      EXPECT_EQ(files, 2u) << "a staged file was left beside the archive";
    }
    EXPECT_GT(refused, 0u) << format.name << ": no injected write made the put fail";
  }
}

// A compressed archive is first decompressed into $TMPDIR; when that copy cannot be written (a
// full temporary file system) the put reads the archive itself and still gives the new archive.
TEST(ImageBranchPaths, AFullTemporaryDirectoryStillRewritesACompressedArchive) {
  REQUIRE_STRACE();
  TempDir dir;
  const fs::path archive =
      make_archive(dir, make_tree(dir), "image.tar.gz", {"-cz", "--format", "ustar"});
  write_bytes(dir / "new.xml", kNew);
  fs::copy_file(archive, dir / "dry.tar.gz");
  const auto copy_writes =
      writes_to("(deleted)", put_args(dir / "dry.tar.gz", dir / "new.xml"), dir / "trace.txt");
  ASSERT_FALSE(copy_writes.empty()) << "the uncompressed copy was not written";
  const auto put =
      run_failing_write({}, "ENOSPC", copy_writes.front(), put_args(archive, dir / "new.xml"));
  EXPECT_EQ(put.exit_code, 0) << put.err;
  EXPECT_EQ(extracted(archive, kInner), kNew);
  EXPECT_EQ(extracted(archive, kBigInner), big_content());
}

// Requests a WIM must refuse, each with its code and what to do, the WIM byte-identical: a
// reparse point (a captured symbolic link) or a directory read as a file, an index the WIM
// does not hold (also in a WIM whose every image was deleted), a put without --index into a WIM
// of two images, a put onto a directory or below a file.
TEST(ImageBranchPaths, WimRequestsThatCannotBeMetAreRefusedAndTheWimIsUnchanged) {
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  fs::create_symlink("unattend.xml", tree / "Windows/Panther/link.xml");
  write_bytes(tree / "Windows/plain", "plain");
  const fs::path wim = dir / "two.wim";
  ASSERT_EQ(run_program({"wimlib-imagex", "capture", tree.string(), wim.string(), "One"}).exit_code,
            0);
  ASSERT_EQ(run_program({"wimlib-imagex", "append", tree.string(), wim.string(), "Two"}).exit_code,
            0);
  const fs::path empty = dir / "empty.wim";
  fs::copy_file(wim, empty);
  ASSERT_EQ(run_program({"wimlib-imagex", "delete", empty.string(), "all"}).exit_code, 0);
  write_bytes(dir / "new.xml", kNew);
  const std::string from = (dir / "new.xml").string();
  const std::string before = read_bytes(wim);
  const std::string empty_before = read_bytes(empty);
  struct Case {
    std::vector<std::string> args;
    int exit_code;
    const char* code;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"image", "cat", wim.string(), "Windows/Panther/link.xml", "--index", "1"},
       3,
       "E201",
       "reparse point"},
      {{"image", "cat", wim.string(), "Windows/Panther", "--index", "2"},
       3,
       "E208",
       "is a directory"},
      {{"image", "cat", wim.string(), kInner, "--index", "5"}, 3, "E302", "--index 1 to --index 2"},
      {{"image", "cat", empty.string(), kInner, "--index", "1"},
       3,
       "E309",
       "the WIM holds no image: its header counts 0 images"},
      {{"image", "put", empty.string(), kInner, "--from", from},
       3,
       "E309",
       "capture a directory into it (kmsprep capture DIR"},
      {{"image", "put", wim.string(), kInner, "--from", from}, 2, "E103", "give --index N"},
      {{"image", "put", wim.string(), "Windows/Panther", "--from", from, "--index", "1"},
       3,
       "E208",
       "is a directory"},
      {{"image", "put", wim.string(), "Windows/plain/unattend.xml", "--from", from, "--index", "1"},
       3,
       "E205",
       "Expected a directory"},
      {{"image", "cat", wim.string(), "Windows/missing.xml", "--index", "1"},
       3,
       "E205",
       "is not in image 1"}};
  for (const auto& refused : cases) {
    SCOPED_TRACE(refused.args[1] + " " + refused.args[3]);
    const auto run = run_kmsprep(refused.args);
    EXPECT_EQ(run.exit_code, refused.exit_code) << run.err;
    EXPECT_NE(run.err.find(refused.code), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(refused.says), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
  EXPECT_EQ(read_bytes(wim), before);
  EXPECT_EQ(read_bytes(empty), empty_before);
}

uint32_t get_le(const std::string& bytes, size_t at, int width) {
  uint32_t value = 0;
  for (int i = width - 1; i >= 0; --i) value = value << 8 | static_cast<uint8_t>(bytes[at + i]);
  return value;
}

void put_le(std::string& bytes, size_t at, int width, uint32_t value) {
  for (int i = 0; i < width; ++i) bytes[at + i] = static_cast<char>(value >> (8 * i) & 0xff);
}

// A stored zip made by `zip` and the offsets of its end record and central directory records.
struct ZipFixture {
  std::string bytes;
  size_t end = 0;               // the end-of-central-directory record
  std::vector<size_t> records;  // central directory records, in order
};

ZipFixture make_zip(const TempDir& dir) {
  const fs::path tree = dir / "ziptree";
  write_bytes(tree / kInner, kOld);
  write_bytes(tree / "Windows/other.txt", "other");
  const fs::path zip = dir / "made.zip";
  const auto made = run_program(
      {"sh", "-c", "cd '" + tree.string() + "' && zip -q -0 -r '" + zip.string() + "' Windows"});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  ZipFixture fixture{read_bytes(zip), 0, {}};
  fixture.end = fixture.bytes.rfind(std::string("PK\x05\x06", 4));
  EXPECT_NE(fixture.end, std::string::npos);
  for (size_t at = get_le(fixture.bytes, fixture.end + 16, 4); at < fixture.end;) {
    fixture.records.push_back(at);
    at += 46 + get_le(fixture.bytes, at + 28, 2) + get_le(fixture.bytes, at + 30, 2) +
          get_le(fixture.bytes, at + 32, 2);
  }
  EXPECT_EQ(fixture.records.size(), 4u);  // Windows/, Windows/Panther/, the two files
  return fixture;
}

// Zips damaged the ways a bad copy or a hostile file are: a central directory record with a
// broken signature, a name length running past the directory, a local header offset beyond
// the file, a zip64 locator that points to no zip64 end record. Each put fails with E301 (exit
// 3) naming the entry where reading stopped, and the zip stays byte-identical.
TEST(ImageBranchPaths, DamagedZipDirectoriesAreRefusedWithE301AndTheZipIsUnchanged) {
  ASSERT_TRUE(test::program_exists("zip")) << "install zip (scripts/install-deps does)";
  TempDir dir;
  const ZipFixture zip = make_zip(dir);
  ASSERT_EQ(zip.records.size(), 4u);
  write_bytes(dir / "new.xml", kNew);
  struct Damage {
    const char* what;
    std::string bytes;
  };
  std::vector<Damage> damages;
  damages.push_back({"a broken record signature", zip.bytes});
  damages.back().bytes[zip.records[1] + 1] = 'X';
  damages.push_back({"a name running past the directory", zip.bytes});
  put_le(damages.back().bytes, zip.records[3] + 28, 2, 200);
  damages.push_back({"a local header offset beyond the file", zip.bytes});
  put_le(damages.back().bytes, zip.records[3] + 42, 4, 0xFFFFFFFF);
  {
    // zip64 locator: signature, disk, offset of the zip64 end record (5: none there), disks.
    std::string locator("PK\x06\x07", 4);
    locator += std::string("\0\0\0\0", 4) + std::string("\x05\0\0\0\0\0\0\0", 8) +
               std::string("\x01\0\0\0", 4);
    std::string bytes = zip.bytes.substr(0, zip.end) + locator + zip.bytes.substr(zip.end);
    put_le(bytes, zip.end + locator.size() + 8, 2, 0xFFFF);
    put_le(bytes, zip.end + locator.size() + 10, 2, 0xFFFF);
    damages.push_back({"a zip64 locator pointing to no zip64 end record", bytes});
  }
  for (const auto& damage : damages) {
    SCOPED_TRACE(damage.what);
    const fs::path image = dir / "image.zip";
    write_bytes(image, damage.bytes);
    const auto put = run_kmsprep(put_args(image, dir / "new.xml"));
    EXPECT_EQ(put.exit_code, 3) << put.err;
    EXPECT_NE(put.err.find("E301"), std::string::npos) << put.err;
    EXPECT_TRUE(put.err.find("cannot read the first entry") != std::string::npos ||
                put.err.find("cannot read past \"Windows/") != std::string::npos)
        << put.err;
    EXPECT_EQ(read_bytes(image), damage.bytes);
    size_t files = 0;  // made.zip, new.xml, image.zip: nothing staged is left beside them
    for (const auto& entry : fs::directory_iterator(dir.path())) files += entry.is_regular_file();
    EXPECT_EQ(files, 3u);
  }
}

// An end record whose entry counts are wrong (or say "see zip64" with no zip64 record) while
// every entry can still be read: the zip cannot be copied apart by its central directory, so the
// put rewrites it through libarchive; the result is a sound zip (unzip -t) with every entry.
TEST(ImageBranchPaths, AZipWithWrongEndRecordCountsIsRewrittenWhole) {
  ASSERT_TRUE(test::program_exists("unzip")) << "install unzip (scripts/install-deps does)";
  TempDir dir;
  const ZipFixture zip = make_zip(dir);
  write_bytes(dir / "new.xml", kNew);
  for (const uint32_t count : {5u, 3u, 0xFFFFu}) {
    SCOPED_TRACE("count " + std::to_string(count));
    std::string bytes = zip.bytes;
    put_le(bytes, zip.end + 8, 2, count);
    put_le(bytes, zip.end + 10, 2, count);
    const fs::path image = dir / "image.zip";
    write_bytes(image, bytes);
    const auto put = run_kmsprep(put_args(image, dir / "new.xml"));
    EXPECT_EQ(put.exit_code, 0) << put.err;
    const auto tested = run_program({"unzip", "-tq", image.string()});
    EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
    const auto inner = run_program({"unzip", "-p", image.string(), kInner});
    EXPECT_EQ(inner.out, kNew);
    const auto other = run_program({"unzip", "-p", image.string(), "Windows/other.txt"});
    EXPECT_EQ(other.out, "other");
  }
}

// Archives kmsprep reads but must not rewrite: an ISO, a 7z, a binary cpio, a zip with
// encrypted entries. Each put is refused with E303 (exit 3) saying what to do instead, and the
// file stays byte-identical.
TEST(ImageBranchPaths, ArchivesThatCannotBeWrittenAreRefusedWithE303AndUnchanged) {
  ASSERT_TRUE(test::program_exists("zip")) << "install zip (scripts/install-deps does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  write_bytes(dir / "new.xml", kNew);
  struct Case {
    const char* name;
    std::vector<std::string> make;
    const char* says;
  };
  const std::string image_dir = (dir / "images").string();
  fs::create_directories(image_dir);
  const auto bsdtar = [&](const char* format, const char* name) {
    return std::vector<std::string>{
        "bsdtar", "-c", "--format", format, "-f", image_dir + "/" + name, "-C", tree.string(), "."};
  };
  const std::vector<Case> cases = {
      {"image.iso", bsdtar("iso9660", "image.iso"), "ISO images are read-only"},
      {"image.7z", bsdtar("7zip", "image.7z"), "7z archives are read-only"},
      {"image.cpio", bsdtar("bin", "image.cpio"), "writes only odc and newc cpio archives"},
      {"image.zip",
       {"sh", "-c",
        "cd '" + tree.string() + "' && zip -q -r -e -P secret '" + image_dir +
            "/image.zip' Windows"},
       "encrypted entries"}};
  for (const auto& refused : cases) {
    SCOPED_TRACE(refused.name);
    const auto made = run_program(refused.make);
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const fs::path image = fs::path(image_dir) / refused.name;
    const std::string before = read_bytes(image);
    const auto put = run_kmsprep(put_args(image, dir / "new.xml"));
    EXPECT_EQ(put.exit_code, 3) << put.err;
    EXPECT_NE(put.err.find("E303"), std::string::npos) << put.err;
    EXPECT_NE(put.err.find(refused.says), std::string::npos) << put.err;
    EXPECT_EQ(read_bytes(image), before);
    EXPECT_EQ(std::distance(fs::directory_iterator(image_dir), fs::directory_iterator()),
              static_cast<long>(&refused - cases.data() + 1));
  }
}

// A cpio with checksums (GNU cpio -H crc) is rewritten as newc, said with a warning: the new
// archive carries the new file and every other one.
TEST(ImageBranchPaths, ACrcCpioIsRewrittenAsNewcWithAWarning) {
  ASSERT_TRUE(test::program_exists("cpio")) << "install cpio (scripts/install-deps does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  const fs::path image = dir / "image.cpio";
  const auto made = run_program({"sh", "-c",
                                 "cd '" + tree.string() + "' && find Windows | cpio -o -H crc " +
                                     "--quiet > '" + image.string() + "'"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ASSERT_EQ(read_bytes(image).substr(0, 6), "070702");
  write_bytes(dir / "new.xml", kNew);
  const auto put = run_kmsprep(put_args(image, dir / "new.xml"));
  EXPECT_EQ(put.exit_code, 0) << put.err;
  EXPECT_NE(put.err.find("cpio with checksums (crc) is rewritten as newc"), std::string::npos)
      << put.err;
  EXPECT_EQ(read_bytes(image).substr(0, 6), "070701");
  const auto inner = run_program({"bsdtar", "-xOf", image.string(), kInner});
  EXPECT_EQ(inner.out, kNew);
  const auto big = run_program({"bsdtar", "-xOf", image.string(), kBigInner});
  EXPECT_EQ(big.out, big_content());
}

// A GNU tar with a volume label and a pax global header (archive-wide headers libarchive folds
// into the first entry): a put keeps both, and changes only the file it was asked to.
TEST(ImageBranchPaths, ATarsVolumeLabelAndGlobalHeaderAreKeptByAPut) {
  TempDir dir;
  const fs::path tree = make_tree(dir);
  const fs::path image = dir / "image.tar";
  const auto made = run_program({"tar", "-C", tree.string(), "--format=pax",
                                 "--pax-option=comment=kept-by-kmsprep", "-V", "Deployment share",
                                 "-cf", image.string(), "Windows"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  write_bytes(dir / "new.xml", kNew);
  const auto put = run_kmsprep(put_args(image, dir / "new.xml"));
  EXPECT_EQ(put.exit_code, 0) << put.err;
  const auto listed = run_program({"tar", "-tvf", image.string()});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("Deployment share--Volume Header--"), std::string::npos) << listed.out;
  EXPECT_NE(read_bytes(image).find("comment=kept-by-kmsprep"), std::string::npos);
  EXPECT_EQ(run_program({"tar", "-xOf", image.string(), kInner}).out, kNew);
  EXPECT_EQ(run_program({"tar", "-xOf", image.string(), kBigInner}).out, big_content());
}

// Reads and writes the archive and UDF backends refuse: a symbolic link read from a tar, a file
// put below a file of a tar, a directory read from a UDF disc and any put into it. Each is
// exit 3 with its code; the files stay byte-identical.
TEST(ImageBranchPaths, TarAndUdfRequestsThatCannotBeMetAreRefused) {
  ASSERT_TRUE(test::program_exists("genisoimage")) << "install genisoimage (scripts/test does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  fs::create_symlink("unattend.xml", tree / "Windows/Panther/link.xml");
  write_bytes(tree / "Windows/plain", "plain");
  const fs::path tar = make_archive(dir, tree, "image.tar", {"-c", "--format", "ustar"});
  const fs::path iso = dir / "image.iso";
  const auto made =
      run_program({"genisoimage", "-quiet", "-udf", "-o", iso.string(), tree.string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  write_bytes(dir / "new.xml", kNew);
  const std::string from = (dir / "new.xml").string();
  const std::string tar_before = read_bytes(tar);
  const std::string iso_before = read_bytes(iso);
  struct Case {
    std::vector<std::string> args;
    const char* code;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"image", "cat", tar.string(), "Windows/Panther/link.xml"},
       "E205",
       "is not a regular file (a symbolic link or device)"},
      {{"image", "put", tar.string(), "Windows/plain/unattend.xml", "--from", from},
       "E205",
       "Windows/plain is a file, so Windows/plain/unattend.xml cannot be created below it"},
      {{"image", "cat", iso.string(), "Windows/Panther"}, "E208", "is a directory"},
      {{"image", "put", iso.string(), kInner, "--from", from}, "E303", "read-only"}};
  for (const auto& refused : cases) {
    SCOPED_TRACE(refused.args[1] + " " + refused.args[2] + " " + refused.args[3]);
    const auto run = run_kmsprep(refused.args);
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find(refused.code), std::string::npos) << run.err;
    EXPECT_NE(run.err.find(refused.says), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
  EXPECT_EQ(read_bytes(tar), tar_before);
  EXPECT_EQ(read_bytes(iso), iso_before);
  EXPECT_EQ(run_kmsprep({"image", "cat", iso.string(), kInner}).out, kOld);
}

// `kmsprep capture` refusals and options: a source that is not a directory, a target that is a
// directory, a name the WIM already holds (the WIM unchanged); --compress none gives an
// uncompressed WIM, and -v names what the default exclusions (pagefile.sys) left out.
TEST(ImageBranchPaths, CaptureRefusalsAndOptions) {
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  write_bytes(tree / "pagefile.sys", std::string(4096, 'p'));
  write_bytes(dir / "plain", "plain");
  fs::create_directories(dir / "target-dir");

  const auto from_file =
      run_kmsprep({"capture", (dir / "plain").string(), (dir / "x.wim").string(), "--name", "Lab"});
  EXPECT_EQ(from_file.exit_code, 3) << from_file.err;
  EXPECT_NE(from_file.err.find("E310 a capture source must be a directory"), std::string::npos)
      << from_file.err;
  EXPECT_FALSE(fs::exists(dir / "x.wim"));
  const auto into_dir =
      run_kmsprep({"capture", tree.string(), (dir / "target-dir").string(), "--name", "Lab"});
  EXPECT_EQ(into_dir.exit_code, 3) << into_dir.err;
  EXPECT_NE(into_dir.err.find("the target WIM is not a regular file"), std::string::npos)
      << into_dir.err;
  EXPECT_TRUE(fs::is_empty(dir / "target-dir"));

  const fs::path wim = dir / "lab.wim";
  const auto captured = run_kmsprep(
      {"capture", tree.string(), wim.string(), "--name", "Lab", "--compress", "none", "-v"});
  ASSERT_EQ(captured.exit_code, 0) << captured.err;
  EXPECT_NE(captured.err.find("excluded /pagefile.sys"), std::string::npos) << captured.err;
  const auto info = run_program({"wimlib-imagex", "info", wim.string()});
  EXPECT_NE(info.out.find("Compression:    None"), std::string::npos) << info.out;
  const auto listed = run_program({"wimlib-imagex", "dir", wim.string(), "1"});
  EXPECT_EQ(listed.out.find("pagefile.sys"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("/Windows/Panther/unattend.xml"), std::string::npos) << listed.out;

  const std::string before = read_bytes(wim);
  const auto taken = run_kmsprep({"capture", tree.string(), wim.string(), "--name", "Lab"});
  EXPECT_EQ(taken.exit_code, 3) << taken.err;
  EXPECT_NE(taken.err.find("E320"), std::string::npos) << taken.err;
  EXPECT_EQ(read_bytes(wim), before);
}

}  // namespace
}  // namespace kmsprep
