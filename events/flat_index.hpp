// FlatIndex: an open-addressing hash table from a key to a 32-bit index (or to nothing, as a
// set), for the report's per-event lookups: CMIDs, names and (host, CMID) pairs are found with
// one hash and a probe or two in one flat array, without a node allocation per entry the way
// std::unordered_map has. Linear probing, power-of-two capacity, at most half full; entries are
// never erased. Callers: events/ (the report builder).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "events/guid_value.hpp"

namespace kmsprep {

// The finaliser of splitmix64: every input bit reaches every output bit.
inline uint64_t mix_bits(uint64_t value) {
  value ^= value >> 30;
  value *= 0xbf58476d1ce4e5b9ULL;
  value ^= value >> 27;
  value *= 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

struct IntegerHash {
  uint64_t operator()(uint64_t key) const { return mix_bits(key); }
};

struct GuidHash {
  uint64_t operator()(const Guid128& key) const { return mix_bits(key.high ^ mix_bits(key.low)); }
};

// Eight bytes at a time: machine names are 10-40 bytes.
struct TextHash {
  uint64_t operator()(std::string_view key) const {
    uint64_t hash = key.size();
    size_t at = 0;
    for (; at + 8 <= key.size(); at += 8) {
      uint64_t word = 0;
      std::memcpy(&word, key.data() + at, 8);
      hash = mix_bits(hash ^ word);
    }
    uint64_t tail = 0;
    std::memcpy(&tail, key.data() + at, key.size() - at);
    return mix_bits(hash ^ tail);
  }
};

template <class Key, class Hash>
class FlatIndex {
 public:
  // The value stored for `key`, and whether it was absent (then `value` was stored).
  std::pair<uint32_t, bool> try_emplace(const Key& key, uint32_t value) {
    if ((size_ + 1) * 2 > values_.size()) grow();
    size_t slot = Hash{}(key)&mask_;
    while (values_[slot] != kEmpty) {
      if (keys_[slot] == key) return {values_[slot], false};
      slot = (slot + 1) & mask_;
    }
    keys_[slot] = key;
    values_[slot] = value;
    ++size_;
    return {value, true};
  }
  bool insert(const Key& key) { return try_emplace(key, 0).second; }
  const uint32_t* find(const Key& key) const {
    if (size_ == 0) return nullptr;
    for (size_t slot = Hash{}(key)&mask_; values_[slot] != kEmpty; slot = (slot + 1) & mask_) {
      if (keys_[slot] == key) return &values_[slot];
    }
    return nullptr;
  }
  size_t size() const { return size_; }
  // `visit(key, value)` for every entry, in no particular order.
  template <class Visit>
  void for_each(Visit visit) const {
    for (size_t slot = 0; slot < values_.size(); ++slot) {
      if (values_[slot] != kEmpty) visit(keys_[slot], values_[slot]);
    }
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;  // no stored value is this large

  void grow() {
    std::vector<Key> keys = std::move(keys_);
    std::vector<uint32_t> values = std::move(values_);
    const size_t capacity = values.empty() ? 64 : values.size() * 2;
    keys_.assign(capacity, Key{});
    values_.assign(capacity, kEmpty);
    mask_ = capacity - 1;
    size_ = 0;
    for (size_t slot = 0; slot < values.size(); ++slot) {
      if (values[slot] != kEmpty) try_emplace(keys[slot], values[slot]);
    }
  }

  std::vector<Key> keys_;
  std::vector<uint32_t> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace kmsprep
