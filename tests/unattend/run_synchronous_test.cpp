#include "unattend/run_synchronous.hpp"

#include <gtest/gtest.h>

#include "unattend/activation_commands.hpp"
#include "unattend/activation_view.hpp"

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

TEST(ActivationCommands, RecognisesSlmgrAndRegAddForms) {
  auto set = parse_slmgr_kms_command("cscript //B //NoLogo C:\\Windows\\System32\\SLMGR.VBS -skms [fd00::1]:1700");
  ASSERT_TRUE(set);
  EXPECT_FALSE(set->clear);
  EXPECT_EQ(set->host_and_port, "[fd00::1]:1700");
  auto clear = parse_slmgr_kms_command(slmgr_clear_kms_host_command());
  ASSERT_TRUE(clear);
  EXPECT_TRUE(clear->clear);
  EXPECT_FALSE(parse_slmgr_kms_command("cscript slmgr.vbs /ato"));
  EXPECT_TRUE(is_user_operations_command(user_operations_command(OsFamily::vista)));
  EXPECT_NE(user_operations_command(OsFamily::vista).find("CurrentVersion\\SL\""), std::string::npos);
  EXPECT_NE(user_operations_command(OsFamily::win7).find("SoftwareProtectionPlatform"), std::string::npos);
  EXPECT_FALSE(is_user_operations_command("reg add HKLM\\X /v UserOperations /t REG_DWORD /d 0 /f"));
}

TEST(ActivationView, ShowsEverySettingWithLineAndMaskedKeys) {
  AnswerFile file = parsed(kHead + "\n<settings pass=\"generalize\"><component name=\"Microsoft-Windows-Security-SPP\"><SkipRearm>1</SkipRearm></component></settings>\n"
                           "<settings pass=\"specialize\">\n<component name=\"Microsoft-Windows-Shell-Setup\"><ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey></component>\n"
                           "<component name=\"Microsoft-Windows-Security-SPP-UX\"><SkipAutoActivation>true</SkipAutoActivation></component>\n</settings>\n</unattend>\n");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription, slmgr_set_kms_host_command("kms1:1688"), "amd64"));
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kUserOperationsCommandDescription, user_operations_command(OsFamily::win10), "amd64"));
  const ActivationView view = activation_view(file);
  ASSERT_TRUE(view.product_key);
  EXPECT_EQ(view.product_key->value, "*****-*****-*****-*****-2YT43");
  EXPECT_EQ(view.product_key->line, 4);
  ASSERT_TRUE(view.skip_rearm);
  EXPECT_EQ(view.skip_rearm->value, "1");
  EXPECT_EQ(view.skip_rearm->line, 2);
  ASSERT_TRUE(view.skip_auto_activation);
  EXPECT_EQ(view.skip_auto_activation->line, 5);
  ASSERT_EQ(view.kms_host_commands.size(), 1u);
  EXPECT_EQ(view.kms_host_commands[0].host_and_port, "kms1:1688");
  EXPECT_TRUE(view.kms_host_commands[0].written_by_kmsprep);
  EXPECT_TRUE(view.standard_user_activation);
  EXPECT_FALSE(view.setup_product_key);
}

}  // namespace
}  // namespace kmsprep
