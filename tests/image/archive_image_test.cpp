// The archive backend on real archives made here with bsdtar: reads, round trips that keep every
// other entry, the uncompressed-tar range copy, and bad input that must leave the file as it was.
#include "image/archive_image.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <sstream>

#include "image/image.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;
using test::write_bytes;

const std::string kSoftware(5000, 'S');

void require_tool(const std::string& name) {
  ASSERT_TRUE(test::program_exists(name))
      << name << " is missing: install libarchive-tools (scripts/test does)";
}

// A small Windows-like tree with a symbolic link, a hard link, a private file and old mtimes.
void make_tree(const fs::path& root) {
  write_bytes(root / "Windows/Panther/unattend.xml", "<unattend/>");
  write_bytes(root / "Windows/System32/config/SOFTWARE", kSoftware);
  write_bytes(root / "Users/Public/readme.txt", "public");
  fs::create_symlink("readme.txt", root / "Users/Public/link");
  fs::create_hard_link(root / "Users/Public/readme.txt", root / "Users/Public/hard.txt");
  fs::permissions(root / "Windows/System32/config/SOFTWARE",
                  fs::perms::owner_read | fs::perms::owner_write);
  const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(24 * 400);
  for (auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_symlink()) fs::last_write_time(entry.path(), old_time);
  }
}

void bsdtar(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"bsdtar"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = run_program(argv);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

std::string listing(const fs::path& archive) {
  const auto result = run_program({"bsdtar", "-tvf", archive.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

std::vector<std::string> lines_without(const std::string& text, const std::string& needle) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find(needle) == std::string::npos) lines.push_back(line);
  }
  return lines;
}

std::string extracted(const fs::path& archive, const std::string& name) {
  const auto result = run_program({"bsdtar", "-xOf", archive.string(), name});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

timespec modification_time(const fs::path& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return info.st_mtim;
}

std::unique_ptr<Image> open_or_fail(const fs::path& path, bool writable) {
  auto image = open_image(path.string(), OpenOptions{1, writable, false, nullptr});
  REQUIRE_OK(image);
  return image ? std::move(*image) : nullptr;
}

ImagePath path_of(const std::string& text) { return *ImagePath::parse(text); }

struct ArchiveKind {
  const char* name;
  std::vector<std::string> create_flags;  // before -f
  const char* format_name;
};

class ArchiveRoundTrip : public ::testing::TestWithParam<ArchiveKind> {};

TEST_P(ArchiveRoundTrip, KeepsEveryOtherEntryWhenPutting) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "image.archive";
  std::vector<std::string> args = GetParam().create_flags;
  args.insert(args.end(), {"-f", archive.string(), "-C", (dir / "tree").string(), "."});
  bsdtar(args);
  const std::string before = listing(archive);
  const std::vector<std::string> others{"./Windows/System32/config/SOFTWARE",
                                        "./Users/Public/readme.txt", "./Users/Public/hard.txt"};
  std::vector<std::string> other_contents;
  for (const auto& name : others) other_contents.push_back(extracted(archive, name));

  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->format_name(), GetParam().format_name);
  EXPECT_TRUE(image->capabilities().write);
  ASSERT_TRUE(image->write(path_of("windows/panther/UNATTEND.XML"), "<unattend new=\"1\"/>"));
  auto committed = image->commit();
  ASSERT_TRUE(committed) << committed.error().to_string();
  EXPECT_TRUE(committed->wrote);

  const std::string after = listing(archive);
  EXPECT_EQ(lines_without(before, "unattend.xml"), lines_without(after, "unattend.xml"));
  EXPECT_NE(after.find("./Windows/Panther/unattend.xml"), std::string::npos) << after;
  EXPECT_EQ(extracted(archive, "./Windows/Panther/unattend.xml"), "<unattend new=\"1\"/>");
  // As bsdtar sees them (a newc cpio keeps a hard-link group's data with its last name).
  for (size_t i = 0; i < others.size(); ++i) {
    EXPECT_EQ(extracted(archive, others[i]), other_contents[i]) << others[i];
  }
  EXPECT_EQ(other_contents[0], kSoftware);

  auto reopened = open_or_fail(archive, false);
  ASSERT_TRUE(reopened);
  EXPECT_EQ(reopened->format_name(), GetParam().format_name);
  EXPECT_EQ(OK_VALUE(reopened->read(path_of("Windows/Panther/unattend.xml"))),
            "<unattend new=\"1\"/>");
  EXPECT_EQ(OK_VALUE(reopened->read(path_of("users/public/HARD.TXT"))), "public");
}

TEST_P(ArchiveRoundTrip, AddsNewFilesUnderTheExistingSpelling) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "image.archive";
  std::vector<std::string> args = GetParam().create_flags;
  args.insert(args.end(), {"-f", archive.string(), "-C", (dir / "tree").string(), "."});
  bsdtar(args);
  const std::string before = listing(archive);

  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(path_of("WINDOWS/Setup/Scripts/SetupComplete.cmd"), "@echo off\r\n"));
  ASSERT_TRUE(image->commit());

  const std::string after = listing(archive);
  EXPECT_NE(after.find("./Windows/Setup/Scripts/SetupComplete.cmd"), std::string::npos) << after;
  EXPECT_EQ(lines_without(before, "Setup"), lines_without(after, "Setup"));
  EXPECT_EQ(OK_VALUE(image->read(path_of("windows/setup/scripts/setupcomplete.cmd"))),
            "@echo off\r\n");
  auto setup = image->stat(path_of("windows/setup"));
  ASSERT_TRUE(setup && *setup);
  EXPECT_EQ((*setup)->type, EntryType::directory);
  EXPECT_EQ((*setup)->path.to_string(), "Windows/Setup");
}

TEST_P(ArchiveRoundTrip, WritesNothingWhenTheContentIsTheSame) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "image.archive";
  std::vector<std::string> args = GetParam().create_flags;
  args.insert(args.end(), {"-f", archive.string(), "-C", (dir / "tree").string(), "."});
  bsdtar(args);
  const std::string bytes = read_bytes(archive);
  const timespec mtime = modification_time(archive);

  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(path_of("Windows/Panther/unattend.xml"), "<unattend/>"));
  auto committed = image->commit();
  ASSERT_TRUE(committed);
  EXPECT_FALSE(committed->wrote);
  EXPECT_EQ(read_bytes(archive), bytes);
  EXPECT_EQ(modification_time(archive).tv_sec, mtime.tv_sec);
  EXPECT_EQ(modification_time(archive).tv_nsec, mtime.tv_nsec);
}

INSTANTIATE_TEST_SUITE_P(
    ArchiveImage, ArchiveRoundTrip,
    ::testing::Values(ArchiveKind{"tar", {"-c"}, "tar"}, ArchiveKind{"tar_gz", {"-cz"}, "tar.gz"},
                      ArchiveKind{"tar_xz", {"-cJ"}, "tar.xz"},
                      ArchiveKind{"zip", {"-c", "--format", "zip"}, "zip"},
                      ArchiveKind{"cpio", {"-c", "--format", "newc"}, "cpio"},
                      ArchiveKind{"cpio_odc", {"-c", "--format", "odc"}, "cpio"}),
    [](const ::testing::TestParamInfo<ArchiveKind>& info) { return info.param.name; });

TEST(ArchiveImage, MatchesNamesWithoutTheDotSlashPrefixAndKeepsIt) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path dotted = dir / "dotted.tar";
  const fs::path plain = dir / "plain.tar";
  bsdtar({"-cf", dotted.string(), "-C", (dir / "tree").string(), "."});
  bsdtar({"-cf", plain.string(), "-C", (dir / "tree").string(), "Windows", "Users"});

  for (const auto& [archive, prefix] : {std::pair{dotted, "./"}, std::pair{plain, ""}}) {
    auto image = open_or_fail(archive, true);
    ASSERT_TRUE(image);
    EXPECT_EQ(OK_VALUE(image->read(path_of("Users/Public/readme.txt"))), "public");
    ASSERT_TRUE(image->write(path_of("Users/Public/readme.txt"), "changed"));
    ASSERT_TRUE(image->write(path_of("Users/Public/new.txt"), "new"));
    ASSERT_TRUE(image->commit());
    const std::string after = listing(archive);
    EXPECT_NE(after.find(std::string(" ") + prefix + "Users/Public/readme.txt"), std::string::npos)
        << after;
    EXPECT_NE(after.find(std::string(" ") + prefix + "Users/Public/new.txt"), std::string::npos)
        << after;
    EXPECT_EQ(extracted(archive, std::string(prefix) + "Users/Public/readme.txt"), "changed");
  }
}

// The uncompressed-tar path copies unchanged byte ranges: everything before the changed entry
// and everything after it must be the very same bytes.
TEST(ArchiveImage, UncompressedTarKeepsUnchangedBytesAroundTheEdit) {
  require_tool("bsdtar");
  TempDir dir;
  write_bytes(dir / "tree/a/first.bin", std::string(100000, 'a'));
  write_bytes(dir / "tree/b/middle.txt", "middle");
  write_bytes(dir / "tree/c/last.bin", std::string(70000, 'c'));
  const fs::path archive = dir / "image.tar";
  bsdtar({"-cf", archive.string(), "-C", (dir / "tree").string(), "a/first.bin", "b/middle.txt",
          "c/last.bin"});
  const std::string before = read_bytes(archive);
  const size_t middle_header = before.find("b/middle.txt");
  const size_t last_header = before.find("c/last.bin");
  ASSERT_NE(middle_header, std::string::npos);
  ASSERT_NE(last_header, std::string::npos);

  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(path_of("B/MIDDLE.TXT"), std::string(3000, 'm')));
  ASSERT_TRUE(image->commit());

  const std::string after = read_bytes(archive);
  EXPECT_EQ(after.substr(0, middle_header), before.substr(0, middle_header));
  const std::string tail = before.substr(last_header);
  ASSERT_GE(after.size(), tail.size());
  EXPECT_EQ(after.substr(after.size() - tail.size()), tail);
  EXPECT_EQ(extracted(archive, "b/middle.txt"), std::string(3000, 'm'));
  EXPECT_EQ(extracted(archive, "c/last.bin"), std::string(70000, 'c'));
}

// A ustar header block of type `type` for `name` holding `size` bytes (checksum filled in).
std::string tar_header(const std::string& name, char type, size_t size) {
  std::string block(512, '\0');
  block.replace(0, name.size(), name);
  std::snprintf(&block[100], 8, "%07o", 0644);
  std::snprintf(&block[108], 8, "%07o", 0);
  std::snprintf(&block[116], 8, "%07o", 0);
  std::snprintf(&block[124], 12, "%011zo", size);
  std::snprintf(&block[136], 12, "%011o", 0);
  block[156] = type;
  block.replace(257, 6, std::string("ustar\0", 6));
  block.replace(263, 2, "00");
  block.replace(148, 8, 8, ' ');
  unsigned sum = 0;
  for (unsigned char c : block) sum += c;
  std::snprintf(&block[148], 8, "%06o", sum);
  return block;
}

std::string padded(std::string data) {
  data.resize((data.size() + 511) / 512 * 512, '\0');
  return data;
}

// The uncompressed-tar path must keep archive-wide pax global headers ("git archive" writes
// one with the commit id) that precede an entry it replaces.
TEST(ArchiveImage, KeepsAPaxGlobalHeaderBeforeAReplacedEntry) {
  require_tool("bsdtar");
  TempDir dir;
  const std::string record = "27 comment=kmsprep-global\n";
  std::string bytes = tar_header("pax_global_header", 'g', record.size()) + padded(record) +
                      tar_header("first.txt", '0', 5) + padded("first") +
                      tar_header("second.txt", '0', 6) + padded("second") + std::string(1024, '\0');
  const fs::path archive = dir / "global.tar";
  write_bytes(archive, bytes);
  ASSERT_EQ(extracted(archive, "first.txt"), "first");

  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(path_of("FIRST.TXT"), "replaced"));
  ASSERT_TRUE(image->commit());
  const std::string after = read_bytes(archive);
  EXPECT_EQ(after.substr(0, 1024), bytes.substr(0, 1024));  // the global header and its record
  EXPECT_EQ(extracted(archive, "first.txt"), "replaced");
  EXPECT_EQ(extracted(archive, "second.txt"), "second");
}

// The disk "fills up" while the new archive is written: the original stays byte-identical and
// no temporary file is left beside it.
TEST(ArchiveImage, LeavesTheArchiveIdenticalWhenTheCommitFails) {
  require_tool("bsdtar");
  TempDir dir;
  std::string noise;
  for (uint32_t i = 0, x = 99; i < 600000; ++i) {
    x = x * 1103515245u + 12345u;
    noise.push_back(static_cast<char>(x >> 24));
  }
  write_bytes(dir / "tree/Windows/noise.bin", noise);
  write_bytes(dir / "tree/Windows/Panther/unattend.xml", "<unattend/>");
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{"-c"}, std::vector<std::string>{"-cz"},
        std::vector<std::string>{"-c", "--format", "zip"}}) {
    TempDir work;
    const fs::path archive = work / "image.archive";
    std::vector<std::string> args = flags;
    args.insert(args.end(), {"-f", archive.string(), "-C", (dir / "tree").string(), "."});
    bsdtar(args);
    const std::string bytes = read_bytes(archive);
    auto image = open_or_fail(archive, true);
    ASSERT_TRUE(image);
    ASSERT_TRUE(image->write(path_of("Windows/Panther/unattend.xml"), "<unattend new=\"1\"/>"));

    rlimit old_limit{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = old_limit;
    limit.rlim_cur = bytes.size() / 2;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
    auto committed = image->commit();
    ::setrlimit(RLIMIT_FSIZE, &old_limit);
    std::signal(SIGXFSZ, old_handler);

    ASSERT_FALSE(committed) << flags.back();
    EXPECT_EQ(committed.error().kind(), ErrorKind::environment) << committed.error().to_string();
    EXPECT_EQ(read_bytes(archive), bytes) << flags.back();
    size_t files = 0;
    for (const auto& entry : fs::directory_iterator(work.path())) {
      (void)entry;
      ++files;
    }
    EXPECT_EQ(files, 1u) << "a temporary file was left behind";
  }
}

// libarchive would deflate everything; each entry must keep its method.
TEST(ArchiveImage, KeepsStoredZipEntriesStored) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "stored.zip";
  bsdtar({"--format", "zip", "--options", "zip:compression=store", "-cf", archive.string(), "-C",
          (dir / "tree").string(), "."});
  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(path_of("Windows/Panther/unattend.xml"), "<unattend stored=\"1\"/>"));
  ASSERT_TRUE(image->commit());
  const std::string bytes = read_bytes(archive);
  size_t headers = 0;
  for (size_t at = bytes.find("PK\x03\x04"); at != std::string::npos;
       at = bytes.find("PK\x03\x04", at + 4)) {
    ASSERT_LE(at + 10, bytes.size());
    EXPECT_EQ(bytes[at + 8], 0) << "entry at " << at << " is not stored";
    EXPECT_EQ(bytes[at + 9], 0);
    ++headers;
  }
  EXPECT_GE(headers, 5u);
  EXPECT_EQ(extracted(archive, "./Windows/Panther/unattend.xml"), "<unattend stored=\"1\"/>");
}

TEST(ArchiveImage, HardLinksFollowTheirTargetAndGuardIt) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "links.tar";
  bsdtar({"-cf", archive.string(), "-C", (dir / "tree").string(), "."});
  const std::string bytes = read_bytes(archive);
  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  // bsdtar stores whichever name it meets first as the file and the other as a link to it.
  const bool readme_is_target = listing(archive).find("hard.txt link to") != std::string::npos;
  const std::string target = readme_is_target ? "Users/Public/readme.txt" : "Users/Public/hard.txt";
  const std::string link = readme_is_target ? "Users/Public/hard.txt" : "Users/Public/readme.txt";
  EXPECT_EQ(OK_VALUE(image->read(path_of(link))), "public");

  ASSERT_TRUE(image->remove(path_of(target)));
  auto refused = image->commit();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::image_write_unsupported);
  EXPECT_EQ(read_bytes(archive), bytes);

  auto fresh = open_or_fail(archive, true);
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(fresh->write(path_of(target), "shared"));
  ASSERT_TRUE(fresh->commit());
  bsdtar({"-xf", archive.string(), "-C", dir.path().string(), "./Users"});
  EXPECT_EQ(read_bytes(dir / link), "shared");  // extracted as a hard link of the new file
  EXPECT_EQ(OK_VALUE(fresh->read(path_of(link))), "shared");
}

TEST(ArchiveImage, RemovesAnEntry) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "image.tgz";
  bsdtar({"-czf", archive.string(), "-C", (dir / "tree").string(), "."});
  const std::string before = listing(archive);
  auto image = open_or_fail(archive, true);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->remove(path_of("windows/panther/unattend.xml")));
  ASSERT_TRUE(image->commit());
  const std::string after = listing(archive);
  EXPECT_EQ(after.find("unattend.xml"), std::string::npos);
  EXPECT_EQ(lines_without(before, "unattend.xml"), lines_without(after, "unattend.xml"));
}

TEST(ArchiveImage, ListsImplicitDirectoriesAndReportsSizes) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "files-only.tar";
  // Only files: no directory entries at all.
  bsdtar({"-cf", archive.string(), "-C", (dir / "tree").string(), "-n",
          "Windows/System32/config/SOFTWARE", "Users/Public/readme.txt"});
  auto image = open_or_fail(archive, false);
  ASSERT_TRUE(image);
  auto root = image->list(ImagePath());
  ASSERT_TRUE(root);
  ASSERT_EQ(root->size(), 2u);
  auto config = image->list(path_of("windows/system32/CONFIG"));
  ASSERT_TRUE(config);
  ASSERT_EQ(config->size(), 1u);
  EXPECT_EQ(config->front().path.to_string(), "Windows/System32/config/SOFTWARE");
  EXPECT_EQ(config->front().size, kSoftware.size());
}

TEST(ArchiveImage, RefusesAZipWithAParentEntry) {
  require_tool("bsdtar");
  TempDir dir;
  write_bytes(dir / "work/evil.txt", "evil");
  write_bytes(dir / "work/sub/ok.txt", "ok");
  const fs::path archive = dir / "bad.zip";
  // -P keeps the ".." that bsdtar would otherwise strip.
  const auto made = run_program({"bsdtar", "-P", "--format", "zip", "-cf", archive.string(), "-C",
                                 (dir / "work/sub").string(), "ok.txt", "../evil.txt"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string bytes = read_bytes(archive);
  for (bool writable : {false, true}) {
    auto image = open_image(archive.string(), OpenOptions{1, writable, false, nullptr});
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code(), ErrorCode::archive_entry_unsafe);
    EXPECT_EQ(image.error().kind(), ErrorKind::bad_input);
    EXPECT_NE(image.error().to_string().find("../evil.txt"), std::string::npos)
        << image.error().to_string();
  }
  EXPECT_EQ(read_bytes(archive), bytes);
}

TEST(ArchiveImage, ReadsSevenZipButRefusesToWriteIt) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "image.7z";
  bsdtar({"--format", "7zip", "-cf", archive.string(), "-C", (dir / "tree").string(), "."});
  const std::string bytes = read_bytes(archive);

  auto writable = open_image(archive.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_FALSE(writable);
  EXPECT_EQ(writable.error().code(), ErrorCode::image_write_unsupported);
  EXPECT_NE(writable.error().to_string().find("7z"), std::string::npos);

  auto image = open_or_fail(archive, false);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->format_name(), "7z");
  EXPECT_FALSE(image->capabilities().write);
  EXPECT_EQ(OK_VALUE(image->read(path_of("windows/system32/config/software"))), kSoftware);
  auto staged = image->write(path_of("a.txt"), "a");
  ASSERT_FALSE(staged);
  EXPECT_EQ(staged.error().code(), ErrorCode::image_write_unsupported);
  EXPECT_EQ(read_bytes(archive), bytes);
}

TEST(ArchiveImage, ReportsATruncatedTarGzAsCorrupt) {
  require_tool("bsdtar");
  TempDir dir;
  std::string noise;
  for (uint32_t i = 0, x = 12345; i < 400000; ++i) {
    x = x * 1103515245u + 12345u;
    noise.push_back(static_cast<char>(x >> 24));
  }
  write_bytes(dir / "tree/noise.bin", noise);
  write_bytes(dir / "tree/z.txt", "last");
  const fs::path whole = dir / "whole.tgz";
  bsdtar({"-czf", whole.string(), "-C", (dir / "tree").string(), "noise.bin", "z.txt"});
  const fs::path archive = dir / "truncated.tgz";
  const std::string bytes = read_bytes(whole).substr(0, 200000);
  write_bytes(archive, bytes);
  for (bool writable : {false, true}) {
    auto image = open_image(archive.string(), OpenOptions{1, writable, false, nullptr});
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code(), ErrorCode::image_corrupt);
    EXPECT_EQ(image.error().kind(), ErrorKind::bad_input);
    EXPECT_NE(image.error().to_string().find("runcated"), std::string::npos)
        << image.error().to_string();
  }
  EXPECT_EQ(read_bytes(archive), bytes);
}

TEST(ArchiveImage, ReportsAMissingPath) {
  require_tool("bsdtar");
  TempDir dir;
  make_tree(dir / "tree");
  const fs::path archive = dir / "image.zip";
  bsdtar({"--format", "zip", "-cf", archive.string(), "-C", (dir / "tree").string(), "."});
  auto image = open_or_fail(archive, false);
  ASSERT_TRUE(image);
  auto missing = image->read(path_of("Windows/Panther/missing.xml"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::path_not_in_image);
  EXPECT_NE(missing.error().to_string().find("Windows/Panther/missing.xml"), std::string::npos);
  auto directory = image->read(path_of("windows"));
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code(), ErrorCode::path_is_directory);
}

// bzip2 needs a whole block (up to 900 kB) before it yields a byte, more than the 64 KiB probe.
TEST(ArchiveImage, OpensABzip2TarWhoseFirstBlockIsLargerThanTheProbe) {
  require_tool("bsdtar");
  TempDir dir;
  std::string noise;
  for (uint32_t i = 0, x = 5; i < 800000; ++i) {
    x = x * 1103515245u + 12345u;
    noise.push_back(static_cast<char>(x >> 24));
  }
  write_bytes(dir / "tree/noise.bin", noise);
  write_bytes(dir / "tree/z.txt", "z");
  const fs::path archive = dir / "image.tbz";
  bsdtar({"-cjf", archive.string(), "-C", (dir / "tree").string(), "noise.bin", "z.txt"});
  ASSERT_GT(fs::file_size(archive), 65536u);
  auto image = open_or_fail(archive, false);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->format_name(), "tar.bz2");
  EXPECT_EQ(OK_VALUE(image->read(path_of("Z.TXT"))), "z");
}

TEST(ArchiveImage, CallsACompressedFileThatHoldsNoArchiveUnknown) {
  require_tool("gzip");
  TempDir dir;
  write_bytes(dir / "notes.txt", "just some text, not an archive\n");
  const auto zipped = run_program({"gzip", "-k", (dir / "notes.txt").string()});
  ASSERT_EQ(zipped.exit_code, 0) << zipped.err;
  auto image = open_image((dir / "notes.txt.gz").string(), OpenOptions{1, false, false, nullptr});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code(), ErrorCode::image_format_unknown);
  EXPECT_EQ(image.error().kind(), ErrorKind::bad_input);
}

TEST(ArchiveImage, ProbeRecognisesArchivesByContent) {
  require_tool("bsdtar");
  TempDir dir;
  write_bytes(dir / "tree/a.txt", "a");
  for (const auto& flags : std::vector<std::vector<std::string>>{{"-c"},
                                                                 {"-cz"},
                                                                 {"-cj"},
                                                                 {"-c", "--format", "zip"},
                                                                 {"-c", "--format", "7zip"},
                                                                 {"-c", "--format", "newc"}}) {
    std::vector<std::string> args = flags;
    args.insert(args.end(), {"-f", (dir / "x").string(), "-C", (dir / "tree").string(), "a.txt"});
    bsdtar(args);
    EXPECT_TRUE(looks_like_archive(read_bytes(dir / "x").substr(0, 65536))) << flags.back();
  }
  EXPECT_FALSE(looks_like_archive("just some text, not an archive\n"));
  EXPECT_FALSE(looks_like_archive(std::string("\x7f"
                                              "ELF\x02\x01\x01",
                                              7) +
                                  std::string(600, 'x')));
}

}  // namespace
}  // namespace kmsprep
