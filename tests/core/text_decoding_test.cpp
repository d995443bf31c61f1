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

}  // namespace
}  // namespace kmsprep
