// Image::read_to on real images: a WIM captured by wimlib-imagex streams through wimlib's
// extraction to standard output, into a descriptor or through the pipe into any sink, and
// standard output is the same file afterwards; directories and archives stream too.
#include "image/wim_stream.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/file_system.hpp"
#include "core/file_version.hpp"
#include "core/stdout_redirection.hpp"
#include "image/image.hpp"
#include "tests/image/image_test_tools.hpp"
#include "tests/image/wim_test_fixtures.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::TempDir;

// Three and a half MiB that no compressor shortens much, larger than the pipe's buffer.
std::string large_file() {
  std::string bytes;
  uint32_t state = 12345;
  for (size_t i = 0; i < (7u << 19); ++i) {
    state = state * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(state >> 24));
  }
  return bytes;
}

std::unique_ptr<Image> open_or_fail(const fs::path& path) {
  auto image = open_image(path.string(), OpenOptions{1, false, false, nullptr});
  REQUIRE_OK(image);
  return image ? std::move(*image) : nullptr;
}

uint64_t stdout_inode() {
  FileVersion version;
  version_of(kStandardOutput, version);
  return version.identity;
}

const ImagePath kLarge = OK_VALUE(ImagePath::parse("Windows/System32/config/SOFTWARE"));

TEST(WimStream, StreamsAFileIntoASinkAndKeepsStandardOutput) {
  TempDir dir;
  const std::string content = large_file();
  test::Tree tree = test::windows_tree();
  tree["Windows/System32/config/SOFTWARE"] = content;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), tree, wim, "Base", {"--compress=LZX"});
  auto image = open_or_fail(wim);
  ASSERT_TRUE(image);
  const uint64_t before = stdout_inode();

  StringSink collected;
  ASSERT_TRUE(image->read_to(kLarge, collected));
  EXPECT_EQ(collected.bytes(), content);
  EXPECT_EQ(stdout_inode(), before);

  const fs::path out = dir / "out.bin";
  const int fd = open_file(out, kOpenWrite | kOpenCreate | kOpenTruncate, 0600);
  ASSERT_GE(fd, 0);
  FdSink to_file(fd, out.string());
  const Status written = image->read_to(kLarge, to_file);
  close_file(fd);
  ASSERT_TRUE(written) << written.error().to_string();
  EXPECT_EQ(read_bytes(out), content);
  EXPECT_EQ(stdout_inode(), before);

  auto whole = image->read(kLarge);
  ASSERT_TRUE(whole) << whole.error().to_string();
  EXPECT_EQ(*whole, content);
}

TEST(WimStream, KeepsTheLimitAndTheRefusals) {
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), test::windows_tree(), wim, "Base");
  auto image = open_or_fail(wim);
  ASSERT_TRUE(image);
  StringSink sink;
  const Status limited =
      image->read_to(OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml")), sink, 3);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code(), ErrorCode::file_too_large);
  const Status directory = image->read_to(OK_VALUE(ImagePath::parse("Windows")), sink);
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code(), ErrorCode::path_is_directory);
  const Status missing = image->read_to(OK_VALUE(ImagePath::parse("Windows/missing.txt")), sink);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::path_not_in_image);
  EXPECT_TRUE(sink.bytes().empty());
}

TEST(WimStream, ImageCatWritesTheWholeFileToStandardOutput) {
  KMSPREP_REQUIRE_KMSPREP_BINARY();
  TempDir dir;
  const std::string content = large_file();
  test::Tree tree = test::windows_tree();
  tree["Windows/System32/config/SOFTWARE"] = content;
  const fs::path wim = dir / "install.wim";
  test::capture_tree(dir.path(), tree, wim, "Base");
  const auto cat = test::run_kmsprep({"image", "cat", wim.string(), kLarge.to_string()});
  EXPECT_EQ(cat.exit_code, 0) << cat.err;
  EXPECT_TRUE(cat.out == content) << cat.out.size() << " bytes";
}

TEST(ImageReadTo, StreamsFromADirectoryAndAnArchive) {
  KMSPREP_REQUIRE_PROGRAM("bsdtar");
  TempDir dir;
  const std::string content = large_file();
  test::Tree tree = test::windows_tree();
  tree["Windows/System32/config/SOFTWARE"] = content;
  test::make_tree(dir / "pc", tree);
  const auto made = test::run_program(
      {"bsdtar", "-czf", (dir / "pc.tar.gz").string(), "-C", (dir / "pc").string(), "."});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  for (const fs::path& path : {dir / "pc", dir / "pc.tar.gz"}) {
    SCOPED_TRACE(path.string());
    auto image = open_or_fail(path);
    ASSERT_TRUE(image);
    StringSink sink;
    const Status read = image->read_to(kLarge, sink);
    ASSERT_TRUE(read) << read.error().to_string();
    EXPECT_TRUE(sink.bytes() == content);
  }
}

}  // namespace
}  // namespace kmsprep
