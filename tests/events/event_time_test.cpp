#include "events/event_time.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(EventTime, ReadsSystemTimeWithFractionAndOffset) {
  // 2026-11-30T14:02:03Z: 20787 days after 1970-01-01, plus 14:02:03.
  const UnixSeconds expected = 20787LL * 86400 + 14 * 3600 + 2 * 60 + 3;
  EXPECT_EQ(parse_system_time("2026-11-30T14:02:03.1234567Z"), expected);
  EXPECT_EQ(parse_system_time("2026-11-30T14:02:03Z"), expected);
  EXPECT_EQ(parse_system_time("2026-11-30T15:02:03+01:00"), expected);
  EXPECT_EQ(parse_system_time("2026-11-30 14:02:03"), expected);
  EXPECT_FALSE(parse_system_time("2026-02-29T00:00:00Z"));  // not a leap year
  EXPECT_FALSE(parse_system_time("2026-11-30T14:02:03Y"));
}

TEST(EventTime, ReadsTheEnglishUsTimesOfCsvExports) {
  const UnixSeconds midnight = 20787LL * 86400;
  EXPECT_EQ(parse_export_time("11/30/2026 12:00:00 AM"), midnight);
  EXPECT_EQ(parse_export_time("11/30/2026 12:30:00 PM"), midnight + 12 * 3600 + 1800);
  EXPECT_EQ(parse_export_time("11/30/2026 2:02:03 PM"), midnight + 14 * 3600 + 123);
  EXPECT_EQ(parse_export_time("11/30/2026 14:02:03"), midnight + 14 * 3600 + 123);
  EXPECT_FALSE(parse_export_time("30/11/2026 2:02:03 PM"));  // day first is not the en-US form
  EXPECT_FALSE(parse_export_time("11/30/2026 13:02:03 PM"));
}

}  // namespace
}  // namespace kmsprep
