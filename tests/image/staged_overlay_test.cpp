// What an open image shows between staging and commit (image/image.cpp): stat, list and read
// see the staged writes and removals on top of the original, new directories appear as the
// writes below them are staged, and the commit then writes exactly that. Run on the same tree as
// a directory, a tar and a WIM (made here with bsdtar and wimlib-imagex), and read back after
// the commit with a fresh open.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "image/image.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;
using test::write_bytes;

ImagePath path(const std::string& text) { return *ImagePath::parse(text); }

const std::string kOld = "<unattend>old</unattend>";
const std::string kNew = "<unattend>staged</unattend>";
const std::string kScript = "@echo off\r\n";

fs::path make_image(const TempDir& dir, const std::string& format) {
  const fs::path tree = dir / "tree";
  write_bytes(tree / "Windows/Panther/unattend.xml", kOld);
  write_bytes(tree / "Windows/System32/config/SOFTWARE", std::string(5000, 'S'));
  write_bytes(tree / "Windows/notes.txt", "notes");
  if (format == "directory") return tree;
  const fs::path image = dir / ("image." + format);
  const auto made =
      format == "wim"
          ? run_program({"wimlib-imagex", "capture", tree.string(), image.string(), "Lab"})
          : run_program({"bsdtar", "-c", "--format", "ustar", "-f", image.string(), "-C",
                         tree.string(), "."});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return image;
}

std::vector<std::string> names(const std::vector<EntryInfo>& entries) {
  std::vector<std::string> listed;
  for (const auto& entry : entries) listed.push_back(entry.path.filename());
  std::sort(listed.begin(), listed.end());
  return listed;
}

class StagedOverlay : public ::testing::TestWithParam<std::string> {};

TEST_P(StagedOverlay, StatListAndReadSeeStagedChangesAndTheCommitWritesThem) {
  ASSERT_TRUE(test::program_exists("bsdtar") && test::program_exists("wimlib-imagex"));
  TempDir dir;
  const fs::path source = make_image(dir, GetParam());
  auto opened = open_image(source.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_TRUE(opened) << opened.error().detail();
  Image& image = **opened;

  ASSERT_TRUE(image.write(path("Windows/Panther/unattend.xml"), kNew));
  ASSERT_TRUE(image.write(path("Windows/Setup/Scripts/SetupComplete.cmd"), kScript));
  ASSERT_TRUE(image.remove(path("Windows/notes.txt")));
  // A staged write removed again before the commit leaves nothing behind.
  ASSERT_TRUE(image.write(path("Windows/Temp/scratch.txt"), "scratch"));
  ASSERT_TRUE(image.remove(path("Windows/Temp/scratch.txt")));

  // New directories exist as soon as a write below them is staged.
  const auto setup = image.stat(path("Windows/Setup"));
  ASSERT_TRUE(setup);
  ASSERT_TRUE(*setup);
  EXPECT_EQ((*setup)->type, EntryType::directory);
  const auto windows = image.list(path("Windows"));
  ASSERT_TRUE(windows) << windows.error().detail();
  EXPECT_EQ(names(*windows), (std::vector<std::string>{"Panther", "Setup", "System32"}));
  const auto scripts = image.list(path("Windows/Setup/Scripts"));
  ASSERT_TRUE(scripts) << scripts.error().detail();
  ASSERT_EQ(scripts->size(), 1u);
  EXPECT_EQ(scripts->front().path.filename(), "SetupComplete.cmd");
  EXPECT_EQ(scripts->front().size, kScript.size());
  const auto panther = image.list(path("Windows/Panther"));
  ASSERT_TRUE(panther);
  ASSERT_EQ(panther->size(), 1u);
  EXPECT_EQ(panther->front().size, kNew.size());  // the staged size, not the original's

  // Reads give the staged bytes, through each read interface; removed files are gone.
  EXPECT_EQ(*image.read(path("Windows/Panther/unattend.xml")), kNew);
  StringSink sink;
  ASSERT_TRUE(image.read_to(path("Windows/Panther/unattend.xml"), sink));
  EXPECT_EQ(sink.bytes(), kNew);
  auto as_file = image.read_as_file(path("Windows/Panther/unattend.xml"));
  ASSERT_TRUE(as_file);
  EXPECT_EQ(*as_file->read_all(), kNew);
  const auto removed_stat = image.stat(path("Windows/notes.txt"));
  ASSERT_TRUE(removed_stat);
  EXPECT_FALSE(*removed_stat);
  const auto removed = image.read(path("Windows/notes.txt"));
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code(), ErrorCode::path_not_in_image);
  StringSink removed_sink;
  EXPECT_FALSE(image.read_to(path("Windows/notes.txt"), removed_sink));
  EXPECT_TRUE(removed_sink.bytes().empty());

  // Refusals while staged: a directory removed, a file listed, a directory that is nowhere.
  const auto remove_directory = image.remove(path("Windows/System32"));
  ASSERT_FALSE(remove_directory);
  EXPECT_EQ(remove_directory.error().code(), ErrorCode::path_is_directory);
  const auto list_file = image.list(path("Windows/Panther/unattend.xml"));
  ASSERT_FALSE(list_file);
  EXPECT_EQ(list_file.error().code(), ErrorCode::path_not_in_image);
  const auto list_missing = image.list(path("Windows/Nowhere"));
  ASSERT_FALSE(list_missing);
  EXPECT_EQ(list_missing.error().code(), ErrorCode::path_not_in_image);
  const auto too_small = image.read(path("Windows/System32/config/SOFTWARE"), 100);
  ASSERT_FALSE(too_small);
  EXPECT_EQ(too_small.error().code(), ErrorCode::file_too_large);
  const auto too_small_file = image.read_as_file(path("Windows/System32/config/SOFTWARE"), 100);
  ASSERT_FALSE(too_small_file);
  EXPECT_EQ(too_small_file.error().code(), ErrorCode::file_too_large);
  StringSink too_small_sink;
  const auto too_small_copy =
      image.read_to(path("Windows/System32/config/SOFTWARE"), too_small_sink, 100);
  ASSERT_FALSE(too_small_copy);
  EXPECT_EQ(too_small_copy.error().code(), ErrorCode::file_too_large);

  const auto committed = image.commit();
  ASSERT_TRUE(committed) << committed.error().detail();
  EXPECT_TRUE(committed->wrote);

  auto reopened = open_image(source.string(), OpenOptions{});
  ASSERT_TRUE(reopened) << reopened.error().detail();
  EXPECT_EQ(*(*reopened)->read(path("Windows/Panther/unattend.xml")), kNew);
  EXPECT_EQ(*(*reopened)->read(path("Windows/Setup/Scripts/SetupComplete.cmd")), "@echo off\r\n");
  EXPECT_EQ(*(*reopened)->read(path("Windows/System32/config/SOFTWARE")), std::string(5000, 'S'));
  const auto gone = (*reopened)->stat(path("Windows/notes.txt"));
  ASSERT_TRUE(gone);
  EXPECT_FALSE(*gone);
  const auto temp = (*reopened)->stat(path("Windows/Temp/scratch.txt"));
  ASSERT_TRUE(temp);
  EXPECT_FALSE(*temp);
}

INSTANTIATE_TEST_SUITE_P(Formats, StagedOverlay, ::testing::Values("directory", "tar", "wim"));

// WIM properties staged on an open image: properties() shows them before the commit, an
// unchanged value writes nothing, a name wimlib refuses (not a valid property path) and a NAME
// another image has are refused at the commit with their codes and the WIM byte-identical; a
// directory carries no properties at all.
TEST(StagedProperties, WimPropertiesAreShownStagedAndRefusedNamesLeaveTheWimAlone) {
  ASSERT_TRUE(test::program_exists("wimlib-imagex"));
  TempDir dir;
  const fs::path wim = make_image(dir, "wim");
  ASSERT_EQ(run_program({"wimlib-imagex", "append", (dir / "tree").string(), wim.string(), "Two"})
                .exit_code,
            0);
  {
    auto opened = open_image(wim.string(), OpenOptions{1, true, false, nullptr});
    ASSERT_TRUE(opened) << opened.error().detail();
    ASSERT_TRUE((*opened)->set_property("NAME", "Lab"));  // its own name: nothing to write
    const auto unchanged = (*opened)->commit();
    ASSERT_TRUE(unchanged) << unchanged.error().detail();
    EXPECT_FALSE(unchanged->wrote);
  }
  const std::string before = read_bytes(wim);
  struct Refused {
    const char* name;
    const char* value;
    ErrorCode code;
  };
  for (const Refused& refused : {Refused{"NAME", "Two", ErrorCode::wim_image_name_taken},
                                 Refused{"BAD//PATH", "x", ErrorCode::usage_invalid_argument}}) {
    SCOPED_TRACE(refused.name);
    auto opened = open_image(wim.string(), OpenOptions{1, true, false, nullptr});
    ASSERT_TRUE(opened) << opened.error().detail();
    ASSERT_TRUE((*opened)->set_property(refused.name, refused.value));
    const auto shown = (*opened)->properties();
    ASSERT_TRUE(shown) << shown.error().detail();
    EXPECT_EQ(shown->values.at(refused.name), refused.value);
    const auto committed = (*opened)->commit();
    ASSERT_FALSE(committed);
    EXPECT_EQ(committed.error().code(), refused.code) << committed.error().detail();
    EXPECT_EQ(read_bytes(wim), before);
  }
  auto opened = open_image(wim.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_TRUE(opened);
  ASSERT_TRUE((*opened)->set_property("DESCRIPTION", "Contoso lab image"));
  ASSERT_TRUE((*opened)->commit());
  const auto info = run_program({"wimlib-imagex", "info", wim.string(), "1"});
  EXPECT_NE(info.out.find("Contoso lab image"), std::string::npos) << info.out;

  const fs::path tree = make_image(dir, "directory");
  auto directory = open_image(tree.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_TRUE(directory);
  const auto set = (*directory)->set_property("DESCRIPTION", "x");
  const auto committed = set ? (*directory)->commit() : Result<CommitResult>(set.error());
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code(), ErrorCode::image_property_unsupported);
}

// A UDF disc (genisoimage -udf) read through the library: listing, a missing path, a read over
// the caller's limit and a directory read as a file; nothing of it can be written.
TEST(UdfReads, ListsReadsAndRefusesLikeTheOtherBackends) {
  ASSERT_TRUE(test::program_exists("genisoimage"));
  TempDir dir;
  const fs::path tree = make_image(dir, "directory");
  const fs::path iso = dir / "disc.iso";
  ASSERT_EQ(
      run_program({"genisoimage", "-quiet", "-udf", "-o", iso.string(), tree.string()}).exit_code,
      0);
  auto opened = open_image(iso.string(), OpenOptions{});
  ASSERT_TRUE(opened) << opened.error().detail();
  Image& image = **opened;
  EXPECT_EQ(image.format_name(), "udf");
  const auto windows = image.list(path("Windows"));
  ASSERT_TRUE(windows) << windows.error().detail();
  EXPECT_EQ(names(*windows), (std::vector<std::string>{"Panther", "System32", "notes.txt"}));
  const auto missing = image.stat(path("Windows/absent.txt"));
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  EXPECT_EQ(*image.read(path("Windows/notes.txt")), "notes");
  const auto too_large = image.read(path("Windows/System32/config/SOFTWARE"), 100);
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code(), ErrorCode::file_too_large);
  const auto directory = image.read(path("Windows/Panther"));
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code(), ErrorCode::path_is_directory);
  const auto written = image.write(path("Windows/notes.txt"), "changed");
  const auto committed = written ? image.commit() : Result<CommitResult>(written.error());
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().code(), ErrorCode::image_write_unsupported);
}

}  // namespace
}  // namespace kmsprep
