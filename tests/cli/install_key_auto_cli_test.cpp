// End-to-end runs of `kmsprep install-key --key auto` (and explicit keys) on WIMs made with
// wimlib-imagex whose image properties say what Microsoft's install.wim files say: EditionID and
// WINDOWS/VERSION/BUILD choose the release, so Server 2016-2025 and LTSB/LTSC images each get their
// own published key (learn.microsoft.com, "KMS client activation and product keys"; builds from
// "Windows 10 release information" and "Windows Server release information").
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

struct ImageRelease {
  std::string edition_id;
  std::string build;  // empty: no WINDOWS/VERSION/BUILD property
  std::string major_minor = "10.0";
};

// One WIM image per release, each a small OS tree with the properties real install.wim images
// carry (WINDOWS/EDITIONID, VERSION/MAJOR, MINOR, BUILD, ARCH 9 = amd64).
fs::path make_release_wim(const TempDir& dir, const std::vector<ImageRelease>& releases) {
  const fs::path tree = dir / "tree";
  write_bytes(tree / "Windows" / "win.ini", "[fonts]\r\n");
  write_bytes(tree / "Windows" / "System32" / "drivers" / "etc" / "hosts",
              "127.0.0.1 localhost\r\n");
  const fs::path wim = dir / "install.wim";
  for (size_t index = 0; index < releases.size(); ++index) {
    const ImageRelease& release = releases[index];
    const std::string name = release.edition_id + " " + release.build + " " + std::to_string(index);
    auto added = run_program(
        {"wimlib-imagex", index == 0 ? "capture" : "append", tree.string(), wim.string(), name});
    EXPECT_EQ(added.exit_code, 0) << added.err;
    const std::string major = release.major_minor.substr(0, release.major_minor.find('.'));
    const std::string minor = release.major_minor.substr(release.major_minor.find('.') + 1);
    std::vector<std::string> argv = {"wimlib-imagex",    "info",
                                     wim.string(),       std::to_string(index + 1),
                                     "--image-property", "WINDOWS/EDITIONID=" + release.edition_id,
                                     "--image-property", "WINDOWS/VERSION/MAJOR=" + major,
                                     "--image-property", "WINDOWS/VERSION/MINOR=" + minor,
                                     "--image-property", "WINDOWS/ARCH=9"};
    if (!release.build.empty()) {
      argv.push_back("--image-property");
      argv.push_back("WINDOWS/VERSION/BUILD=" + release.build);
    }
    auto set = run_program(argv);
    EXPECT_EQ(set.exit_code, 0) << set.err;
  }
  return wim;
}

std::string answer_file(const fs::path& wim, int index) {
  auto result = run_kmsprep({"image", "cat", wim.string(), "Windows/Panther/unattend.xml",
                             "--index", std::to_string(index)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

// The expected key of each image, from Microsoft's key page (not from the catalog).
struct Expected {
  ImageRelease image;
  const char* product_id;
  const char* key;
};

const std::vector<Expected>& server_and_ltsc_releases() {
  static const std::vector<Expected> expected = {
      {{"ServerStandard", "14393"}, "server2016-standard", "WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY"},
      {{"ServerStandard", "17763"}, "server2019-standard", "N69G4-B89J2-4G8F4-WWYCC-J464C"},
      {{"ServerStandard", "20348"}, "server2022-standard", "VDYBN-27WPP-V4HQT-9VMD4-VMK7H"},
      {{"ServerStandard", "26100"}, "server2025-standard", "TVRH6-WHNXV-R9WG3-9XRFY-MY832"},
      {{"EnterpriseS", "14393"}, "win10-enterprises-2016", "DCPHK-NFMTC-H88MJ-PFHPY-QJ4BJ"},
      {{"EnterpriseS", "17763"}, "win10-enterprises-2019", "M7XTQ-FN8P6-TTKYV-9D4CC-J462D"},
      {{"EnterpriseS", "19044"}, "win10-enterprises-2021", "M7XTQ-FN8P6-TTKYV-9D4CC-J462D"},
      {{"EnterpriseS", "26100"}, "win11-enterprises-2024", "M7XTQ-FN8P6-TTKYV-9D4CC-J462D"},
  };
  return expected;
}

TEST(InstallKeyAuto, ChoosesEachServerAndLtscReleaseItsOwnKeyByBuild) {
  TempDir dir;
  std::vector<ImageRelease> images;
  for (const auto& each : server_and_ltsc_releases()) images.push_back(each.image);
  const fs::path wim = make_release_wim(dir, images);
  auto result =
      run_kmsprep({"install-key", wim.string(), "--key", "auto", "--index", "all", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["results"].size(), server_and_ltsc_releases().size());
  for (size_t i = 0; i < server_and_ltsc_releases().size(); ++i) {
    const Expected& expected = server_and_ltsc_releases()[i];
    const auto& entry = json["results"][i];
    const std::string key = expected.key;
    EXPECT_EQ(entry["product_id"], expected.product_id) << expected.image.build;
    EXPECT_EQ(entry["partial_key"], key.substr(24)) << expected.product_id;
    EXPECT_NE(
        answer_file(wim, static_cast<int>(i) + 1).find("<ProductKey>" + key + "</ProductKey>"),
        std::string::npos)
        << expected.product_id;
  }
  EXPECT_EQ(json["results"][0]["release"], "2016");
  EXPECT_EQ(json["results"][6]["release"], "LTSC 2021");
  EXPECT_EQ(result.out.find("WC2BQ"), std::string::npos) << "keys are shown masked only";
}

TEST(InstallKeyAuto, RefusesABuildTheCatalogDoesNotKnowAndLeavesTheWimAlone) {
  TempDir dir;
  const fs::path wim = make_release_wim(dir, {{"ServerStandard", "18000"}});
  const std::string before = read_bytes(wim);
  auto result = run_kmsprep({"install-key", wim.string(), "--key", "auto"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("left alone: E506"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("build 18000"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("17763 (Windows Server 2019 Standard)"), std::string::npos)
      << result.out;
  EXPECT_EQ(read_bytes(wim), before);

  auto json = run_kmsprep({"install-key", wim.string(), "--key", "auto", "--json"});
  EXPECT_EQ(json.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(json.out)["results"][0]["error_code"], 506);
  EXPECT_EQ(read_bytes(wim), before);
}

TEST(InstallKeyAuto, WithoutABuildRefusesWhereReleasesHaveDifferentKeys) {
  TempDir dir;
  const fs::path wim = make_release_wim(dir, {{"EnterpriseS", ""}, {"ServerDatacenter", ""}});
  const std::string before = read_bytes(wim);
  auto result = run_kmsprep({"install-key", wim.string(), "--key", "auto", "--index", "all"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("index 1: left alone: E507"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("index 2: left alone: E507"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("WINDOWS/VERSION/BUILD"), std::string::npos) << result.out;
  EXPECT_EQ(read_bytes(wim), before);
}

TEST(InstallKeyAuto, WithoutABuildInstallsAKeyEveryReleaseSharesAndSaysWhichReleaseItRecorded) {
  TempDir dir;
  const fs::path wim = make_release_wim(dir, {{"Professional", ""}});
  auto result = run_kmsprep({"install-key", wim.string(), "--key", "auto", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["results"][0]["product_id"], "win10-professional");
  EXPECT_EQ(json["results"][0]["partial_key"], "T83GX");
  ASSERT_EQ(json["warnings"].size(), 1u) << result.out;
  const std::string warning = json["warnings"][0];
  EXPECT_NE(warning.find("records no WINDOWS/VERSION/BUILD"), std::string::npos) << warning;
  EXPECT_NE(warning.find("Windows 11 Pro"), std::string::npos) << warning;
  EXPECT_NE(warning.find("recorded as Windows 10 Pro (win10-professional)"), std::string::npos)
      << warning;
}

TEST(InstallKeyAuto, WindowsElevenImageRecordsTheWindowsElevenProduct) {
  TempDir dir;
  const fs::path wim = make_release_wim(dir, {{"Enterprise", "22631"}, {"Enterprise", "19045"}});
  // An explicit key too: NPPR9-... is the GVLK of Windows 10 and Windows 11 Enterprise; the build
  // says which one the image is.
  auto result = run_kmsprep({"install-key", wim.string(), "--key", "NPPR9-FWDCX-D2C8J-H872K-2YT43",
                             "--index", "all", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["results"][0]["product_id"], "win11-enterprise");
  EXPECT_EQ(json["results"][1]["product_id"], "win10-enterprise");
  EXPECT_TRUE(json["warnings"].empty()) << result.out;
}

TEST(InstallKeyAuto, RefusesTheKeyOfAnotherReleaseNamingTheOneTheImageNeeds) {
  TempDir dir;
  const fs::path wim = make_release_wim(dir, {{"ServerStandard", "20348"}});
  const std::string before = read_bytes(wim);
  auto result =
      run_kmsprep({"install-key", wim.string(), "--key", "N69G4-B89J2-4G8F4-WWYCC-J464C"});
  EXPECT_EQ(result.exit_code, 3) << result.out << result.err;
  EXPECT_NE(result.err.find("E508"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("Windows Server 2019 Standard (build 17763)"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("Windows Server 2022 Standard (*****-*****-*****-*****-VMK7H"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(result.err.find("N69G4"), std::string::npos) << result.err;
  EXPECT_EQ(read_bytes(wim), before);
}

TEST(InstallKeyAuto, RefusesVersionMetadataThatContradictsTheBuild) {
  TempDir dir;
  const fs::path wim = make_release_wim(dir, {{"ServerStandard", "17763", "6.1"}});
  const std::string before = read_bytes(wim);
  auto result = run_kmsprep({"install-key", wim.string(), "--key", "auto"});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.out.find("E509"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("is 6.1 but WINDOWS/VERSION/BUILD 17763"), std::string::npos)
      << result.out;
  EXPECT_EQ(read_bytes(wim), before);
}

TEST(InstallKeyAuto, ServerCoreImageKnownOnlyByItsFlagsGetsItsEditionsKey) {
  TempDir dir;
  // Images captured by tools that set only FLAGS: a Server Core image says ServerDatacenterCore.
  const fs::path tree = dir / "tree";
  write_bytes(tree / "Windows" / "win.ini", "[fonts]\r\n");
  const fs::path wim = dir / "core.wim";
  ASSERT_EQ(run_program({"wimlib-imagex", "capture", tree.string(), wim.string(), "Core", "--flags",
                         "ServerDatacenterCore"})
                .exit_code,
            0);
  ASSERT_EQ(run_program({"wimlib-imagex", "info", wim.string(), "1", "--image-property",
                         "WINDOWS/VERSION/BUILD=20348"})
                .exit_code,
            0);
  auto result = run_kmsprep({"install-key", wim.string(), "--key", "auto", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["results"][0]["product_id"], "server2022-datacenter");
}

TEST(GvlkCommand, ListsEachReleaseWithItsBuilds) {
  auto result = run_kmsprep({"gvlk", "--family", "server2025", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  bool found_2016 = false;
  bool found_win11 = false;
  for (const auto& product : json["products"]) {
    if (product["product_id"] == "server2016-standard") {
      found_2016 = true;
      EXPECT_EQ(product["release"], "2016");
      EXPECT_EQ(product["min_build"], 14393);
      EXPECT_EQ(product["max_build"], 14393);
    }
    if (product["product_id"] == "win11-enterprise") {
      found_win11 = true;
      EXPECT_EQ(product["min_build"], 22000);
      EXPECT_TRUE(product["max_build"].is_null());
    }
  }
  EXPECT_TRUE(found_2016 && found_win11) << result.out;
  auto text = run_kmsprep({"gvlk", "--family", "win10"});
  EXPECT_NE(text.out.find("22000 and later"), std::string::npos) << text.out;
}

TEST(PidCommand, NamesEveryReleaseAKeySharedBySeveralServes) {
  TempDir dir;
  write_bytes(dir / "media" / "sources" / "pid.txt",
              "[PID]\r\nValue=M7XTQ-FN8P6-TTKYV-9D4CC-J462D\r\n");
  auto result = run_kmsprep({"pid", (dir / "media").string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["product_id"], "win10-enterprises-2019");
  EXPECT_EQ(json["release"], "LTSC 2019");
  EXPECT_EQ(json["product_ids"], nlohmann::json({"win10-enterprises-2019", "win10-enterprises-2021",
                                                 "win11-enterprises-2024"}));
  auto text = run_kmsprep({"pid", (dir / "media").string()});
  EXPECT_NE(text.out.find("Windows 11 Enterprise LTSC 2024 (win11-enterprises-2024)"),
            std::string::npos)
      << text.out;
}

}  // namespace
}  // namespace kmsprep
