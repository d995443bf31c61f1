// End-to-end runs of `kmsprep generalize`, `inspect` and `capture` on real directories and
// WIMs made in the test.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"
#include "tests/support/windows_installation.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::read_bytes;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

constexpr const char* kVistaEnterprise = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
constexpr const char* kWin7Enterprise = "33PXH-7Y6KF-2VJC9-XBBR8-HVTHH";
constexpr const char* kWin10Enterprise = "NPPR9-FWDCX-D2C8J-H872K-2YT43";

fs::path reference_pc(const TempDir& dir) {
  const fs::path root = dir / "reference-pc";
  fs::copy(test::source_dir() / "samples" / "reference-pc", root, fs::copy_options::recursive);
  return root;
}

std::string skip_rearm_answer_file(const std::string& component, int skip_rearm) {
  return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
         "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\r\n"
         "  <settings pass=\"generalize\">\r\n"
         "    <component name=\"" +
         component +
         "\" processorArchitecture=\"amd64\" "
         "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\r\n"
         "      <SkipRearm>" +
         std::to_string(skip_rearm) +
         "</SkipRearm>\r\n"
         "    </component>\r\n"
         "  </settings>\r\n"
         "</unattend>\r\n";
}

json generalize_json(const fs::path& image, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"generalize", image.string(), "--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto result = run_kmsprep(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

json inspect_json(const fs::path& image) {
  auto result = run_kmsprep({"inspect", image.string(), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

TEST(GeneralizeCommand, CountsVistaRearmsToExhaustionAndThenLeavesTheImageAlone) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise}).exit_code, 0);
  // The sample's SOFTWARE hive is Vista SP2 (build 6002): Enterprise from SP1 on allows five
  // rearms (Volume Activation 2.0 Operations Guide; engine/data/product_timers.csv), issue 14.
  for (int expected_left : {4, 3, 2, 1, 0}) {
    const json result = generalize_json(os);
    EXPECT_EQ(result["after"]["rearms_left"], expected_left);
    EXPECT_EQ(result["after"]["generalization"], "generalized");
    EXPECT_EQ(result["after"]["cmid_present"], false);
    EXPECT_TRUE(result["after"]["sysprep_runs_left"].is_null());
  }
  const std::string state_before = read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml");
  auto exhausted = run_kmsprep({"generalize", os.string()});
  EXPECT_EQ(exhausted.exit_code, 1);
  EXPECT_NE(exhausted.err.find("A fatal error occurred while trying to sysprep the machine"),
            std::string::npos)
      << exhausted.err;
  EXPECT_NE(exhausted.err.find("allow 3"), std::string::npos) << exhausted.err;
  EXPECT_EQ(read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml"), state_before);
}

TEST(GeneralizeCommand, CountsWin7RearmsInAWimAndLeavesAnExhaustedWimByteIdentical) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kWin7Enterprise}).exit_code, 0);
  const fs::path wim = dir / "install.wim";
  ASSERT_EQ(run_kmsprep({"capture", os.string(), wim.string(), "--name", "Win7"}).exit_code, 0);
  for (int expected_left : {2, 1, 0}) {
    EXPECT_EQ(generalize_json(wim)["after"]["rearms_left"], expected_left);
  }
  const std::string before = read_bytes(wim);
  EXPECT_EQ(run_kmsprep({"generalize", wim.string()}).exit_code, 1);
  EXPECT_EQ(read_bytes(wim), before);
}

// "You can run the Sysprep command up to 1001 times on a single Windows image" (Sysprep
// (Generalize) a Windows installation, Limits on how many times you can run Sysprep). This test
// expected 8 before issue 14: an older version of that page said 8.
TEST(GeneralizeCommand, Allows1001SysprepRunsOnWindows10) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kWin10Enterprise}).exit_code, 0);
  EXPECT_EQ(inspect_json(os)["sysprep_runs_left"], 1001);
  EXPECT_TRUE(inspect_json(os)["rearms_left"].is_null());
  for (int left = 1000; left >= 999; --left)
    EXPECT_EQ(generalize_json(os)["after"]["sysprep_runs_left"], left);
  // The last run of the allowance, without 998 more generalizes: the state file says 1 left.
  const fs::path state = os / "Windows/kmsprep/licensing-state.xml";
  std::string text = read_bytes(state);
  const std::string runs = "<sysprep-runs-left>999</sysprep-runs-left>";
  ASSERT_NE(text.find(runs), std::string::npos) << text;
  text.replace(text.find(runs), runs.size(), "<sysprep-runs-left>1</sysprep-runs-left>");
  write_bytes(state, text);
  EXPECT_EQ(generalize_json(os)["after"]["sysprep_runs_left"], 0);
  auto exhausted = run_kmsprep({"generalize", os.string()});
  EXPECT_EQ(exhausted.exit_code, 1);
  EXPECT_NE(exhausted.err.find("sysprep run"), std::string::npos) << exhausted.err;
}

TEST(GeneralizeCommand, SkipRearmOneKeepsTheStateAndWarnsAboutSharedCmid) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kWin7Enterprise}).exit_code, 0);
  ASSERT_EQ(run_kmsprep({"configure", os.string(), "--skip-rearm", "1"}).exit_code, 0);
  const json before = inspect_json(os);
  EXPECT_EQ(before["skip_rearm"], true);
  auto result = run_kmsprep({"generalize", os.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("share one CMID"), std::string::npos) << result.err;
  EXPECT_NE(result.out.find("sysprep /generalize running inside Windows"), std::string::npos);
  const json after = inspect_json(os);
  EXPECT_EQ(after["generalization"], "generalized-skip-rearm");
  EXPECT_EQ(after["generalized"], true);
  EXPECT_EQ(after["rearms_left"], before["rearms_left"]);
  EXPECT_EQ(after["cmid_present"], true);
}

TEST(GeneralizeCommand, TakesSkipRearmFromTheFileWindowsUsesForGeneralize) {
  struct Location {
    std::string path;
    int skip_rearm;
  };
  // Each location wins when it is the only one; Panther\Unattend wins over Panther; Panther
  // wins over Sysprep.
  const std::vector<std::vector<Location>> layouts = {
      {{"Windows/Panther/Unattend/Unattend.xml", 1}},
      {{"Windows/Panther/unattend.xml", 1}},
      {{"Windows/System32/Sysprep/unattend.xml", 1}},
      {{"Windows/Panther/Unattend/Unattend.xml", 1}, {"Windows/Panther/unattend.xml", 0}},
      {{"Windows/Panther/unattend.xml", 1}, {"Windows/System32/Sysprep/unattend.xml", 0}},
  };
  for (const auto& layout : layouts) {
    TempDir dir;
    const fs::path os = reference_pc(dir);
    ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kWin7Enterprise}).exit_code, 0);
    for (const auto& location : layout) {
      write_bytes(os / location.path,
                  skip_rearm_answer_file("Microsoft-Windows-Security-SPP", location.skip_rearm));
    }
    const json result = generalize_json(os);
    EXPECT_EQ(result["skip_rearm"], true) << layout.front().path;
    EXPECT_EQ(result["after"]["generalization"], "generalized-skip-rearm") << layout.front().path;
  }
}

TEST(GeneralizeCommand, DryRunShowsTheChangeAndWritesNothing) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise}).exit_code, 0);
  const std::string state = read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml");
  const json result = generalize_json(os, {"--dry-run"});
  EXPECT_EQ(result["before"]["generalization"], "never");
  EXPECT_EQ(result["after"]["generalization"], "generalized");
  EXPECT_EQ(result["written"], false);
  EXPECT_EQ(read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml"), state);
}

TEST(GeneralizeCommand, ImageWithoutAProductIsBadInput) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  auto result = run_kmsprep({"generalize", os.string()});
  EXPECT_EQ(result.exit_code, 3);
  // A missing state is its own error, not "not a published KMS client setup key" (E502).
  EXPECT_NE(result.err.find("E510 the image has no licensing state to generalize"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("install-key"), std::string::npos) << result.err;
}

TEST(GeneralizeCommand, NeverWritesRealSysprepMarkers) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise}).exit_code, 0);
  ASSERT_EQ(run_kmsprep({"generalize", os.string()}).exit_code, 0);
  EXPECT_FALSE(fs::exists(os / "Windows" / "System32" / "Sysprep" / "Sysprep_succeeded.tag"));
  EXPECT_TRUE(inspect_json(os)["sysprep_evidence"].empty());
}

TEST(InspectCommand, ReportsSysprepEvidenceAndTheKmsHost) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise}).exit_code, 0);
  ASSERT_EQ(
      run_kmsprep({"configure", os.string(), "--kms-host", "kms1.corp.example:1700"}).exit_code, 0);
  write_bytes(os / "Windows" / "System32" / "Sysprep" / "Sysprep_succeeded.tag", "");
  write_bytes(os / "Windows" / "System32" / "Sysprep" / "Panther" / "setupact.log",
              "2007-03-01 10:00:00, Info SYSPRP Sysprep_Generalize_Cleanup: done\r\n");
  const json view = inspect_json(os);
  EXPECT_EQ(view["partial_key"], "4BWMV");
  EXPECT_EQ(view["product_id"], "vista-enterprise");
  EXPECT_EQ(view["family"], "vista");
  EXPECT_EQ(view["status"], "oob_grace");
  EXPECT_EQ(view["grace_minutes_left"], 43200);
  EXPECT_EQ(view["generalized"], false);
  EXPECT_EQ(view["kms_host"]["name"], "kms1.corp.example");
  EXPECT_EQ(view["kms_host"]["port"], 1700);
  EXPECT_NE(view["kms_host"]["source"].get<std::string>().find("Windows/Panther/unattend.xml:"),
            std::string::npos);
  ASSERT_EQ(view["sysprep_evidence"].size(), 2u);
  EXPECT_EQ(view["sysprep_evidence"][0], "Windows/System32/Sysprep/Sysprep_succeeded.tag");
  EXPECT_TRUE(view["answer_files"]["found"].is_array());
}

TEST(CaptureCommand, WritesWindowsMetadataAndEveryFileByteIdentical) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kWin7Enterprise}).exit_code, 0);
  const fs::path wim = dir / "install.wim";
  auto captured = run_kmsprep({"capture", os.string(), wim.string(), "--name", "Reference",
                               "--description", "build 42", "--json"});
  ASSERT_EQ(captured.exit_code, 0) << captured.err;
  EXPECT_EQ(json::parse(captured.out)["index"], 1);
  auto xml = run_program({"wimlib-imagex", "info", wim.string(), "1", "--xml"});
  ASSERT_EQ(xml.exit_code, 0);
  auto info = run_program({"wimlib-imagex", "info", wim.string(), "1"});
  EXPECT_NE(info.out.find("Edition ID:"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("Enterprise"), std::string::npos) << info.out;
  auto image_info = run_kmsprep({"image", "info", wim.string(), "--json"});
  const json properties = json::parse(image_info.out)["properties"];
  EXPECT_EQ(properties["WINDOWS/EDITIONID"], "Enterprise");
  EXPECT_EQ(properties["FLAGS"], "Enterprise");
  EXPECT_EQ(properties["WINDOWS/VERSION/MAJOR"], "6");
  EXPECT_EQ(properties["WINDOWS/VERSION/MINOR"], "1");
  EXPECT_EQ(properties["NAME"], "Reference");
  EXPECT_EQ(properties["DESCRIPTION"], "build 42");

  const fs::path applied = dir / "applied";
  ASSERT_EQ(run_program({"wimlib-imagex", "apply", wim.string(), "1", applied.string()}).exit_code,
            0);
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(os)) {
    if (!entry.is_regular_file()) continue;
    const fs::path relative = fs::relative(entry.path(), os);
    EXPECT_EQ(read_bytes(applied / relative), read_bytes(entry.path())) << relative;
    ++files;
  }
  EXPECT_GT(files, 10u);
}

TEST(CaptureCommand, CheckGeneralizedRefusesANeverGeneralizedTreeAndWritesNoWim) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kWin7Enterprise}).exit_code, 0);
  const fs::path wim = dir / "install.wim";
  auto refused =
      run_kmsprep({"capture", os.string(), wim.string(), "--name", "x", "--check-generalized"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("share one CMID"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(wim));
  ASSERT_EQ(run_kmsprep({"generalize", os.string()}).exit_code, 0);
  EXPECT_EQ(
      run_kmsprep({"capture", os.string(), wim.string(), "--name", "x", "--check-generalized"})
          .exit_code,
      0);
}

// Setup's own record beats the emulated state: a tree whose State.ini and SOFTWARE ImageState
// say IMAGE_STATE_COMPLETE is refused although `kmsprep generalize` made the emulated state
// generalized; a tree Setup records as generalized passes although the emulated state says
// never. The hives are written through hivex by the test support and read back by hivexget.
TEST(CaptureCommand, CheckGeneralizedUsesSetupsRecordOverTheEmulatedState) {
  TempDir dir;
  const fs::path used = reference_pc(dir);
  test::WindowsInstallationSpec never;
  never.release = test::WindowsRelease::windows10_enterprise_22h2;
  never.image_state = test::SetupImageState::complete;
  test::write_windows_installation(used, never);
  ASSERT_EQ(run_program({"hivexget", (used / test::kSoftwareHivePath).string(),
                         "Microsoft\\Windows\\CurrentVersion\\Setup\\State", "ImageState"})
                .out,
            "IMAGE_STATE_COMPLETE\n");
  ASSERT_EQ(run_kmsprep({"install-key", used.string(), "--key", kWin10Enterprise}).exit_code, 0);
  ASSERT_EQ(run_kmsprep({"generalize", used.string()}).exit_code, 0);
  const fs::path wim = dir / "install.wim";
  auto refused =
      run_kmsprep({"capture", used.string(), wim.string(), "--name", "x", "--check-generalized"});
  EXPECT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_NE(refused.err.find("Setup records IMAGE_STATE_COMPLETE"), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("share one CMID"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(wim));

  test::WindowsInstallationSpec unfinished;
  unfinished.release = test::WindowsRelease::windows10_enterprise_22h2;
  unfinished.image_state = test::SetupImageState::undeployable;
  test::write_windows_installation(used, unfinished);
  auto undeployable =
      run_kmsprep({"capture", used.string(), wim.string(), "--name", "x", "--check-generalized"});
  EXPECT_EQ(undeployable.exit_code, 1);
  EXPECT_NE(undeployable.err.find("IMAGE_STATE_UNDEPLOYABLE"), std::string::npos)
      << undeployable.err;
  EXPECT_FALSE(fs::exists(wim));

  const fs::path resealed = dir / "resealed";
  fs::copy(test::source_dir() / "samples" / "reference-pc", resealed, fs::copy_options::recursive);
  test::write_windows_installation(resealed, test::WindowsInstallationSpec{});
  ASSERT_EQ(run_kmsprep({"install-key", resealed.string(), "--key", kWin10Enterprise}).exit_code,
            0);  // the emulated state: never generalized
  auto captured = run_kmsprep(
      {"capture", resealed.string(), wim.string(), "--name", "x", "--check-generalized"});
  EXPECT_EQ(captured.exit_code, 0) << captured.err;
  EXPECT_TRUE(fs::exists(wim));
}

TEST(CaptureCommand, WithoutKeyOrEditionWarnsAndWritesNoEdition) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  // Without its SOFTWARE hive: wimlib-imagex itself sets WINDOWS/EDITIONID from a real hive.
  fs::remove(os / "Windows/System32/config/SOFTWARE");
  const fs::path wim = dir / "install.wim";
  auto captured = run_kmsprep({"capture", os.string(), wim.string(), "--name", "bare"});
  EXPECT_EQ(captured.exit_code, 0) << captured.err;
  EXPECT_NE(captured.err.find("no --edition and no installed product key"), std::string::npos);
  const json properties =
      json::parse(run_kmsprep({"image", "info", wim.string(), "--json"}).out)["properties"];
  EXPECT_FALSE(properties.contains("WINDOWS/EDITIONID"));
  EXPECT_FALSE(properties.contains("FLAGS"));
}

TEST(CaptureCommand, EditionOptionWinsAndASecondCaptureAppends) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  const fs::path wim = dir / "install.wim";
  ASSERT_EQ(run_kmsprep({"capture", os.string(), wim.string(), "--name", "one"}).exit_code, 0);
  auto second = run_kmsprep({"capture", os.string(), wim.string(), "--name", "two", "--edition",
                             "Professional", "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(json::parse(second.out)["index"], 2);
  const json properties = json::parse(
      run_kmsprep({"image", "info", wim.string(), "--index", "2", "--json"}).out)["properties"];
  EXPECT_EQ(properties["WINDOWS/EDITIONID"], "Professional");
  auto duplicate = run_kmsprep({"capture", os.string(), wim.string(), "--name", "two"});
  EXPECT_EQ(duplicate.exit_code, 3);
}

}  // namespace
}  // namespace kmsprep

namespace kmsprep {
namespace {

// Issue 6's end-to-end case: the sample reference PC through install-key, configure,
// generalize and capture, then 25 clones at a site with one fresh KMS host (validate's
// prediction). With generalize skipped, the clones share one CMID and none activates.
json prediction_for_sample(bool generalize) {
  TempDir dir;
  const fs::path os = reference_pc(dir);
  fs::copy_file(test::source_dir() / "samples" / "answer" / "unattend.xml",
                os / "Windows" / "Panther" / "unattend.xml", fs::copy_options::overwrite_existing);
  const fs::path media = test::source_dir() / "samples" / "media";
  EXPECT_EQ(run_kmsprep({"install-key", os.string(), "--media", media.string()}).exit_code, 0);
  EXPECT_EQ(run_kmsprep({"configure", os.string(), "--kms-host", "kms1.corp.example"}).exit_code,
            0);
  if (generalize) {
    EXPECT_EQ(run_kmsprep({"generalize", os.string()}).exit_code, 0);
  }
  const fs::path wim = dir / "reference.wim";
  EXPECT_EQ(run_kmsprep({"capture", os.string(), wim.string(), "--name", "reference"}).exit_code,
            0);
  auto validated = run_kmsprep({"validate", wim.string(), "--clones", "25", "--format", "json"});
  EXPECT_EQ(validated.exit_code, generalize ? 0 : 1) << validated.out << validated.err;
  return json::parse(validated.out)["prediction"];
}

TEST(SysprepEndToEnd, GeneralizedSampleImageActivatesAllClonesWithinADay) {
  const json prediction = prediction_for_sample(true);
  EXPECT_EQ(prediction["clones"], 25);
  EXPECT_EQ(prediction["activated"], 25);
  ASSERT_TRUE(prediction["hours_to_all_activated"].is_number()) << prediction.dump();
  EXPECT_LE(prediction["hours_to_all_activated"].get<double>(), 24.0);
}

TEST(SysprepEndToEnd, WithoutGeneralizeNoCloneActivates) {
  const json prediction = prediction_for_sample(false);
  EXPECT_EQ(prediction["clones"], 25);
  EXPECT_EQ(prediction["activated"], 0);
  EXPECT_TRUE(prediction["hours_to_all_activated"].is_null());
  EXPECT_EQ(prediction["failure"]["hresult"], "0xC004F038");
  EXPECT_NE(prediction["failure"]["reason"].get<std::string>().find("CMID"), std::string::npos)
      << prediction.dump();
}

}  // namespace
}  // namespace kmsprep
