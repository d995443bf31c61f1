// Guid128: CMIDs and activation IDs parsed once into two integers and written back as the
// lower-case text the report prints.
#include "events/guid_value.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(GuidValue, ParsesEitherCaseAndBracesIntoTheSameValue) {
  const auto plain = parse_guid("7d0b4e8f-2c6e-4a12-8f3b-1234567890ab");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->high, 0x7d0b4e8f2c6e4a12ULL);
  EXPECT_EQ(plain->low, 0x8f3b1234567890abULL);
  EXPECT_EQ(parse_guid("{7D0B4E8F-2C6E-4A12-8F3B-1234567890AB}"), plain);
  EXPECT_EQ(to_string(*plain), "7d0b4e8f-2c6e-4a12-8f3b-1234567890ab");
}

TEST(GuidValue, RefusesAnythingButEightFourFourFourTwelveHexDigits) {
  for (const char* text :
       {"", "7d0b4e8f-2c6e-4a12-8f3b-1234567890a", "7d0b4e8f-2c6e-4a12-8f3b-1234567890abc",
        "7d0b4e8f-2c6e-4a12-8f3b-1234567890ag", "7d0b4e8f_2c6e-4a12-8f3b-1234567890ab",
        "{7d0b4e8f-2c6e-4a12-8f3b-1234567890ab", "7d0b4e8f2c6e4a128f3b1234567890ab1234",
        "7d0b4e8f-2c6e-4a12-8f3b-12345678 0ab"}) {
    EXPECT_FALSE(parse_guid(text)) << text;
  }
}

TEST(GuidValue, OrdersAsTheLowerCaseText) {
  const auto a = *parse_guid("0fffffff-ffff-ffff-ffff-ffffffffffff");
  const auto b = *parse_guid("a0000000-0000-0000-0000-000000000000");
  const auto c = *parse_guid("a0000000-0000-0000-0000-000000000001");
  EXPECT_TRUE(a < b && b < c);
  EXPECT_LT(to_string(a), to_string(b));
  EXPECT_LT(to_string(b), to_string(c));
}

}  // namespace
}  // namespace kmsprep
