#include "engine/recent_cmid_table.hpp"

namespace kmsprep {

RecentCmidTable::RecentCmidTable(int capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

void RecentCmidTable::remove(uint64_t low, uint64_t high) {
  bool overlaps = false;
  for (const Run& run : runs_) {
    if (run.first < high && low < run.first + run.count) {
      overlaps = true;
      break;
    }
  }
  if (!overlaps) return;
  scratch_.clear();
  for (const Run& run : runs_) {
    const uint64_t end = run.first + run.count;
    if (end <= low || run.first >= high) {
      scratch_.push_back(run);
      continue;
    }
    // What is left on either side keeps its place in the recency order.
    if (run.first < low) scratch_.push_back({run.first, low - run.first, run.seen});
    if (end > high) scratch_.push_back({high, end - high, run.seen});
    const uint64_t cut_low = run.first > low ? run.first : low;
    const uint64_t cut_high = end < high ? end : high;
    size_ -= static_cast<int>(cut_high - cut_low);
  }
  runs_.swap(scratch_);
}

void RecentCmidTable::touch_range(uint32_t first, uint32_t count, int32_t minute) {
  if (count == 0) return;
  const uint64_t capacity = static_cast<uint64_t>(capacity_);
  if (count >= capacity) {
    // Every older entry is evicted or refreshed: only the last `capacity_` CMIDs remain.
    runs_.clear();
    runs_.push_back({static_cast<uint64_t>(first) + count - capacity, capacity, minute});
    size_ = capacity_;
    return;
  }
  const uint64_t low = first;
  const uint64_t high = low + count;
  remove(low, high);
  if (!runs_.empty() && runs_.back().seen == minute &&
      runs_.back().first + runs_.back().count == low) {
    runs_.back().count += count;
  } else {
    runs_.push_back({low, count, minute});
  }
  size_ += static_cast<int>(count);
  // Evict the least recent: the oldest run's first CMIDs were seen before its last ones.
  size_t evicted_runs = 0;
  while (size_ > capacity_) {
    Run& oldest = runs_[evicted_runs];
    const uint64_t excess = static_cast<uint64_t>(size_ - capacity_);
    if (oldest.count <= excess) {
      size_ -= static_cast<int>(oldest.count);
      ++evicted_runs;
    } else {
      oldest.first += excess;
      oldest.count -= excess;
      size_ = capacity_;
    }
  }
  if (evicted_runs > 0) runs_.erase(runs_.begin(), runs_.begin() + static_cast<long>(evicted_runs));
}

int RecentCmidTable::count_since(int64_t window_start, int limit) const {
  if (limit <= 0) return 0;
  // Runs are in the order they were seen, so the ones inside the window are at the end.
  uint64_t count = 0;
  for (auto run = runs_.rbegin(); run != runs_.rend() && run->seen > window_start; ++run) {
    count += run->count;
    if (count >= static_cast<uint64_t>(limit)) return limit;
  }
  return static_cast<int>(count);
}

}  // namespace kmsprep
