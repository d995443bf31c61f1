#include "events/guid_value.hpp"

namespace kmsprep {
namespace {

// Hex digit values by byte, 0xFF for anything else: one lookup per digit, no locale (a hot
// path: two GUIDs per event).
struct HexTable {
  uint8_t value[256];
  constexpr HexTable() : value() {
    for (int i = 0; i < 256; ++i) value[i] = 0xFF;
    for (int i = 0; i < 10; ++i) value['0' + i] = static_cast<uint8_t>(i);
    for (int i = 0; i < 6; ++i) {
      value['a' + i] = static_cast<uint8_t>(10 + i);
      value['A' + i] = static_cast<uint8_t>(10 + i);
    }
  }
};
constexpr HexTable kHex;

// Appends `count` hex digits at `text` to `value`; false if one is not a hex digit.
bool append_hex(const char* text, int count, uint64_t& value) {
  uint8_t invalid = 0;
  for (int i = 0; i < count; ++i) {
    const uint8_t digit = kHex.value[static_cast<uint8_t>(text[i])];
    invalid |= digit & 0xF0;
    value = (value << 4) | (digit & 0x0F);
  }
  return invalid == 0;
}

bool is_dash_position(size_t index) {
  return index == 8 || index == 13 || index == 18 || index == 23;
}

}  // namespace

std::optional<Guid128> parse_guid(std::string_view text) {
  if (text.size() == 38 && text.front() == '{' && text.back() == '}') text = text.substr(1, 36);
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' ||
      text[23] != '-') {
    return std::nullopt;
  }
  const char* at = text.data();
  Guid128 guid;
  // 8-4-4 digits are the high half, 4-12 the low half.
  if (!append_hex(at, 8, guid.high) || !append_hex(at + 9, 4, guid.high) ||
      !append_hex(at + 14, 4, guid.high) || !append_hex(at + 19, 4, guid.low) ||
      !append_hex(at + 24, 12, guid.low)) {
    return std::nullopt;
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
