// ImageSession and WIM indexes: with kNoImageIndex a one-image source opens as index 1 and a WIM
// with several images is refused (E103) naming each image; every_image_properties lists them.
// WIMs are made with wimlib-imagex.
#include <gtest/gtest.h>

#include "servicing/image_session.hpp"
#include "tests/image/wim_test_fixtures.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::capture_tree;
using test::TempDir;
using test::wimlib_imagex;
using test::windows_tree;

void set_edition(const fs::path& wim, int index, const std::string& edition) {
  const auto result = wimlib_imagex({"info", wim.string(), std::to_string(index),
                                     "--image-property", "WINDOWS/EDITIONID=" + edition});
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

TEST(ImageSessionIndexes, RefusesAWimWithSeveralImagesWhenNoIndexIsNamed) {
  TempDir dir;
  const fs::path wim = dir / "install.wim";
  capture_tree(dir.path(), windows_tree(), wim, "Windows 10 Enterprise");
  capture_tree(dir.path(), windows_tree(), wim, "Windows 10 Education");
  capture_tree(dir.path(), windows_tree(), wim, "Captured on Linux");
  set_edition(wim, 1, "Enterprise");
  set_edition(wim, 2, "Education");

  for (bool writable : {false, true}) {
    auto session = ImageSession::open(wim.string(), kNoImageIndex, writable, nullptr);
    ASSERT_FALSE(session);
    const Error& error = session.error();
    EXPECT_EQ(error.code(), ErrorCode::usage_index_required);
    EXPECT_EQ(error.kind(), ErrorKind::usage);
    EXPECT_EQ(error.location(), wim.string());
    EXPECT_EQ(error.detail(),
              "index 1 \"Windows 10 Enterprise\" (EditionID Enterprise); "
              "index 2 \"Windows 10 Education\" (EditionID Education); "
              "index 3 \"Captured on Linux\" (EditionID none)");
  }

  auto second = ImageSession::open(wim.string(), 2, false, nullptr);
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_EQ(second->index(), 2);
  EXPECT_EQ(second->edition_id(), "Education");

  auto images = every_image_properties(wim.string(), nullptr);
  ASSERT_TRUE(images) << images.error().to_string();
  ASSERT_EQ(images->size(), 3u);
  EXPECT_EQ((*images)[2].index, 3);
  EXPECT_EQ((*images)[1].values.at("NAME"), "Windows 10 Education");
}

TEST(ImageSessionIndexes, OpensAOneImageWimAndADirectoryAsIndexOne) {
  TempDir dir;
  const fs::path wim = dir / "one.wim";
  capture_tree(dir.path(), windows_tree(), wim, "Only");
  test::make_tree(dir / "pc", windows_tree());
  for (const fs::path& source : {wim, dir / "pc"}) {
    auto session = ImageSession::open(source.string(), kNoImageIndex, true, nullptr);
    ASSERT_TRUE(session) << session.error().to_string();
    EXPECT_EQ(session->index(), 1);
    auto images = every_image_properties(source.string(), nullptr);
    ASSERT_TRUE(images) << images.error().to_string();
    EXPECT_EQ(images->size(), 1u);
  }
}

TEST(ImageSessionIndexes, ANamedIndexBeyondTheWimIsStillBadInput) {
  TempDir dir;
  const fs::path wim = dir / "one.wim";
  capture_tree(dir.path(), windows_tree(), wim, "Only");
  auto session = ImageSession::open(wim.string(), 2, false, nullptr);
  ASSERT_FALSE(session);
  EXPECT_EQ(session.error().code(), ErrorCode::image_index_missing);
}

}  // namespace
}  // namespace kmsprep
