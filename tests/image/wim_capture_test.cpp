#include "image/wim_capture.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "image/image.hpp"
#include "tests/image/wim_test_fixtures.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::apply_image;
using test::identity_of;
using test::make_tree;
using test::TempDir;
using test::Tree;
using test::windows_tree;

CaptureOptions named(const std::string& name) {
  CaptureOptions options;
  options.name = name;
  return options;
}

// One "Field:   value" line of `wimlib-imagex info`.
std::string info_field(const fs::path& wim, const std::string& field) {
  const auto result = test::wimlib_imagex({"info", wim.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const size_t at = result.out.find("\n" + field + ":");
  if (at == std::string::npos) return "(no " + field + ")";
  const size_t start = result.out.find_first_not_of(' ', at + field.size() + 2);
  return result.out.substr(start, result.out.find('\n', start) - start);
}

TEST(WimCapture, CapturesADirectoryIntoANewWimWithProperties) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  CaptureOptions options = named("Windows 10 Enterprise");
  options.description = "reference PC";
  options.properties = {{"FLAGS", "Enterprise"},
                        {"WINDOWS/EDITIONID", "Enterprise"},
                        {"WINDOWS/VERSION/MAJOR", "10"},
                        {"WINDOWS/VERSION/MINOR", "0"}};
  const fs::path wim = dir / "out" / "install.wim";
  fs::create_directories(wim.parent_path());
  auto index = capture_directory_to_wim((dir / "pc").string(), wim.string(), options);
  ASSERT_TRUE(index) << index.error().to_string();
  EXPECT_EQ(*index, 1);
  EXPECT_EQ(apply_image(wim, 1), test::snapshot_tree(dir / "pc"));
  auto image = open_image(wim.string(), OpenOptions{});
  ASSERT_TRUE(image);
  auto properties = (*image)->properties();
  ASSERT_TRUE(properties);
  EXPECT_EQ(properties->values["NAME"], "Windows 10 Enterprise");
  EXPECT_EQ(properties->values["DESCRIPTION"], "reference PC");
  EXPECT_EQ(properties->values["FLAGS"], "Enterprise");
  EXPECT_EQ(properties->values["WINDOWS/EDITIONID"], "Enterprise");
  EXPECT_EQ(properties->values["WINDOWS/VERSION/MAJOR"], "10");
  EXPECT_EQ(properties->values["WINDOWS/VERSION/MINOR"], "0");
  EXPECT_EQ(test::wimlib_imagex({"verify", wim.string()}).exit_code, 0);
  // Only the WIM is left in its directory: the temporary file was renamed.
  EXPECT_EQ(std::distance(fs::directory_iterator(wim.parent_path()), fs::directory_iterator()), 1);
}

TEST(WimCapture, AppendsANewImageToAnExistingWim) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  make_tree(dir / "pc2", {{"Windows/second.txt", "2"}});
  const fs::path wim = dir / "install.wim";
  ASSERT_TRUE(capture_directory_to_wim((dir / "pc").string(), wim.string(), named("One")));
  const Tree first = apply_image(wim, 1);
  const auto before = identity_of(wim);
  auto index = capture_directory_to_wim((dir / "pc2").string(), wim.string(), named("Two"));
  ASSERT_TRUE(index) << index.error().to_string();
  EXPECT_EQ(*index, 2);
  EXPECT_EQ(identity_of(wim).inode, before.inode);  // appended, not rewritten
  EXPECT_EQ(apply_image(wim, 1), first);
  EXPECT_EQ(apply_image(wim, 2), test::snapshot_tree(dir / "pc2"));
  EXPECT_EQ(info_field(wim, "Image Count"), "2");
}

TEST(WimCapture, RefusesANameTheWimAlreadyHolds) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  const fs::path wim = dir / "install.wim";
  ASSERT_TRUE(capture_directory_to_wim((dir / "pc").string(), wim.string(), named("Same")));
  const auto before = identity_of(wim);
  auto index = capture_directory_to_wim((dir / "pc").string(), wim.string(), named("Same"));
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().code(), ErrorCode::wim_image_name_taken);
  EXPECT_EQ(index.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(index.error().to_string().find("\"Same\""), std::string::npos);
  EXPECT_TRUE(identity_of(wim) == before);
}

TEST(WimCapture, ExcludesDismsDefaultListAtTheRootOnly) {
  TempDir dir;
  Tree tree = windows_tree();
  tree["pagefile.sys"] = "page";
  tree["HIBERFIL.SYS"] = "hiber";
  tree["swapfile.sys"] = "swap";
  tree["System Volume Information/tracking.log"] = "svi";
  tree["$Recycle.Bin/S-1-5-21/file"] = "bin";
  tree["Windows/CSC/v2.0.6/cache"] = "csc";
  tree["Windows/pagefile.sys"] = "not at the root: kept";
  make_tree(dir / "pc", tree);
  const fs::path wim = dir / "install.wim";
  ASSERT_TRUE(capture_directory_to_wim((dir / "pc").string(), wim.string(), named("Clean")));
  const Tree applied = apply_image(wim, 1);
  for (const auto& [name, bytes] : applied) {
    EXPECT_EQ(name.rfind("pagefile.sys", 0), std::string::npos) << name;
    EXPECT_EQ(name.rfind("HIBERFIL", 0), std::string::npos) << name;
    EXPECT_EQ(name.rfind("swapfile", 0), std::string::npos) << name;
    EXPECT_EQ(name.rfind("System Volume", 0), std::string::npos) << name;
    EXPECT_EQ(name.rfind("$Recycle", 0), std::string::npos) << name;
    EXPECT_EQ(name.rfind("Windows/CSC", 0), std::string::npos) << name;
  }
  EXPECT_EQ(applied.at("Windows/pagefile.sys"), "not at the root: kept");
  EXPECT_EQ(applied.at("Windows/Panther/unattend.xml"), "<unattend>old</unattend>\n");
}

TEST(WimCapture, TakesCustomExclusionsWithWildcards) {
  TempDir dir;
  make_tree(dir / "pc", {{"Windows/Logs/a.log", "a"}, {"Windows/Logs/b.txt", "b"}, {"keep", "k"}});
  CaptureOptions options = named("Custom");
  options.exclusions = {"windows\\logs\\*.LOG"};
  const fs::path wim = dir / "install.wim";
  ASSERT_TRUE(capture_directory_to_wim((dir / "pc").string(), wim.string(), options));
  const Tree applied = apply_image(wim, 1);
  EXPECT_EQ(applied.count("Windows/Logs/a.log"), 0u);
  EXPECT_EQ(applied.at("Windows/Logs/b.txt"), "b");
  EXPECT_EQ(applied.at("keep"), "k");
}

TEST(WimCapture, NeverCapturesTheWimItIsWriting) {
  TempDir dir;
  make_tree(dir / "pc", {{"a.txt", "a"}});
  const fs::path wim = dir / "pc" / "self.wim";
  ASSERT_TRUE(capture_directory_to_wim((dir / "pc").string(), wim.string(), named("One")));
  auto index = capture_directory_to_wim((dir / "pc").string(), wim.string(), named("Two"));
  ASSERT_TRUE(index) << index.error().to_string();
  const Tree applied = apply_image(wim, 2);
  EXPECT_EQ(applied, (Tree{{"a.txt", "a"}}));
}

TEST(WimCapture, UsesTheChosenCompressionForANewWim) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  const std::pair<WimCompression, std::string> cases[] = {{WimCompression::none, "None"},
                                                          {WimCompression::xpress, "XPRESS"},
                                                          {WimCompression::lzx, "LZX"}};
  for (const auto& [compression, shown] : cases) {
    CaptureOptions options = named("C");
    options.compression = compression;
    const fs::path wim = dir / (shown + ".wim");
    ASSERT_TRUE(capture_directory_to_wim((dir / "pc").string(), wim.string(), options));
    EXPECT_EQ(info_field(wim, "Compression"), shown);
  }
  EXPECT_EQ(*parse_wim_compression("XPRESS"), WimCompression::xpress);
  EXPECT_FALSE(parse_wim_compression("zip"));
}

TEST(WimCapture, ReportsProgressAndCanBeCancelled) {
  TempDir dir;
  make_tree(dir / "pc", windows_tree());
  CaptureOptions options = named("Progress");
  uint64_t last_done = 0;
  uint64_t last_total = 0;
  int calls = 0;
  options.progress = [&](uint64_t done, uint64_t total) {
    ++calls;
    last_done = done;
    last_total = total;
    return true;
  };
  const fs::path wim = dir / "install.wim";
  ASSERT_TRUE(capture_directory_to_wim((dir / "pc").string(), wim.string(), options));
  EXPECT_GT(calls, 0);
  EXPECT_GT(last_total, 0u);
  EXPECT_EQ(last_done, last_total);

  make_tree(dir / "pc2", {{"other.bin", std::string(50000, 'o')}});
  const auto before = identity_of(wim);
  options.name = "Cancelled";
  options.progress = [](uint64_t, uint64_t) { return false; };
  auto index = capture_directory_to_wim((dir / "pc2").string(), wim.string(), options);
  ASSERT_FALSE(index);
  EXPECT_NE(index.error().to_string().find("cancelled"), std::string::npos);
  EXPECT_EQ(identity_of(wim).bytes, before.bytes);
}

TEST(WimCapture, RefusesAMissingSourceAndAnUnnamedImage) {
  TempDir dir;
  auto missing =
      capture_directory_to_wim((dir / "nothing").string(), (dir / "x.wim").string(), named("X"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::file_not_found);
  make_tree(dir / "pc", {{"a", "a"}});
  auto unnamed =
      capture_directory_to_wim((dir / "pc").string(), (dir / "x.wim").string(), CaptureOptions{});
  ASSERT_FALSE(unnamed);
  EXPECT_EQ(unnamed.error().kind(), ErrorKind::usage);
  EXPECT_FALSE(fs::exists(dir / "x.wim"));
}

TEST(WimCapture, RefusesToAppendToANonWimFile) {
  TempDir dir;
  make_tree(dir / "pc", {{"a", "a"}});
  test::write_bytes(dir / "not.wim", "this is text, not a WIM\n");
  const auto before = identity_of(dir / "not.wim");
  auto index =
      capture_directory_to_wim((dir / "pc").string(), (dir / "not.wim").string(), named("X"));
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().kind(), ErrorKind::bad_input) << index.error().to_string();
  EXPECT_TRUE(identity_of(dir / "not.wim") == before);
}

}  // namespace
}  // namespace kmsprep
