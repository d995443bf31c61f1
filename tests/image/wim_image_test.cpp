#include "image/wim_image.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "image/image.hpp"
#include "tests/image/wim_test_fixtures.hpp"
#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::apply_image;
using test::capture_tree;
using test::identity_of;
using test::TempDir;
using test::Tree;
using test::windows_tree;

ImagePath path(const std::string& text) { return *ImagePath::parse(text); }

std::unique_ptr<Image> open(const fs::path& wim, int index = 1, bool writable = false,
                            bool rebuild = false) {
  auto image = open_image(wim.string(), OpenOptions{index, writable, rebuild, nullptr});
  REQUIRE_OK(image);
  return image ? std::move(*image) : nullptr;
}

Tree second_tree() {
  return {{"Windows/Panther/unattend.xml", "<unattend>second</unattend>\n"},
          {"Windows/System32/license.rtf", "license"},
          {"data/big.bin", std::string(100000, 'b')}};
}

// A WIM with two images: "First" (windows_tree) and "Second" (second_tree).
fs::path two_image_wim(const TempDir& dir) {
  const fs::path wim = dir / "install.wim";
  capture_tree(dir.path(), windows_tree(), wim, "First");
  capture_tree(dir.path(), second_tree(), wim, "Second");
  return wim;
}

TEST(WimImage, ReadsOneFileListsAndStats) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  auto image = open(wim);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->format_name(), "wim");
  auto bytes = image->read(path("Windows/Panther/unattend.xml"));
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  EXPECT_EQ(*bytes, "<unattend>old</unattend>\n");

  auto entry = image->stat(path("Windows/System32/config/SOFTWARE"));
  ASSERT_TRUE(entry);
  ASSERT_TRUE(*entry);
  EXPECT_EQ((*entry)->type, EntryType::file);
  EXPECT_EQ((*entry)->size, 3000u);
  auto missing = image->stat(path("Windows/nothing.txt"));
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);

  auto root = image->list(ImagePath());
  ASSERT_TRUE(root) << root.error().to_string();
  std::vector<std::string> names;
  for (const auto& e : *root) names.push_back(e.path.to_string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"Program Files", "Users", "Windows", "bootmgr"}));

  auto second = open(wim, 2);
  ASSERT_TRUE(second);
  EXPECT_EQ(OK_VALUE(second->read(path("Windows/Panther/unattend.xml"))),
            "<unattend>second</unattend>\n");
}

TEST(WimImage, FindsPathsIgnoringLetterCase) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  auto image = open(wim);
  auto bytes = image->read(path("WINDOWS\\panther\\Unattend.XML"));
  ASSERT_TRUE(bytes) << bytes.error().to_string();
  EXPECT_EQ(*bytes, "<unattend>old</unattend>\n");
  auto entry = image->stat(path("windows/PANTHER/unattend.xml"));
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->path.to_string(), "Windows/Panther/unattend.xml");
}

TEST(WimImage, ReportsPropertiesAndImageCount) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  auto image = open(wim, 2);
  auto properties = image->properties();
  ASSERT_TRUE(properties);
  EXPECT_EQ(properties->image_count, 2);
  EXPECT_EQ(properties->index, 2);
  EXPECT_EQ(properties->values["NAME"], "Second");
  EXPECT_TRUE(image->capabilities().write);
  EXPECT_TRUE(image->capabilities().set_properties);
}

TEST(WimImage, KeepsOtherFilesAndOtherImagesWhenPutting) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const Tree first_before = apply_image(wim, 1);
  const Tree second_before = apply_image(wim, 2);
  {
    auto image = open(wim, 2, true);
    ASSERT_TRUE(image->write(path("Windows/Panther/unattend.xml"), "<unattend>new</unattend>"));
    auto committed = image->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
    EXPECT_TRUE(committed->wrote);
    EXPECT_EQ(committed->changed, (std::vector<std::string>{"Windows/Panther/unattend.xml"}));
    // The same Image object reads the committed state.
    EXPECT_EQ(OK_VALUE(image->read(path("Windows/Panther/unattend.xml"))),
              "<unattend>new</unattend>");
  }
  EXPECT_EQ(OK_VALUE(open(wim, 2)->read(path("Windows/Panther/unattend.xml"))),
            "<unattend>new</unattend>");
  EXPECT_EQ(apply_image(wim, 1), first_before);
  Tree second_expected = second_before;
  second_expected["Windows/Panther/unattend.xml"] = "<unattend>new</unattend>";
  EXPECT_EQ(apply_image(wim, 2), second_expected);
  EXPECT_EQ(test::wimlib_imagex({"verify", wim.string()}).exit_code, 0);
}

TEST(WimImage, KeepsTheExistingSpellingWhenPuttingCaseInsensitively) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  {
    auto image = open(wim, 1, true);
    ASSERT_TRUE(image->write(path("windows/PANTHER/UNATTEND.XML"), "changed"));
    ASSERT_TRUE(image->write(path("WINDOWS/panther/added.txt"), "added"));
    auto committed = image->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  const Tree applied = apply_image(wim, 1);
  EXPECT_EQ(applied.at("Windows/Panther/unattend.xml"), "changed");
  EXPECT_EQ(applied.at("Windows/Panther/added.txt"), "added");
  for (const auto& [name, bytes] : applied) {
    EXPECT_EQ(name.find("WINDOWS"), std::string::npos) << name;
    EXPECT_EQ(name.find("UNATTEND"), std::string::npos) << name;
    EXPECT_EQ(name.find("PANTHER"), std::string::npos) << name;
  }
}

TEST(WimImage, WritesNothingWhenThePutChangesNoByte) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto before = identity_of(wim);
  auto image = open(wim, 1, true);
  ASSERT_TRUE(image->write(path("windows/panther/unattend.xml"), "<unattend>old</unattend>\n"));
  auto committed = image->commit();
  ASSERT_TRUE(committed);
  EXPECT_FALSE(committed->wrote);
  EXPECT_TRUE(identity_of(wim) == before);
}

TEST(WimImage, WritesASameSizeChangeAndSkipsAnIdenticalFile) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  {
    auto image = open(wim, 1, true);
    // Same size as the original, other bytes: the stored SHA-1 differs, so it is written.
    ASSERT_TRUE(image->write(path("Windows/Panther/unattend.xml"), "<unattend>new</unattend>\n"));
    ASSERT_TRUE(image->write(path("bootmgr"), "boot manager"));  // identical: skipped
    auto committed = image->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
    EXPECT_EQ(committed->changed, (std::vector<std::string>{"Windows/Panther/unattend.xml"}));
  }
  EXPECT_EQ(apply_image(wim, 1).at("Windows/Panther/unattend.xml"), "<unattend>new</unattend>\n");
}

TEST(WimImage, TreatsAnEmptyFileLikeAnyOther) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  {
    auto image = open(wim, 1, true);
    ASSERT_TRUE(image->write(path("Windows/empty.log"), ""));
    ASSERT_TRUE(image->commit());
  }
  const auto before = identity_of(wim);
  auto image = open(wim, 1, true);
  EXPECT_EQ(OK_VALUE(image->read(path("windows/EMPTY.log"))), "");
  ASSERT_TRUE(image->write(path("WINDOWS/empty.LOG"), ""));
  auto committed = image->commit();
  ASSERT_TRUE(committed);
  EXPECT_FALSE(committed->wrote);
  EXPECT_TRUE(identity_of(wim) == before);
}

TEST(WimImage, ReadsAndWritesAPipableWim) {
  TempDir dir;
  const fs::path wim = dir / "pipable.wim";
  capture_tree(dir.path(), windows_tree(), wim, "Pipable", {"--pipable"});
  {
    auto image = open(wim, 1, true);
    ASSERT_TRUE(image);
    EXPECT_EQ(OK_VALUE(image->read(path("bootmgr"))), "boot manager");
    ASSERT_TRUE(image->write(path("Windows/Panther/unattend.xml"), "piped"));
    auto committed = image->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  EXPECT_EQ(apply_image(wim, 1).at("Windows/Panther/unattend.xml"), "piped");
  EXPECT_EQ(test::wimlib_imagex({"verify", wim.string()}).exit_code, 0);
}

TEST(WimImage, AppendsInPlaceByDefault) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto before = identity_of(wim);
  auto image = open(wim, 1, true);
  ASSERT_TRUE(image->write(path("new.txt"), "new"));
  ASSERT_TRUE(image->commit());
  const auto after = identity_of(wim);
  EXPECT_EQ(after.inode, before.inode);  // an append keeps the file; a rebuild renames a new one
  EXPECT_GT(after.bytes.size(), before.bytes.size());
}

TEST(WimImage, RebuildsThroughATemporaryFileWhenAsked) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto before = identity_of(wim);
  const Tree second_before = apply_image(wim, 2);
  {
    auto image = open(wim, 1, true, true);
    ASSERT_TRUE(image->write(path("Windows/Panther/unattend.xml"), "rebuilt"));
    auto committed = image->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  EXPECT_NE(identity_of(wim).inode, before.inode);
  EXPECT_EQ(OK_VALUE(open(wim)->read(path("Windows/Panther/unattend.xml"))), "rebuilt");
  EXPECT_EQ(apply_image(wim, 2), second_before);
  EXPECT_EQ(test::wimlib_imagex({"verify", wim.string()}).exit_code, 0);
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find("tmp"), std::string::npos) << entry.path();
  }
}

TEST(WimImage, RemovesAFile) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  {
    auto image = open(wim, 1, true);
    ASSERT_TRUE(image->remove(path("USERS/public/README.txt")));
    ASSERT_TRUE(image->commit());
  }
  Tree expected = apply_image(wim, 1);
  EXPECT_EQ(expected.count("Users/Public/readme.txt"), 0u);
  EXPECT_EQ(expected.at("bootmgr"), "boot manager");
}

TEST(WimImage, SetsAndReadsImageProperties) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  {
    auto image = open(wim, 2, true);
    ASSERT_TRUE(image->set_property("WINDOWS/EDITIONID", "Enterprise"));
    ASSERT_TRUE(image->set_property("FLAGS", "Enterprise"));
    ASSERT_TRUE(image->set_property("DESCRIPTION", "Windows 10 Enterprise"));
    auto committed = image->commit();
    ASSERT_TRUE(committed) << committed.error().to_string();
  }
  auto properties = open(wim, 2)->properties();
  ASSERT_TRUE(properties);
  EXPECT_EQ(properties->values["WINDOWS/EDITIONID"], "Enterprise");
  EXPECT_EQ(properties->values["FLAGS"], "Enterprise");
  EXPECT_EQ(properties->values["DESCRIPTION"], "Windows 10 Enterprise");
  EXPECT_EQ(open(wim, 1)->properties()->values.count("FLAGS"), 0u);
}

TEST(WimImage, RefusesAMissingIndexSayingHowManyImagesThereAre) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto before = identity_of(wim);
  auto image = open_image(wim.string(), OpenOptions{3, true, false, nullptr});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code(), ErrorCode::image_index_missing);
  EXPECT_EQ(image.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(image.error().to_string().find("holds 2 images"), std::string::npos)
      << image.error().to_string();
  EXPECT_TRUE(identity_of(wim) == before);
}

TEST(WimImage, RefusesATruncatedWimAsCorrupt) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const std::string whole = test::read_bytes(wim);
  test::write_bytes(wim, whole.substr(0, whole.size() / 2));
  const auto before = identity_of(wim);
  auto image = open_image(wim.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code(), ErrorCode::image_corrupt) << image.error().to_string();
  EXPECT_EQ(image.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(image.error().to_string().find(wim.string()), std::string::npos);
  EXPECT_TRUE(identity_of(wim) == before);
}

TEST(WimImage, RefusesAWimHeaderFollowedByGarbageAsCorrupt) {
  TempDir dir;
  const fs::path wim = dir / "garbage.wim";
  test::write_bytes(wim, std::string("MSWIM\0\0\0", 8) + std::string(4096, '\x5a'));
  const auto before = identity_of(wim);
  auto image = open_image(wim.string(), OpenOptions{1, false, false, nullptr});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code(), ErrorCode::image_corrupt) << image.error().to_string();
  EXPECT_TRUE(identity_of(wim) == before);
}

TEST(WimImage, ReportsAMissingPathAndLeavesTheWimAlone) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto before = identity_of(wim);
  auto image = open(wim, 1, true);
  auto bytes = image->read(path("Windows/Panther/missing.xml"));
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code(), ErrorCode::path_not_in_image);
  // A put below a file cannot work; it fails at commit without touching the WIM.
  ASSERT_TRUE(image->write(path("bootmgr/inside.txt"), "x"));
  auto committed = image->commit();
  ASSERT_FALSE(committed);
  EXPECT_EQ(committed.error().kind(), ErrorKind::bad_input) << committed.error().to_string();
  EXPECT_TRUE(identity_of(wim) == before);
  // The failed update was not half-applied to what the image shows.
  auto entry = image->stat(path("bootmgr"));
  ASSERT_TRUE(entry && *entry);
  EXPECT_EQ((*entry)->type, EntryType::file);
}

// wimlib-imagex delete of the only image leaves a WIM whose header counts none: E309 says so
// and what to do, for every index, rather than "index 1 does not exist".
TEST(WimImage, RefusesAWimThatHoldsNoImage) {
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  capture_tree(dir.path(), windows_tree(), wim, "Only");
  ASSERT_EQ(test::wimlib_imagex({"delete", wim.string(), "1"}).exit_code, 0);
  const auto before = identity_of(wim);
  for (int index : {1, 2}) {
    auto image = open_image(wim.string(), OpenOptions{index, false, false, nullptr});
    ASSERT_FALSE(image);
    EXPECT_EQ(image.error().code(), ErrorCode::wim_no_image);
    EXPECT_EQ(image.error().kind(), ErrorKind::bad_input);
    EXPECT_EQ(image.error().to_string(),
              "E309 the WIM holds no image: its header counts 0 images (every image was deleted, "
              "or it was written empty) [at " +
                  wim.string() + "]. capture a directory into it (kmsprep capture DIR " +
                  wim.string() + " --name NAME), or give a WIM that holds the image");
  }
  EXPECT_TRUE(identity_of(wim) == before);
}

TEST(WimImage, ReadsASolidWimButRefusesToWriteIt) {
  TempDir dir;
  const fs::path esd = dir / "install.esd";
  capture_tree(dir.path(), windows_tree(), esd, "Solid", {"--solid"});
  const auto before = identity_of(esd);
  auto image = open(esd);
  ASSERT_TRUE(image);
  EXPECT_EQ(OK_VALUE(image->read(path("Windows/Panther/unattend.xml"))),
            "<unattend>old</unattend>\n");
  EXPECT_FALSE(image->capabilities().write);
  EXPECT_NE(image->capabilities().write_refusal.find("solid"), std::string::npos);
  auto write = image->write(path("a.txt"), "a");
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code(), ErrorCode::image_write_unsupported);
  auto writable = open_image(esd.string(), OpenOptions{1, true, false, nullptr});
  ASSERT_FALSE(writable);
  EXPECT_EQ(writable.error().code(), ErrorCode::image_write_unsupported);
  EXPECT_TRUE(identity_of(esd) == before);
}

TEST(WimImage, ReadsASplitWimButRefusesToWriteIt) {
  TempDir dir;
  const fs::path wim = dir / "big.wim";
  Tree tree = windows_tree();
  std::string noise;
  uint32_t state = 12345;
  for (int i = 0; i < 3 * 1024 * 1024; ++i) {
    state = state * 1103515245u + 12345u;
    noise += static_cast<char>(state >> 24);
  }
  tree["data/noise.bin"] = noise;
  capture_tree(dir.path(), tree, wim, "Big", {"--compress=none"});
  const auto split = test::wimlib_imagex({"split", wim.string(), (dir / "part.swm").string(), "1"});
  ASSERT_EQ(split.exit_code, 0) << split.err;
  ASSERT_TRUE(fs::exists(dir / "part2.swm"));
  auto image = open(dir / "part.swm");
  ASSERT_TRUE(image);
  EXPECT_EQ(OK_VALUE(image->read(path("data/noise.bin"))), noise);
  EXPECT_FALSE(image->capabilities().write);
  EXPECT_NE(image->capabilities().write_refusal.find("split"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
