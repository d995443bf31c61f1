// End-to-end runs of `kmsprep install-key` and `kmsprep pid` on real directories, WIMs,
// archives and ISOs made in the test.
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

constexpr const char* kVistaEnterprise = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
constexpr const char* kVistaBusiness = "YFKBB-PQJJV-G996G-VWGXY-2V3X8";
constexpr const char* kWin7Professional = "FJ82H-XT6CR-J8D7P-XQJJ2-GPDD4";
constexpr const char* kWin7Enterprise = "33PXH-7Y6KF-2VJC9-XBBR8-HVTHH";

fs::path make_os_tree(const TempDir& dir, const std::string& name = "os") {
  const fs::path root = dir / name;
  write_bytes(root / "Windows" / "win.ini", "[fonts]\r\n");
  write_bytes(root / "Windows" / "System32" / "drivers" / "etc" / "hosts",
              "127.0.0.1 localhost\r\n");
  write_bytes(root / "Users" / "Public" / "desktop.ini", "[.ShellClassInfo]\r\n");
  return root;
}

fs::path make_media(const TempDir& dir, const std::string& pid_text) {
  const fs::path media = dir / "media";
  write_bytes(media / "sources" / "pid.txt", pid_text);
  write_bytes(media / "setup.exe", "MZ");
  return media;
}

void set_wim_properties(const fs::path& wim, int index,
                        const std::vector<std::string>& properties) {
  std::vector<std::string> argv = {"wimlib-imagex", "info", wim.string(), std::to_string(index)};
  for (const auto& property : properties) {
    argv.push_back("--image-property");
    argv.push_back(property);
  }
  auto result = run_program(argv);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

fs::path make_two_edition_wim(const TempDir& dir) {
  const fs::path tree = make_os_tree(dir, "wimtree");
  const fs::path wim = dir / "install.wim";
  auto first = run_program({"wimlib-imagex", "capture", tree.string(), wim.string(), "Business"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  auto second = run_program({"wimlib-imagex", "append", tree.string(), wim.string(), "Enterprise"});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  set_wim_properties(wim, 1,
                     {"WINDOWS/EDITIONID=Business", "WINDOWS/VERSION/MAJOR=6",
                      "WINDOWS/VERSION/MINOR=0", "WINDOWS/ARCH=0"});
  set_wim_properties(wim, 2,
                     {"WINDOWS/EDITIONID=Enterprise", "WINDOWS/VERSION/MAJOR=6",
                      "WINDOWS/VERSION/MINOR=0", "WINDOWS/ARCH=0"});
  return wim;
}

std::string cat(const fs::path& image, const std::string& path, int index = 1) {
  auto result =
      run_kmsprep({"image", "cat", image.string(), path, "--index", std::to_string(index)});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(PidCommand, ReadsDirectoryMediaAsJson) {
  TempDir dir;
  const fs::path media = make_media(dir, "[PID]\r\nValue=VKK3X-68KWM-X2YGT-QR4M6-4BWMV\r\n");
  write_bytes(media / "sources" / "ei.cfg",
              "[EditionID]\r\nEnterprise\r\n[Channel]\r\nVolume\r\n[VL]\r\n1\r\n");
  auto result = run_kmsprep({"pid", media.string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["partial_key"], "4BWMV");
  EXPECT_EQ(json["gvlk"], true);
  EXPECT_EQ(json["product_id"], "vista-enterprise");
  EXPECT_EQ(json["family"], "vista");
  EXPECT_EQ(json["type"], "client");
  EXPECT_EQ(json["edition_id"], "Enterprise");
  EXPECT_EQ(json["ei_cfg"]["edition_id"], "Enterprise");
  EXPECT_EQ(json["ei_cfg"]["volume"], true);
  EXPECT_FALSE(json.contains("key"));
  EXPECT_EQ(result.out.find(kVistaEnterprise), std::string::npos);
}

TEST(PidCommand, ShowKeyPrintsTheFullKeyButNeverLogsIt) {
  TempDir dir;
  const fs::path media = make_media(dir, "[PID]\nValue=VKK3X-68KWM-X2YGT-QR4M6-4BWMV\n");
  const fs::path log = dir / "kmsprep.log";
  auto result = run_kmsprep({"pid", media.string(), "--json", "--show-key", "--log", log.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["key"], kVistaEnterprise);
  EXPECT_EQ(read_bytes(log).find("VKK3X"), std::string::npos);
}

TEST(PidCommand, FindsPidTxtInAnyLetterCaseAndSaysSetupIgnoresItWithAutounattend) {
  TempDir dir;
  write_bytes(dir / "media" / "SOURCES" / "PID.TXT",
              "[pid]\nvalue = vkk3x-68kwm-x2ygt-qr4m6-4bwmv\n");
  write_bytes(dir / "media" / "Autounattend.xml", "<unattend/>");
  auto result = run_kmsprep({"pid", (dir / "media").string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Windows Vista Enterprise"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Setup will ignore it"), std::string::npos) << result.out;
}

TEST(PidCommand, ReadsAPidTxtFileItself) {
  TempDir dir;
  write_bytes(dir / "pid.txt", "[PID]\r\nValue=FJ82H-XT6CR-J8D7P-XQJJ2-GPDD4\r\n");
  auto result = run_kmsprep({"pid", (dir / "pid.txt").string(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(nlohmann::json::parse(result.out)["product_id"], "win7-professional");
}

TEST(PidCommand, ReadsZipIso9660AndWindowsStyleUdfMedia) {
  TempDir dir;
  const fs::path media = make_media(dir, "[PID]\r\nValue=VKK3X-68KWM-X2YGT-QR4M6-4BWMV\r\n");
  write_bytes(media / "README.TXT", "readme");
  const fs::path zip = dir / "media.zip";
  ASSERT_EQ(run_program({"bsdtar", "-a", "-cf", zip.string(), "-C", media.string(), "."}).exit_code,
            0);
  const fs::path iso = dir / "media.iso";
  ASSERT_EQ(
      run_program({"genisoimage", "-quiet", "-J", "-o", iso.string(), media.string()}).exit_code,
      0);
  const fs::path udf = dir / "windows.iso";
  ASSERT_EQ(run_program({"genisoimage", "-quiet", "-udf", "-hide", "sources", "-hide", "setup.exe",
                         "-o", udf.string(), media.string()})
                .exit_code,
            0);
  for (const fs::path& image : {zip, iso, udf}) {
    auto result = run_kmsprep({"pid", image.string(), "--json"});
    ASSERT_EQ(result.exit_code, 0) << image << result.err;
    EXPECT_EQ(nlohmann::json::parse(result.out)["product_id"], "vista-enterprise") << image;
  }
}

TEST(PidCommand, BadPidTxtIsExit3WithTheLineAndLeavesTheFileAlone) {
  TempDir dir;
  const std::string text = "[PID]\r\nValue=VKK3X-68KWM-X2YGT-QR4M6-4BWM0\r\n";
  const fs::path media = make_media(dir, text);
  auto result = run_kmsprep({"pid", media.string()});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("sources/pid.txt:2"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("VKK3X"), std::string::npos) << result.err;
  EXPECT_EQ(read_bytes(media / "sources" / "pid.txt"), text);
}

TEST(PidCommand, MediaWithoutPidTxtIsExit3) {
  TempDir dir;
  write_bytes(dir / "media" / "sources" / "install.wim", "x");
  auto result = run_kmsprep({"pid", (dir / "media").string()});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("no sources/pid.txt"), std::string::npos) << result.err;
}

TEST(InstallKeyCommand, WritesKeyAndStateIntoDirectoryAndSecondRunChangesNothing) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  const fs::path media = make_media(dir, "[PID]\r\nValue=VKK3X-68KWM-X2YGT-QR4M6-4BWMV\r\n");
  const fs::path log = dir / "kmsprep.log";
  auto first = run_kmsprep(
      {"install-key", os.string(), "--media", media.string(), "--log", log.string(), "--verbose"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const std::string answer = read_bytes(os / "Windows" / "Panther" / "unattend.xml");
  EXPECT_NE(answer.find("<ProductKey>VKK3X-68KWM-X2YGT-QR4M6-4BWMV</ProductKey>"),
            std::string::npos);
  EXPECT_NE(answer.find("pass=\"specialize\""), std::string::npos);
  const std::string state = read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml");
  EXPECT_NE(state.find("<product-id>vista-enterprise</product-id>"), std::string::npos);
  EXPECT_NE(state.find("<rearms-left>3</rearms-left>"), std::string::npos);
  for (const std::string& output : {first.out, first.err, read_bytes(log)}) {
    EXPECT_EQ(output.find("VKK3X"), std::string::npos) << output;
  }

  const auto mtime = fs::last_write_time(os / "Windows" / "Panther" / "unattend.xml");
  auto second = run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise, "--json"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto json = nlohmann::json::parse(second.out);
  EXPECT_EQ(json["results"][0]["changed"], false);
  EXPECT_EQ(json["results"][0]["written"], false);
  EXPECT_EQ(read_bytes(os / "Windows" / "Panther" / "unattend.xml"), answer);
  EXPECT_EQ(read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml"), state);
  EXPECT_EQ(fs::last_write_time(os / "Windows" / "Panther" / "unattend.xml"), mtime);
  EXPECT_EQ(second.out.find("VKK3X"), std::string::npos);
}

TEST(InstallKeyCommand, DifferentKeyGivesANewCmid) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise}).exit_code, 0);
  const std::string first = read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml");
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaBusiness}).exit_code, 0);
  const std::string second = read_bytes(os / "Windows" / "kmsprep" / "licensing-state.xml");
  const auto cmid = [](const std::string& state) {
    const size_t start = state.find("<cmid>");
    return state.substr(start, state.find("</cmid>") - start);
  };
  EXPECT_NE(cmid(first), cmid(second));
  EXPECT_NE(second.find("vista-business"), std::string::npos);
}

TEST(InstallKeyCommand, KeepsEveryOtherByteOfAnExistingAnswerFile) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  const std::string before =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n"
      "<!-- reference image, build 42 -->\r\n"
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\r\n"
      "  <settings pass=\"oobeSystem\">\r\n"
      "    <component name=\"Microsoft-Windows-International-Core\" processorArchitecture=\"x86\" "
      "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\r\n"
      "      <UILanguage>en-US</UILanguage>\r\n"
      "    </component>\r\n"
      "  </settings>\r\n"
      "</unattend>\r\n";
  write_bytes(os / "Windows" / "Panther" / "unattend.xml", before);
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise}).exit_code, 0);
  const std::string after = read_bytes(os / "Windows" / "Panther" / "unattend.xml");
  EXPECT_EQ(after.substr(0, before.find("  <settings")),
            before.substr(0, before.find("  <settings")));
  EXPECT_NE(after.find("processorArchitecture=\"x86\" publicKeyToken=\"31bf3856ad364e35\" "
                       "language=\"neutral\" versionScope=\"nonSxS\" xmlns:wcm"),
            std::string::npos)
      << "a new component follows the file's agreed architecture:\n"
      << after;
  EXPECT_NE(after.find("<UILanguage>en-US</UILanguage>\r\n"), std::string::npos);
  EXPECT_EQ(after.find("\n\n"), std::string::npos);
}

TEST(InstallKeyCommand, DryRunWritesNothing) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  auto result = run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise, "--dry-run"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("dry run"), std::string::npos);
  EXPECT_NE(result.out.find("+"), std::string::npos);
  EXPECT_EQ(result.out.find("VKK3X"), std::string::npos) << result.out;
  EXPECT_FALSE(fs::exists(os / "Windows" / "Panther" / "unattend.xml"));
  EXPECT_FALSE(fs::exists(os / "Windows" / "kmsprep"));
}

TEST(InstallKeyCommand, RefusesNonGvlkUnlessAllowed) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  const std::string retail_looking = "BCDFG-HJKMP-QRTVW-XY234-6789B";
  auto refused = run_kmsprep({"install-key", os.string(), "--key", retail_looking});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("not in the published KMS client setup key list"), std::string::npos);
  EXPECT_EQ(refused.err.find("BCDFG"), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(os / "Windows" / "Panther"));
  auto allowed =
      run_kmsprep({"install-key", os.string(), "--key", retail_looking, "--allow-non-gvlk"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(read_bytes(os / "Windows" / "Panther" / "unattend.xml").find(retail_looking),
            std::string::npos);
  EXPECT_FALSE(fs::exists(os / "Windows" / "kmsprep" / "licensing-state.xml"));
}

TEST(InstallKeyCommand, JsonCarriesWarningsInsideTheDocumentAndLeavesStderrEmpty) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  auto result = run_kmsprep({"install-key", os.string(), "--key", "BCDFG-HJKMP-QRTVW-XY234-6789B",
                             "--allow-non-gvlk", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.err.empty()) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["warnings"].size(), 1u);
  EXPECT_NE(json["warnings"][0].get<std::string>().find("not a published GVLK"), std::string::npos);
}

TEST(InstallKeyCommand, MalformedKeyIsAUsageErrorNamingThePosition) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  auto result = run_kmsprep({"install-key", os.string(), "--key",
                             "VKK3X\xE2\x80\x93"
                             "68KWM-X2YGT-QR4M6-4BWMV"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("en dash"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("position 6"), std::string::npos) << result.err;
}

TEST(InstallKeyCommand, RefusesEditionAndFamilyMismatchNamingBothAndLeavesWimAlone) {
  TempDir dir;
  const fs::path wim = make_two_edition_wim(dir);
  const std::string before = read_bytes(wim);
  auto edition =
      run_kmsprep({"install-key", wim.string(), "--index", "1", "--key", kVistaEnterprise});
  EXPECT_EQ(edition.exit_code, 3);
  EXPECT_NE(edition.err.find("EditionID Enterprise"), std::string::npos) << edition.err;
  EXPECT_NE(edition.err.find("EditionID Business"), std::string::npos) << edition.err;
  auto family =
      run_kmsprep({"install-key", wim.string(), "--index", "2", "--key", kWin7Enterprise});
  EXPECT_EQ(family.exit_code, 3);
  EXPECT_NE(family.err.find("win7"), std::string::npos) << family.err;
  EXPECT_NE(family.err.find("vista"), std::string::npos) << family.err;
  EXPECT_EQ(read_bytes(wim), before);
}

TEST(InstallKeyCommand, ARefusalInOneIndexLeavesEveryIndexUntouched) {
  TempDir dir;
  const fs::path wim = make_two_edition_wim(dir);
  const std::string before = read_bytes(wim);
  // Index 2 (Enterprise) would take the key; index 1 (Business) refuses it.
  auto result =
      run_kmsprep({"install-key", wim.string(), "--key", kVistaEnterprise, "--index", "all"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("EditionID Business"), std::string::npos) << result.err;
  EXPECT_EQ(read_bytes(wim), before);
}

TEST(InstallKeyCommand, AutoKeyForEveryIndexOfATwoEditionWim) {
  TempDir dir;
  const fs::path wim = make_two_edition_wim(dir);
  auto result =
      run_kmsprep({"install-key", wim.string(), "--key", "auto", "--index", "all", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json["results"].size(), 2u);
  EXPECT_EQ(json["results"][0]["product_id"], "vista-business");
  EXPECT_EQ(json["results"][1]["product_id"], "vista-enterprise");
  EXPECT_NE(cat(wim, "Windows/Panther/unattend.xml", 1).find(kVistaBusiness), std::string::npos);
  EXPECT_NE(cat(wim, "windows/panther/UNATTEND.XML", 2).find(kVistaEnterprise), std::string::npos);
  // WINDOWS/ARCH 0 makes new components x86.
  EXPECT_NE(cat(wim, "Windows/Panther/unattend.xml", 2).find("processorArchitecture=\"x86\""),
            std::string::npos);
}

TEST(InstallKeyCommand, AutoKeyLeavesAnImageWithoutAGvlkAloneAndExits1) {
  TempDir dir;
  const fs::path wim = make_two_edition_wim(dir);
  set_wim_properties(wim, 1, {"WINDOWS/EDITIONID=Starter"});
  auto result = run_kmsprep({"install-key", wim.string(), "--key", "auto", "--index", "all"});
  EXPECT_EQ(result.exit_code, 1) << result.err;
  EXPECT_NE(result.out.find("left alone"), std::string::npos) << result.out;
  auto first =
      run_kmsprep({"image", "cat", wim.string(), "Windows/Panther/unattend.xml", "--index", "1"});
  EXPECT_EQ(first.exit_code, 3);
  EXPECT_NE(cat(wim, "Windows/Panther/unattend.xml", 2).find(kVistaEnterprise), std::string::npos);
}

TEST(InstallKeyCommand, WorksOnATarArchive) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  const fs::path tar = dir / "os.tar.gz";
  ASSERT_EQ(run_program({"bsdtar", "-czf", tar.string(), "-C", os.string(), "."}).exit_code, 0);
  auto result =
      run_kmsprep({"install-key", tar.string(), "--key", kWin7Professional, "--os", "win7"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(cat(tar, "Windows/Panther/unattend.xml").find(kWin7Professional), std::string::npos);
  EXPECT_NE(cat(tar, "Windows/kmsprep/licensing-state.xml").find("win7-professional"),
            std::string::npos);
  EXPECT_EQ(cat(tar, "Windows/win.ini"), "[fonts]\r\n");
}

TEST(InstallKeyCommand, OsOptionThatContradictsTheKeyIsRefused) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  auto result =
      run_kmsprep({"install-key", os.string(), "--key", kWin7Professional, "--os", "vista"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("--os"), std::string::npos) << result.err;
}

TEST(InstallKeyCommand, WindowsPeWritesAutounattendOnMedia) {
  TempDir dir;
  const fs::path media = make_media(dir, "[PID]\r\nValue=VKK3X-68KWM-X2YGT-QR4M6-4BWMV\r\n");
  auto result =
      run_kmsprep({"install-key", media.string(), "--media", media.string(), "--windows-pe"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string answer = read_bytes(media / "Autounattend.xml");
  EXPECT_NE(answer.find("pass=\"windowsPE\""), std::string::npos) << answer;
  EXPECT_NE(answer.find("Microsoft-Windows-Setup"), std::string::npos);
  EXPECT_NE(answer.find("<Key>VKK3X-68KWM-X2YGT-QR4M6-4BWMV</Key>"), std::string::npos) << answer;
  EXPECT_NE(answer.find("<WillShowUI>OnError</WillShowUI>"), std::string::npos) << answer;
  // Now Setup will ignore pid.txt, and pid says so.
  auto pid = run_kmsprep({"pid", media.string()});
  EXPECT_NE(pid.out.find("Setup will ignore it"), std::string::npos) << pid.out;
}

TEST(InstallKeyCommand, RefusesAnNInAVistaKeyEvenWhenNonGvlkKeysAreAllowed) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  auto result = run_kmsprep({"install-key", os.string(), "--key", "VKK3N-68KWM-X2YGT-QR4M6-4BWMV",
                             "--os", "vista", "--allow-non-gvlk"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_NE(result.err.find("contains an N"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(os / "Windows" / "Panther"));
}

TEST(InstallKeyCommand, WindowsPeOnAnOsImageIsAUsageError) {
  TempDir dir;
  const fs::path os = make_os_tree(dir);
  auto result =
      run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise, "--windows-pe"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--windows-pe"), std::string::npos);
}

std::string answer_fixture(const std::string& name) {
  return read_bytes(test::source_dir() / "tests/data/answer" / name);
}

std::string with_key_replaced(std::string text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(InstallKeyCommand, WindowsPeKeepsTheAuthorsWillShowUiNeverAndSaysWhichKeyItReplaced) {
  TempDir dir;
  const fs::path media = make_media(dir, "[PID]\r\nValue=NPPR9-FWDCX-D2C8J-H872K-2YT43\r\n");
  const std::string before = answer_fixture("key-willshowui-never.xml");
  write_bytes(media / "Autounattend.xml", before);
  const fs::path log = dir / "install-key.log";
  auto result =
      run_kmsprep({"install-key", media.string(), "--key", "NPPR9-FWDCX-D2C8J-H872K-2YT43",
                   "--windows-pe", "--json", "--log", log.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(
      read_bytes(media / "Autounattend.xml"),
      with_key_replaced(before, "W269N-WFGWX-YVC9B-4J6C9-T83GX", "NPPR9-FWDCX-D2C8J-H872K-2YT43"));
  auto document = nlohmann::json::parse(result.out);
  const auto& replaced = document["results"][0]["replaced"];
  ASSERT_EQ(replaced.size(), 1u) << result.out;
  EXPECT_EQ(replaced[0]["before"], "*****-*****-*****-*****-T83GX");
  EXPECT_EQ(replaced[0]["after"], "*****-*****-*****-*****-2YT43");
  EXPECT_EQ(replaced[0]["line"], 8);
  EXPECT_EQ(replaced[0]["setting"], "windowsPE/Microsoft-Windows-Setup/UserData/ProductKey/Key");
  const std::string message = replaced[0]["message"];
  EXPECT_EQ(message.rfind("E418 ", 0), 0u) << message;
  EXPECT_NE(message.find("Autounattend.xml:8"), std::string::npos) << message;
  const std::string logged = read_bytes(log);
  EXPECT_NE(logged.find("*****-*****-*****-*****-T83GX"), std::string::npos) << logged;
  for (const std::string& where : {result.out, result.err, logged}) {
    EXPECT_EQ(where.find("W269N-WFGWX"), std::string::npos);
    EXPECT_EQ(where.find("NPPR9-FWDCX"), std::string::npos);
  }
}

TEST(InstallKeyCommand, RewritesTheTextOnlyProductKeyLayoutInPlace) {
  TempDir dir;
  const fs::path media = make_media(dir, "[PID]\r\nValue=W269N-WFGWX-YVC9B-4J6C9-T83GX\r\n");
  const std::string before = answer_fixture("text-only-product-key.xml");
  write_bytes(media / "Autounattend.xml", before);
  auto result =
      run_kmsprep({"install-key", media.string(), "--media", media.string(), "--windows-pe"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // The key stays the text of <ProductKey>; no <Key> is added and WillShowUI stays Never.
  EXPECT_EQ(
      read_bytes(media / "Autounattend.xml"),
      with_key_replaced(before, "NPPR9-FWDCX-D2C8J-H872K-2YT43", "W269N-WFGWX-YVC9B-4J6C9-T83GX"));
  EXPECT_NE(result.out.find("E418"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("*****-*****-*****-*****-2YT43"), std::string::npos) << result.out;
}

TEST(InstallKeyCommand, OnSetupMediaWritesAutounattendAndNeverCreatesWindows) {
  TempDir dir;
  const fs::path media = make_media(dir, "[PID]\r\nValue=NPPR9-FWDCX-D2C8J-H872K-2YT43\r\n");
  auto result = run_kmsprep({"install-key", media.string(), "--media", media.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_FALSE(fs::exists(media / "Windows"));
  const std::string answer = read_bytes(media / "Autounattend.xml");
  EXPECT_NE(answer.find("<Key>NPPR9-FWDCX-D2C8J-H872K-2YT43</Key>"), std::string::npos) << answer;
  EXPECT_NE(result.out.find("Autounattend.xml"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace kmsprep
