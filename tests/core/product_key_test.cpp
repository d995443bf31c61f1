#include "core/product_key.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

constexpr const char* kVistaEnterprise = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
constexpr const char* kWin10Pro = "W269N-WFGWX-YVC9B-4J6C9-T83GX";

TEST(ProductKey, AcceptsDashedKey) {
  auto key = ProductKey::parse(kVistaEnterprise);
  ASSERT_TRUE(key) << key.error().to_string();
  EXPECT_EQ(key->formatted(), kVistaEnterprise);
  EXPECT_EQ(key->partial(), "4BWMV");
  EXPECT_EQ(key->masked(), "*****-*****-*****-*****-4BWMV");
}

TEST(ProductKey, NormalisesLowerCaseSpacesAndMissingDashes) {
  auto key = ProductKey::parse("  vkk3x68kwmx2ygtqr4m64bwmv \t");
  ASSERT_TRUE(key) << key.error().to_string();
  EXPECT_EQ(key->formatted(), kVistaEnterprise);
}

TEST(ProductKey, AcceptsOneN) {
  auto key = ProductKey::parse(kWin10Pro);
  ASSERT_TRUE(key);
  EXPECT_TRUE(key->has_n());
}

TEST(ProductKey, RejectsTwoNsNamingThePosition) {
  auto key = ProductKey::parse("W269N-WFGWN-YVC9B-4J6C9-T83GX");
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code(), ErrorCode::product_key_malformed);
  EXPECT_NE(key.error().detail().find("second 'N' at position 11"), std::string::npos)
      << key.error().detail();
}

TEST(ProductKey, RejectsTwentyFourAndTwentySixCharacters) {
  auto short_key = ProductKey::parse("VKK3X68KWMX2YGTQR4M64BWM");
  ASSERT_FALSE(short_key);
  EXPECT_NE(short_key.error().detail().find("24 key characters"), std::string::npos);
  auto long_key = ProductKey::parse("VKK3X68KWMX2YGTQR4M64BWMVB");
  ASSERT_FALSE(long_key);
  EXPECT_NE(long_key.error().detail().find("more than 25"), std::string::npos);
}

TEST(ProductKey, RejectsEnDashWithItsOwnHint) {
  auto key = ProductKey::parse(
      "VKK3X\xE2\x80\x93"
      "68KWM-X2YGT-QR4M6-4BWMV");
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().detail().find("en dash"), std::string::npos);
  EXPECT_NE(key.error().detail().find("position 6"), std::string::npos);
  EXPECT_NE(key.error().hint().find("plain '-'"), std::string::npos);
}

TEST(ProductKey, RejectsEmDash) {
  auto key = ProductKey::parse("VKK3X-68KWM\xE2\x80\x94X2YGT-QR4M6-4BWMV");
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().detail().find("em dash"), std::string::npos);
}

TEST(ProductKey, NamesFirstBadCharacterAndPosition) {
  auto key = ProductKey::parse("VKK3X-68KWM-X2YGT-QR4M6-4BWM0");
  ASSERT_FALSE(key);
  EXPECT_NE(key.error().detail().find("'0' at position 29"), std::string::npos)
      << key.error().detail();
}

TEST(ProductKey, RejectsMisplacedDash) {
  EXPECT_FALSE(ProductKey::parse("VKK3-X68KWM-X2YGT-QR4M6-4BWMV"));
  EXPECT_FALSE(ProductKey::parse("VKK3X-68KWMX2YGT-QR4M6-4BWMV"));
  EXPECT_FALSE(ProductKey::parse(""));
}

TEST(ProductKey, ErrorNeverContainsTheKey) {
  auto key = ProductKey::parse("VKK3X-68KWM-X2YGT-QR4M6-4BWM0");
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().to_string().find("VKK3X"), std::string::npos);
}

TEST(ProductKey, AnNInAVistaOrWin7KeyOrNoNInAWin8KeyDoesNotFitTheFamily) {
  auto vista_key_with_n = ProductKey::parse("VKK3N-68KWM-X2YGT-QR4M6-4BWMV");
  ASSERT_OK(vista_key_with_n);
  auto refused = check_key_fits_family(*vista_key_with_n, OsFamily::vista);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::product_key_malformed);
  EXPECT_NE(refused.error().detail().find("contains an N"), std::string::npos);
  EXPECT_FALSE(check_key_fits_family(*vista_key_with_n, OsFamily::win7));
  EXPECT_TRUE(check_key_fits_family(*vista_key_with_n, OsFamily::win10));
  auto vista_key = ProductKey::parse(kVistaEnterprise);
  ASSERT_OK(vista_key);
  EXPECT_TRUE(check_key_fits_family(*vista_key, OsFamily::vista));
  EXPECT_FALSE(check_key_fits_family(*vista_key, OsFamily::win8));
}

TEST(MaskProductKeys, MasksDashedAndUndashedKeysOnly) {
  EXPECT_EQ(mask_product_keys(std::string("key ") + kVistaEnterprise + " installed"),
            "key *****-*****-*****-*****-4BWMV installed");
  EXPECT_EQ(mask_product_keys("VKK3X68KWMX2YGTQR4M64BWMV"), "********************4BWMV");
  EXPECT_EQ(mask_product_keys("Windows/Panther/unattend.xml"), "Windows/Panther/unattend.xml");
  EXPECT_EQ(mask_product_keys("{6e7b1b7e-4d5c-4a3b-9f0e-123456789abc}"),
            "{6e7b1b7e-4d5c-4a3b-9f0e-123456789abc}");
}

// Found by tests/fuzz (product_key): two keys sharing a group, the second left whole, so that
// masking the output again changed it. Corpus: regression-chained-keys.txt.
TEST(MaskProductKeys, MasksBothKeysOfAChainSharingAGroup) {
  const std::string chained =
      "NPP\xef"
      "9-FPPR9-FWDCX-DWDCX-D2C8J-W269N-WFGWX-YVC9B-4J6C8-T83GX";
  const std::string masked = mask_product_keys(chained);
  EXPECT_EQ(masked,
            "NPP\xef"
            "9-*****-*****-*****-*****-*****-*****-*****-*****-T83GX");
  EXPECT_EQ(mask_product_keys(masked), masked);
  EXPECT_EQ(mask_product_keys(std::string(kVistaEnterprise) + "-FWDCX-D2C8J-H872K-2YT43"),
            "*****-*****-*****-*****-*****-*****-*****-*****-2YT43");
}

// Found by tests/fuzz (product_key): an undashed run whose last five characters begin a dashed
// key; masking the run left that key whole, standing alone. Corpus:
// regression-run-then-dashed-key.txt.
TEST(MaskProductKeys, MasksADashedKeyThatBeginsInsideAnUndashedRun) {
  const std::string text =
      "NPPR96&\x01@\x02"
      "62v6666666666666666666626-FWDCX-D2C8J-H872K-2YT43";
  const std::string masked = mask_product_keys(text);
  EXPECT_EQ(masked, "NPPR96&\x01@\x02" + std::string(25, '*') + "-*****-*****-*****-2YT43");
  EXPECT_EQ(mask_product_keys(masked), masked);
}

}  // namespace
}  // namespace kmsprep
