#include "engine/recent_cmid_table.hpp"

#include <gtest/gtest.h>

#include <map>

#include "engine/random_source.hpp"

namespace kmsprep {
namespace {

TEST(RecentCmidTable, CountsDistinctCmidsInTheWindowUpToTheLimit) {
  RecentCmidTable table(50);
  for (uint32_t cmid = 0; cmid < 30; ++cmid) table.touch(cmid, 10);
  table.touch(5, 20);
  EXPECT_EQ(table.count_since(0, 50), 30);
  EXPECT_EQ(table.count_since(0, 25), 25);
  EXPECT_EQ(table.count_since(10, 50), 1);  // only CMID 5 was seen after minute 10
  EXPECT_EQ(table.count_since(20, 50), 0);
}

TEST(RecentCmidTable, AgreesWithABruteForceCountUnderEviction) {
  RecentCmidTable table(50);
  std::map<uint32_t, int32_t> last_seen;  // every CMID ever seen
  SeededRandom random(5);
  int32_t minute = 0;
  for (int step = 0; step < 200000; ++step) {
    minute += static_cast<int32_t>(random.below(3));
    const uint32_t cmid = static_cast<uint32_t>(random.below(step < 100000 ? 80 : 400));
    table.touch(cmid, minute);
    last_seen[cmid] = minute;
    if (step % 97 == 0) {
      const int64_t window_start = minute - static_cast<int64_t>(random.below(200));
      int expected = 0;
      for (const auto& [id, seen] : last_seen) expected += seen > window_start ? 1 : 0;
      ASSERT_EQ(table.count_since(window_start, 50), std::min(expected, 50)) << step;
      ASSERT_EQ(table.count_since(window_start, 10), std::min(expected, 10)) << step;
    }
  }
}

TEST(RecentCmidTable, TouchingARangeEqualsTouchingEachCmid) {
  // A fleet's cohorts: runs of consecutive CMIDs, short and long, some seen again, with single
  // touches between them; the range form must give every count one-by-one touches give.
  RecentCmidTable by_range(50);
  RecentCmidTable one_by_one(50);
  SeededRandom random(11);
  int32_t minute = 0;
  for (int step = 0; step < 20000; ++step) {
    minute += static_cast<int32_t>(random.below(40));
    const uint32_t first = static_cast<uint32_t>(random.below(300));
    const uint32_t count =
        static_cast<uint32_t>(random.below(4) == 0 ? random.below(200) : random.below(3));
    if (count == 1 && random.below(2) == 0) {
      by_range.touch(first, minute);
    } else {
      by_range.touch_range(first, count, minute);
    }
    for (uint32_t i = 0; i < count; ++i) one_by_one.touch(first + i, minute);
    const int64_t window_start = minute - static_cast<int64_t>(random.below(400));
    for (int limit : {10, 50}) {
      ASSERT_EQ(by_range.count_since(window_start, limit),
                one_by_one.count_since(window_start, limit))
          << step;
    }
    ASSERT_EQ(by_range.size(), one_by_one.size()) << step;
  }
}

}  // namespace
}  // namespace kmsprep
