#include "unattend/activation_commands.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(ActivationCommands, RecognisesSlmgrAndRegAddForms) {
  auto set = parse_slmgr_kms_command(
      "cscript //B //NoLogo C:\\Windows\\System32\\SLMGR.VBS -skms [fd00::1]:1700");
  ASSERT_TRUE(set);
  EXPECT_FALSE(set->clear);
  EXPECT_EQ(set->host_and_port, "[fd00::1]:1700");
  auto clear = parse_slmgr_kms_command(slmgr_clear_kms_host_command());
  ASSERT_TRUE(clear);
  EXPECT_TRUE(clear->clear);
  EXPECT_FALSE(parse_slmgr_kms_command("cscript slmgr.vbs /ato"));
  EXPECT_TRUE(is_user_operations_command(user_operations_command(OsFamily::vista)));
  EXPECT_NE(user_operations_command(OsFamily::vista).find("CurrentVersion\\SL\""),
            std::string::npos);
  EXPECT_NE(user_operations_command(OsFamily::win7).find("SoftwareProtectionPlatform"),
            std::string::npos);
  EXPECT_FALSE(
      is_user_operations_command("reg add HKLM\\X /v UserOperations /t REG_DWORD /d 0 /f"));
}

}  // namespace
}  // namespace kmsprep
