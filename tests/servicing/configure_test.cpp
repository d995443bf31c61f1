#include "servicing/configure.hpp"

#include <gtest/gtest.h>

#include "core/text_decoding.hpp"
#include "servicing/setup_complete.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"
#include "unattend/answer_file.hpp"
#include "unattend/run_synchronous.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

std::string sample_answer_file() {
  return test::read_bytes(test::source_dir() / "samples/answer/unattend.xml");
}

void make_os_tree(const fs::path& root, const std::string& answer_file) {
  test::write_bytes(root / "Windows/System32/config/SOFTWARE", "hive");
  if (!answer_file.empty()) test::write_bytes(root / "Windows/Panther/unattend.xml", answer_file);
}

ImageSession open_session(const fs::path& path, bool writable = true, int index = 1) {
  auto session = ImageSession::open(path.string(), index, writable, nullptr);
  REQUIRE_OK(session);
  return std::move(session).value();
}

ConfigureOptions kms_options(const std::string& host) {
  ConfigureOptions options;
  options.kms_host = *parse_kms_host_address(host);
  return options;
}

Result<ConfigureResult> configure(const fs::path& path, const ConfigureOptions& options,
                                  bool dry_run = false) {
  ImageSession session = open_session(path, !dry_run);
  return configure_image(session, options, dry_run);
}

std::string with_inserted(const std::string& text, const std::string& after,
                          const std::string& inserted) {
  const size_t at = text.find(after);
  EXPECT_NE(at, std::string::npos) << after;
  return text.substr(0, at + after.size()) + inserted + text.substr(at + after.size());
}

TEST(Configure, AddsTheKmsHostCommandToTheSampleAndKeepsEveryOtherByte) {
  test::TempDir dir;
  const std::string sample = sample_answer_file();
  make_os_tree(dir.path(), sample);
  auto result = configure(dir.path(), kms_options("kms.contoso.com"));
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_TRUE(result->committed);
  const std::string expected = with_inserted(
      sample,
      "<JoinWorkgroup>LAB</JoinWorkgroup>\r\n            </Identification>\r\n        "
      "</component>\r\n",
      "        <component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"amd64\" "
      "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" "
      "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\r\n"
      "            <RunSynchronous>\r\n"
      "                <RunSynchronousCommand wcm:action=\"add\">\r\n"
      "                    <Order>1</Order>\r\n"
      "                    <Path>cscript //B %WINDIR%\\System32\\slmgr.vbs /skms "
      "kms.contoso.com:1688</Path>\r\n"
      "                    <Description>kmsprep: KMS host (slmgr)</Description>\r\n"
      "                </RunSynchronousCommand>\r\n"
      "            </RunSynchronous>\r\n"
      "        </component>\r\n");
  EXPECT_EQ(test::read_bytes(dir / "Windows/Panther/unattend.xml"), expected);
  EXPECT_FALSE(fs::exists(dir / "Windows/Setup/Scripts/SetupComplete.cmd"));
}

TEST(Configure, SecondIdenticalRunWritesNothingAndALaterHostReplacesTheCommand) {
  test::TempDir dir;
  make_os_tree(dir.path(), sample_answer_file());
  ConfigureOptions options = kms_options("kms1.contoso.com:1700");
  options.target = ConfigureTarget::both;
  ASSERT_TRUE(configure(dir.path(), options).ok());
  const std::string first = test::read_bytes(dir / "Windows/Panther/unattend.xml");
  const std::string first_script =
      test::read_bytes(dir / "Windows/Setup/Scripts/SetupComplete.cmd");
  const auto mtime = fs::last_write_time(dir / "Windows/Panther/unattend.xml");
  auto again = configure(dir.path(), options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->edits.empty());
  EXPECT_FALSE(again->committed);
  EXPECT_EQ(fs::last_write_time(dir / "Windows/Panther/unattend.xml"), mtime);

  ASSERT_TRUE(configure(dir.path(), kms_options("[fd00::7]")).ok());
  const std::string second = test::read_bytes(dir / "Windows/Panther/unattend.xml");
  EXPECT_EQ(second.size(), first.size() - std::string("kms1.contoso.com:1700").size() +
                               std::string("[fd00::7]:1688").size());
  EXPECT_NE(second.find("/skms [fd00::7]:1688</Path>"), std::string::npos);
  EXPECT_EQ(second.find("kms1.contoso.com"), std::string::npos);

  ConfigureOptions clear;
  clear.clear_kms_host = true;
  clear.target = ConfigureTarget::both;
  ASSERT_TRUE(configure(dir.path(), clear).ok());
  EXPECT_NE(test::read_bytes(dir / "Windows/Panther/unattend.xml").find("slmgr.vbs /ckms</Path>"),
            std::string::npos);
  const std::string script = test::read_bytes(dir / "Windows/Setup/Scripts/SetupComplete.cmd");
  EXPECT_EQ(script, std::string(kSetupCompleteBlockBegin) +
                        "\r\ncscript //B %WINDIR%\\System32\\slmgr.vbs /ckms\r\n" +
                        kSetupCompleteBlockEnd + "\r\n");
  EXPECT_NE(first_script.find("/skms kms1.contoso.com:1700"), std::string::npos);
}

TEST(Configure, SetupCompleteTargetKeepsTheRestOfAnExistingScript) {
  test::TempDir dir;
  make_os_tree(dir.path(), "");
  test::write_bytes(dir / "Windows/Setup/Scripts/SetupComplete.cmd",
                    "@echo off\nrem site script\ncall C:\\site\\post.cmd");
  ConfigureOptions options = kms_options("10.0.0.5");
  options.target = ConfigureTarget::setup_complete;
  options.standard_user_activation = true;
  options.os = OsFamily::win7;
  auto result = configure(dir.path(), options);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_FALSE(fs::exists(dir / "Windows/Panther/unattend.xml"));
  EXPECT_EQ(test::read_bytes(dir / "Windows/Setup/Scripts/SetupComplete.cmd"),
            "@echo off\nrem site script\ncall C:\\site\\post.cmd\n" +
                std::string(kSetupCompleteBlockBegin) +
                "\ncscript //B %WINDIR%\\System32\\slmgr.vbs /skms 10.0.0.5:1688\n"
                "reg add \"HKLM\\SOFTWARE\\Microsoft\\Windows "
                "NT\\CurrentVersion\\SoftwareProtectionPlatform\" /v UserOperations /t REG_DWORD "
                "/d 1 /f\n" +
                kSetupCompleteBlockEnd + "\n");
  // A later run with only a new host keeps the reg add line.
  ConfigureOptions later = kms_options("10.0.0.6");
  later.target = ConfigureTarget::setup_complete;
  ASSERT_TRUE(configure(dir.path(), later).ok());
  const auto block =
      find_kmsprep_block(test::read_bytes(dir / "Windows/Setup/Scripts/SetupComplete.cmd"));
  ASSERT_TRUE(block);
  EXPECT_EQ(block->first_line, 4);
  ASSERT_EQ(block->commands.size(), 2u);
  EXPECT_EQ(block->commands[0], "cscript //B %WINDIR%\\System32\\slmgr.vbs /skms 10.0.0.6:1688");
}

TEST(Configure, PutsSkipSettingsInTheComponentsOfTheFamily) {
  for (OsFamily family : {OsFamily::vista, OsFamily::win7, OsFamily::win10}) {
    test::TempDir dir;
    make_os_tree(dir.path(), "");
    ConfigureOptions options;
    options.skip_rearm = 1;
    options.skip_auto_activation = true;
    options.standard_user_activation = true;
    options.os = family;
    auto result = configure(dir.path(), options);
    ASSERT_TRUE(result.ok()) << result.error().to_string();
    const std::string text = test::read_bytes(dir / "Windows/Panther/unattend.xml");
    const bool vista = family == OsFamily::vista;
    EXPECT_EQ(text.find("name=\"Microsoft-Windows-Security-Licensing-SLC\"") != std::string::npos,
              vista);
    EXPECT_EQ(
        text.find("name=\"Microsoft-Windows-Security-Licensing-SLC-UX\"") != std::string::npos,
        vista);
    EXPECT_EQ(text.find("name=\"Microsoft-Windows-Security-SPP\"") != std::string::npos, !vista);
    EXPECT_EQ(text.find("name=\"Microsoft-Windows-Security-SPP-UX\"") != std::string::npos, !vista);
    EXPECT_EQ(text.find("CurrentVersion\\SL\" /v UserOperations") != std::string::npos, vista);
    EXPECT_EQ(text.find("SoftwareProtectionPlatform\" /v UserOperations") != std::string::npos,
              !vista);
    EXPECT_NE(text.find("<SkipRearm>1</SkipRearm>"), std::string::npos);
    EXPECT_NE(text.find("<SkipAutoActivation>true</SkipAutoActivation>"), std::string::npos);
  }
}

TEST(Configure, AsksForOsWhenTheFamilyCannotBeKnown) {
  test::TempDir dir;
  make_os_tree(dir.path(), sample_answer_file());
  ConfigureOptions options;
  options.skip_rearm = 0;
  auto result = configure(dir.path(), options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind(), ErrorKind::usage);
  EXPECT_NE(result.error().hint().find("--os"), std::string::npos);
  EXPECT_EQ(test::read_bytes(dir / "Windows/Panther/unattend.xml"), sample_answer_file());
}

TEST(Configure, DryRunWritesNothingAndReturnsTheDiff) {
  test::TempDir dir;
  make_os_tree(dir.path(), sample_answer_file());
  ConfigureOptions options = kms_options("kms.contoso.com");
  options.target = ConfigureTarget::both;
  auto result = configure(dir.path(), options, true);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->committed);
  ASSERT_EQ(result->edits.size(), 2u);
  EXPECT_EQ(test::read_bytes(dir / "Windows/Panther/unattend.xml"), sample_answer_file());
  EXPECT_FALSE(fs::exists(dir / "Windows/Setup/Scripts/SetupComplete.cmd"));
  const std::string diff =
      unified_diff(result->edits[0].path, result->edits[0].before, result->edits[0].after);
  EXPECT_EQ(diff.substr(0, diff.find("@@ ")),
            "--- a/Windows/Panther/unattend.xml\n+++ b/Windows/Panther/unattend.xml\n");
  EXPECT_NE(diff.find("@@ -86,6 +86,15 @@\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("+                    <Path>cscript //B %WINDIR%\\System32\\slmgr.vbs /skms "
                      "kms.contoso.com:1688</Path>\n"),
            std::string::npos);
  EXPECT_EQ(diff.find("\n-"), std::string::npos);
}

TEST(Configure, DiffMasksProductKeysInContextLines) {
  const std::string before = "<ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey>\n<A>1</A>\n";
  const std::string after = "<ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey>\n<A>2</A>\n";
  const std::string diff = unified_diff("u.xml", before, after);
  EXPECT_EQ(diff.find("NPPR9"), std::string::npos) << diff;
  EXPECT_NE(
      diff.find(" <ProductKey>*****-*****-*****-*****-2YT43</ProductKey>\n-<A>1</A>\n+<A>2</A>\n"),
      std::string::npos)
      << diff;
}

TEST(Configure, LeavesTheImageUntouchedOnBadInput) {
  test::TempDir dir;
  const std::string hostile =
      test::read_bytes(test::source_dir() / "tests/data/answer/hostile-doctype.xml");
  make_os_tree(dir.path(), hostile);
  ConfigureOptions options = kms_options("kms");
  options.target = ConfigureTarget::both;
  auto result = configure(dir.path(), options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), ErrorCode::xml_doctype_forbidden);
  EXPECT_NE(result.error().location().find("unattend.xml:2:1"), std::string::npos);
  EXPECT_EQ(test::read_bytes(dir / "Windows/Panther/unattend.xml"), hostile);
  EXPECT_FALSE(fs::exists(dir / "Windows/Setup/Scripts/SetupComplete.cmd"));
}

TEST(Configure, WarnsWhenAHigherPrecedenceFileShadowsTheEditedOne) {
  test::TempDir dir;
  make_os_tree(dir.path(), "");
  test::write_bytes(dir / "Windows/Panther/Unattend/Unattend.xml", sample_answer_file());
  auto result = configure(dir.path(), kms_options("kms"));
  ASSERT_TRUE(result.ok());
  ASSERT_FALSE(result->warnings.empty());
  EXPECT_NE(
      result->warnings[0].find("Windows/Panther/Unattend/Unattend.xml has specialize settings"),
      std::string::npos)
      << result->warnings[0];
  // Editing the shadowing file itself gives no warning.
  ConfigureOptions direct = kms_options("kms");
  direct.unattend_path = OK_VALUE(ImagePath::parse("Windows/Panther/Unattend/Unattend.xml"));
  auto direct_result = configure(dir.path(), direct);
  ASSERT_TRUE(direct_result.ok());
  EXPECT_TRUE(direct_result->warnings.empty()) << direct_result->warnings[0];
}

TEST(Configure, KeepsUtf16AnswerFilesInUtf16) {
  test::TempDir dir;
  const std::string utf16 = encode_text(sample_answer_file(), TextEncoding::utf16be_bom);
  make_os_tree(dir.path(), utf16);
  ASSERT_TRUE(configure(dir.path(), kms_options("kms")).ok());
  const std::string written = test::read_bytes(dir / "Windows/Panther/unattend.xml");
  ASSERT_EQ(written.substr(0, 2), "\xFE\xFF");
  auto decoded = decode_text(written, "x");
  ASSERT_TRUE(decoded.ok());
  EXPECT_NE(decoded->utf8.find("/skms kms:1688</Path>"), std::string::npos);
}

void set_wim_properties(const fs::path& wim, const std::vector<std::string>& properties) {
  std::vector<std::string> argv = {"wimlib-imagex", "info", wim.string(), "1"};
  for (const auto& property : properties) {
    argv.push_back("--image-property");
    argv.push_back(property);
  }
  auto ran = test::run_program(argv);
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
}

TEST(Configure, WritesIntoAWimImageAndTakesFamilyAndArchFromItsMetadata) {
  if (!test::program_exists("wimlib-imagex")) GTEST_SKIP() << "wimlib-imagex missing";
  test::TempDir dir;
  make_os_tree(dir / "tree", "");
  const fs::path wim = dir / "install.wim";
  auto captured = test::run_program(
      {"wimlib-imagex", "capture", (dir / "tree").string(), wim.string(), "Vista Business"});
  ASSERT_EQ(captured.exit_code, 0) << captured.err;
  set_wim_properties(wim, {"WINDOWS/VERSION/MAJOR=6", "WINDOWS/VERSION/MINOR=0", "WINDOWS/ARCH=0"});

  ConfigureOptions options = kms_options("kms.contoso.com");
  options.skip_rearm = 1;
  {
    ImageSession session = open_session(wim);
    auto result = configure_image(session, options, false);
    ASSERT_TRUE(result.ok()) << result.error().to_string();
    EXPECT_EQ(result->family, OsFamily::vista);
    EXPECT_EQ(result->family_source, "WIM WINDOWS/VERSION");
    EXPECT_EQ(result->architecture, "x86");
    EXPECT_TRUE(result->committed);
  }
  ImageSession reopened = open_session(wim, false);
  auto text = reopened.image().read(OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml")));
  ASSERT_TRUE(text.ok());
  EXPECT_NE(
      text->find("name=\"Microsoft-Windows-Security-Licensing-SLC\" processorArchitecture=\"x86\""),
      std::string::npos);
  EXPECT_NE(text->find("/skms kms.contoso.com:1688"), std::string::npos);
  auto hive = reopened.image().read(OK_VALUE(ImagePath::parse("Windows/System32/config/SOFTWARE")));
  ASSERT_TRUE(hive.ok());
  EXPECT_EQ(*hive, "hive");
  {
    ImageSession session = open_session(wim);
    auto again = configure_image(session, options, false);
    ASSERT_TRUE(again.ok());
    EXPECT_FALSE(again->committed);
  }
}

TEST(Configure, EditsAnExistingWimAnswerFileUnderItsOwnSpelling) {
  if (!test::program_exists("wimlib-imagex")) GTEST_SKIP() << "wimlib-imagex missing";
  test::TempDir dir;
  test::write_bytes(dir / "tree/Windows/System32/config/SOFTWARE", "hive");
  test::write_bytes(dir / "tree/Windows/Panther/UNATTEND.XML", sample_answer_file());
  const fs::path wim = dir / "install.wim";
  ASSERT_EQ(
      test::run_program({"wimlib-imagex", "capture", (dir / "tree").string(), wim.string(), "Ten"})
          .exit_code,
      0);
  {
    ImageSession session = open_session(wim);
    auto result = configure_image(session, kms_options("kms"), false);
    ASSERT_TRUE(result.ok()) << result.error().to_string();
    ASSERT_EQ(result->edits.size(), 1u);
    EXPECT_EQ(result->edits[0].path, "Windows/Panther/UNATTEND.XML");
    EXPECT_FALSE(result->edits[0].created);
  }
  ImageSession reopened = open_session(wim, false);
  auto listed = reopened.image().list(OK_VALUE(ImagePath::parse("Windows/Panther")));
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().path.filename(), "UNATTEND.XML");
  auto text = reopened.image().read(OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml")));
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("/skms kms:1688"), std::string::npos);
}

TEST(Configure, WritesIntoATarArchiveAndKeepsOtherEntries) {
  if (!test::program_exists("bsdtar")) GTEST_SKIP() << "bsdtar missing";
  test::TempDir dir;
  make_os_tree(dir / "tree", sample_answer_file());
  const fs::path tar = dir / "image.tar";
  auto created =
      test::run_program({"bsdtar", "-cf", tar.string(), "-C", (dir / "tree").string(), "Windows"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ConfigureOptions options = kms_options("kms.contoso.com");
  options.target = ConfigureTarget::both;
  auto result = configure(tar, options);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_TRUE(result->committed);
  ImageSession reopened = open_session(tar, false);
  auto text = reopened.image().read(OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml")));
  ASSERT_TRUE(text.ok()) << text.error().to_string();
  EXPECT_NE(text->find("/skms kms.contoso.com:1688"), std::string::npos);
  auto script = reopened.image().read(OK_VALUE(ImagePath::parse(kSetupCompletePath)));
  ASSERT_TRUE(script.ok()) << script.error().to_string();
  EXPECT_NE(script->find("/skms kms.contoso.com:1688"), std::string::npos);
  auto hive = reopened.image().read(OK_VALUE(ImagePath::parse("Windows/System32/config/SOFTWARE")));
  ASSERT_TRUE(hive.ok());
  EXPECT_EQ(*hive, "hive");
}

TEST(Configure, RefusesAUtf16SetupCompleteScriptAndWritesNothing) {
  test::TempDir dir;
  make_os_tree(dir.path(), sample_answer_file());
  const std::string script = encode_text("@echo off\r\n", TextEncoding::utf16le_bom);
  test::write_bytes(dir / "Windows/Setup/Scripts/SetupComplete.cmd", script);
  ConfigureOptions options = kms_options("kms");
  options.target = ConfigureTarget::both;
  auto result = configure(dir.path(), options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(test::read_bytes(dir / "Windows/Setup/Scripts/SetupComplete.cmd"), script);
  EXPECT_EQ(test::read_bytes(dir / "Windows/Panther/unattend.xml"), sample_answer_file());
}

TEST(Configure, RefusesContradictoryOrEmptyOptions) {
  ConfigureOptions both = kms_options("kms");
  both.clear_kms_host = true;
  EXPECT_EQ(validate_configure_options(both).error().kind(), ErrorKind::usage);
  EXPECT_EQ(validate_configure_options(ConfigureOptions{}).error().kind(), ErrorKind::usage);
  EXPECT_FALSE(parse_configure_target("script").ok());
}

void make_media(const fs::path& root) {
  test::write_bytes(root / "setup.exe", "MZ");
  test::write_bytes(root / "sources/install.wim", "wim");
  test::write_bytes(root / "sources/pid.txt", "[PID]\r\nValue=NPPR9-FWDCX-D2C8J-H872K-2YT43\r\n");
}

TEST(Configure, OnSetupMediaCreatesAutounattendAtTheRootAndNoWindowsFolder) {
  test::TempDir dir;
  make_media(dir.path());
  ConfigureOptions options = kms_options("kms.corp.example:1688");
  options.os = OsFamily::win10;
  options.skip_rearm = 0;
  auto result = configure(dir.path(), options);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  ASSERT_EQ(result->edits.size(), 1u);
  EXPECT_EQ(result->edits[0].path, "Autounattend.xml");
  EXPECT_TRUE(result->edits[0].created);
  EXPECT_FALSE(fs::exists(dir / "Windows"));
  const std::string written = test::read_bytes(dir / "Autounattend.xml");
  EXPECT_NE(written.find("/skms kms.corp.example:1688"), std::string::npos);
  EXPECT_NE(written.find("<SkipRearm>0</SkipRearm>"), std::string::npos);
  EXPECT_EQ(test::read_bytes(dir / "sources/pid.txt"),
            "[PID]\r\nValue=NPPR9-FWDCX-D2C8J-H872K-2YT43\r\n");
}

TEST(Configure, OnSetupMediaEditsTheExistingAutounattendAndSaysWhatItReplaced) {
  test::TempDir dir;
  make_media(dir.path());
  const std::string before =
      test::read_bytes(test::source_dir() / "tests/data/answer/media-all-passes.xml");
  test::write_bytes(dir / "Autounattend.xml", before);
  ConfigureOptions options;
  options.os = OsFamily::win10;
  options.skip_rearm = 0;
  options.skip_auto_activation = false;
  auto result = configure(dir.path(), options);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  ASSERT_EQ(result->replaced.size(), 2u);
  EXPECT_EQ(result->replaced[0].setting, "generalize/Microsoft-Windows-Security-SPP/SkipRearm");
  EXPECT_EQ(result->replaced[0].before, "1");
  EXPECT_EQ(result->replaced[0].after, "0");
  EXPECT_EQ(result->replaced[0].line, 21);
  EXPECT_EQ(result->replaced[0].file, "Autounattend.xml");
  EXPECT_EQ(result->replaced[1].before, "true");
  const std::string message = result->replaced[0].message();
  EXPECT_EQ(message.rfind("E418 ", 0), 0u) << message;
  EXPECT_NE(message.find("[at Autounattend.xml:21]"), std::string::npos) << message;
  std::string expected = before;
  expected.replace(expected.find("<SkipRearm>1<"), 13, "<SkipRearm>0<");
  expected.replace(expected.find("<SkipAutoActivation>true<"), 25, "<SkipAutoActivation>false<");
  EXPECT_EQ(test::read_bytes(dir / "Autounattend.xml"), expected);
  EXPECT_FALSE(fs::exists(dir / "Windows"));
}

TEST(Configure, OnSetupMediaRefusesWindowsPathsAndSetupCompleteNamingUnattendPath) {
  test::TempDir dir;
  make_media(dir.path());
  ConfigureOptions panther = kms_options("kms.corp.example");
  panther.unattend_path = OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml"));
  auto refused = configure(dir.path(), panther);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::media_answer_file_refused);
  EXPECT_EQ(refused.error().kind(), ErrorKind::usage);
  EXPECT_NE(refused.error().detail().find("--unattend-path"), std::string::npos);
  EXPECT_NE(refused.error().hint().find("--unattend-path Autounattend.xml"), std::string::npos);

  ConfigureOptions script = kms_options("kms.corp.example");
  script.target = ConfigureTarget::both;
  auto no_script = configure(dir.path(), script);
  ASSERT_FALSE(no_script.ok());
  EXPECT_EQ(no_script.error().code(), ErrorCode::media_answer_file_refused);
  EXPECT_NE(no_script.error().hint().find("--unattend-path"), std::string::npos);

  // Only sources/Autounattend.xml: it serves windowsPE alone, so kmsprep asks where to write.
  const std::string in_sources =
      test::read_bytes(test::source_dir() / "tests/data/answer/key-willshowui-never.xml");
  test::write_bytes(dir / "sources/Autounattend.xml", in_sources);
  auto sources_only = configure(dir.path(), kms_options("kms.corp.example"));
  ASSERT_FALSE(sources_only.ok());
  EXPECT_EQ(sources_only.error().code(), ErrorCode::media_answer_file_refused);
  EXPECT_NE(sources_only.error().hint().find("--unattend-path Autounattend.xml"),
            std::string::npos);
  ConfigureOptions root = kms_options("kms.corp.example");
  root.unattend_path = OK_VALUE(ImagePath::parse("Autounattend.xml"));
  auto created = configure(dir.path(), root);
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  EXPECT_TRUE(fs::exists(dir / "Autounattend.xml"));
  EXPECT_EQ(test::read_bytes(dir / "sources/Autounattend.xml"), in_sources);
  EXPECT_FALSE(fs::exists(dir / "Windows"));
}

TEST(Configure, WritesTheKmsHostIntoAnAmd64ComponentBesideTheWow64One) {
  test::TempDir dir;
  const std::string before =
      test::read_bytes(test::source_dir() / "tests/data/answer/amd64-with-wow64.xml");
  make_os_tree(dir.path(), before);
  auto result = configure(dir.path(), kms_options("kms.corp.example:1688"));
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_EQ(result->architecture, "amd64");
  EXPECT_EQ(result->architecture_source, "answer file");
  EXPECT_TRUE(result->replaced.empty());
  for (const auto& warning : result->warnings) ADD_FAILURE() << warning;
  auto file = AnswerFile::parse(test::read_bytes(dir / "Windows/Panther/unattend.xml"), "u.xml");
  ASSERT_TRUE(file.ok());
  const auto commands = run_synchronous_commands(*file, "specialize");
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].architecture, "wow64");
  EXPECT_EQ(commands[0].path, "cmd /c echo 32-bit part");
  EXPECT_EQ(commands[1].architecture, "amd64");
  EXPECT_NE(commands[1].path.find("/skms kms.corp.example:1688"), std::string::npos);
}

TEST(Configure, SaysWhichKmsHostCommandItReplaced) {
  test::TempDir dir;
  make_os_tree(dir.path(), sample_answer_file());
  ASSERT_TRUE(configure(dir.path(), kms_options("old.corp.example:1688")).ok());
  auto result = configure(dir.path(), kms_options("new.corp.example:1688"));
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result->replaced.size(), 1u);
  EXPECT_NE(result->replaced[0].before.find("old.corp.example:1688"), std::string::npos);
  EXPECT_NE(result->replaced[0].after.find("new.corp.example:1688"), std::string::npos);
  EXPECT_GT(result->replaced[0].line, 0);
}

TEST(SetupComplete, ReplacesOnlyTheBlockAndKeepsCrlf) {
  const std::string script = "@echo off\r\n" + std::string(kSetupCompleteBlockBegin) +
                             "\r\nold\r\n" + kSetupCompleteBlockEnd + "\r\nexit /b 0\r\n";
  EXPECT_EQ(with_kmsprep_block(script, {"new1", "new2"}),
            "@echo off\r\n" + std::string(kSetupCompleteBlockBegin) + "\r\nnew1\r\nnew2\r\n" +
                kSetupCompleteBlockEnd + "\r\nexit /b 0\r\n");
  EXPECT_EQ(with_kmsprep_block(with_kmsprep_block(script, {"a"}), {"a"}),
            with_kmsprep_block(script, {"a"}));
  EXPECT_EQ(with_kmsprep_block("", {"x"}),
            std::string(kSetupCompleteBlockBegin) + "\r\nx\r\n" + kSetupCompleteBlockEnd + "\r\n");
}

}  // namespace
}  // namespace kmsprep
