#include "engine/cohort_calendar.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace kmsprep {
namespace {

Cohort members(uint32_t first, uint32_t size, uint32_t group = 0) {
  Cohort cohort;
  cohort.first = first;
  cohort.size = size;
  cohort.group = group;
  return cohort;
}

std::vector<uint32_t> firsts_due(CohortCalendar& calendar, int32_t minute) {
  std::vector<uint32_t> firsts;
  for (int32_t id = calendar.pop(minute); id != kNoCohort; id = calendar.pop(minute)) {
    firsts.push_back(calendar[id].first);
  }
  return firsts;
}

TEST(CohortCalendar, ABucketKeepsTheOrderCohortsWereScheduledIn) {
  CohortCalendar calendar(10);
  for (uint32_t first : {30u, 10u, 20u})
    calendar.schedule(calendar.add(members(first, 5, first)), 4);
  EXPECT_EQ(firsts_due(calendar, 4), (std::vector<uint32_t>{30, 10, 20}));
  EXPECT_TRUE(firsts_due(calendar, 4).empty());
}

TEST(CohortCalendar, TheNextMembersInTheSameStateJoinTheLastCohort) {
  CohortCalendar calendar(10);
  const int32_t a = calendar.add(members(0, 5));
  calendar.schedule(a, 3);
  calendar.schedule(calendar.add(members(5, 2)), 3);  // members 5-6 follow 0-4: one cohort
  EXPECT_EQ(calendar[a].size, 7u);
  Cohort other_state = members(7, 1);
  other_state.validity = 100;
  calendar.schedule(calendar.add(other_state), 3);     // same place, other state: its own
  calendar.schedule(calendar.add(members(20, 1)), 3);  // not the next members: its own
  EXPECT_EQ(firsts_due(calendar, 3), (std::vector<uint32_t>{0, 7, 20}));
}

TEST(CohortCalendar, UnlinkAndRescheduleMovesACohortAndNothingAtOrAfterTheEndIsDue) {
  CohortCalendar calendar(10);
  const int32_t a = calendar.add(members(0, 1, 1));
  const int32_t b = calendar.add(members(1, 1, 2));
  calendar.schedule(a, 2);
  calendar.schedule(b, 2);
  calendar.schedule(a, 6);   // out of minute 2, into minute 6
  calendar.schedule(b, 10);  // at the end: kept, never due
  EXPECT_TRUE(firsts_due(calendar, 2).empty());
  EXPECT_EQ(firsts_due(calendar, 6), (std::vector<uint32_t>{0}));
  EXPECT_EQ(calendar[b].scheduled, -1);
  EXPECT_EQ(calendar[b].size, 1u);
}

}  // namespace
}  // namespace kmsprep
