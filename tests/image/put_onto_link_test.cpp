// `image put` onto a path the image holds as a symbolic link is refused the same way by every
// writable backend: E201, exit 3, "exists and is not a regular file (a symbolic link: ...)",
// and the image is left byte-identical. A directory always refused it; a WIM (a reparse point
// captured by wimlib), a tar and a zip (symbolic-link entries written by bsdtar) used to replace
// the link with a file.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "image/image.hpp"
#include "tests/image/wim_test_fixtures.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;

const char* kLink = "Windows/Panther/unattend.xml";
const std::string kRefusal =
    "E201 file cannot be read: Windows/Panther/unattend.xml exists and is not a regular file (a "
    "symbolic link: kmsprep writes through no link as the last part of a path; write its target "
    "instead) [at ";

// A tree whose answer file is a link to a file beside it.
fs::path make_linked_tree(const TempDir& dir) {
  const fs::path tree = dir / "tree";
  test::write_bytes(tree / "Windows/Panther/real.xml", "<unattend>real</unattend>\n");
  fs::create_symlink("real.xml", tree / kLink);
  return tree;
}

// The tree as `format`: "directory", "wim", "tar" or "zip".
fs::path make_image(const TempDir& dir, const std::string& format) {
  const fs::path tree = make_linked_tree(dir);
  if (format == "directory") return tree;
  const fs::path image = dir / ("image." + format);
  const auto made =
      format == "wim" ? test::wimlib_imagex({"capture", tree.string(), image.string(), "Windows"})
                      : run_program({"bsdtar", "-c", "--format", format == "zip" ? "zip" : "ustar",
                                     "-f", image.string(), "-C", tree.string(), "."});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return image;
}

std::map<std::string, std::string> contents(const fs::path& image) {
  if (fs::is_directory(image)) return test::snapshot_tree(image);
  return {{"", read_bytes(image)}};
}

TEST(PutOntoLink, EveryWritableBackendRefusesToReplaceALinkWithAFile) {
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  for (const std::string format : {"directory", "wim", "tar", "zip"}) {
    SCOPED_TRACE(format);
    TempDir dir;
    const fs::path image = make_image(dir, format);
    const auto stat = test::run_kmsprep({"image", "info", image.string(), "--json"});
    ASSERT_EQ(stat.exit_code, 0) << stat.err;
    const auto before = contents(image);
    test::write_bytes(dir / "new.xml", "<unattend>new</unattend>\n");
    const auto put = test::run_kmsprep(
        {"image", "put", image.string(), kLink, "--from", (dir / "new.xml").string()});
    EXPECT_EQ(put.exit_code, 3) << put.out << put.err;
    EXPECT_NE(put.err.find(kRefusal + image.string() + "]"), std::string::npos) << put.err;
    EXPECT_TRUE(contents(image) == before) << "the image changed";
  }
}

// The same through the Image interface: the write is staged, the commit refuses it, and the
// entry is still reported as a link.
TEST(PutOntoLink, TheCommitRefusesAndTheEntryStaysALink) {
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  for (const std::string format : {"wim", "tar", "zip"}) {
    SCOPED_TRACE(format);
    TempDir dir;
    const fs::path image_path = make_image(dir, format);
    const std::string before = read_bytes(image_path);
    auto image = open_image(image_path.string(), OpenOptions{1, true, false, nullptr});
    ASSERT_TRUE(image) << image.error().to_string();
    const auto link = *ImagePath::parse(kLink);
    ASSERT_TRUE((*image)->write(link, "<unattend>new</unattend>\n"));
    auto committed = (*image)->commit();
    ASSERT_FALSE(committed);
    EXPECT_EQ(committed.error().code(), ErrorCode::file_unreadable);
    EXPECT_EQ(read_bytes(image_path), before);
    auto reopened = open_image(image_path.string(), OpenOptions{});
    ASSERT_TRUE(reopened) << reopened.error().to_string();
    auto entry = (*reopened)->stat(link);
    ASSERT_TRUE(entry && *entry);
    EXPECT_EQ((*entry)->type, EntryType::symlink);
  }
}

}  // namespace
}  // namespace kmsprep
