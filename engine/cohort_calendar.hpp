// CohortCalendar: the fleet simulation's clients as cohorts, each a run of consecutive clients of
// one group in the same state with the same next attempt, waiting in a calendar queue with one
// bucket per simulated minute (a FIFO list through the cohorts). A client is no record of its
// own: its group, CMID and boot follow from its index, so memory follows the number of
// distinct states, not of clients. Used by fleet_simulation.
//
// Two stores, because the worst case is a fleet where every client ends in its own state
// (issue 13: below 16 bytes a client): a small cohort (at most kSmallCohort clients, inside one
// page) lives in a page of 1,024 clients, in the slot of its first client (a 12-byte Slot a
// client: link, validity, intervals, flags, size); a larger one is a 24-byte record (a Slot,
// its first client, size and group), about a byte a client. Pages are allocated when their first
// small cohort appears and freed when their last one goes; records are reused through a free list
// and kept in fixed chunks, so nothing is copied or doubled as the fleet fragments
// (bench/RESULTS-engine.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace kmsprep {

// A cohort's handle: a record index, or kPageCohort plus its first client's index. Handles
// change when a cohort is split, merged or released; the calendar returns the new ones.
using CohortId = uint32_t;
constexpr CohortId kNoCohort = 0xFFFFFFFFu;
constexpr CohortId kPageCohort = 0x80000000u;
constexpr uint32_t kSmallCohort = 32;  // the largest cohort a page holds

// A cohort as the simulation reads and changes it (a copy; write it back with update()).
struct Cohort {
  uint32_t first = 0;          // index of the first member client
  uint32_t size = 0;           // members first .. first + size - 1
  uint32_t group = 0;          // index into Topology::groups (from `first`; update() ignores it)
  int32_t validity = -1;       // minute the activation expires; -1 when never activated
  uint16_t interval_pair = 0;  // the simulation's table of (activation, renewal) intervals
  uint8_t last_failure = 0;    // the failure slot of the last failed attempt + 1; 0 none
  bool attempted = false;      // false until the first attempt (the members have not booted)
  bool through_ad = false;     // the last activation came from AD-based activation
};

class CohortCalendar {
 public:
  CohortCalendar() = default;
  // `group_begins`: the first client index of each group in order (ascending; an empty group
  // has its successor's begin). `clients`: all groups together.
  CohortCalendar(int32_t minutes, std::vector<uint32_t> group_begins, uint32_t clients);

  // A new unscheduled cohort holding `cohort`; its handle.
  CohortId add(const Cohort& cohort);
  Cohort get(CohortId id) const;
  // Writes back the state of cohort `id` (same first and size).
  void update(CohortId id, const Cohort& cohort);
  // Cuts unscheduled cohort `id` after its first `members` (0 < members < size): the handles
  // of both parts, both unscheduled.
  std::pair<CohortId, CohortId> split(CohortId id, uint32_t members);

  // Appends unscheduled cohort `id` to the bucket of `minute` (none at or after the end). When
  // the bucket's last cohort holds the members just before it in the same state, the two become
  // one (a record when too large for a page): the order of clients in the bucket is the same
  // either way, and `id` is then released.
  void schedule(CohortId id, int64_t minute);
  // Removes and returns the first cohort due at `minute`, or kNoCohort.
  CohortId pop(int32_t minute);
  // The cohorts `wanted` says yes to, taken out of their buckets, in client order.
  std::vector<CohortId> take_if(const std::function<bool(const Cohort&)>& wanted);
  // Every cohort, in no particular order.
  void for_each(const std::function<void(const Cohort&)>& visit) const;

  // Bytes held for cohorts (pages, records, buckets): what tests check the layout with.
  size_t storage_bytes() const;

 private:
  static constexpr uint32_t kPageClients = 1024;
  static constexpr uint32_t kChunkRecords = 4096;
  // flags: attempted, through_ad, live (holds a cohort), linked (in a bucket); last_failure
  // in the high four bits.
  static constexpr uint8_t kAttempted = 1;
  static constexpr uint8_t kThroughAd = 2;
  static constexpr uint8_t kLive = 4;
  static constexpr uint8_t kLinked = 8;

  // What every cohort holds, in a page slot or a record: 12 bytes, read together.
  struct Slot {
    CohortId next = kNoCohort;  // the bucket link (a record's free-list link when free)
    int32_t validity = -1;
    uint16_t interval_pair = 0;
    uint8_t flags = 0;
    uint8_t size = 0;  // in a page: the cohort's size; 0 for a slot no cohort starts at
  };
  struct Page {
    std::array<Slot, kPageClients> slots;
    uint32_t live = 0;
    uint32_t first_group = 0;  // the group of the page's first client
  };
  struct Record {
    Slot slot;
    uint32_t first = 0;
    uint32_t size = 0;  // 0: on the free list
    uint32_t group = 0;
  };

  static bool in_page(CohortId id) { return (id & kPageCohort) != 0; }
  static uint32_t first_client(CohortId id) { return id & ~kPageCohort; }
  static bool fits_a_page(uint32_t first, uint32_t size) {
    return size <= kSmallCohort && first / kPageClients == (first + size - 1) / kPageClients;
  }
  static uint8_t pack_flags(const Cohort& cohort);
  // The group of `client`, searched over all groups (once a page or record), or from the first
  // group of its page on (each read of a small cohort: a page holds few groups).
  uint32_t group_of(uint32_t client) const;
  uint32_t group_in_page(uint32_t client) const;
  Record& record(CohortId id) { return chunks_[id / kChunkRecords][id % kChunkRecords]; }
  const Record& record(CohortId id) const {
    return chunks_[id / kChunkRecords][id % kChunkRecords];
  }
  Slot& slot(CohortId id) {
    if (!in_page(id)) return record(id).slot;
    return pages_[first_client(id) / kPageClients]->slots[first_client(id) % kPageClients];
  }
  const Slot& slot(CohortId id) const {
    if (!in_page(id)) return record(id).slot;
    return pages_[first_client(id) / kPageClients]->slots[first_client(id) % kPageClients];
  }
  uint32_t group_of_cohort(CohortId id) const {
    return in_page(id) ? group_in_page(first_client(id)) : record(id).group;
  }
  bool continues(CohortId before, CohortId id) const;
  // Whether unscheduled cohort `id` joined the last cohort of `bucket` (then it is released).
  bool join_last(size_t bucket, CohortId id);
  CohortId add_to_page(const Cohort& cohort);
  CohortId add_record(const Cohort& cohort);
  void release(CohortId id);
  void for_each_id(const std::function<void(CohortId)>& visit) const;

  int32_t minutes_ = 0;
  std::vector<uint32_t> group_begins_;
  std::vector<std::unique_ptr<Page>> pages_;
  std::vector<std::unique_ptr<Record[]>> chunks_;
  uint32_t records_used_ = 0;  // records handed out at least once
  CohortId free_records_ = kNoCohort;
  std::vector<CohortId> head_;
  std::vector<CohortId> tail_;
  std::vector<CohortId> before_tail_;  // the cohort before the tail: where a promoted one links
};

}  // namespace kmsprep
