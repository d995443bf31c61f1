#include "unattend/run_synchronous.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"
#include "unattend/activation_commands.hpp"

namespace kmsprep {
namespace {

const std::string kHead = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">";
const std::string kDeployment =
    "<component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"amd64\" "
    "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" "
    "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">";

AnswerFile parsed(const std::string& text) {
  auto file = AnswerFile::parse(text, "unattend.xml");
  REQUIRE_OK(file);
  return std::move(file).value();
}

TEST(RunSynchronous, AddsACommandWithTheNextFreeOrder) {
  AnswerFile file = parsed(
      kHead + "\n  <settings pass=\"specialize\">\n    " + kDeployment +
      "\n      <RunSynchronous>\n        <RunSynchronousCommand wcm:action=\"add\">\n          "
      "<Order>3</Order>\n          <Path>a.cmd</Path>\n        </RunSynchronousCommand>\n      "
      "</RunSynchronous>\n    </component>\n  </settings>\n</unattend>\n");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("kms.example:1688"), "amd64"));
  EXPECT_EQ(
      file.text(),
      kHead + "\n  <settings pass=\"specialize\">\n    " + kDeployment +
          "\n      <RunSynchronous>\n        <RunSynchronousCommand wcm:action=\"add\">\n          "
          "<Order>3</Order>\n          <Path>a.cmd</Path>\n        </RunSynchronousCommand>\n"
          "        <RunSynchronousCommand wcm:action=\"add\">\n          <Order>4</Order>\n        "
          "  <Path>cscript //B %WINDIR%\\System32\\slmgr.vbs /skms kms.example:1688</Path>\n       "
          "   <Description>kmsprep: KMS host (slmgr)</Description>\n        "
          "</RunSynchronousCommand>\n"
          "      </RunSynchronous>\n    </component>\n  </settings>\n</unattend>\n");
}

TEST(RunSynchronous, ReplacesItsOwnCommandOnALaterRun) {
  AnswerFile file = parsed(kHead + "\n</unattend>\n");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("a:1688"), "amd64"));
  const std::string first = file.text();
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("a:1688"), "amd64"));
  EXPECT_EQ(file.text(), first);
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_clear_kms_host_command(), "amd64"));
  const auto commands = run_synchronous_commands(file, "specialize");
  ASSERT_EQ(commands.size(), 1u);
  EXPECT_EQ(commands[0].order, 1);
  EXPECT_EQ(commands[0].path, "cscript //B %WINDIR%\\System32\\slmgr.vbs /ckms");
}

// Found by the answer_file_editor fuzzer (tests/fuzz/corpus/answer_file_editor/
// regression-architecture-whitespace): an architecture attribute with whitespace around it
// ("amd64 ") made the second run add a second command instead of finding its own.
TEST(RunSynchronous, FindsItsOwnCommandWhenTheArchitectureHasWhitespaceAroundIt) {
  AnswerFile file = parsed(kHead + "\n</unattend>\n");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("a:1688"), "amd64 "));
  const std::string first = file.text();
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("a:1688"), "amd64 "));
  EXPECT_EQ(file.text(), first);
  EXPECT_EQ(run_synchronous_commands(file, "specialize").size(), 1u);
}

TEST(RunSynchronous, DeclaresWcmWhenNoAncestorDoes) {
  AnswerFile file = parsed(kHead +
                           "<settings pass=\"specialize\"><component "
                           "name=\"Microsoft-Windows-Deployment\"/></settings></unattend>");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", "d", "x.cmd", "amd64"));
  EXPECT_EQ(file.text(),
            kHead +
                "<settings pass=\"specialize\"><component "
                "name=\"Microsoft-Windows-Deployment\"><RunSynchronous><RunSynchronousCommand "
                "wcm:action=\"add\" "
                "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\"><Order>1</"
                "Order><Path>x.cmd</Path><Description>d</Description></RunSynchronousCommand></"
                "RunSynchronous></component></settings></unattend>");
}

TEST(RunSynchronous, NeverWritesIntoTheWow64DeploymentComponentOfAnAmd64File) {
  const std::string before =
      test::read_bytes(test::source_dir() / "tests/data/answer/amd64-with-wow64.xml");
  AnswerFile file = parsed(before);
  std::string previous = "untouched";
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("kms.example:1688"), "amd64",
                                          &previous));
  EXPECT_EQ(previous, "untouched");  // nothing was replaced
  // The wow64 component keeps its one command; a new amd64 Deployment component holds ours.
  const auto commands = run_synchronous_commands(file, "specialize");
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].architecture, "wow64");
  EXPECT_EQ(commands[0].path, "cmd /c echo 32-bit part");
  EXPECT_EQ(commands[1].architecture, "amd64");
  EXPECT_EQ(commands[1].order, 1);
  EXPECT_EQ(file.text().substr(0, before.find("  </settings>")),
            before.substr(0, before.find("  </settings>")));
}

TEST(RunSynchronous, SaysWhichCommandItReplaced) {
  AnswerFile file = parsed(kHead + "<settings pass=\"specialize\">" + kDeployment +
                           "</component></settings></unattend>");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("old.example:1688"), "amd64"));
  std::string previous;
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("new.example:1688"), "amd64",
                                          &previous));
  EXPECT_EQ(previous, slmgr_set_kms_host_command("old.example:1688"));
}

}  // namespace
}  // namespace kmsprep
