#include "unattend/run_synchronous.hpp"

#include <gtest/gtest.h>

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
  EXPECT_TRUE(file.ok()) << (file ? "" : file.error().to_string());
  return std::move(file).value();
}

TEST(RunSynchronous, AddsACommandWithTheNextFreeOrder) {
  AnswerFile file = parsed(kHead + "\n  <settings pass=\"specialize\">\n    " + kDeployment +
                           "\n      <RunSynchronous>\n        <RunSynchronousCommand wcm:action=\"add\">\n          <Order>3</Order>\n          <Path>a.cmd</Path>\n        </RunSynchronousCommand>\n      </RunSynchronous>\n    </component>\n  </settings>\n</unattend>\n");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("kms.example:1688"), "amd64"));
  EXPECT_EQ(file.text(), kHead + "\n  <settings pass=\"specialize\">\n    " + kDeployment +
                             "\n      <RunSynchronous>\n        <RunSynchronousCommand wcm:action=\"add\">\n          <Order>3</Order>\n          <Path>a.cmd</Path>\n        </RunSynchronousCommand>\n"
                             "        <RunSynchronousCommand wcm:action=\"add\">\n          <Order>4</Order>\n          <Path>cscript //B %WINDIR%\\System32\\slmgr.vbs /skms kms.example:1688</Path>\n          <Description>kmsprep: KMS host (slmgr)</Description>\n        </RunSynchronousCommand>\n"
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

TEST(RunSynchronous, DeclaresWcmWhenNoAncestorDoes) {
  AnswerFile file = parsed(kHead + "<settings pass=\"specialize\"><component name=\"Microsoft-Windows-Deployment\"/></settings></unattend>");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", "d", "x.cmd", "amd64"));
  EXPECT_EQ(file.text(), kHead + "<settings pass=\"specialize\"><component name=\"Microsoft-Windows-Deployment\"><RunSynchronous><RunSynchronousCommand wcm:action=\"add\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\"><Order>1</Order><Path>x.cmd</Path><Description>d</Description></RunSynchronousCommand></RunSynchronous></component></settings></unattend>");
}

}  // namespace
}  // namespace kmsprep
