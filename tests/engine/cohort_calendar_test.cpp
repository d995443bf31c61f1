#include "engine/cohort_calendar.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace kmsprep {
namespace {

Cohort members(uint32_t first, uint32_t size) {
  Cohort cohort;
  cohort.first = first;
  cohort.size = size;
  return cohort;
}

// One group of `clients` clients.
CohortCalendar calendar_of(int32_t minutes, uint32_t clients) {
  return CohortCalendar(minutes, {0}, clients);
}

std::vector<uint32_t> firsts_due(CohortCalendar& calendar, int32_t minute) {
  std::vector<uint32_t> firsts;
  for (CohortId id = calendar.pop(minute); id != kNoCohort; id = calendar.pop(minute)) {
    firsts.push_back(calendar.get(id).first);
  }
  return firsts;
}

TEST(CohortCalendar, ABucketKeepsTheOrderCohortsWereScheduledIn) {
  CohortCalendar calendar = calendar_of(10, 100);
  for (uint32_t first : {30u, 10u, 20u}) calendar.schedule(calendar.add(members(first, 5)), 4);
  calendar.schedule(calendar.add(members(50, 1)), 4);
  EXPECT_EQ(firsts_due(calendar, 4), (std::vector<uint32_t>{30, 10, 20, 50}));
  EXPECT_TRUE(firsts_due(calendar, 4).empty());
}

TEST(CohortCalendar, TheNextMembersInTheSameStateJoinTheLastCohort) {
  CohortCalendar calendar = calendar_of(10, 100);
  const CohortId a = calendar.add(members(0, 5));
  calendar.schedule(a, 3);
  calendar.schedule(calendar.add(members(5, 2)), 3);  // members 5-6 follow 0-4: one cohort
  calendar.schedule(calendar.add(members(7, 1)), 3);  // a one-client cohort joins too
  EXPECT_EQ(calendar.get(a).size, 8u);
  Cohort other_state = members(8, 1);
  other_state.validity = 100;
  calendar.schedule(calendar.add(other_state), 3);     // same place, other state: its own
  calendar.schedule(calendar.add(members(9, 1)), 3);   // back to the first state: its own
  calendar.schedule(calendar.add(members(20, 1)), 3);  // not the next members: its own
  EXPECT_EQ(firsts_due(calendar, 3), (std::vector<uint32_t>{0, 8, 9, 20}));
}

// The cohort due first at `minute`, taken out.
Cohort pop_one(CohortCalendar& calendar, int32_t minute) {
  const CohortId id = calendar.pop(minute);
  return id == kNoCohort ? Cohort{} : calendar.get(id);
}

TEST(CohortCalendar, SmallCohortsThatOutgrowTheirPageBecomeARecordInTheirPlace) {
  CohortCalendar calendar = calendar_of(10, 4096);
  Cohort other = members(3000, 1);
  other.validity = 9;  // another state: never joins
  calendar.schedule(calendar.add(other), 2);
  for (uint32_t first = 0; first < kSmallCohort + 8; ++first) {
    calendar.schedule(calendar.add(members(first, 1)), 2);
  }
  other.first = 3001;
  calendar.schedule(calendar.add(other), 2);
  // Across a page boundary too, as the only cohort of its bucket.
  calendar.schedule(calendar.add(members(1020, 4)), 5);
  calendar.schedule(calendar.add(members(1024, 2)), 5);
  EXPECT_EQ(pop_one(calendar, 2).first, 3000u);
  const Cohort joined = pop_one(calendar, 2);
  EXPECT_EQ(joined.first, 0u);
  EXPECT_EQ(joined.size, kSmallCohort + 8);
  EXPECT_EQ(pop_one(calendar, 2).first, 3001u);
  EXPECT_EQ(pop_one(calendar, 2).size, 0u);  // nothing left
  const Cohort across = pop_one(calendar, 5);
  EXPECT_EQ(across.first, 1020u);
  EXPECT_EQ(across.size, 6u);
  EXPECT_EQ(pop_one(calendar, 5).size, 0u);
  // Popping the head keeps the place of a later promotion right.
  other.first = 3002;
  calendar.schedule(calendar.add(other), 7);
  calendar.schedule(calendar.add(members(2048, kSmallCohort)), 7);
  EXPECT_EQ(pop_one(calendar, 7).first, 3002u);
  calendar.schedule(calendar.add(members(2048 + kSmallCohort, 1)), 7);  // promoted: the head
  calendar.schedule(calendar.add(members(2100, 1)), 7);
  EXPECT_EQ(pop_one(calendar, 7).size, kSmallCohort + 1);
  EXPECT_EQ(pop_one(calendar, 7).first, 2100u);
}

TEST(CohortCalendar, MembersOfAnotherGroupNeverJoin) {
  CohortCalendar calendar(10, {0, 4, 4}, 10);  // group 1 is empty: clients 4-9 are group 2
  const CohortId first_group = calendar.add(members(0, 4));
  const CohortId last_group = calendar.add(members(4, 3));
  calendar.schedule(first_group, 1);
  calendar.schedule(last_group, 1);
  EXPECT_EQ(calendar.get(first_group).group, 0u);
  EXPECT_EQ(calendar.get(last_group).group, 2u);
  EXPECT_EQ(calendar.get(calendar.add(members(9, 1))).group, 2u);
  EXPECT_EQ(firsts_due(calendar, 1), (std::vector<uint32_t>{0, 4}));
}

TEST(CohortCalendar, GetReturnsWhatUpdateWroteInBothStores) {
  CohortCalendar calendar = calendar_of(10, 5000);
  for (uint32_t size : {1u, 3u}) {
    const uint32_t first = size == 1 ? 2000 : 3000;
    const CohortId id = calendar.add(members(first, size));
    Cohort state = calendar.get(id);
    state.validity = 4321;
    state.interval_pair = 513;
    state.last_failure = 8;
    state.attempted = true;
    state.through_ad = true;
    calendar.update(id, state);
    const Cohort read = calendar.get(id);
    EXPECT_EQ(read.first, first);
    EXPECT_EQ(read.size, size);
    EXPECT_EQ(read.validity, 4321);
    EXPECT_EQ(read.interval_pair, 513);
    EXPECT_EQ(read.last_failure, 8);
    EXPECT_TRUE(read.attempted);
    EXPECT_TRUE(read.through_ad);
    calendar.schedule(id, 2);
    EXPECT_EQ(firsts_due(calendar, 2), (std::vector<uint32_t>{first}));
    calendar.schedule(id, 10);  // at the end: not due; for_each still visits it below
  }
  int visited = 0;
  calendar.for_each([&](const Cohort& cohort) {
    ++visited;
    EXPECT_EQ(cohort.validity, 4321);
  });
  EXPECT_EQ(visited, 2);
}

TEST(CohortCalendar, SplitKeepsEveryMemberAndTheState) {
  CohortCalendar calendar = calendar_of(10, 100);
  Cohort state = members(10, 6);
  state.validity = 77;
  const CohortId whole = calendar.add(state);
  const auto [front, rest] = calendar.split(whole, 1);  // 1 + 5
  const auto [middle, last] = calendar.split(rest, 4);  // 4 + 1
  EXPECT_EQ(calendar.get(front).first, 10u);
  EXPECT_EQ(calendar.get(front).size, 1u);
  EXPECT_EQ(calendar.get(middle).first, 11u);
  EXPECT_EQ(calendar.get(middle).size, 4u);
  EXPECT_EQ(calendar.get(last).first, 15u);
  EXPECT_EQ(calendar.get(last).size, 1u);
  uint32_t clients = 0;
  calendar.for_each([&](const Cohort& cohort) {
    clients += cohort.size;
    EXPECT_EQ(cohort.validity, 77);
  });
  EXPECT_EQ(clients, 6u);
}

TEST(CohortCalendar, TakeIfRemovesTheChosenCohortsFromTheirBucketsInClientOrder) {
  CohortCalendar calendar = calendar_of(10, 100);
  const auto add_at = [&](uint32_t first, uint32_t size, int32_t minute, bool attempted) {
    Cohort cohort = members(first, size);
    cohort.attempted = attempted;
    cohort.validity = static_cast<int32_t>(first);  // no two join
    calendar.schedule(calendar.add(cohort), minute);
  };
  add_at(40, 2, 5, true);
  add_at(10, 1, 5, false);
  add_at(30, 1, 5, true);
  add_at(20, 3, 7, true);
  add_at(60, 1, 20, true);  // past the end: in no bucket, still taken
  std::vector<uint32_t> taken;
  for (CohortId id : calendar.take_if([](const Cohort& c) { return c.attempted; })) {
    taken.push_back(calendar.get(id).first);
  }
  EXPECT_EQ(taken, (std::vector<uint32_t>{20, 30, 40, 60}));
  EXPECT_EQ(firsts_due(calendar, 5), (std::vector<uint32_t>{10}));
  EXPECT_TRUE(firsts_due(calendar, 7).empty());
}

TEST(CohortCalendar, EveryClientInItsOwnStateCostsAboutTwelveBytesAClient) {
  // Issue 13: the worst case, 100,000 one-client cohorts, below 16 bytes a client: a page's
  // 12 bytes a client, and the page table's 8 bytes a page (the buckets of 210 days are
  // fixed, not per client, so they are left out).
  constexpr uint32_t kClients = 100000;
  constexpr int32_t kMinutes = 210 * 1440;
  CohortCalendar calendar = calendar_of(kMinutes, kClients);
  const size_t empty = calendar.storage_bytes();
  std::vector<CohortId> ids;
  for (uint32_t client = 0; client < kClients; ++client) {
    Cohort cohort = members(client, 1);
    cohort.validity = static_cast<int32_t>(client);
    ids.push_back(calendar.add(cohort));
    calendar.schedule(ids.back(), client % kMinutes);
  }
  EXPECT_LT(static_cast<double>(calendar.storage_bytes() - empty) / kClients, 12.1);
  // Small cohorts of any size share the pages: no dearer a client.
  CohortCalendar pairs = calendar_of(kMinutes, kClients);
  for (uint32_t client = 0; client < kClients; client += 2) pairs.add(members(client, 2));
  EXPECT_LT(static_cast<double>(pairs.storage_bytes() - empty) / kClients, 12.1);
  // Larger ones are records, under a byte a client.
  CohortCalendar large = calendar_of(kMinutes, kClients);
  for (uint32_t client = 0; client < kClients; client += 40) large.add(members(client, 40));
  EXPECT_LT(static_cast<double>(large.storage_bytes() - empty) / kClients, 1.0);
}

TEST(CohortCalendar, APageGoesWhenItsLastSmallCohortDoes) {
  CohortCalendar calendar = calendar_of(10, 4096);
  const CohortId record = calendar.add(members(0, 100));  // larger than a small cohort
  calendar.schedule(record, 1);
  const size_t without_page = calendar.storage_bytes();
  const CohortId one = calendar.add(members(100, 1));
  EXPECT_GT(calendar.storage_bytes(), without_page);
  calendar.schedule(one, 1);  // joins the record: released, and its page with it
  EXPECT_EQ(calendar.storage_bytes(), without_page);
  EXPECT_EQ(calendar.get(record).size, 101u);
}

}  // namespace
}  // namespace kmsprep
