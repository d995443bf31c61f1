#include "engine/recent_cmid_table.hpp"

namespace kmsprep {

RecentCmidTable::RecentCmidTable(int capacity)
    : capacity_(capacity < 1 ? 1 : capacity),
      cmid_(static_cast<size_t>(capacity_)),
      seen_(static_cast<size_t>(capacity_)),
      newer_(static_cast<size_t>(capacity_), -1),
      older_(static_cast<size_t>(capacity_), -1) {
  size_t buckets = 8;
  int bits = 3;
  while (buckets < static_cast<size_t>(capacity_) * 4) {
    buckets *= 2;
    ++bits;
  }
  buckets_.assign(buckets, -1);
  mask_ = buckets - 1;
  shift_ = 32 - bits;
}

int32_t RecentCmidTable::find(uint32_t cmid) const {
  for (size_t bucket = bucket_of(cmid);; bucket = (bucket + 1) & mask_) {
    const int32_t slot = buckets_[bucket];
    if (slot < 0) return -1;
    if (cmid_[static_cast<size_t>(slot)] == cmid) return slot;
  }
}

void RecentCmidTable::hash_insert(uint32_t cmid, int32_t slot) {
  size_t bucket = bucket_of(cmid);
  while (buckets_[bucket] >= 0) bucket = (bucket + 1) & mask_;
  buckets_[bucket] = slot;
}

void RecentCmidTable::hash_erase(uint32_t cmid) {
  size_t bucket = bucket_of(cmid);
  while (cmid_[static_cast<size_t>(buckets_[bucket])] != cmid) bucket = (bucket + 1) & mask_;
  // Backward-shift deletion keeps every probe sequence unbroken without tombstones.
  size_t hole = bucket;
  for (size_t next = (hole + 1) & mask_; buckets_[next] >= 0; next = (next + 1) & mask_) {
    const size_t home = bucket_of(cmid_[static_cast<size_t>(buckets_[next])]);
    const bool movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
    if (movable) {
      buckets_[hole] = buckets_[next];
      hole = next;
    }
  }
  buckets_[hole] = -1;
}

void RecentCmidTable::unlink(int32_t slot) {
  const size_t s = static_cast<size_t>(slot);
  if (newer_[s] >= 0) {
    older_[static_cast<size_t>(newer_[s])] = older_[s];
  } else {
    newest_ = older_[s];
  }
  if (older_[s] >= 0) {
    newer_[static_cast<size_t>(older_[s])] = newer_[s];
  } else {
    oldest_ = newer_[s];
  }
  newer_[s] = -1;
  older_[s] = -1;
}

void RecentCmidTable::push_front(int32_t slot) {
  const size_t s = static_cast<size_t>(slot);
  newer_[s] = -1;
  older_[s] = newest_;
  if (newest_ >= 0) newer_[static_cast<size_t>(newest_)] = slot;
  newest_ = slot;
  if (oldest_ < 0) oldest_ = slot;
}

void RecentCmidTable::touch(uint32_t cmid, int32_t minute) {
  int32_t slot = find(cmid);
  if (slot >= 0) {
    if (slot != newest_) {
      unlink(slot);
      push_front(slot);
    }
    seen_[static_cast<size_t>(slot)] = minute;
    return;
  }
  if (size_ < capacity_) {
    slot = size_++;
  } else {
    slot = oldest_;
    hash_erase(cmid_[static_cast<size_t>(slot)]);
    unlink(slot);
  }
  cmid_[static_cast<size_t>(slot)] = cmid;
  seen_[static_cast<size_t>(slot)] = minute;
  hash_insert(cmid, slot);
  push_front(slot);
}

int RecentCmidTable::count_since(int64_t window_start, int limit) const {
  if (size_ == 0 || limit <= 0) return 0;
  // The common case for a busy host: even the oldest entry is inside the window.
  if (seen_[static_cast<size_t>(oldest_)] > window_start) return size_ < limit ? size_ : limit;
  int count = 0;
  for (int32_t slot = newest_; slot >= 0 && count < limit; slot = older_[static_cast<size_t>(slot)]) {
    if (seen_[static_cast<size_t>(slot)] <= window_start) break;
    ++count;
  }
  return count;
}

}  // namespace kmsprep
