#include "core/product_key.hpp"

#include <cctype>

namespace kmsprep {
namespace {

constexpr std::string_view kKeyAlphabet = "BCDFGHJKMPQRTVWXY2346789";

bool is_key_character(char c) { return kKeyAlphabet.find(c) != std::string_view::npos || c == 'N'; }

bool is_key_character_any_case(char c) {
  return is_key_character(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
}

// Names a character for an error message without echoing the key around it.
std::string describe_character(std::string_view text, size_t pos) {
  const auto byte = static_cast<unsigned char>(text[pos]);
  if (byte == 0xE2 && pos + 2 < text.size() && static_cast<unsigned char>(text[pos + 1]) == 0x80 &&
      (static_cast<unsigned char>(text[pos + 2]) == 0x93 ||
       static_cast<unsigned char>(text[pos + 2]) == 0x94)) {
    return static_cast<unsigned char>(text[pos + 2]) == 0x93 ? "an en dash (U+2013)"
                                                             : "an em dash (U+2014)";
  }
  if (byte >= 0x80) return "a non-ASCII character";
  if (byte == ' ') return "a space";
  if (std::isprint(byte)) return std::string("'") + static_cast<char>(byte) + "'";
  return "a control character";
}

Error bad_character(std::string_view text, size_t pos, size_t position_in_key) {
  const std::string what = describe_character(text, pos);
  std::string hint =
      "a product key has 25 characters from BCDFGHJKMPQRTVWXY2346789 (and at "
      "most one N), in five groups of five separated by '-'";
  if (what.find("dash") != std::string::npos) {
    hint = "replace the " + what.substr(3, 7) +
           " with a plain '-' (word processors and web pages often turn '-' into a dash)";
  } else if (what == "'O'" || what == "'0'" || what == "'I'" || what == "'1'" || what == "'L'" ||
             what == "'5'" || what == "'A'" || what == "'E'" || what == "'U'" || what == "'S'" ||
             what == "'Z'") {
    hint = what + " never appears in product keys; check the key against its source";
  }
  return Error(ErrorCode::product_key_malformed,
               what + " at position " + std::to_string(position_in_key) + " is not allowed", {},
               hint);
}

}  // namespace

Result<ProductKey> ProductKey::parse(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  if (text.empty()) {
    return Error(ErrorCode::product_key_malformed, "the product key is empty", {},
                 "give the 25-character key as XXXXX-XXXXX-XXXXX-XXXXX-XXXXX");
  }
  const bool dashed = text.find('-') != std::string_view::npos;
  std::string characters;
  size_t n_count = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(text[pos])));
    const size_t position = pos + 1;
    if (c == '-') {
      // Dashes belong after every fifth character and nowhere else.
      const bool at_group_end = characters.size() % 5 == 0 && !characters.empty() &&
                                characters.size() < 25 && pos == characters.size() / 5 * 6 - 1;
      if (!at_group_end) return bad_character(text, pos, position);
      continue;
    }
    if (!is_key_character(c)) return bad_character(text, pos, position);
    if (dashed && characters.size() % 5 == 0 && !characters.empty() &&
        pos != characters.size() / 5 * 6) {
      return bad_character(text, pos, position);
    }
    if (c == 'N' && ++n_count > 1) {
      return Error(ErrorCode::product_key_malformed,
                   "a second 'N' at position " + std::to_string(position), {},
                   "keys of Windows 8 and later contain exactly one N; older keys none");
    }
    characters += c;
    if (characters.size() > 25) {
      return Error(ErrorCode::product_key_malformed,
                   "more than 25 key characters (position " + std::to_string(position) + ")", {},
                   "a product key has exactly 25 characters in five groups of five");
    }
  }
  if (characters.size() != 25) {
    return Error(ErrorCode::product_key_malformed,
                 std::to_string(characters.size()) + " key characters instead of 25", {},
                 "a product key has exactly 25 characters in five groups of five");
  }
  if (dashed && text.size() != 29) {
    return Error(ErrorCode::product_key_malformed, "dashes are missing between some groups", {},
                 "write the key as XXXXX-XXXXX-XXXXX-XXXXX-XXXXX or without any dash");
  }
  std::string formatted;
  for (size_t group = 0; group < 5; ++group) {
    if (group) formatted += '-';
    formatted += characters.substr(group * 5, 5);
  }
  return ProductKey(formatted);
}

Status check_key_fits_family(const ProductKey& key, OsFamily family) {
  const bool old_family = family == OsFamily::vista || family == OsFamily::win7;
  if (old_family && key.has_n()) {
    return Error(ErrorCode::product_key_malformed,
                 key.masked() + " contains an N, which no key of " + to_string(family) + " has", {},
                 "Vista and 7 keys use only BCDFGHJKMPQRTVWXY2346789; check the key or --os");
  }
  if (!old_family && !key.has_n()) {
    return Error(ErrorCode::product_key_malformed,
                 key.masked() + " has no N, which every key of " + to_string(family) + " has", {},
                 "keys of Windows 8 and later contain exactly one N; check the key or --os");
  }
  return ok_status();
}

std::string mask_product_keys(std::string_view text) {
  std::string out(text);
  // Undashed form first: exactly 25 key characters standing alone. Masking one keeps its last
  // five characters, which may begin a dashed key that only then stands alone
  // ("<25 characters>-FWDCX-D2C8J-H872K-2YT43", found by the fuzzer): the dashed pass below
  // must see the masked run.
  for (size_t pos = 0; pos + 25 <= out.size(); ++pos) {
    if (pos > 0 && std::isalnum(static_cast<unsigned char>(out[pos - 1]))) continue;
    size_t run = 0;
    while (pos + run < out.size() && is_key_character_any_case(out[pos + run])) ++run;
    if (run == 25 &&
        (pos + 25 == out.size() || !std::isalnum(static_cast<unsigned char>(out[pos + 25])))) {
      out.replace(pos, 20, "********************");
    }
    pos += run;
  }
  // Dashed form: 5 groups of 5 key characters joined by '-'.
  for (size_t pos = 0; pos + 29 <= out.size(); ++pos) {
    bool match = true;
    for (size_t i = 0; i < 29 && match; ++i) {
      match = (i % 6 == 5) ? out[pos + i] == '-' : is_key_character_any_case(out[pos + i]);
    }
    const bool bounded =
        (pos == 0 || !std::isalnum(static_cast<unsigned char>(out[pos - 1]))) &&
        (pos + 29 == out.size() || !std::isalnum(static_cast<unsigned char>(out[pos + 29])));
    if (match && bounded) {
      out.replace(pos, 24, "*****-*****-*****-*****-");
      // The last group stays visible and may begin another key: "KEY1-KEY2" chained by a dash
      // must lose both (the fuzzer found the second one left whole).
      pos += 23;
    }
  }
  return out;
}

}  // namespace kmsprep
