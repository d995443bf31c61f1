// validate's key-matches-image and key-media-matches-image checks choose by EditionID and build:
// a key installed into a tree, captured with wimlib-imagex into WIMs whose properties name the
// release (EditionID, WINDOWS/VERSION/BUILD as Microsoft's install.wim files carry them).
// Expected keys and builds are Microsoft's ("KMS client activation and product keys", "Windows
// Server release information", "Windows 10 release information").
#include <gtest/gtest.h>

#include "engine/random_source.hpp"
#include "servicing/install_key.hpp"
#include "servicing/setup_media.hpp"
#include "servicing/validate.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::write_bytes;

constexpr const char* kServer2019Standard = "N69G4-B89J2-4G8F4-WWYCC-J464C";
constexpr const char* kWindowsEnterprise = "NPPR9-FWDCX-D2C8J-H872K-2YT43";

void install(const fs::path& image, const std::string& key) {
  auto session = ImageSession::open(image.string(), 1, true, nullptr);
  ASSERT_TRUE(session.ok());
  SeededRandom random(7);
  auto installed =
      install_key(*session, OK_VALUE(ProductKey::parse(key)), InstallKeyOptions{}, random);
  ASSERT_OK(installed);
}

// A tree with `key` installed while it had no metadata (a reference PC's disk; no key when
// `key` is empty), captured into a WIM whose image says EditionID `edition` at `build` (empty:
// no BUILD property).
fs::path captured_with_key(const TempDir& dir, const std::string& key, const std::string& edition,
                           const std::string& build) {
  const fs::path root = dir / "os";
  write_bytes(root / "Windows" / "win.ini", "[fonts]\r\n");
  if (!key.empty()) install(root, key);
  const fs::path wim = dir / ("install-" + edition + "-" + build + ".wim");
  auto captured =
      test::run_program({"wimlib-imagex", "capture", root.string(), wim.string(), edition});
  EXPECT_EQ(captured.exit_code, 0) << captured.err;
  std::vector<std::string> argv = {"wimlib-imagex",    "info",
                                   wim.string(),       "1",
                                   "--image-property", "WINDOWS/EDITIONID=" + edition,
                                   "--image-property", "WINDOWS/VERSION/MAJOR=10",
                                   "--image-property", "WINDOWS/VERSION/MINOR=0"};
  if (!build.empty()) {
    argv.push_back("--image-property");
    argv.push_back("WINDOWS/VERSION/BUILD=" + build);
  }
  auto info = test::run_program(argv);
  EXPECT_EQ(info.exit_code, 0) << info.err;
  return wim;
}

ValidationCheck check_of(const fs::path& image, const std::string& id,
                         const ValidateOptions& options = {}) {
  auto session = ImageSession::open(image.string(), 1, false, nullptr);
  REQUIRE_OK(session);
  auto report = validate_image(*session, options);
  REQUIRE_OK(report);
  for (const auto& each : report->checks) {
    if (each.id == id) return each;
  }
  ADD_FAILURE() << "no check " << id;
  return {};
}

TEST(ValidateKeyRelease, PassesTheKeyOfTheImagesReleaseAndNamesIt) {
  TempDir dir;
  const auto matched = check_of(
      captured_with_key(dir, kServer2019Standard, "ServerStandard", "17763"), "key-matches-image");
  EXPECT_EQ(matched.status, CheckStatus::pass) << matched.message;
  EXPECT_NE(matched.message.find("at build 17763, Windows Server 2019 Standard"), std::string::npos)
      << matched.message;
}

TEST(ValidateKeyRelease, FailsTheKeyOfAnotherReleaseOfTheSameEdition) {
  TempDir dir;
  const auto mismatched = check_of(
      captured_with_key(dir, kServer2019Standard, "ServerStandard", "20348"), "key-matches-image");
  EXPECT_EQ(mismatched.status, CheckStatus::fail) << mismatched.message;
  EXPECT_NE(mismatched.message.find("build 20348"), std::string::npos) << mismatched.message;
  EXPECT_NE(mismatched.message.find("the image is Windows Server 2022 Standard, whose GVLK ends in "
                                    "VMK7H"),
            std::string::npos)
      << mismatched.message;
  EXPECT_EQ(mismatched.message.find("N69G4"), std::string::npos) << mismatched.message;
}

TEST(ValidateKeyRelease, FailsABuildTheCatalogDoesNotKnow) {
  TempDir dir;
  const auto unknown = check_of(
      captured_with_key(dir, kServer2019Standard, "ServerStandard", "18000"), "key-matches-image");
  EXPECT_EQ(unknown.status, CheckStatus::fail) << unknown.message;
  EXPECT_NE(
      unknown.message.find("no published GVLK of EditionID ServerStandard serves build 18000"),
      std::string::npos)
      << unknown.message;
}

TEST(ValidateKeyRelease, WithoutABuildSaysTheReleaseWasNotChecked) {
  TempDir dir;
  const auto unchecked = check_of(captured_with_key(dir, kServer2019Standard, "ServerStandard", ""),
                                  "key-matches-image");
  EXPECT_EQ(unchecked.status, CheckStatus::pass) << unchecked.message;
  EXPECT_NE(unchecked.message.find("records no WINDOWS/VERSION/BUILD"), std::string::npos)
      << unchecked.message;
}

TEST(ValidateKeyRelease, AKeySharedByWindowsTenAndElevenMatchesBothAndTheMedia) {
  TempDir dir;
  // Installed without a build, the state records Windows 10 Enterprise; the image is Windows 11
  // 23H2 (22631). The key is right for it, and pid.txt of Windows 11 media holds the same key.
  const fs::path wim = captured_with_key(dir, kWindowsEnterprise, "Enterprise", "22631");
  EXPECT_EQ(check_of(wim, "key-matches-image").status, CheckStatus::pass);
  write_bytes(dir / "media" / "sources" / "pid.txt",
              std::string("[PID]\r\nValue=") + kWindowsEnterprise + "\r\n");
  ValidateOptions options;
  auto media = read_setup_media((dir / "media").string(), nullptr);
  ASSERT_TRUE(media.ok());
  options.media = *media;
  const auto pid = check_of(wim, "key-media-matches-image", options);
  EXPECT_EQ(pid.status, CheckStatus::pass) << pid.message;

  // Installed into the WIM, which has a build, the state records Windows 11 Enterprise while the
  // answer file holds only the key: one product still.
  TempDir other;
  const fs::path eleven = captured_with_key(other, "", "Enterprise", "22631");
  install(eleven, kWindowsEnterprise);
  const auto one = check_of(eleven, "key-one-product");
  EXPECT_EQ(one.status, CheckStatus::pass) << one.message;
  EXPECT_NE(check_of(eleven, "key-installed-gvlk").message.find("Windows"), std::string::npos);
  const auto matched = check_of(eleven, "key-matches-image");
  EXPECT_EQ(matched.status, CheckStatus::pass) << matched.message;
  EXPECT_NE(matched.message.find("Windows 11 Enterprise (win11-enterprise)"), std::string::npos)
      << matched.message;
}

}  // namespace
}  // namespace kmsprep
