#include "servicing/os_random.hpp"

#include <random>

namespace kmsprep {

SeededRandom random_seeded_by_operating_system() {
  std::random_device entropy;
  return SeededRandom((static_cast<uint64_t>(entropy()) << 32) ^ entropy());
}

}  // namespace kmsprep
