#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::run_kmsprep;

std::string sample() {
  return test::read_bytes(test::source_dir() / "samples/answer/unattend.xml");
}

void make_os_tree(const fs::path& root) {
  test::write_bytes(root / "Windows/System32/config/SOFTWARE", "hive");
  test::write_bytes(root / "Windows/Panther/unattend.xml", sample());
}

TEST(ConfigureCli, WritesTheCommandAndASecondRunChangesNothing) {
  test::TempDir dir;
  make_os_tree(dir / "img");
  auto first =
      run_kmsprep({"configure", (dir / "img").string(), "--kms-host", "kms.contoso.com:1700"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("updated Windows/Panther/unattend.xml"), std::string::npos) << first.out;
  EXPECT_NE(test::read_bytes(dir / "img/Windows/Panther/unattend.xml")
                .find("/skms kms.contoso.com:1700</Path>"),
            std::string::npos);
  auto second = run_kmsprep(
      {"configure", (dir / "img").string(), "--kms-host", "kms.contoso.com:1700", "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  auto document = nlohmann::json::parse(second.out);
  EXPECT_FALSE(document["results"][0]["changed"].get<bool>());
  EXPECT_TRUE(second.err.empty()) << second.err;
}

TEST(ConfigureCli, DryRunPrintsTheDiffAndWritesNothing) {
  test::TempDir dir;
  make_os_tree(dir / "img");
  auto ran = run_kmsprep(
      {"configure", (dir / "img").string(), "--kms-host", "kms", "--target", "both", "--dry-run"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_NE(ran.out.find("+++ b/Windows/Panther/unattend.xml"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("+++ b/Windows/Setup/Scripts/SetupComplete.cmd"), std::string::npos);
  EXPECT_NE(ran.out.find("+cscript //B %WINDIR%\\System32\\slmgr.vbs /skms kms:1688"),
            std::string::npos);
  EXPECT_EQ(test::read_bytes(dir / "img/Windows/Panther/unattend.xml"), sample());
  EXPECT_FALSE(fs::exists(dir / "img/Windows/Setup"));
}

TEST(ConfigureCli, UsageErrorsAreExitTwoAndNameTheBadPart) {
  test::TempDir dir;
  make_os_tree(dir / "img");
  const std::string img = (dir / "img").string();
  auto port = run_kmsprep({"configure", img, "--kms-host", "kms:70000"});
  EXPECT_EQ(port.exit_code, 2);
  EXPECT_NE(port.err.find("port 70000"), std::string::npos) << port.err;
  auto ipv6 = run_kmsprep({"configure", img, "--kms-host", "[fd00::1"});
  EXPECT_EQ(ipv6.exit_code, 2);
  auto both = run_kmsprep({"configure", img, "--kms-host", "kms", "--clear-kms-host"});
  EXPECT_EQ(both.exit_code, 2);
  auto nothing = run_kmsprep({"configure", img});
  EXPECT_EQ(nothing.exit_code, 2);
  auto no_family = run_kmsprep({"configure", img, "--skip-rearm", "1"});
  EXPECT_EQ(no_family.exit_code, 2);
  EXPECT_NE(no_family.err.find("--os"), std::string::npos) << no_family.err;
  auto bad_value =
      run_kmsprep({"configure", img, "--skip-auto-activation", "maybe", "--os", "win10"});
  EXPECT_EQ(bad_value.exit_code, 2);
  auto bad_target = run_kmsprep({"configure", img, "--kms-host", "kms", "--target", "everywhere"});
  EXPECT_EQ(bad_target.exit_code, 2);
  EXPECT_EQ(test::read_bytes(dir / "img/Windows/Panther/unattend.xml"), sample());
}

TEST(ConfigureCli, HostileAnswerFileIsExitThreeAndTheImageIsUntouched) {
  test::TempDir dir;
  make_os_tree(dir / "img");
  const std::string hostile =
      test::read_bytes(test::source_dir() / "tests/data/answer/hostile-doctype.xml");
  test::write_bytes(dir / "img/Windows/Panther/unattend.xml", hostile);
  auto ran =
      run_kmsprep({"configure", (dir / "img").string(), "--kms-host", "kms", "--target", "both"});
  EXPECT_EQ(ran.exit_code, 3);
  EXPECT_NE(ran.err.find("unattend.xml:2:1"), std::string::npos) << ran.err;
  EXPECT_EQ(test::read_bytes(dir / "img/Windows/Panther/unattend.xml"), hostile);
  EXPECT_FALSE(fs::exists(dir / "img/Windows/Setup"));
}

TEST(ConfigureCli, ShadowingWarningGoesToStderr) {
  test::TempDir dir;
  make_os_tree(dir / "img");
  test::write_bytes(dir / "img/Windows/Panther/Unattend/Unattend.xml", sample());
  auto ran = run_kmsprep({"configure", (dir / "img").string(), "--kms-host", "kms"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_NE(ran.err.find("warning"), std::string::npos);
  EXPECT_NE(ran.err.find("Windows/Panther/Unattend/Unattend.xml has specialize settings"),
            std::string::npos)
      << ran.err;
}

TEST(ConfigureCli, IndexAllConfiguresEveryWimImage) {
  if (!test::program_exists("wimlib-imagex")) GTEST_SKIP() << "wimlib-imagex missing";
  test::TempDir dir;
  make_os_tree(dir / "tree");
  const fs::path wim = dir / "install.wim";
  ASSERT_EQ(
      test::run_program({"wimlib-imagex", "capture", (dir / "tree").string(), wim.string(), "One"})
          .exit_code,
      0);
  ASSERT_EQ(
      test::run_program({"wimlib-imagex", "append", (dir / "tree").string(), wim.string(), "Two"})
          .exit_code,
      0);
  auto ran =
      run_kmsprep({"configure", wim.string(), "--kms-host", "kms", "--index", "all", "--json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  auto document = nlohmann::json::parse(ran.out);
  ASSERT_EQ(document["results"].size(), 2u);
  for (const char* index : {"1", "2"}) {
    auto cat = run_kmsprep(
        {"image", "cat", wim.string(), "Windows/Panther/unattend.xml", "--index", index});
    ASSERT_EQ(cat.exit_code, 0) << cat.err;
    EXPECT_NE(cat.out.find("/skms kms:1688</Path>"), std::string::npos) << index;
  }
  auto again = run_kmsprep({"configure", wim.string(), "--kms-host", "kms", "--index", "all"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("index 2: nothing to change"), std::string::npos) << again.out;
}

}  // namespace
}  // namespace kmsprep
