#include "engine/random_source.hpp"

namespace kmsprep {

namespace {
__extension__ using Wide = unsigned __int128;
}  // namespace

uint64_t RandomSource::below(uint64_t bound) {
  // Lemire's multiply-shift; the tiny bias is irrelevant at simulation sizes.
  return static_cast<uint64_t>((static_cast<Wide>(next_u64()) * bound) >> 64);
}

uint64_t SeededRandom::next_u64() {
  uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::string cmid_from_bits(uint64_t high, uint64_t low) {
  high = (high & ~0xF000ULL) | 0x4000ULL;  // version 4
  low = (low & ~(0xCULL << 60)) | (0x8ULL << 60);  // RFC 4122 variant
  static const char digits[] = "0123456789ABCDEF";
  std::string hex;
  for (int i = 15; i >= 0; --i) hex += digits[(high >> (4 * i)) & 0xF];
  for (int i = 15; i >= 0; --i) hex += digits[(low >> (4 * i)) & 0xF];
  return "{" + hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12) + "}";
}

std::string new_cmid(RandomSource& random) {
  const uint64_t high = random.next_u64();
  return cmid_from_bits(high, random.next_u64());
}

bool is_cmid(const std::string& text) {
  if (text.size() != 38 || text.front() != '{' || text.back() != '}') return false;
  for (size_t i = 1; i < 37; ++i) {
    const char c = text[i];
    if (i == 9 || i == 14 || i == 19 || i == 24) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace kmsprep
