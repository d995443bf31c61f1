// Compressed tar puts through the archive's uncompressed copy, on archives made with bsdtar:
// the copy holds exactly what gzip/xz decompress to, the unchanged members keep their bytes in
// the new archive's uncompressed stream, and hostile entries are still refused naming the
// archive the user gave (never the copy).
#include "image/archive_uncompressed_copy.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

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

std::string decompressed(const std::string& tool, const fs::path& archive) {
  const auto result = run_program({tool, "-dc", archive.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

std::string copy_contents(const UncompressedCopy& copy) {
  std::string bytes;
  char buffer[65536];
  for (off_t at = 0;;) {
    const ssize_t got = ::pread(copy.fd(), buffer, sizeof buffer, at);
    if (got <= 0) break;
    bytes.append(buffer, static_cast<size_t>(got));
    at += got;
  }
  return bytes;
}

fs::path make_archive(const TempDir& dir, const std::string& name, const std::string& flag) {
  write_bytes(dir / "tree/Windows/System32/config/SOFTWARE", std::string(300000, 'S'));
  write_bytes(dir / "tree/Windows/Panther/unattend.xml", "<unattend/>\n");
  write_bytes(dir / "tree/Users/Public/readme.txt", "public\n");
  const fs::path archive = dir / name;
  const auto made =
      run_program({"bsdtar", flag, "-f", archive.string(), "-C", (dir / "tree").string(),
                   "Windows/System32", "Windows/Panther", "Users"});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return archive;
}

TEST(UncompressedCopy, HoldsWhatTheCompressorDecompressesTo) {
  TempDir dir;
  const fs::path gz = make_archive(dir, "image.tar.gz", "-cz");
  auto copy = UncompressedCopy::make(gz.string());
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy_contents(*copy), decompressed("gzip", gz));
  ASSERT_EQ(copy->filters().size(), 1u);
  EXPECT_EQ(::access(copy->path().c_str(), R_OK), 0);
}

TEST(UncompressedCopy, IsNotMadeForAnUncompressedTar) {
  TempDir dir;
  const fs::path tar = make_archive(dir, "image.tar", "-c");
  EXPECT_FALSE(UncompressedCopy::make(tar.string()));
}

class CompressedTarPut : public ::testing::TestWithParam<std::pair<const char*, const char*>> {};

TEST_P(CompressedTarPut, KeepsTheUnchangedMembersBytesInTheStream) {
  const auto [flag, tool] = GetParam();
  TempDir dir;
  const fs::path archive = make_archive(dir, "image.tar.c", flag);
  const std::string before = decompressed(tool, archive);
  const size_t edited_header = before.find("Windows/Panther/unattend.xml");
  const size_t next_header = before.find("Users/");
  ASSERT_NE(edited_header, std::string::npos);
  ASSERT_LT(edited_header, next_header);
  const size_t edited_start = edited_header / 512 * 512;
  const size_t next_start = next_header / 512 * 512;

  auto image = open_image(archive.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_TRUE(image) << image.error().to_string();
  ASSERT_TRUE(
      (*image)->write(OK_VALUE(ImagePath::parse("windows/panther/unattend.xml")), "<new/>\n"));
  auto committed = (*image)->commit();
  ASSERT_TRUE(committed) << committed.error().to_string();

  const std::string after = decompressed(tool, archive);
  EXPECT_EQ(after.substr(0, edited_start), before.substr(0, edited_start));
  const std::string tail = before.substr(next_start);
  ASSERT_GE(after.size(), tail.size());
  EXPECT_EQ(after.substr(after.size() - tail.size()), tail);
  const auto extracted =
      run_program({"bsdtar", "-xOf", archive.string(), "Windows/Panther/unattend.xml"});
  EXPECT_EQ(extracted.out, "<new/>\n");
  // The same image object reads its own commit back.
  auto read = (*image)->read(OK_VALUE(ImagePath::parse("Users/Public/readme.txt")));
  ASSERT_TRUE(read) << read.error().to_string();
  EXPECT_EQ(*read, "public\n");
}

INSTANTIATE_TEST_SUITE_P(Compressors, CompressedTarPut,
                         ::testing::Values(std::make_pair("-cz", "gzip"),
                                           std::make_pair("-cJ", "xz")),
                         [](const auto& info) { return std::string(info.param.second); });

TEST(CompressedTarPut, RefusesAnEscapingEntryNamingTheArchive) {
  TempDir dir;
  write_bytes(dir / "tree/evil.txt", "x");
  const fs::path archive = dir / "evil.tar.gz";
  const auto made = run_program({"bsdtar", "-czf", archive.string(), "-C", (dir / "tree").string(),
                                 "-P", "-s", ",^,../,", "evil.txt"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string original = read_bytes(archive);
  auto image = open_image(archive.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code(), ErrorCode::archive_entry_unsafe);
  EXPECT_NE(image.error().to_string().find(archive.string()), std::string::npos)
      << image.error().to_string();
  EXPECT_EQ(image.error().to_string().find("/proc/self/fd"), std::string::npos);
  EXPECT_EQ(read_bytes(archive), original);
}

}  // namespace
}  // namespace kmsprep
