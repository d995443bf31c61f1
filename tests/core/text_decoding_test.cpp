#include "core/text_decoding.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

const std::string kText = "[PID]\r\nValue=\xC3\xA9\xF0\x9F\x98\x80\r\n";  // e-acute, emoji

TEST(TextDecoding, RoundTripsEveryEncoding) {
  for (TextEncoding encoding : {TextEncoding::utf8, TextEncoding::utf8_bom,
                                TextEncoding::utf16le_bom, TextEncoding::utf16be_bom}) {
    const std::string bytes = encode_text(kText, encoding);
    auto decoded = decode_text(bytes, "pid.txt");
    ASSERT_TRUE(decoded) << to_string(encoding);
    EXPECT_EQ(decoded->utf8, kText);
    EXPECT_EQ(decoded->encoding, encoding);
    EXPECT_EQ(encode_text(decoded->utf8, decoded->encoding), bytes);
  }
}

TEST(TextDecoding, Utf16LeHasBomAndLittleEndianUnits) {
  const std::string bytes = encode_text("A", TextEncoding::utf16le_bom);
  EXPECT_EQ(bytes, std::string("\xFF\xFE"
                               "A\0",
                               4));
}

TEST(TextDecoding, RejectsInvalidUtf8NamingTheByte) {
  auto decoded = decode_text("abc\xFF", "pid.txt");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code(), ErrorCode::text_encoding_invalid);
  EXPECT_NE(decoded.error().detail().find("byte 3"), std::string::npos);
  EXPECT_EQ(decoded.error().location(), "pid.txt");
}

TEST(TextDecoding, RejectsTruncatedUtf16) {
  auto decoded = decode_text(std::string("\xFF\xFE"
                                         "A\0B",
                                         5),
                             "x");
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().detail().find("odd number"), std::string::npos);
}

TEST(TextDecoding, RejectsUnpairedSurrogate) {
  auto decoded = decode_text(std::string("\xFF\xFE\x00\xD8"
                                         "A\0",
                                         6),
                             "x");
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().detail().find("surrogate"), std::string::npos);
}

TEST(TextDecoding, WideUnitsBecomeUtf8WithSurrogatePairsJoined) {
  EXPECT_EQ(utf16_units_to_utf8(u""), "");
  EXPECT_EQ(utf16_units_to_utf8(u"kmsprep --var A=1"), "kmsprep --var A=1");
  EXPECT_EQ(utf16_units_to_utf8(u"Bj\u00f6rk \u65e5\u672c"),
            "Bj\xC3\xB6rk \xE6\x97\xA5\xE6\x9C\xAC");
  EXPECT_EQ(utf16_units_to_utf8(u"\U0001F600.wim"), "\xF0\x9F\x98\x80.wim");
}

TEST(TextDecoding, UnpairedWideSurrogatesBecomeReplacementCharacters) {
  const char16_t lone_high[] = {u'a', 0xD83D, u'b', 0};
  const char16_t lone_low[] = {0xDE00, u'c', 0};
  const char16_t high_at_end[] = {u'd', 0xD83D, 0};
  EXPECT_EQ(utf16_units_to_utf8(lone_high),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(utf16_units_to_utf8(lone_low),
            "\xEF\xBF\xBD"
            "c");
  EXPECT_EQ(utf16_units_to_utf8(high_at_end), "d\xEF\xBF\xBD");
}

}  // namespace
}  // namespace kmsprep
