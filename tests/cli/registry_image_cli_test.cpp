// End to end, issue 11 at image level: trees laid out like real Windows 7, Windows 10 and
// Server 2022 installations (tests/support/windows_installation), as a directory, a WIM made
// by wimlib-imagex and a tar made by bsdtar; inspect, validate and configure --target registry
// on each, every written hive read back by hivexget and reglookup; hostile hives exit 3 and
// leave the image byte-identical.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "tests/support/independent_hive_reader.hpp"
#include "tests/support/test_support.hpp"
#include "tests/support/windows_installation.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_kmsprep;
using test::WindowsRelease;

constexpr const char* kSpp = "Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform";
constexpr const char* kSl = "Microsoft\\Windows NT\\CurrentVersion\\SL";

enum class Format { directory, wim, tar };

std::string format_name(Format format) {
  return format == Format::directory ? "directory" : format == Format::wim ? "wim" : "tar";
}

// The image as the user would hand it to kmsprep: the tree itself, or a WIM / tar of it.
fs::path make_image(const test::TempDir& dir, const fs::path& tree, Format format) {
  if (format == Format::directory) return tree;
  if (format == Format::wim) {
    const fs::path wim = dir / "install.wim";
    auto made = test::run_program(
        {"wimlib-imagex", "capture", tree.string(), wim.string(), "Windows", "--compress=none"});
    EXPECT_EQ(made.exit_code, 0) << made.err;
    return wim;
  }
  const fs::path tar = dir / "image.tar";
  auto made = test::run_program({"bsdtar", "-cf", tar.string(), "-C", tree.string(), "."});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return tar;
}

// Every file of a directory image, or the bytes of a WIM or tar, as one fingerprint string
// (sizes and a hash per file, so a failure message stays short).
std::string snapshot(const fs::path& image);

std::map<std::string, std::string> snapshot_files(const fs::path& image) {
  std::map<std::string, std::string> files;
  if (!fs::is_directory(image)) {
    files[""] = test::read_bytes(image);
    return files;
  }
  for (const auto& entry : fs::recursive_directory_iterator(image)) {
    const std::string relative = fs::relative(entry.path(), image).string();
    if (entry.is_symlink()) {
      files[relative] = "-> " + fs::read_symlink(entry.path()).string();
    } else if (entry.is_regular_file()) {
      files[relative] = test::read_bytes(entry.path());
    } else {
      files[relative] = "(directory)";
    }
  }
  return files;
}

std::string snapshot(const fs::path& image) {
  std::string fingerprint;
  for (const auto& [path, bytes] : snapshot_files(image)) {
    fingerprint += path + " " + std::to_string(bytes.size()) + " " +
                   std::to_string(std::hash<std::string>{}(bytes)) + "\n";
  }
  return fingerprint;
}

// The SOFTWARE hive of `image` as a file an independent reader can open.
fs::path software_hive_of(const test::TempDir& dir, const fs::path& image, Format format) {
  if (format == Format::directory) return image / test::kSoftwareHivePath;
  const fs::path out = dir / "extracted";
  fs::remove_all(out);
  fs::create_directories(out);
  if (format == Format::wim) {
    auto extracted = test::run_program({"wimlib-imagex", "extract", image.string(), "1",
                                        std::string("/") + test::kSoftwareHivePath,
                                        "--dest-dir=" + out.string(), "--no-acls"});
    EXPECT_EQ(extracted.exit_code, 0) << extracted.err;
    return out / "SOFTWARE";
  }
  auto extracted = test::run_program({"bsdtar", "-xf", image.string(), "-C", out.string()});
  EXPECT_EQ(extracted.exit_code, 0) << extracted.err;
  return out / test::kSoftwareHivePath;
}

struct Case {
  WindowsRelease release;
  Format format;
};

std::string case_name(const testing::TestParamInfo<Case>& info) {
  const std::string release =
      info.param.release == WindowsRelease::windows7_enterprise_sp1     ? "Windows7"
      : info.param.release == WindowsRelease::windows10_enterprise_22h2 ? "Windows10"
                                                                        : "Server2022";
  return release + "_" + format_name(info.param.format);
}

class RegistryImageCli : public testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    if (!test::program_exists("wimlib-imagex") || !test::program_exists("bsdtar") ||
        !test::program_exists("hivexget") || !test::program_exists("reglookup")) {
      GTEST_SKIP() << "wimlib-imagex, bsdtar, hivexget (libhivex-bin) or reglookup missing";
    }
  }

  fs::path build(const test::WindowsInstallationSpec& spec) {
    test::write_windows_installation(dir_ / "tree", spec);
    return make_image(dir_, dir_ / "tree", GetParam().format);
  }

  test::TempDir dir_;
};

TEST_P(RegistryImageCli, InspectShowsTheInstallationFactsWithTheirSource) {
  const auto& facts = test::release_facts(GetParam().release);
  const fs::path image = build({GetParam().release});
  auto ran = run_kmsprep({"inspect", image.string(), "--json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const json document = json::parse(ran.out);
  const json& installation = document["installation"];
  ASSERT_TRUE(installation.is_object()) << ran.out;
  EXPECT_EQ(installation["edition_id"]["value"], facts.edition_id);
  EXPECT_EQ(installation["edition_id"]["source"], "registry");
  EXPECT_EQ(installation["edition_id"]["location"],
            "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\EditionID");
  EXPECT_EQ(installation["product_name"]["value"], facts.product_name);
  EXPECT_EQ(installation["current_build_number"]["value"], facts.build);
  EXPECT_EQ(installation["product_id"], facts.product_id);
  EXPECT_EQ(installation["installed_key"]["partial_key"], facts.gvlk.substr(24));
  EXPECT_EQ(installation["installed_key"]["catalog"], "GVLK");
  EXPECT_EQ(document["setup_state"]["class"], "generalized");
  EXPECT_EQ(document["setup_state"]["state_ini_image_state"]["value"],
            "IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE");
  EXPECT_EQ(document["state_source"]["product"], "registry");
  EXPECT_EQ(document["state_source"]["generalization"], "State.ini");
  // Existing fields keep their names and now carry the real product.
  EXPECT_EQ(document["product_id"], facts.product_id);
  EXPECT_EQ(document["partial_key"], facts.gvlk.substr(24));
  EXPECT_EQ(document["generalization"], "generalized");
  EXPECT_EQ(ran.out.find(facts.gvlk.substr(0, 5)), std::string::npos) << "full key leaked";

  auto text = run_kmsprep({"inspect", image.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("*****-*****-*****-*****-" + facts.gvlk.substr(24) + " (GVLK"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Generalization:   generalized (State.ini)"), std::string::npos)
      << text.out;
}

TEST_P(RegistryImageCli, ValidatePassesTheRegistryChecksOfAGeneralizedInstallation) {
  const fs::path image = build({GetParam().release});
  auto ran = run_kmsprep({"validate", image.string(), "--format", "json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.out << ran.err;
  const json document = json::parse(ran.out);
  std::map<std::string, std::string> status;
  for (const auto& check : document["checks"]) status[check["id"]] = check["status"];
  EXPECT_EQ(status["registry-installed-key-gvlk"], "pass");
  EXPECT_EQ(status["registry-edition-matches-key"], "pass");
  EXPECT_EQ(status["registry-kms-host"], "pass");
  EXPECT_EQ(status["registry-skip-rearm"], "pass");
  EXPECT_EQ(status["image-state-generalized"], "pass");
  EXPECT_EQ(status["sources-agree"], "pass");
  EXPECT_EQ(status["key-installed-gvlk"], "pass");
  EXPECT_EQ(status["prediction-activates"], "pass");
}

TEST_P(RegistryImageCli, ValidateFailsANeverGeneralizedInstallationAndPredictsOneCmid) {
  test::WindowsInstallationSpec spec{GetParam().release};
  spec.image_state = test::SetupImageState::complete;
  const fs::path image = build(spec);
  auto ran = run_kmsprep({"validate", image.string(), "--format", "json"});
  ASSERT_EQ(ran.exit_code, 1) << ran.out << ran.err;
  const json document = json::parse(ran.out);
  bool state_failed = false;
  bool prediction_failed = false;
  for (const auto& check : document["checks"]) {
    if (check["id"] == "image-state-generalized") {
      state_failed = check["status"] == "fail" && check["severity"] == "error";
      EXPECT_NE(check["message"].get<std::string>().find("IMAGE_STATE_COMPLETE"),
                std::string::npos);
      EXPECT_NE(check["message"].get<std::string>().find("share one CMID"), std::string::npos);
    }
    if (check["id"] == "prediction-activates") prediction_failed = check["status"] == "fail";
  }
  EXPECT_TRUE(state_failed) << ran.out;
  EXPECT_TRUE(prediction_failed) << ran.out;
}

TEST_P(RegistryImageCli, ConfigureTargetRegistryWritesWhatAnIndependentReaderSees) {
  const fs::path image = build({GetParam().release});
  const auto before = snapshot(image);
  auto dry = run_kmsprep({"configure", image.string(), "--target", "registry", "--kms-host",
                          "kms1.corp.example:1700", "--skip-rearm", "1", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("KeyManagementServiceName  (absent)"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("kms1.corp.example"), std::string::npos) << dry.out;
  EXPECT_EQ(snapshot(image), before) << "--dry-run wrote";

  auto ran = run_kmsprep({"configure", image.string(), "--target", "registry", "--kms-host",
                          "kms1.corp.example:1700", "--skip-rearm", "1"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const fs::path hive = software_hive_of(dir_, image, GetParam().format);
  EXPECT_EQ(test::hivexget_value(hive, kSpp, "KeyManagementServiceName"), "kms1.corp.example");
  EXPECT_EQ(test::hivexget_value(hive, kSpp, "KeyManagementServicePort"), "1700");
  EXPECT_EQ(test::hivexget_value(hive, kSpp, "SkipRearm"), "1");
  EXPECT_EQ(test::reglookup_value(hive, kSpp, "KeyManagementServicePort"), "SZ,1700");
  EXPECT_EQ(test::reglookup_value(hive, kSpp, "SkipRearm"), "DWORD,0x00000001");
  EXPECT_TRUE(test::hivexml_accepts(hive));

  const auto written = snapshot(image);
  auto again = run_kmsprep({"configure", image.string(), "--target", "registry", "--kms-host",
                            "kms1.corp.example:1700", "--skip-rearm", "1", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_FALSE(json::parse(again.out)["results"][0]["changed"].get<bool>()) << again.out;
  EXPECT_EQ(snapshot(image), written) << "a second run changed the image";

  auto cleared =
      run_kmsprep({"configure", image.string(), "--target", "registry", "--clear-kms-host"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  const fs::path after = software_hive_of(dir_, image, GetParam().format);
  EXPECT_TRUE(test::hivexget_lacks_value(after, kSpp, "KeyManagementServiceName"));
  EXPECT_TRUE(test::hivexget_lacks_value(after, kSpp, "KeyManagementServicePort"));
}

TEST_P(RegistryImageCli, TruncatedHiveIsExitThreeAndNothingIsWritten) {
  test::write_windows_installation(dir_ / "tree", {GetParam().release});
  const fs::path hive = dir_ / "tree" / test::kSoftwareHivePath;
  const std::string bytes = test::read_bytes(hive);
  test::write_bytes(hive, bytes.substr(0, 4096 + 100));  // base block and part of an hbin
  const fs::path image = make_image(dir_, dir_ / "tree", GetParam().format);
  const auto before = snapshot(image);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"inspect", image.string()},
        {"validate", image.string()},
        {"configure", image.string(), "--target", "registry", "--kms-host", "kms"}}) {
    auto ran = run_kmsprep(args);
    EXPECT_EQ(ran.exit_code, 3) << args[0] << ": " << ran.out << ran.err;
    EXPECT_NE(ran.err.find("Windows/System32/config/SOFTWARE"), std::string::npos) << ran.err;
  }
  EXPECT_EQ(snapshot(image), before);
}

INSTANTIATE_TEST_SUITE_P(
    Releases, RegistryImageCli,
    testing::Values(Case{WindowsRelease::windows7_enterprise_sp1, Format::directory},
                    Case{WindowsRelease::windows7_enterprise_sp1, Format::wim},
                    Case{WindowsRelease::windows7_enterprise_sp1, Format::tar},
                    Case{WindowsRelease::windows10_enterprise_22h2, Format::directory},
                    Case{WindowsRelease::windows10_enterprise_22h2, Format::wim},
                    Case{WindowsRelease::windows10_enterprise_22h2, Format::tar},
                    Case{WindowsRelease::server2022_datacenter, Format::directory},
                    Case{WindowsRelease::server2022_datacenter, Format::wim},
                    Case{WindowsRelease::server2022_datacenter, Format::tar}),
    case_name);

TEST(RegistryImageCliHostile, SymlinkOrDirectoryHiveIsExitThreeNamingIt) {
  test::TempDir dir;
  // A directory tree, then a tar of it (bsdtar keeps the link as a link).
  test::write_windows_installation(dir / "link", {WindowsRelease::windows10_enterprise_22h2});
  const fs::path hive = dir / "link" / test::kSoftwareHivePath;
  fs::rename(hive, dir / "link/Windows/System32/config/SOFTWARE.real");
  fs::create_symlink("SOFTWARE.real", hive);
  test::write_windows_installation(dir / "dir", {WindowsRelease::windows10_enterprise_22h2});
  fs::remove(dir / "dir" / test::kSoftwareHivePath);
  fs::create_directories(dir / "dir" / test::kSoftwareHivePath / "inner");
  const fs::path tar = dir / "link.tar";
  ASSERT_EQ(test::run_program({"bsdtar", "-cf", tar.string(), "-C", (dir / "link").string(), "."})
                .exit_code,
            0);
  const fs::path wim = dir / "dir.wim";
  ASSERT_EQ(test::run_program(
                {"wimlib-imagex", "capture", (dir / "dir").string(), wim.string(), "Windows"})
                .exit_code,
            0);
  for (const fs::path& image : {dir / "link", tar, dir / "dir", wim}) {
    const auto before = snapshot(image);
    for (const std::string& command : {"inspect", "configure"}) {
      std::vector<std::string> args{command, image.string()};
      if (command == "configure") {
        args.insert(args.end(), {"--target", "all", "--kms-host", "kms.corp.example"});
      }
      auto ran = run_kmsprep(args);
      EXPECT_EQ(ran.exit_code, 3) << image << " " << command << ": " << ran.err;
      EXPECT_NE(ran.err.find("E1020"), std::string::npos) << ran.err;
      EXPECT_NE(ran.err.find("Windows/System32/config/SOFTWARE"), std::string::npos) << ran.err;
    }
    EXPECT_EQ(snapshot(image), before) << image;
  }
}

TEST(RegistryImageCliHostile, TargetRegistryWithoutASoftwareHiveIsExitThree) {
  test::TempDir dir;
  test::write_bytes(dir / "media/sources/readme.txt", "install media\n");
  const auto before = snapshot(dir / "media");
  auto ran = run_kmsprep({"configure", (dir / "media").string(), "--target", "registry",
                          "--kms-host", "kms.corp.example"});
  EXPECT_EQ(ran.exit_code, 3) << ran.err;
  EXPECT_NE(ran.err.find("no SOFTWARE hive"), std::string::npos) << ran.err;
  EXPECT_EQ(snapshot(dir / "media"), before);
}

// Found by tests/fuzz (registry_hive): a SOFTWARE hive whose base block declares fewer bytes
// of hive bins than the bins hold. Before the fix configure published the hive hivex committed,
// which hivex, hivexget and kmsprep itself then refuse to open; now it is exit 3 (E1024) and
// the image is untouched (tests/registry/unwritable_hive_test.cpp has the details).
TEST(RegistryImageCliHostile, HiveHivexCannotExtendIsExitThreeAndNothingIsWritten) {
  test::TempDir dir;
  test::write_windows_installation(dir / "tree", {WindowsRelease::windows10_enterprise_22h2});
  const fs::path hive = dir / "tree" / test::kSoftwareHivePath;
  std::string bytes = test::read_bytes(hive);
  const auto get32 = [&](size_t offset) {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value |= uint32_t(uint8_t(bytes[offset + i])) << (8 * i);
    return value;
  };
  const auto put32 = [&](size_t offset, uint32_t value) {
    for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  };
  put32(40, get32(40) - 0x600);  // the declared end now falls inside the last bin
  uint32_t checksum = 0;
  for (size_t offset = 0; offset < 508; offset += 4) checksum ^= get32(offset);
  put32(508, checksum);
  test::write_bytes(hive, bytes);
  for (Format format : {Format::directory, Format::wim}) {
    if (format == Format::wim && !test::program_exists("wimlib-imagex")) continue;
    const fs::path image = make_image(dir, dir / "tree", format);
    const auto before = snapshot(image);
    auto ran = run_kmsprep(
        {"configure", image.string(), "--target", "registry", "--kms-host", "kms.corp.example"});
    EXPECT_EQ(ran.exit_code, 3) << format_name(format) << ": " << ran.out << ran.err;
    EXPECT_NE(ran.err.find("E1024"), std::string::npos) << ran.err;
    EXPECT_NE(ran.err.find("Windows/System32/config/SOFTWARE"), std::string::npos) << ran.err;
    EXPECT_EQ(snapshot(image), before) << format_name(format);
    auto inspected = run_kmsprep({"inspect", image.string()});  // reading it is fine
    EXPECT_EQ(inspected.exit_code, 0) << format_name(format) << ": " << inspected.err;
  }
}

TEST(RegistryImageCliVista, TargetAllWritesTheSlKeyTheAnswerFileAndTheScript) {
  if (!test::program_exists("hivexget")) GTEST_SKIP() << "hivexget missing";
  test::TempDir dir;
  test::write_windows_installation(dir / "pc", {WindowsRelease::vista_enterprise_sp2});
  auto ran = run_kmsprep(
      {"configure", (dir / "pc").string(), "--target", "all", "--kms-host", "kms-hq.corp.example"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const fs::path hive = dir / "pc" / test::kSoftwareHivePath;
  EXPECT_EQ(test::hivexget_value(hive, kSl, "KeyManagementServiceName"), "kms-hq.corp.example");
  EXPECT_EQ(test::hivexget_value(hive, kSl, "KeyManagementServicePort"), "1688");
  EXPECT_TRUE(test::hivexget_lacks_value(hive, kSpp, "KeyManagementServiceName"));
  EXPECT_NE(test::read_bytes(dir / "pc/Windows/Panther/unattend.xml")
                .find("/skms kms-hq.corp.example:1688"),
            std::string::npos);
  EXPECT_NE(test::read_bytes(dir / "pc/Windows/Setup/Scripts/SetupComplete.cmd")
                .find("/skms kms-hq.corp.example:1688"),
            std::string::npos);
}

TEST(RegistryImageCliGeneralize, SaysWhenSetupAlreadyGeneralizedAndNeverWritesMarkers) {
  test::TempDir dir;
  test::WindowsInstallationSpec generalized{WindowsRelease::windows10_enterprise_22h2};
  test::write_windows_installation(dir / "done", generalized);
  test::WindowsInstallationSpec used{WindowsRelease::windows10_enterprise_22h2};
  used.image_state = test::SetupImageState::complete;
  test::write_windows_installation(dir / "used", used);

  // generalize works on the emulated state install-key creates.
  const std::string key = test::release_facts(WindowsRelease::windows10_enterprise_22h2).gvlk;
  for (const char* tree : {"done", "used"}) {
    auto installed = run_kmsprep({"install-key", (dir / tree).string(), "--key", key});
    ASSERT_EQ(installed.exit_code, 0) << installed.err;
  }
  auto done = run_kmsprep({"generalize", (dir / "done").string()});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find("already generalized by sysprep"), std::string::npos) << done.out;

  const std::string state_ini = test::read_bytes(dir / "used" / test::kStateIniPath);
  const std::string system = test::read_bytes(dir / "used" / test::kSystemHivePath);
  const std::string software = test::read_bytes(dir / "used" / test::kSoftwareHivePath);
  auto ran = run_kmsprep({"generalize", (dir / "used").string()});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_NE(ran.err.find("the real installation is not generalized"), std::string::npos) << ran.err;
  EXPECT_EQ(test::read_bytes(dir / "used" / test::kStateIniPath), state_ini);
  EXPECT_EQ(test::read_bytes(dir / "used" / test::kSystemHivePath), system);
  EXPECT_EQ(test::read_bytes(dir / "used" / test::kSoftwareHivePath), software);
  EXPECT_FALSE(fs::exists(dir / "used" / test::kSysprepTagPath));
  // validate still fails it: kmsprep's generalize did not generalize Windows.
  auto validated = run_kmsprep({"validate", (dir / "used").string()});
  EXPECT_EQ(validated.exit_code, 1) << validated.out;
  EXPECT_NE(validated.out.find("image-state-generalized"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep

namespace kmsprep {
namespace {

TEST(RegistryImageCliStep, ConfigureTargetVariableTakesTheSameWords) {
  if (!test::program_exists("hivexget")) GTEST_SKIP() << "hivexget missing";
  test::TempDir dir;
  test::write_windows_installation(dir / "pc", {test::WindowsRelease::windows7_enterprise_sp1});
  auto ran = test::run_kmsprep(
      {"step", "configure-kms", "--var", "ImagePath=" + (dir / "pc").string(), "--var",
       "KMSHost=kms7.corp.example", "--var", "KMSPort=1700", "--var", "ConfigureTarget=registry"});
  ASSERT_EQ(ran.exit_code, 0) << ran.out << ran.err;
  const auto hive = dir / "pc" / test::kSoftwareHivePath;
  EXPECT_EQ(test::hivexget_value(hive, kSpp, "KeyManagementServiceName"), "kms7.corp.example");
  EXPECT_EQ(test::hivexget_value(hive, kSpp, "KeyManagementServicePort"), "1700");
  EXPECT_FALSE(std::filesystem::exists(dir / "pc/Windows/Panther/unattend.xml"));
  auto bad =
      test::run_kmsprep({"step", "configure-kms", "--var", "ImagePath=" + (dir / "pc").string(),
                         "--var", "KMSHost=kms7.corp.example", "--var", "ConfigureTarget=hive"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE((bad.out + bad.err).find("registry or all"), std::string::npos) << bad.out << bad.err;
}

}  // namespace
}  // namespace kmsprep

namespace kmsprep {
namespace {

TEST(RegistryImageCliSources, DisagreeingSetupRecordsFailSourcesAgreeAndTheUngeneralizedOneWins) {
  test::TempDir dir;
  test::write_windows_installation(dir / "pc", {test::WindowsRelease::windows10_enterprise_22h2});
  // The registry says generalized; State.ini (UTF-16 LE, as Setup writes it) says used.
  const std::string text = "[State]\r\nImageState=IMAGE_STATE_COMPLETE\r\n";
  std::string utf16 = "\xFF\xFE";
  for (char c : text) utf16 += std::string{c, '\0'};
  test::write_bytes(dir / "pc" / test::kStateIniPath, utf16);
  auto ran = test::run_kmsprep({"validate", (dir / "pc").string(), "--format", "json"});
  ASSERT_EQ(ran.exit_code, 1) << ran.out << ran.err;
  const nlohmann::json report = nlohmann::json::parse(ran.out);
  std::map<std::string, nlohmann::json> checks;
  for (const auto& check : report["checks"]) checks[check["id"]] = check;
  EXPECT_EQ(checks["image-state-generalized"]["status"], "fail");
  EXPECT_EQ(checks["image-state-generalized"]["location"], "Windows/Setup/State/State.ini");
  EXPECT_EQ(checks["sources-agree"]["status"], "fail");
  EXPECT_NE(checks["sources-agree"]["message"].get<std::string>().find(
                "State.ini says IMAGE_STATE_COMPLETE"),
            std::string::npos)
      << checks["sources-agree"].dump();
  EXPECT_EQ(checks["prediction-activates"]["status"], "fail");
}

}  // namespace
}  // namespace kmsprep
