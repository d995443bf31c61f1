#include "engine/sim_time.hpp"

#include <gtest/gtest.h>

#include "engine/hresult.hpp"

namespace kmsprep {
namespace {

TEST(SimTime, FormatsAndParsesUtc) {
  EXPECT_EQ(parse_utc("2007-03-01T08:00:00Z"), 1172736000);
  EXPECT_EQ(format_utc(1172736000), "2007-03-01T08:00:00Z");
  EXPECT_EQ(format_utc(*parse_utc("2024-02-29T23:59:59Z")), "2024-02-29T23:59:59Z");
  EXPECT_FALSE(parse_utc("2023-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_utc("2007-03-01 08:00:00"));
  EXPECT_FALSE(parse_utc("2007-03-01T08:00:00+01:00"));
}

TEST(Hresult, WritesEightUpperCaseHexDigits) {
  EXPECT_EQ(format_hresult(hresult::count_too_low), "0xC004F038");
  EXPECT_EQ(format_hresult(0), "0x00000000");
  EXPECT_EQ(format_hresult(hresult::dns_name_missing), "0x8007232B");
  EXPECT_EQ(parse_hresult("0xc004f074"), hresult::no_host_contacted);
  EXPECT_FALSE(parse_hresult("C004F074"));
}

}  // namespace
}  // namespace kmsprep
