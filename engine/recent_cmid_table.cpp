#include "engine/recent_cmid_table.hpp"

#include <cstddef>
#include <cstdint>

namespace kmsprep {

RecentCmidTable::RecentCmidTable(int capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

void RecentCmidTable::remove(uint64_t low, uint64_t high) {
  if (size_ == 0 || high <= lowest_ || low > highest_) return;
  // The first pass stops at the first run that overlaps; only a request that overlaps nothing
  // scans every run, and that scan also narrows the bounds for the next request's quick test.
  size_t first_overlap = runs_.size();
  uint64_t lowest = UINT64_MAX;
  uint64_t highest = 0;
  for (size_t i = oldest_; i < runs_.size(); ++i) {
    const Run& run = runs_[i];
    if (run.first < high && low < run.first + run.count) {
      first_overlap = i;
      break;
    }
    if (run.first < lowest) lowest = run.first;
    if (run.first + run.count - 1 > highest) highest = run.first + run.count - 1;
  }
  if (first_overlap == runs_.size()) {
    lowest_ = lowest;
    highest_ = highest;
    return;
  }
  // The runs before the first overlap stay as they are; the bounds are rebuilt from every run
  // that remains (at least as tight as before).
  scratch_.assign(runs_.begin() + static_cast<std::ptrdiff_t>(oldest_),
                  runs_.begin() + static_cast<std::ptrdiff_t>(first_overlap));
  for (size_t i = first_overlap; i < runs_.size(); ++i) {
    const Run& run = runs_[i];
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
  lowest = UINT64_MAX;
  highest = 0;
  for (const Run& run : scratch_) {
    if (run.first < lowest) lowest = run.first;
    if (run.first + run.count - 1 > highest) highest = run.first + run.count - 1;
  }
  // With nothing left the bounds stay as they were; touch_range resets them when size_ is 0.
  if (!scratch_.empty()) {
    lowest_ = lowest;
    highest_ = highest;
  }
  runs_.swap(scratch_);
  oldest_ = 0;
}

void RecentCmidTable::touch_range(uint32_t first, uint32_t count, int32_t minute) {
  if (count == 0) return;
  const uint64_t capacity = static_cast<uint64_t>(capacity_);
  const uint64_t low = first;
  const uint64_t high = low + count;
  if (count >= capacity) {
    // Every older entry is evicted or refreshed: only the last `capacity_` CMIDs remain.
    runs_.clear();
    oldest_ = 0;
    runs_.push_back({high - capacity, capacity, minute});
    size_ = capacity_;
    lowest_ = high - capacity;
    highest_ = high - 1;
    return;
  }
  remove(low, high);
  if (size_ == 0) {
    lowest_ = low;
    highest_ = high - 1;
  } else {
    if (low < lowest_) lowest_ = low;
    if (high - 1 > highest_) highest_ = high - 1;
  }
  const bool extends_newest = runs_.size() > oldest_ && runs_.back().seen == minute &&
                              runs_.back().first + runs_.back().count == low;
  if (extends_newest) {
    runs_.back().count += count;
  } else {
    runs_.push_back({low, count, minute});
  }
  size_ += static_cast<int>(count);
  // Evict the least recent: the oldest run's first CMIDs were seen before its last ones.
  while (size_ > capacity_) {
    Run& oldest = runs_[oldest_];
    const uint64_t excess = static_cast<uint64_t>(size_ - capacity_);
    if (oldest.count <= excess) {
      size_ -= static_cast<int>(oldest.count);
      ++oldest_;
    } else {
      oldest.first += excess;
      oldest.count -= excess;
      size_ = capacity_;
    }
  }
  // Drop evicted runs now and then rather than shifting the vector at every eviction.
  if (oldest_ > 64 && oldest_ * 2 > runs_.size()) {
    runs_.erase(runs_.begin(), runs_.begin() + static_cast<long>(oldest_));
    oldest_ = 0;
  }
}

int RecentCmidTable::count_since(int64_t window_start, int limit) const {
  if (limit <= 0 || size_ == 0) return 0;
  // The common case for a busy host: even the oldest entry is inside the window.
  if (runs_[oldest_].seen > window_start) return size_ < limit ? size_ : limit;
  // Runs are in the order they were seen, so the ones inside the window are at the end.
  uint64_t count = 0;
  for (size_t i = runs_.size(); i > oldest_ && runs_[i - 1].seen > window_start; --i) {
    count += runs_[i - 1].count;
    if (count >= static_cast<uint64_t>(limit)) return limit;
  }
  return static_cast<int>(count);
}

}  // namespace kmsprep
