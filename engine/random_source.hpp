// RandomSource: the engine's only source of randomness (CMIDs, Vista's random host pick,
// RFC 2782 weighted choice). Callers inject it so every result is reproducible from a seed;
// the production caller seeds a SeededRandom from the operating system once.
#pragma once

#include <cstdint>
#include <string>

namespace kmsprep {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  virtual uint64_t next_u64() = 0;
  // Uniform in [0, bound); bound > 0.
  uint64_t below(uint64_t bound);
};

// splitmix64: tiny, fast and good enough for simulation and GUIDs; deterministic per seed.
class SeededRandom : public RandomSource {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  uint64_t next_u64() override;

 private:
  uint64_t state_;
};

// A version-4 GUID in braces, upper case, as slmgr /dlv prints a CMID:
// {2A3B7C1D-0E4F-4A5B-8C6D-7E8F9A0B1C2D}.
std::string new_cmid(RandomSource& random);
// The same form built from two 64-bit values (the fleet simulation derives CMIDs from ids).
std::string cmid_from_bits(uint64_t high, uint64_t low);
// The same 38 characters written into `out` (no terminator), for writers of many CMIDs.
constexpr size_t kCmidLength = 38;
void write_cmid(uint64_t high, uint64_t low, char* out);
// True for the braced GUID form above (any hex letter case).
bool is_cmid(const std::string& text);

}  // namespace kmsprep
