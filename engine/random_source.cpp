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

void write_cmid(uint64_t high, uint64_t low, char* out) {
  high = (high & ~0xF000ULL) | 0x4000ULL;          // version 4
  low = (low & ~(0xCULL << 60)) | (0x8ULL << 60);  // RFC 4122 variant
  static const char digits[] = "0123456789ABCDEF";
  // {8-4-4-4-12}: the first 16 hex digits from `high`, the last 16 from `low`.
  char* at = out;
  *at++ = '{';
  for (int i = 15; i >= 0; --i) {
    if (i == 7 || i == 3) *at++ = '-';
    *at++ = digits[(high >> (4 * i)) & 0xF];
  }
  *at++ = '-';
  for (int i = 15; i >= 0; --i) {
    if (i == 11) *at++ = '-';
    *at++ = digits[(low >> (4 * i)) & 0xF];
  }
  *at = '}';
}

std::string cmid_from_bits(uint64_t high, uint64_t low) {
  std::string text(kCmidLength, ' ');
  write_cmid(high, low, &text[0]);
  return text;
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
