// `kmsprep capture SOURCE WIM`: a source that is not a directory is refused with E310 "a capture
// source must be a directory", saying what it is and what to do (exit 3), and no WIM is written.
// It used to be opened as an image first, so a plain file was E300 "image format not
// recognised", a WIM E100 (exit 2) and a named pipe E300 "not a regular file or directory".
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "tests/image/wim_test_fixtures.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::run_kmsprep;
using test::TempDir;

const std::string kHint =
    "give the root directory of an applied or mounted reference computer; a WIM is applied first "
    "(wimlib-imagex apply WIM N DIR), an archive extracted (bsdtar -xf FILE -C DIR)";

TEST(CaptureSourceCli, ASourceThatIsNotADirectoryIsRefusedWithWhatToDo) {
  ASSERT_TRUE(test::program_exists("wimlib-imagex")) << "install wimtools (scripts/test does)";
  TempDir dir;
  test::write_bytes(dir / "plain.txt", "plain");
  test::capture_tree(dir.path(), test::windows_tree(), dir / "source.wim", "Source");
  ASSERT_EQ(::mkfifo((dir / "pipe").c_str(), 0600), 0);
  fs::create_symlink("plain.txt", dir / "link-to-file");
  struct Case {
    const char* name;
    const char* is;
  };
  for (const Case& each :
       {Case{"plain.txt", "a regular file"}, Case{"source.wim", "a regular file"},
        Case{"pipe", "a named pipe"}, Case{"link-to-file", "a regular file"}}) {
    SCOPED_TRACE(each.name);
    const std::string source = (dir / each.name).string();
    const fs::path wim = dir / "new.wim";
    const auto run = run_kmsprep({"capture", source, wim.string(), "--name", "Lab"});
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find("error: E310 a capture source must be a directory: " + source + " is " +
                           each.is + ", not a directory [at " + source + "]. " + kHint),
              std::string::npos)
        << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
    EXPECT_FALSE(fs::exists(wim));
  }
}

TEST(CaptureSourceCli, ALinkToADirectoryIsCapturedAndAMissingSourceIsE200) {
  TempDir dir;
  test::make_tree(dir / "pc", test::windows_tree());
  fs::create_directory_symlink("pc", dir / "pc-link");
  const auto missing =
      run_kmsprep({"capture", (dir / "absent").string(), (dir / "a.wim").string(), "--name", "A"});
  EXPECT_EQ(missing.exit_code, 3) << missing.err;
  EXPECT_NE(missing.err.find("E200"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir / "a.wim"));
  const auto linked = run_kmsprep(
      {"capture", (dir / "pc-link").string(), (dir / "b.wim").string(), "--name", "Lab"});
  EXPECT_EQ(linked.exit_code, 0) << linked.err;
  EXPECT_TRUE(fs::exists(dir / "b.wim"));
}

}  // namespace
}  // namespace kmsprep
