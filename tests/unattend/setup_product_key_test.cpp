#include "unattend/setup_product_key.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"
#include "unattend/activation_view.hpp"

namespace kmsprep {
namespace {

AnswerFile fixture(const std::string& name) {
  auto file =
      AnswerFile::parse(test::read_bytes(test::source_dir() / "tests/data/answer" / name), name);
  REQUIRE_OK(file);
  return std::move(file).value();
}

AnswerFile literal(const std::string& text) {
  auto file = AnswerFile::parse(text, "a.xml");
  REQUIRE_OK(file);
  return std::move(file).value();
}

TEST(SetupProductKey, ReadsTheTextOnlyLayoutWithItsLine) {
  const AnswerFile file = fixture("text-only-product-key.xml");
  const auto key = find_setup_product_key(file, "windowsPE");
  ASSERT_TRUE(key);
  EXPECT_TRUE(key->text_only);
  EXPECT_EQ(key->value, "NPPR9-FWDCX-D2C8J-H872K-2YT43");
  EXPECT_EQ(key->element->line, 19);
  const ActivationView view = activation_view(file);
  ASSERT_TRUE(view.setup_product_key);
  EXPECT_EQ(view.setup_product_key->value, "*****-*****-*****-*****-2YT43");
  EXPECT_EQ(view.setup_product_key->line, 19);
  ASSERT_TRUE(view.will_show_ui);
  EXPECT_EQ(view.will_show_ui->value, "Never");
}

TEST(SetupProductKey, ReadsTheKeyElementLayout) {
  const AnswerFile file = fixture("key-willshowui-never.xml");
  const auto key = find_setup_product_key(file, "windowsPE");
  ASSERT_TRUE(key);
  EXPECT_FALSE(key->text_only);
  EXPECT_EQ(key->value, "W269N-WFGWX-YVC9B-4J6C9-T83GX");
  EXPECT_EQ(key->element->line, 8);
}

TEST(SetupProductKey, RewritesTheTextOnlyLayoutInPlaceAndKeepsWillShowUiNever) {
  const std::string before =
      test::read_bytes(test::source_dir() / "tests/data/answer/text-only-product-key.xml");
  AnswerFile file = fixture("text-only-product-key.xml");
  auto replaced = write_setup_product_key(file, "W269N-WFGWX-YVC9B-4J6C9-T83GX", "amd64");
  ASSERT_TRUE(replaced.ok()) << replaced.error().to_string();
  ASSERT_TRUE(*replaced);
  EXPECT_EQ(**replaced, "NPPR9-FWDCX-D2C8J-H872K-2YT43");
  std::string expected = before;
  expected.replace(expected.find("NPPR9-FWDCX-D2C8J-H872K-2YT43"), 29,
                   "W269N-WFGWX-YVC9B-4J6C9-T83GX");
  EXPECT_EQ(file.bytes(), expected);
  // The same key again changes nothing.
  auto again = write_setup_product_key(file, "W269N-WFGWX-YVC9B-4J6C9-T83GX", "amd64");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(file.bytes(), expected);
}

TEST(SetupProductKey, RewritesTheKeyElement) {
  AnswerFile file = literal(
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"windowsPE\">"
      "<component name=\"Microsoft-Windows-Setup\" processorArchitecture=\"amd64\"><UserData>"
      "<ProductKey><Key>W269N-WFGWX-YVC9B-4J6C9-T83GX</Key><WillShowUI>Never</WillShowUI>"
      "</ProductKey></UserData></component></settings></unattend>");
  auto replaced = write_setup_product_key(file, "NPPR9-FWDCX-D2C8J-H872K-2YT43", "amd64");
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(file.text(),
            "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"windowsPE\">"
            "<component name=\"Microsoft-Windows-Setup\" processorArchitecture=\"amd64\"><UserData>"
            "<ProductKey><Key>NPPR9-FWDCX-D2C8J-H872K-2YT43</Key><WillShowUI>Never</WillShowUI>"
            "</ProductKey></UserData></component></settings></unattend>");
}

TEST(SetupProductKey, AnEmptyProductKeyGetsAKeyElement) {
  AnswerFile file = literal(
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"windowsPE\">"
      "<component name=\"Microsoft-Windows-Setup\" processorArchitecture=\"amd64\"><UserData>"
      "<ProductKey/></UserData></component></settings></unattend>");
  auto replaced = write_setup_product_key(file, "NPPR9-FWDCX-D2C8J-H872K-2YT43", "amd64");
  ASSERT_TRUE(replaced.ok()) << replaced.error().to_string();
  EXPECT_FALSE(*replaced);
  const auto key = find_setup_product_key(file, "windowsPE");
  ASSERT_TRUE(key);
  EXPECT_FALSE(key->text_only);
  EXPECT_EQ(key->value, "NPPR9-FWDCX-D2C8J-H872K-2YT43");
}

TEST(SetupProductKey, RefusesTextInterleavedWithACommentAndChangesNothing) {
  const std::string text =
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"windowsPE\">"
      "<component name=\"Microsoft-Windows-Setup\" processorArchitecture=\"amd64\"><UserData>"
      "<ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43<!-- eval -->X<WillShowUI>Never</WillShowUI>"
      "</ProductKey></UserData></component></settings></unattend>";
  AnswerFile file = literal(text);
  auto replaced = write_setup_product_key(file, "W269N-WFGWX-YVC9B-4J6C9-T83GX", "amd64");
  ASSERT_FALSE(replaced.ok());
  EXPECT_EQ(replaced.error().code(), ErrorCode::product_key_layout_unsupported);
  EXPECT_NE(replaced.error().location().find("a.xml:1:"), std::string::npos);
  EXPECT_FALSE(replaced.error().hint().empty());
  EXPECT_EQ(file.text(), text);
}

TEST(SetupProductKey, NeverWritesIntoAWow64SetupComponent) {
  AnswerFile file = literal(
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"windowsPE\">"
      "<component name=\"Microsoft-Windows-Setup\" processorArchitecture=\"wow64\"><UserData>"
      "<ProductKey>W269N-WFGWX-YVC9B-4J6C9-T83GX</ProductKey></UserData></component>"
      "</settings></unattend>");
  auto replaced = write_setup_product_key(file, "NPPR9-FWDCX-D2C8J-H872K-2YT43", "amd64");
  ASSERT_TRUE(replaced.ok()) << replaced.error().to_string();
  EXPECT_FALSE(*replaced);
  EXPECT_NE(file.text().find("<ProductKey>W269N-WFGWX-YVC9B-4J6C9-T83GX</ProductKey>"),
            std::string::npos);
  const auto amd64 = find_setup_product_key(file, "windowsPE", "amd64");
  ASSERT_TRUE(amd64);
  EXPECT_EQ(amd64->value, "NPPR9-FWDCX-D2C8J-H872K-2YT43");
}

}  // namespace
}  // namespace kmsprep
