// RecentCmidTable: a KMS host's table of the most recent distinct CMIDs it has seen (the real
// host keeps 50), ordered by recency, which gives its count exactly: distinct CMIDs seen within
// the window, capped. Held as runs of consecutive CMIDs seen in the same minute, because the
// fleet simulation's cohorts ask in such runs: a request costs a pass over at most `capacity`
// runs (a handful in practice), with no per-CMID work or hashing. Used by the fleet simulation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kmsprep {

class RecentCmidTable {
 public:
  explicit RecentCmidTable(int capacity);

  // Records that `cmid` was seen at `minute`; minutes never decrease between calls.
  void touch(uint32_t cmid, int32_t minute) { touch_range(cmid, 1, minute); }
  // The same as touch(first), touch(first + 1), ..., touch(first + count - 1) at `minute`.
  void touch_range(uint32_t first, uint32_t count, int32_t minute);
  // Distinct CMIDs last seen after `window_start` (exclusive), at most `limit`.
  int count_since(int64_t window_start, int limit) const;
  int size() const { return size_; }

 private:
  struct Run {
    uint64_t first;  // CMIDs first .. first + count - 1, seen in that order at `seen`
    uint64_t count;
    int32_t seen;
  };

  // Takes CMIDs [low, high) out of the runs held (they are about to become the newest).
  void remove(uint64_t low, uint64_t high);

  int capacity_;
  int size_ = 0;
  std::vector<Run> runs_;  // runs_[oldest_] is the least recent; those before it are evicted
  size_t oldest_ = 0;
  std::vector<Run> scratch_;  // reused by remove()
  // Every CMID held is within [lowest_, highest_] (exact after each full scan, wider after
  // evictions): a request for CMIDs outside needs no scan, the common case of a fleet's
  // clients asking in member order.
  uint64_t lowest_ = 0;
  uint64_t highest_ = 0;
};

}  // namespace kmsprep
