#include "events/guid_value.hpp"

namespace kmsprep {
namespace {

// -1 for a byte that is not a hex digit. ASCII only (no locale: a hot path, every event).
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_dash_position(size_t index) {
  return index == 8 || index == 13 || index == 18 || index == 23;
}

}  // namespace

std::optional<Guid128> parse_guid(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  if (text.size() != 36) return std::nullopt;
  Guid128 guid;
  int digits = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (is_dash_position(i)) {
      if (text[i] != '-') return std::nullopt;
      continue;
    }
    const int value = hex_value(text[i]);
    if (value < 0) return std::nullopt;
    uint64_t& half = digits < 16 ? guid.high : guid.low;
    half = (half << 4) | static_cast<uint64_t>(value);
    ++digits;
  }
  return guid;
}

std::string to_string(const Guid128& guid) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(36, '-');
  int digit = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (is_dash_position(i)) continue;
    const uint64_t half = digit < 16 ? guid.high : guid.low;
    const int shift = 60 - 4 * (digit % 16);
    text[i] = kDigits[(half >> shift) & 0xF];
    ++digit;
  }
  return text;
}

}  // namespace kmsprep
