#include "image/tar_number.hpp"

namespace kmsprep {

std::optional<int64_t> parse_tar_number(std::string_view field) {
  if (field.empty()) return int64_t{0};
  constexpr uint64_t kMax = static_cast<uint64_t>(INT64_MAX);
  uint64_t value = 0;
  if (static_cast<unsigned char>(field[0]) & 0x80) {                       // base-256, big-endian
    if (static_cast<unsigned char>(field[0]) & 0x40) return std::nullopt;  // negative
    value = static_cast<unsigned char>(field[0]) & 0x3f;
    for (size_t i = 1; i < field.size(); ++i) {
      if (value > (kMax >> 8)) return std::nullopt;
      value = (value << 8) | static_cast<unsigned char>(field[i]);
    }
    return static_cast<int64_t>(value);
  }
  for (char c : field) {
    if (c == ' ' && value == 0) continue;
    if (c < '0' || c > '7') break;
    if (value > (kMax >> 3)) return std::nullopt;
    value = value * 8 + static_cast<uint64_t>(c - '0');
  }
  return static_cast<int64_t>(value);
}

}  // namespace kmsprep
