#include "servicing/answer_file_locator.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

std::string answer_with(const std::vector<std::string>& passes) {
  std::string text = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">";
  for (const auto& pass : passes) {
    text += "<settings pass=\"" + pass +
            "\"><component name=\"Microsoft-Windows-Shell-Setup\"/></settings>";
  }
  return text + "</unattend>";
}

std::unique_ptr<Image> open(const test::TempDir& dir) {
  auto image = open_image(dir.path().string(), OpenOptions{});
  REQUIRE_OK(image);
  return std::move(image).value();
}

TEST(AnswerFileLocator, PicksTheHighestPrecedenceFileWithSettingsForEachPass) {
  test::TempDir dir;
  test::write_bytes(dir / "Windows/System32/config/SOFTWARE", "");
  test::write_bytes(dir / "Windows/Panther/Unattend/unattend.XML", answer_with({"oobeSystem"}));
  test::write_bytes(dir / "Windows/Panther/Unattend.xml",
                    answer_with({"specialize", "oobeSystem"}));
  test::write_bytes(dir / "Windows/System32/Sysprep/Unattend.xml", answer_with({"generalize"}));
  // Settings without components count as no settings: Setup skips the file for that pass.
  test::write_bytes(dir / "Unattend.xml",
                    "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings "
                    "pass=\"generalize\"/></unattend>");
  auto image = open(dir);
  auto search = locate_answer_files(*image);
  ASSERT_TRUE(search.ok()) << search.error().to_string();
  EXPECT_TRUE(search->os_image);
  EXPECT_FALSE(search->media);
  ASSERT_EQ(search->found.size(), 4u);
  EXPECT_EQ(search->found[0].path, "Windows/Panther/Unattend/unattend.XML");
  EXPECT_EQ(search->found[1].path, "Windows/Panther/Unattend.xml");
  EXPECT_EQ(search->found[2].path, "Windows/System32/Sysprep/Unattend.xml");
  EXPECT_EQ(search->found[3].path, "Unattend.xml");
  ASSERT_EQ(search->used.size(), 3u);
  EXPECT_EQ(search->used[0].pass, "generalize");
  EXPECT_EQ(search->used[0].path, "Windows/System32/Sysprep/Unattend.xml");
  EXPECT_EQ(search->used[1].path, "Windows/Panther/Unattend.xml");
  EXPECT_EQ(search->used[2].path, "Windows/Panther/Unattend/unattend.XML");
  EXPECT_FALSE(search->not_checked.empty());
}

TEST(AnswerFileLocator, FindsMediaAutounattendForWindowsPe) {
  test::TempDir dir;
  test::write_bytes(dir / "sources/install.wim", "x");
  test::write_bytes(dir / "sources/autounattend.xml", answer_with({"windowsPE"}));
  auto image = open(dir);
  auto search = locate_answer_files(*image);
  ASSERT_TRUE(search.ok());
  EXPECT_TRUE(search->media);
  ASSERT_EQ(search->found.size(), 1u);
  ASSERT_EQ(search->used.front().pass, "windowsPE");
  EXPECT_EQ(search->used.front().path, "sources/autounattend.xml");

  test::write_bytes(dir / "Autounattend.xml", answer_with({"windowsPE"}));
  auto reopened = open(dir);
  auto again = locate_answer_files(*reopened);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->used.front().path, "Autounattend.xml");
}

TEST(AnswerFileLocator, ReportsUnreadableFilesWithoutFailing) {
  test::TempDir dir;
  test::write_bytes(dir / "Windows/Panther/unattend.xml", "<unattend");
  auto image = open(dir);
  auto search = locate_answer_files(*image);
  ASSERT_TRUE(search.ok());
  ASSERT_EQ(search->found.size(), 1u);
  EXPECT_NE(search->found[0].problem.find("unattend.xml:1:"), std::string::npos);
}

TEST(AnswerFileLocator, NamesTheFileThatShadowsTheEditedOne) {
  test::TempDir dir;
  test::write_bytes(dir / "Windows/Panther/Unattend/Unattend.xml", answer_with({"specialize"}));
  test::write_bytes(dir / "Windows/Panther/unattend.xml", answer_with({"specialize"}));
  auto image = open(dir);
  auto search = locate_answer_files(*image);
  ASSERT_TRUE(search.ok());
  EXPECT_EQ(shadowing_answer_file(*search, default_answer_file_path(), "specialize"),
            "Windows/Panther/Unattend/Unattend.xml");
  EXPECT_FALSE(shadowing_answer_file(*search, default_answer_file_path(), "generalize"));
  EXPECT_FALSE(shadowing_answer_file(
      *search, OK_VALUE(ImagePath::parse("Windows/Panther/Unattend/Unattend.xml")), "specialize"));
}

TEST(AnswerFileLocator, MediaRootAutounattendServesEveryPassAndSourcesOnlyWindowsPe) {
  test::TempDir dir;
  test::write_bytes(dir / "setup.exe", "MZ");
  test::write_bytes(dir / "sources/install.wim", "x");
  test::write_bytes(
      dir / "Autounattend.xml",
      test::read_bytes(test::source_dir() / "tests/data/answer/media-all-passes.xml"));
  auto image = open(dir);
  auto search = locate_answer_files(*image);
  ASSERT_TRUE(search.ok());
  const std::vector<std::string> seven = {"windowsPE",  "offlineServicing", "generalize",
                                          "specialize", "auditSystem",      "auditUser",
                                          "oobeSystem"};
  ASSERT_EQ(search->used.size(), seven.size());
  for (size_t i = 0; i < seven.size(); ++i) {
    EXPECT_EQ(search->used[i].pass, seven[i]);
    EXPECT_EQ(search->used[i].path, "Autounattend.xml") << seven[i];
  }
  auto is_media = is_setup_media(*image);
  ASSERT_TRUE(is_media.ok());
  EXPECT_TRUE(*is_media);

  // The same file in sources/ serves only windowsPE and offlineServicing.
  test::TempDir other;
  test::write_bytes(other / "sources/install.wim", "x");
  test::write_bytes(
      other / "sources/Autounattend.xml",
      test::read_bytes(test::source_dir() / "tests/data/answer/media-all-passes.xml"));
  auto sources_image = open(other);
  auto sources = locate_answer_files(*sources_image);
  ASSERT_TRUE(sources.ok());
  for (const auto& choice : sources->used) {
    const bool served = choice.pass == "windowsPE" || choice.pass == "offlineServicing";
    EXPECT_EQ(choice.path.has_value(), served) << choice.pass;
  }
}

TEST(AnswerFileLocator, AnOsTreeIsNotSetupMedia) {
  test::TempDir dir;
  test::write_bytes(dir / "Windows/win.ini", "x");
  test::write_bytes(dir / "sources/readme.txt", "x");
  auto image = open(dir);
  auto is_media = is_setup_media(*image);
  ASSERT_TRUE(is_media.ok());
  EXPECT_FALSE(*is_media);
}

}  // namespace
}  // namespace kmsprep
