// Guid128: a CMID or activation ID as two 64-bit integers, parsed once from its text
// ("7d0b4e8f-2c6e-4a12-8f3b-1234567890ab", braces and either case accepted), so the report
// compares and hashes integers instead of strings. Callers: events/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kmsprep {

struct Guid128 {
  uint64_t high = 0;  // the first 16 hex digits as written (text order, not the byte order)
  uint64_t low = 0;   // the last 16

  bool operator==(const Guid128& other) const { return high == other.high && low == other.low; }
  bool operator!=(const Guid128& other) const { return !(*this == other); }
  // The order of the lower-case text: the digits are compared as written.
  bool operator<(const Guid128& other) const {
    return high != other.high ? high < other.high : low < other.low;
  }
};

// 8-4-4-4-12 hex digits, optionally in braces; anything else is nullopt.
std::optional<Guid128> parse_guid(std::string_view text);

// The lower-case 8-4-4-4-12 text without braces.
std::string to_string(const Guid128& guid);

}  // namespace kmsprep
