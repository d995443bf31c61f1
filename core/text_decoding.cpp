#include "core/text_decoding.hpp"

#include <cstdint>

namespace kmsprep {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// Decodes one UTF-8 sequence at `pos`; returns its length or 0 when malformed.
size_t decode_utf8_at(std::string_view bytes, size_t pos, uint32_t* code_point) {
  const auto byte = [&](size_t i) { return static_cast<uint8_t>(bytes[i]); };
  const uint8_t lead = byte(pos);
  size_t length = 0;
  uint32_t value = 0;
  uint32_t minimum = 0;
  if (lead < 0x80) {
    *code_point = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, value = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, value = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, value = lead & 0x07, minimum = 0x10000;
  } else {
    return 0;
  }
  if (pos + length > bytes.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return 0;
    value = (value << 6) | (byte(pos + i) & 0x3F);
  }
  if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  *code_point = value;
  return length;
}

}  // namespace

Result<std::string> utf16_to_utf8(std::string_view bytes, bool little_endian,
                                  const std::string& source) {
  if (bytes.size() % 2 != 0) {
    return Error(ErrorCode::text_encoding_invalid, "UTF-16 text has an odd number of bytes", source,
                 "the file is truncated; save it again as UTF-16 or UTF-8");
  }
  std::string out;
  out.reserve(bytes.size() / 2);
  const auto unit_at = [&](size_t i) -> uint32_t {
    const auto first = static_cast<uint8_t>(bytes[i]);
    const auto second = static_cast<uint8_t>(bytes[i + 1]);
    return little_endian ? (second << 8 | first) : (first << 8 | second);
  };
  for (size_t i = 0; i < bytes.size(); i += 2) {
    uint32_t unit = unit_at(i);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i + 3 >= bytes.size() || unit_at(i + 2) < 0xDC00 || unit_at(i + 2) > 0xDFFF) {
        return Error(ErrorCode::text_encoding_invalid,
                     "unpaired UTF-16 surrogate at byte " + std::to_string(i), source,
                     "save the file again as UTF-16 or UTF-8");
      }
      unit = 0x10000 + ((unit - 0xD800) << 10) + (unit_at(i + 2) - 0xDC00);
      i += 2;
    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
      return Error(ErrorCode::text_encoding_invalid,
                   "unpaired UTF-16 surrogate at byte " + std::to_string(i), source,
                   "save the file again as UTF-16 or UTF-8");
    }
    append_utf8(out, unit);
  }
  return out;
}

std::string utf16_units_to_utf8(std::u16string_view units) {
  std::string out;
  out.reserve(units.size());
  const auto is_high = [](uint32_t unit) { return unit >= 0xD800 && unit <= 0xDBFF; };
  const auto is_low = [](uint32_t unit) { return unit >= 0xDC00 && unit <= 0xDFFF; };
  for (size_t i = 0; i < units.size(); ++i) {
    uint32_t unit = units[i];
    if (is_high(unit) && i + 1 < units.size() && is_low(units[i + 1])) {
      unit = 0x10000 + ((unit - 0xD800) << 10) + (units[i + 1] - 0xDC00);
      ++i;
    } else if (is_high(unit) || is_low(unit)) {
      unit = 0xFFFD;
    }
    append_utf8(out, unit);
  }
  return out;
}

std::string utf8_to_utf16(std::string_view utf8, bool little_endian) {
  std::string out;
  out.reserve(utf8.size() * 2);
  const auto put_unit = [&](uint32_t unit) {
    const char low = static_cast<char>(unit & 0xFF);
    const char high = static_cast<char>(unit >> 8);
    if (little_endian) {
      out += low, out += high;
    } else {
      out += high, out += low;
    }
  };
  for (size_t pos = 0; pos < utf8.size();) {
    uint32_t code_point = 0;
    size_t length = decode_utf8_at(utf8, pos, &code_point);
    if (length == 0) {  // callers pass valid UTF-8; keep going with U+FFFD rather than crash
      code_point = 0xFFFD;
      length = 1;
    }
    pos += length;
    if (code_point >= 0x10000) {
      code_point -= 0x10000;
      put_unit(0xD800 + (code_point >> 10));
      put_unit(0xDC00 + (code_point & 0x3FF));
    } else {
      put_unit(code_point);
    }
  }
  return out;
}

const char* to_string(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8:
      return "utf-8";
    case TextEncoding::utf8_bom:
      return "utf-8-bom";
    case TextEncoding::utf16le_bom:
      return "utf-16le";
    case TextEncoding::utf16be_bom:
      return "utf-16be";
  }
  return "utf-8";
}

bool is_valid_utf8(std::string_view bytes, size_t* bad_offset) {
  for (size_t pos = 0; pos < bytes.size();) {
    uint32_t code_point = 0;
    const size_t length = decode_utf8_at(bytes, pos, &code_point);
    if (length == 0) {
      if (bad_offset) *bad_offset = pos;
      return false;
    }
    pos += length;
  }
  return true;
}

Result<DecodedText> decode_text(std::string_view bytes, const std::string& source) {
  DecodedText decoded;
  if (starts_with(bytes, kUtf8Bom)) {
    decoded.encoding = TextEncoding::utf8_bom;
    bytes.remove_prefix(kUtf8Bom.size());
  } else if (starts_with(bytes, kUtf16LeBom) || starts_with(bytes, kUtf16BeBom)) {
    const bool little_endian = starts_with(bytes, kUtf16LeBom);
    decoded.encoding = little_endian ? TextEncoding::utf16le_bom : TextEncoding::utf16be_bom;
    auto utf8 = utf16_to_utf8(bytes.substr(2), little_endian, source);
    if (!utf8) return std::move(utf8).error();
    decoded.utf8 = std::move(*utf8);
    return decoded;
  }
  size_t bad_offset = 0;
  if (!is_valid_utf8(bytes, &bad_offset)) {
    return Error(ErrorCode::text_encoding_invalid,
                 "byte " + std::to_string(bad_offset) + " is not valid UTF-8", source,
                 "save the file as UTF-8 (with or without BOM) or as UTF-16 with a BOM");
  }
  decoded.utf8 = std::string(bytes);
  return decoded;
}

std::string encode_text(std::string_view utf8, TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::utf8:
      return std::string(utf8);
    case TextEncoding::utf8_bom:
      return std::string(kUtf8Bom) + std::string(utf8);
    case TextEncoding::utf16le_bom:
      return std::string(kUtf16LeBom) + utf8_to_utf16(utf8, true);
    case TextEncoding::utf16be_bom:
      return std::string(kUtf16BeBom) + utf8_to_utf16(utf8, false);
  }
  return std::string(utf8);
}

}  // namespace kmsprep
