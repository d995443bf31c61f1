// End to end: `kmsprep image info|cat|put` on archives and ISOs made here with bsdtar and
// genisoimage, with the exit codes and messages a user sees, and files left as they were on
// every refusal.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

const std::string kPid = "[PID]\r\nValue=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\r\n";

void require_tools() {
  for (const char* tool : {"bsdtar", "genisoimage"}) {
    ASSERT_TRUE(test::program_exists(tool))
        << tool << " is missing: install libarchive-tools and genisoimage (scripts/test does)";
  }
}

fs::path make_tree(const TempDir& dir) {
  write_bytes(dir / "tree/Windows/Panther/unattend.xml", "<unattend/>");
  write_bytes(dir / "tree/Users/Public/readme.txt", "public");
  return dir / "tree";
}

fs::path make_archive(const TempDir& dir, const std::string& name, std::vector<std::string> flags) {
  const fs::path archive = dir / name;
  std::vector<std::string> argv{"bsdtar"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"-f", archive.string(), "-C", make_tree(dir).string(), "."});
  const auto made = run_program(argv);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return archive;
}

fs::path make_windows_iso(const TempDir& dir) {
  write_bytes(dir / "media/README.TXT", "This disc contains a UDF file system.\r\n");
  write_bytes(dir / "media/sources/PID.TXT", kPid);
  const fs::path iso = dir / "windows.iso";
  const auto made = run_program({"genisoimage", "-quiet", "-udf", "-hide", "sources", "-o",
                                 iso.string(), (dir / "media").string()});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return iso;
}

timespec modification_time(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mtim;
}

TEST(ArchiveCli, InfoNamesTheFormatByContent) {
  require_tools();
  TempDir dir;
  const fs::path tgz = make_archive(dir, "image.bin", {"-cz"});
  const auto info = run_kmsprep({"image", "info", tgz.string()});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("tar.gz"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Writable:    yes"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Windows/"), std::string::npos) << info.out;

  const fs::path zip = make_archive(dir, "image.zip", {"-c", "--format", "zip"});
  const auto json = run_kmsprep({"image", "info", zip.string(), "--json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.out.find("\"format\": \"zip\""), std::string::npos) << json.out;
}

TEST(ArchiveCli, PutsAndCatsInATarAndLeavesANoOpPutUntouched) {
  require_tools();
  TempDir dir;
  const fs::path tar = make_archive(dir, "image.tar", {"-c"});
  write_bytes(dir / "new.xml", "<unattend changed=\"yes\"/>");
  const auto put = run_kmsprep({"image", "put", tar.string(), "windows\\panther\\UNATTEND.XML",
                                "--from", (dir / "new.xml").string()});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_NE(put.out.find("Wrote"), std::string::npos) << put.out;
  const auto cat = run_kmsprep({"image", "cat", tar.string(), "Windows/Panther/unattend.xml"});
  EXPECT_EQ(cat.exit_code, 0) << cat.err;
  EXPECT_EQ(cat.out, "<unattend changed=\"yes\"/>");
  const auto listed = run_program({"bsdtar", "-tf", tar.string()});
  EXPECT_NE(listed.out.find("./Windows/Panther/unattend.xml\n"), std::string::npos) << listed.out;

  const std::string bytes = read_bytes(tar);
  const timespec mtime = modification_time(tar);
  const auto again = run_kmsprep({"image", "put", tar.string(), "Windows/Panther/unattend.xml",
                                  "--from", (dir / "new.xml").string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("Unchanged"), std::string::npos) << again.out;
  EXPECT_EQ(read_bytes(tar), bytes);
  EXPECT_EQ(modification_time(tar).tv_sec, mtime.tv_sec);
  EXPECT_EQ(modification_time(tar).tv_nsec, mtime.tv_nsec);
}

TEST(ArchiveCli, CatsFromAWindowsStyleUdfIsoIgnoringCase) {
  require_tools();
  TempDir dir;
  const fs::path iso = make_windows_iso(dir);
  const auto cat = run_kmsprep({"image", "cat", iso.string(), "SOURCES/pid.txt"});
  EXPECT_EQ(cat.exit_code, 0) << cat.err;
  EXPECT_EQ(cat.out, kPid);
  const auto info = run_kmsprep({"image", "info", iso.string()});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  EXPECT_NE(info.out.find("udf"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("sources/"), std::string::npos) << info.out;
}

struct Refusal {
  std::vector<std::string> args;  // "IMAGE" is replaced by the file
  std::string expected_in_message;
};

void expect_refusal_leaves_file(const fs::path& file, const Refusal& refusal) {
  const std::string bytes = read_bytes(file);
  std::vector<std::string> args;
  for (const auto& arg : refusal.args) args.push_back(arg == "IMAGE" ? file.string() : arg);
  const auto run = run_kmsprep(args);
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find(refusal.expected_in_message), std::string::npos) << run.err;
  EXPECT_EQ(read_bytes(file), bytes);
}

TEST(ArchiveCli, BadInputExitsWithThreeAndLeavesTheFile) {
  require_tools();
  TempDir dir;
  write_bytes(dir / "put.txt", "content");
  const std::string from = (dir / "put.txt").string();

  // A put into a Windows-style UDF ISO: refused with instructions.
  expect_refusal_leaves_file(
      make_windows_iso(dir),
      {{"image", "put", "IMAGE", "sources/ei.cfg", "--from", from}, "oscdimg -u2"});

  // A put into a 7z: read-only.
  expect_refusal_leaves_file(make_archive(dir, "image.7z", {"-c", "--format", "7zip"}),
                             {{"image", "put", "IMAGE", "a.txt", "--from", from}, "7z"});

  // A zip with a ../ entry.
  write_bytes(dir / "work/evil.txt", "evil");
  write_bytes(dir / "work/sub/ok.txt", "ok");
  const fs::path bad_zip = dir / "bad.zip";
  ASSERT_EQ(run_program({"bsdtar", "-P", "--format", "zip", "-cf", bad_zip.string(), "-C",
                         (dir / "work/sub").string(), "ok.txt", "../evil.txt"})
                .exit_code,
            0);
  expect_refusal_leaves_file(bad_zip, {{"image", "cat", "IMAGE", "ok.txt"}, "../evil.txt"});
  expect_refusal_leaves_file(bad_zip,
                             {{"image", "put", "IMAGE", "ok.txt", "--from", from}, "../evil.txt"});

  // A README.TXT-only ISO with no UDF.
  write_bytes(dir / "readme/README.TXT", "This disc contains a UDF file system.\r\n");
  const fs::path readme_iso = dir / "readme.iso";
  ASSERT_EQ(
      run_program({"genisoimage", "-quiet", "-o", readme_iso.string(), (dir / "readme").string()})
          .exit_code,
      0);
  expect_refusal_leaves_file(readme_iso, {{"image", "info", "IMAGE"}, "UDF"});

  // A truncated tar.gz.
  std::string noise;
  for (uint32_t i = 0, x = 7; i < 300000; ++i) {
    x = x * 1103515245u + 12345u;
    noise.push_back(static_cast<char>(x >> 24));
  }
  write_bytes(dir / "noise/noise.bin", noise);
  write_bytes(dir / "noise/z.txt", "z");
  const fs::path whole = dir / "whole.tgz";
  ASSERT_EQ(run_program({"bsdtar", "-czf", whole.string(), "-C", (dir / "noise").string(),
                         "noise.bin", "z.txt"})
                .exit_code,
            0);
  const fs::path truncated = dir / "truncated.tgz";
  write_bytes(truncated, read_bytes(whole).substr(0, 150000));
  expect_refusal_leaves_file(truncated,
                             {{"image", "put", "IMAGE", "z.txt", "--from", from}, "runcated"});

  // A path that is not in the archive.
  expect_refusal_leaves_file(
      make_archive(dir, "image.tar", {"-c"}),
      {{"image", "cat", "IMAGE", "Windows/missing.xml"}, "Windows/missing.xml"});
}

TEST(ArchiveCli, MissingImageExitsWithThree) {
  TempDir dir;
  const auto run = run_kmsprep({"image", "info", (dir / "absent.tar").string()});
  EXPECT_EQ(run.exit_code, 3) << run.err;
  EXPECT_NE(run.err.find("absent.tar"), std::string::npos) << run.err;
}

}  // namespace
}  // namespace kmsprep
