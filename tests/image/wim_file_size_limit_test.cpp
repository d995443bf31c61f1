// A WIM append that fails because the disk "fills up" (a file size limit, RLIMIT_FSIZE, which
// Windows has no counterpart of: tests/windows-exclusions.cmake) leaves the WIM as it was.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>

#include "image/image.hpp"
#include "image/wim_image.hpp"
#include "tests/image/wim_test_fixtures.hpp"
#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::capture_tree;
using test::identity_of;
using test::TempDir;
using test::Tree;
using test::windows_tree;

ImagePath path(const std::string& text) { return *ImagePath::parse(text); }

std::string noise(size_t size, uint32_t seed) {
  std::string bytes;
  bytes.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    seed = seed * 1103515245u + 12345u;
    bytes += static_cast<char>(seed >> 24);
  }
  return bytes;
}

std::unique_ptr<Image> open(const fs::path& wim, int index, bool writable) {
  auto image = open_image(wim.string(), OpenOptions{index, writable, false, nullptr});
  REQUIRE_OK(image);
  return image ? std::move(*image) : nullptr;
}

TEST(WimImage, LeavesTheWimByteIdenticalWhenTheAppendFails) {
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  Tree tree = windows_tree();
  tree["data/noise.bin"] = noise(3 * 1024 * 1024, 7);
  capture_tree(dir.path(), tree, wim, "Full", {"--compress=none"});
  const auto before = identity_of(wim);
  auto image = open(wim, 1, true);
  ASSERT_TRUE(image->write(path("data/more.bin"), noise(1024 * 1024, 8)));
  // The disk "fills up" part way through the append: no file may grow past the WIM's size plus
  // 100 KiB (the staged 1 MiB file still fits, the WIM's growth does not).
  rlimit old_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = old_limit;
  limit.rlim_cur = before.bytes.size() + 100 * 1024;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);
  auto committed = image->commit();
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  std::signal(SIGXFSZ, old_handler);
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().kind(), ErrorKind::environment) << committed.error().to_string();
  EXPECT_EQ(identity_of(wim).bytes, before.bytes);
  EXPECT_EQ(test::wimlib_imagex({"verify", wim.string()}).exit_code, 0);
}

}  // namespace
}  // namespace kmsprep
