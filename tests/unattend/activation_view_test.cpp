#include "unattend/activation_view.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"
#include "unattend/activation_commands.hpp"
#include "unattend/run_synchronous.hpp"

namespace kmsprep {
namespace {

const std::string kHead = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">";
AnswerFile parsed(const std::string& text) {
  auto file = AnswerFile::parse(text, "unattend.xml");
  REQUIRE_OK(file);
  return std::move(file).value();
}

TEST(ActivationView, ShowsEverySettingWithLineAndMaskedKeys) {
  AnswerFile file = parsed(
      kHead +
      "\n<settings pass=\"generalize\"><component "
      "name=\"Microsoft-Windows-Security-SPP\"><SkipRearm>1</SkipRearm></component></settings>\n"
      "<settings pass=\"specialize\">\n<component "
      "name=\"Microsoft-Windows-Shell-Setup\"><ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</"
      "ProductKey></component>\n"
      "<component "
      "name=\"Microsoft-Windows-Security-SPP-UX\"><SkipAutoActivation>true</SkipAutoActivation></"
      "component>\n</settings>\n</unattend>\n");
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                          slmgr_set_kms_host_command("kms1:1688"), "amd64"));
  ASSERT_TRUE(set_run_synchronous_command(file, "specialize", kUserOperationsCommandDescription,
                                          user_operations_command(OsFamily::win10), "amd64"));
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
