// RecentCmidTable: a KMS host's table of the most recent distinct CMIDs it has seen (the real
// host keeps 50), ordered by recency, which gives its count exactly: distinct CMIDs seen within
// the window, capped. O(1) per request (hash + recency list), so a million clients stay cheap.
// Used by the fleet simulation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kmsprep {

class RecentCmidTable {
 public:
  explicit RecentCmidTable(int capacity);

  // Records that `cmid` was seen at `minute`; minutes never decrease between calls.
  void touch(uint32_t cmid, int32_t minute);
  // Distinct CMIDs last seen after `window_start` (exclusive), at most `limit`.
  int count_since(int64_t window_start, int limit) const;
  int size() const { return size_; }

 private:
  int32_t find(uint32_t cmid) const;  // slot or -1
  void hash_insert(uint32_t cmid, int32_t slot);
  void hash_erase(uint32_t cmid);
  size_t bucket_of(uint32_t cmid) const {
    return static_cast<size_t>((cmid * 0x9E3779B1u) >> shift_) & mask_;
  }
  void unlink(int32_t slot);
  void push_front(int32_t slot);

  int capacity_;
  int size_ = 0;
  std::vector<uint32_t> cmid_;
  std::vector<int32_t> seen_;
  std::vector<int32_t> newer_;
  std::vector<int32_t> older_;
  int32_t newest_ = -1;
  int32_t oldest_ = -1;
  std::vector<int32_t> buckets_;  // open addressing, linear probing: slot or -1
  size_t mask_ = 0;
  int shift_ = 0;
};

}  // namespace kmsprep
