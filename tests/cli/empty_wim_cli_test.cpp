// A WIM whose header counts no image (wimlib-imagex delete of its only image; wimlib allows such
// a WIM, WIMGAPI does not). `image info` describes it (0 images, exit 0); every command that
// needs an image refuses with E309 "the WIM holds no image" and what to do (exit 3), instead of
// the E302 "index 1 does not exist" it used to give; `capture` adds image 1 to it.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/image/wim_test_fixtures.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_kmsprep;
using test::TempDir;

class EmptyWimCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
    test::capture_tree(dir_.path(), test::windows_tree(), wim_, "Only");
    const auto deleted = test::wimlib_imagex({"delete", wim_.string(), "1"});
    ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
    const auto info = test::wimlib_imagex({"info", wim_.string()});
    ASSERT_NE(info.out.find("Image Count:    0"), std::string::npos) << info.out;
  }

  TempDir dir_;
  const fs::path wim_ = dir_ / "empty.wim";
};

TEST_F(EmptyWimCli, ImageInfoSaysTheWimHoldsNoImage) {
  const auto text = run_kmsprep({"image", "info", wim_.string()});
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(text.out, "Image:       " + wim_.string() +
                          "\n"
                          "Format:      wim\n"
                          "Images:      0 (the WIM holds no image; kmsprep capture DIR " +
                          wim_.string() + " --name NAME adds one)\n");
  const auto json = run_kmsprep({"image", "info", wim_.string(), "--json"});
  EXPECT_EQ(json.exit_code, 0) << json.err;
  const auto document = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(document.is_discarded()) << json.out;
  EXPECT_EQ(document["format"], "wim");
  EXPECT_EQ(document["image_count"], 0);
  EXPECT_TRUE(document["index"].is_null());
  EXPECT_EQ(document["images"], nlohmann::json::array());
}

TEST_F(EmptyWimCli, CommandsThatNeedAnImageSayTheWimHoldsNoneAndWhatToDo) {
  const std::string before = read_bytes(wim_);
  test::write_bytes(dir_ / "new.xml", "<unattend/>");
  const std::string wim = wim_.string();
  const std::vector<std::vector<std::string>> commands = {
      {"image", "info", wim, "--index", "1"},
      {"image", "cat", wim, "Windows/Panther/unattend.xml"},
      {"image", "put", wim, "Windows/Panther/unattend.xml", "--from", (dir_ / "new.xml").string()},
      {"inspect", wim},
      {"validate", wim, "--index", "all"},
      {"unattend", "locate", wim},
      {"generalize", wim, "--index", "all"},
  };
  for (const auto& args : commands) {
    SCOPED_TRACE(args[0] + " " + args[1]);
    const auto run = run_kmsprep(args);
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find("error: E309 the WIM holds no image: its header counts 0 images "
                           "(every image was deleted, or it was written empty) [at " +
                           wim + "]. capture a directory into it (kmsprep capture DIR " + wim +
                           " --name NAME)"),
              std::string::npos)
        << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
  EXPECT_EQ(read_bytes(wim_), before);
}

TEST_F(EmptyWimCli, CaptureAddsImageOne) {
  test::make_tree(dir_ / "pc", test::windows_tree());
  const auto captured =
      run_kmsprep({"capture", (dir_ / "pc").string(), wim_.string(), "--name", "New"});
  ASSERT_EQ(captured.exit_code, 0) << captured.err;
  EXPECT_NE(captured.out.find("as image 1 (\"New\")"), std::string::npos) << captured.out;
  const auto cat = run_kmsprep({"image", "cat", wim_.string(), "Windows/Panther/unattend.xml"});
  EXPECT_EQ(cat.exit_code, 0) << cat.err;
  EXPECT_EQ(cat.out, "<unattend>old</unattend>\n");
}

}  // namespace
}  // namespace kmsprep
