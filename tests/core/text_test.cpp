#include "core/text.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <cstdint>

namespace kmsprep {
namespace {

TEST(CaseFolding, ComparesAsciiLettersIgnoringCase) {
  EXPECT_TRUE(equals_ignoring_case("Windows/Panther", "WINDOWS/panther"));
  EXPECT_TRUE(equals_ignoring_case("", ""));
  EXPECT_FALSE(equals_ignoring_case("unattend.xml", "unattend.xm"));
  EXPECT_FALSE(equals_ignoring_case("a", "b"));
  // '@' (0x40) and '`' (0x60) sit next to the letters; folding must not pair them.
  EXPECT_FALSE(equals_ignoring_case("@", "`"));
  EXPECT_FALSE(equals_ignoring_case("[", "{"));
  EXPECT_EQ(to_lower_ascii("KMS-Host_01.Example.COM"), "kms-host_01.example.com");
}

TEST(CaseFolding, LeavesNonAsciiBytesAloneWhateverTheLocale) {
  // Latin-1 "É" (0xC9) would fold to "é" (0xE9) under a Latin-1 locale's tolower.
  const char* before = std::setlocale(LC_CTYPE, nullptr);
  const std::string saved = before ? before : "C";
  std::setlocale(LC_CTYPE, "C.UTF-8");
  EXPECT_EQ(to_lower_ascii("\xC9T\xC3\x89"), "\xC9t\xC3\x89");
  EXPECT_FALSE(equals_ignoring_case("\xC9", "\xE9"));
  EXPECT_FALSE(equals_ignoring_case("\xC3\x89", "\xC3\xA9"));  // UTF-8 É and é differ
  std::setlocale(LC_CTYPE, saved.c_str());
}

TEST(Trimming, RemovesSpacesTabsAndLineBreaksAtBothEnds) {
  EXPECT_EQ(trim_whitespace(" \t XXXXX-XXXXX \r\n"), "XXXXX-XXXXX");
  EXPECT_EQ(trim_whitespace("inner  space"), "inner  space");
  EXPECT_EQ(trim_whitespace(" \r\n\t "), "");
  EXPECT_EQ(trim_whitespace(""), "");
  // Only ASCII whitespace: a no-break space (U+00A0) is text.
  EXPECT_EQ(trim_whitespace("\xC2\xA0x"), "\xC2\xA0x");
}

TEST(IntegerParsing, AcceptsDecimalDigitsWithinTheRange) {
  EXPECT_EQ(parse_integer<int>("1688", 1, 65535), 1688);
  EXPECT_EQ(parse_integer<int>("1", 1, 65535), 1);
  EXPECT_EQ(parse_integer<int>("65535", 1, 65535), 65535);
  EXPECT_EQ(parse_integer<int>("01688", 1, 65535), 1688);  // leading zeros are digits
  EXPECT_EQ(parse_integer<int64_t>("-42", -100, 100), -42);
  EXPECT_EQ(parse_integer<uint64_t>("18446744073709551615"), UINT64_MAX);
  EXPECT_EQ(parse_integer<int64_t>("-9223372036854775808"), INT64_MIN);
}

TEST(IntegerParsing, RefusesAnythingButDigitsAndOutOfRangeValues) {
  for (const char* text : {"", " 1688", "1688 ", "+1688", "16 88", "0x10", "1e3", "1,688", "1688.0",
                           "-", "--1", "abc", "\xEF\xBC\x91"}) {  // U+FF11 fullwidth 1
    EXPECT_EQ(parse_integer<int>(text, 0, 100000), std::nullopt) << '"' << text << '"';
  }
  EXPECT_EQ(parse_integer<int>("0", 1, 65535), std::nullopt);
  EXPECT_EQ(parse_integer<int>("65536", 1, 65535), std::nullopt);
  EXPECT_EQ(parse_integer<int>("-1", 0, 10), std::nullopt);
  EXPECT_EQ(parse_integer<unsigned>("-1"), std::nullopt);  // no wrap to 4294967295
  // Too large for the type: refused, not clamped to the maximum.
  EXPECT_EQ(parse_integer<int>("2147483648"), std::nullopt);
  EXPECT_EQ(parse_integer<uint64_t>("18446744073709551616"), std::nullopt);
  EXPECT_EQ(parse_integer<int64_t>("99999999999999999999999999"), std::nullopt);
}

TEST(IntegerParsing, NamesTheRangeInOneShape) {
  EXPECT_EQ(whole_number_range(1, 65535), "a whole number from 1 to 65535");
  EXPECT_EQ(whole_number_range(-5, 0), "a whole number from -5 to 0");
}

}  // namespace
}  // namespace kmsprep
