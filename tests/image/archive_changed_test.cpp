// An archive that another program rewrites between kmsprep opening it and committing an edit
// (a build script re-packing the image, a second kmsprep): the commit is refused as corrupt
// input naming the archive, nothing is written, and no temporary file is left beside it. The
// archives are real ones made here with bsdtar; the "other program" is bsdtar again.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

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

struct Format {
  const char* name;
  std::vector<std::string> flags;  // bsdtar create flags before -f
};

// Uncompressed tar (rewritten by byte ranges), gzip tar (through its uncompressed copy), zip
// (stored entries copied as they are) and zip with deflate (rewritten through libarchive).
const std::vector<Format> kFormats = {
    {"tar", {"-c", "--format", "ustar"}},
    {"tar.gz", {"-cz", "--format", "ustar"}},
    {"zip", {"-c", "--format", "zip", "--options", "zip:compression=store"}},
    {"deflate.zip", {"-c", "--format", "zip"}}};

void bsdtar_create(const Format& format, const fs::path& archive, const fs::path& tree,
                   const std::vector<std::string>& names) {
  std::vector<std::string> argv{"bsdtar"};
  argv.insert(argv.end(), format.flags.begin(), format.flags.end());
  argv.insert(argv.end(), {"-f", archive.string(), "-C", tree.string()});
  argv.insert(argv.end(), names.begin(), names.end());
  const auto made = run_program(argv);
  ASSERT_EQ(made.exit_code, 0) << made.err;
}

ImagePath path_of(const std::string& text) { return OK_VALUE(ImagePath::parse(text)); }

std::vector<std::string> files_in(const fs::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

// Opens `archive`, stages an edit of the last entry, lets `change` rewrite the archive in place
// (same inode, as an in-place re-pack does), then commits: refused, the changed archive as it was.
void expect_commit_refused_after(const Format& format, const TempDir& work, const fs::path& tree,
                                 const std::string& change_name) {
  const fs::path archive = work / (std::string("image.") + format.name);
  ASSERT_NO_FATAL_FAILURE(
      bsdtar_create(format, archive, tree, {"a/first.txt", "b/middle.txt", "c/last.txt"}));
  auto opened = open_image(archive.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_OK(opened);
  auto& image = *opened;
  ASSERT_OK(image->write(path_of("c/last.txt"), "edited by kmsprep"));

  const fs::path other = work / "other";
  fs::create_directories(other);
  const fs::path repacked = other / "repacked";
  ASSERT_NO_FATAL_FAILURE(
      bsdtar_create(format, repacked, tree, {change_name, "b/middle.txt", "c/last.txt"}));
  const std::string changed_bytes = read_bytes(repacked);
  write_bytes(archive, changed_bytes);  // in place: the open image's file now holds these bytes
  fs::remove_all(other);

  auto committed = image->commit();
  ASSERT_FALSE(committed) << "a commit into an archive that changed since it was opened";
  EXPECT_EQ(committed.error().code(), ErrorCode::image_corrupt) << committed.error().to_string();
  EXPECT_EQ(committed.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(committed.error().detail().find("changed since it was opened"), std::string::npos)
      << committed.error().to_string();
  EXPECT_NE(committed.error().to_string().find(archive.string()), std::string::npos)
      << committed.error().to_string();
  EXPECT_EQ(read_bytes(archive), changed_bytes) << "the commit wrote into the changed archive";
  EXPECT_EQ(files_in(work.path()), std::vector<std::string>{archive.filename().string()})
      << "a temporary file was left beside the archive";
}

fs::path make_tree(const TempDir& dir) {
  const fs::path tree = dir / "tree";
  write_bytes(tree / "a/first.txt", "first");
  write_bytes(tree / "a/renamed.txt", "first");
  write_bytes(tree / "a/longer.txt", std::string(5000, 'L'));
  write_bytes(tree / "b/middle.txt", "middle");
  write_bytes(tree / "c/last.txt", "last");
  return tree;
}

// The first entry is renamed: the entry the index names at that place is another one.
TEST(ArchiveChangedSinceOpened, ARenamedEntryRefusesTheCommitAndWritesNothing) {
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format.name);
    TempDir work;
    expect_commit_refused_after(format, work, tree, "a/renamed.txt");
  }
}

// Same names, but the first entry grew: every later header moved.
TEST(ArchiveChangedSinceOpened, AnEntryThatGrewRefusesTheCommitOrIsKeptInAStoredZip) {
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  for (const auto& format : kFormats) {
    SCOPED_TRACE(format.name);
    TempDir work;
    const fs::path archive = work / (std::string("image.") + format.name);
    ASSERT_NO_FATAL_FAILURE(
        bsdtar_create(format, archive, tree, {"a/first.txt", "b/middle.txt", "c/last.txt"}));
    auto opened = open_image(archive.string(), OpenOptions{1, true, false, nullptr});
    ASSERT_OK(opened);
    ASSERT_OK((*opened)->write(path_of("c/last.txt"), "edited by kmsprep"));

    write_bytes(tree / "a/first.txt", std::string(3000, 'F'));
    const fs::path repacked = dir / "repacked";
    ASSERT_NO_FATAL_FAILURE(
        bsdtar_create(format, repacked, tree, {"a/first.txt", "b/middle.txt", "c/last.txt"}));
    write_bytes(tree / "a/first.txt", "first");
    const std::string changed_bytes = read_bytes(repacked);
    write_bytes(archive, changed_bytes);

    auto committed = (*opened)->commit();
    if (std::string(format.name).find("zip") != std::string::npos) {
      // A zip is rewritten from the archive as it is at commit time (its central directory, or
      // libarchive reading every entry), and the entries have the same names: the edit lands in
      // the changed archive and keeps the other program's change. Nothing is lost and the result
      // is a whole zip.
      ASSERT_OK(committed);
      const auto first = run_program({"bsdtar", "-xOf", archive.string(), "a/first.txt"});
      EXPECT_EQ(first.out, std::string(3000, 'F')) << first.err;
      const auto last = run_program({"bsdtar", "-xOf", archive.string(), "c/last.txt"});
      EXPECT_EQ(last.out, "edited by kmsprep") << last.err;
      continue;
    }
    ASSERT_FALSE(committed);
    EXPECT_EQ(committed.error().code(), ErrorCode::image_corrupt) << committed.error().to_string();
    EXPECT_EQ(read_bytes(archive), changed_bytes);
    EXPECT_EQ(files_in(work.path()), std::vector<std::string>{archive.filename().string()});
  }
}

// Reading an entry after the archive changed is refused the same way, instead of returning
// another entry's bytes.
TEST(ArchiveChangedSinceOpened, AReadAfterTheArchiveChangedIsRefused) {
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  TempDir dir;
  const fs::path tree = make_tree(dir);
  for (const auto& format : {kFormats[0], kFormats[1]}) {
    SCOPED_TRACE(format.name);
    TempDir work;
    const fs::path archive = work / (std::string("image.") + format.name);
    ASSERT_NO_FATAL_FAILURE(
        bsdtar_create(format, archive, tree, {"a/first.txt", "b/middle.txt", "c/last.txt"}));
    auto opened = open_image(archive.string(), OpenOptions{1, false, false, nullptr});
    ASSERT_OK(opened);
    const fs::path repacked = dir / "repacked";
    ASSERT_NO_FATAL_FAILURE(
        bsdtar_create(format, repacked, tree, {"a/first.txt", "a/renamed.txt", "c/last.txt"}));
    write_bytes(archive, read_bytes(repacked));

    auto read = (*opened)->read(path_of("b/middle.txt"));
    ASSERT_FALSE(read) << "read gave: " << *read;
    EXPECT_EQ(read.error().code(), ErrorCode::image_corrupt) << read.error().to_string();
    EXPECT_NE(read.error().detail().find("changed since it was opened"), std::string::npos)
        << read.error().to_string();
  }
}

}  // namespace
}  // namespace kmsprep
