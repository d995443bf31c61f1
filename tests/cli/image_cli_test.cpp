// End-to-end runs of `kmsprep image info|cat|put` on directories and WIMs.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/image/wim_test_fixtures.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::apply_image;
using test::capture_tree;
using test::identity_of;
using test::make_tree;
using test::run_kmsprep;
using test::snapshot_tree;
using test::TempDir;
using test::Tree;
using test::windows_tree;

fs::path two_image_wim(const TempDir& dir) {
  const fs::path wim = dir / "install.wim";
  capture_tree(dir.path(), windows_tree(), wim, "First");
  capture_tree(dir.path(), {{"Windows/Panther/unattend.xml", "second"}, {"x.txt", "x"}}, wim,
               "Second");
  return wim;
}

nlohmann::json parse_json(const test::ProgramResult& result) {
  nlohmann::json document = nlohmann::json::parse(result.out, nullptr, false);
  EXPECT_FALSE(document.is_discarded()) << result.out << result.err;
  return document;
}

TEST(ImageCli, InfoDescribesAWimImageAsJson) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto result = run_kmsprep({"image", "info", wim.string(), "--index", "2", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto document = parse_json(result);
  EXPECT_EQ(document["format"], "wim");
  EXPECT_EQ(document["image_count"], 2);
  EXPECT_EQ(document["index"], 2);
  EXPECT_EQ(document["properties"]["NAME"], "Second");
  EXPECT_EQ(document["capabilities"]["write"], true);
  EXPECT_EQ(document["root"], nlohmann::json::array({"Windows/", "x.txt"}));
}

TEST(ImageCli, InfoDescribesADirectoryAsJson) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  const auto result = run_kmsprep({"image", "info", (dir / "pc").string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto document = parse_json(result);
  EXPECT_EQ(document["format"], "directory");
  EXPECT_EQ(document["capabilities"]["write"], true);
  EXPECT_EQ(document["root"],
            nlohmann::json::array({"Program Files/", "Users/", "Windows/", "bootmgr"}));
}

TEST(ImageCli, CatWritesTheFileBytesFromAWimAndADirectory) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  auto result =
      run_kmsprep({"image", "cat", wim.string(), "windows\\PANTHER\\unattend.xml", "--index", "1"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "<unattend>old</unattend>\n");
  result =
      run_kmsprep({"image", "cat", wim.string(), "Windows/Panther/unattend.xml", "--index", "2"});
  EXPECT_EQ(result.out, "second");
  make_tree(dir / "pc", windows_tree());
  result = run_kmsprep({"image", "cat", (dir / "pc").string(), "WINDOWS/panther/unattend.XML"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "<unattend>old</unattend>\n");
}

TEST(ImageCli, PutIntoAWimKeepsTheOtherImage) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const Tree second = apply_image(wim, 2);
  test::write_bytes(dir / "new.xml", "<unattend>new</unattend>");
  const auto put = run_kmsprep({"image", "put", wim.string(), "windows/panther/UNATTEND.XML",
                                "--from", (dir / "new.xml").string(), "--index", "1", "--json"});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_EQ(parse_json(put)["changed"], true);
  const auto cat =
      run_kmsprep({"image", "cat", wim.string(), "Windows/Panther/unattend.xml", "--index", "1"});
  EXPECT_EQ(cat.out, "<unattend>new</unattend>");
  EXPECT_EQ(apply_image(wim, 2), second);
  EXPECT_EQ(apply_image(wim, 1).count("Windows/Panther/UNATTEND.XML"), 0u);
}

TEST(ImageCli, PutWithRebuildRewritesTheWim) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto before = identity_of(wim);
  test::write_bytes(dir / "new.xml", "rebuilt");
  const auto put = run_kmsprep({"image", "put", wim.string(), "Windows/Panther/unattend.xml",
                                "--from", (dir / "new.xml").string(), "--index", "1", "--rebuild"});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_NE(identity_of(wim).inode, before.inode);
  EXPECT_EQ(
      run_kmsprep({"image", "cat", wim.string(), "Windows/Panther/unattend.xml", "--index", "1"})
          .out,
      "rebuilt");
  EXPECT_EQ(test::wimlib_imagex({"verify", wim.string()}).exit_code, 0);
}

TEST(ImageCli, PutOfIdenticalBytesWritesNothing) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  make_tree(dir / "pc", windows_tree());
  test::write_bytes(dir / "same.xml", "<unattend>old</unattend>\n");
  const auto wim_before = identity_of(wim);
  const auto file_before = identity_of(dir / "pc/Windows/Panther/unattend.xml");
  for (const fs::path& image : {wim, dir / "pc"}) {
    const auto put = run_kmsprep({"image", "put", image.string(), "Windows/Panther/unattend.xml",
                                  "--from", (dir / "same.xml").string(), "--index", "1", "--json"});
    ASSERT_EQ(put.exit_code, 0) << put.err;
    EXPECT_EQ(parse_json(put)["changed"], false);
  }
  EXPECT_TRUE(identity_of(wim) == wim_before);
  EXPECT_TRUE(identity_of(dir / "pc/Windows/Panther/unattend.xml") == file_before);
}

TEST(ImageCli, PutIntoADirectoryCreatesParents) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  test::write_bytes(dir / "SetupComplete.cmd", "@echo off\r\n");
  const auto put =
      run_kmsprep({"image", "put", (dir / "pc").string(), "Windows/Setup/Scripts/SetupComplete.cmd",
                   "--from", (dir / "SetupComplete.cmd").string()});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_EQ(test::read_bytes(dir / "pc/Windows/Setup/Scripts/SetupComplete.cmd"), "@echo off\r\n");
}

TEST(ImageCli, PutReportsThePathAsTheImageSpellsIt) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  test::write_bytes(dir / "new.xml", "<unattend/>");
  const auto put = run_kmsprep({"image", "put", wim.string(), "WINDOWS\\panther\\UNATTEND.XML",
                                "--from", (dir / "new.xml").string(), "--index", "1", "--json"});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  EXPECT_EQ(parse_json(put)["path"], "Windows/Panther/unattend.xml");
}

// Bad input: exit 3, a message naming the problem, the image byte-identical.
struct BadInputCase {
  std::vector<std::string> args;
  std::string message;
};

void expect_bad_input(const BadInputCase& bad, const fs::path& file) {
  const auto before = identity_of(file);
  const auto result = run_kmsprep(bad.args);
  EXPECT_EQ(result.exit_code, 3) << result.err;
  EXPECT_NE(result.err.find(bad.message), std::string::npos)
      << "expected \"" << bad.message << "\" in: " << result.err;
  EXPECT_TRUE(identity_of(file) == before) << file;
}

TEST(ImageCli, RefusesBadWimInputWithExitThree) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  test::write_bytes(dir / "new.xml", "x");
  const std::string from = (dir / "new.xml").string();
  expect_bad_input(
      {{"image", "put", wim.string(), "a.txt", "--from", from, "--index", "3"}, "holds 2 images"},
      wim);
  expect_bad_input({{"image", "cat", wim.string(), "Windows/missing.xml", "--index", "1"},
                    "Windows/missing.xml"},
                   wim);

  const fs::path truncated = dir / "truncated.wim";
  const std::string whole = test::read_bytes(wim);
  test::write_bytes(truncated, whole.substr(0, whole.size() - 300));
  expect_bad_input(
      {{"image", "put", truncated.string(), "a.txt", "--from", from}, truncated.string()},
      truncated);

  const fs::path text = dir / "text.wim";
  test::write_bytes(text, "just some text, named like a WIM\n");
  expect_bad_input({{"image", "info", text.string()}, text.string()}, text);

  const fs::path solid = dir / "install.esd";
  capture_tree(dir.path(), windows_tree(), solid, "Solid", {"--solid"});
  expect_bad_input({{"image", "put", solid.string(), "a.txt", "--from", from}, "solid"}, solid);
  EXPECT_EQ(run_kmsprep({"image", "cat", solid.string(), "bootmgr"}).out, "boot manager");

  const auto missing = run_kmsprep({"image", "info", (dir / "absent.wim").string()});
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
}

TEST(ImageCli, RefusesAnEscapingSymlinkInADirectoryImage) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  make_tree(dir / "outside", {{"secret.txt", "secret"}});
  fs::create_directory_symlink(dir / "outside", dir / "pc/Windows/Logs");
  test::write_bytes(dir / "new.txt", "x");
  expect_bad_input(
      {{"image", "cat", (dir / "pc").string(), "Windows/Logs/secret.txt"}, "outside the image"},
      dir / "outside/secret.txt");
  expect_bad_input({{"image", "put", (dir / "pc").string(), "windows/logs/secret.txt", "--from",
                     (dir / "new.txt").string()},
                    "E304"},
                   dir / "outside/secret.txt");
  EXPECT_EQ(snapshot_tree(dir / "outside"), (Tree{{"secret.txt", "secret"}}));
}

TEST(ImageCli, PrintsOneJsonErrorDocumentWithJson) {
  TempDir dir;
  const fs::path wim = two_image_wim(dir);
  const auto result = run_kmsprep({"image", "info", wim.string(), "--index", "5", "--json"});
  EXPECT_EQ(result.exit_code, 3);
  const auto document = parse_json(result);
  EXPECT_EQ(document["error"]["code"], 302);
}

}  // namespace
}  // namespace kmsprep
