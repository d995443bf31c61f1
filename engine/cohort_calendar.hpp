// CohortCalendar: the fleet simulation's clients as cohorts, each a run of consecutive clients of
// one group in the same state with the same next attempt, waiting in a calendar queue with one
// bucket per simulated minute (an intrusive doubly-linked list through the cohorts). A client is
// no record of its own: its group, CMID and boot follow from its index, so memory follows the
// number of distinct states, not of clients (bench/RESULTS-engine.md). Used by fleet_simulation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kmsprep {

constexpr int32_t kNoCohort = -1;

struct Cohort {
  uint32_t first = 0;        // index of the first member client
  uint32_t size = 0;         // members first .. first + size - 1; 0: a free record
  uint32_t group = 0;        // index into Topology::groups
  int32_t scheduled = -1;    // minute of the next attempt; -1 when none falls inside the run
  int32_t validity = -1;     // minute the activation expires; -1 when never activated
  int32_t next = kNoCohort;  // calendar bucket links
  int32_t prev = kNoCohort;
  uint16_t activation_interval = 0;  // the last host's (or the default) retry interval
  uint16_t renewal_interval = 0;
  uint8_t last_failure = 0;  // the failure slot of the last failed attempt + 1; 0 none
  bool attempted = false;    // false until the first attempt (the members have not booted)
  bool through_ad = false;   // the last activation came from AD-based activation
};

class CohortCalendar {
 public:
  explicit CohortCalendar(int32_t minutes);

  // A new record holding `cohort` (not scheduled); its id.
  int32_t add(const Cohort& cohort);
  Cohort& operator[](int32_t id) { return cohorts_[static_cast<size_t>(id)]; }
  const Cohort& operator[](int32_t id) const { return cohorts_[static_cast<size_t>(id)]; }
  size_t records() const { return cohorts_.size(); }

  // Appends the cohort to the bucket of `minute` (none at or after the end). When the bucket's
  // last cohort holds the members just before it in the same state, the two become one: the
  // order of clients in the bucket is the same either way, and `id` is then released.
  void schedule(int32_t id, int64_t minute);
  void unlink(int32_t id);
  // Removes and returns the first cohort due at `minute`, or kNoCohort.
  int32_t pop(int32_t minute);
  void release(int32_t id);

 private:
  static bool same_state(const Cohort& a, const Cohort& b);

  int32_t minutes_;
  std::vector<Cohort> cohorts_;
  std::vector<int32_t> free_;
  std::vector<int32_t> head_;
  std::vector<int32_t> tail_;
};

}  // namespace kmsprep
