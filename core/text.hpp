// Text helpers every module needs, in one place so that no module grows its own: ASCII case
// folding (how Windows compares the names kmsprep meets), trimming, and whole-number parsing
// with one grammar. Callers: any module.
#pragma once

#include <charconv>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace kmsprep {

// ASCII case-insensitive equality, as Windows compares file names, setting names, host names
// and site names for the characters that matter here (Windows' full upcase table also folds
// non-ASCII letters; see docs/images.md). Bytes outside A-Z/a-z compare as they are, whatever
// the process's locale.
bool equals_ignoring_case(std::string_view a, std::string_view b);
std::string to_lower_ascii(std::string_view text);

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string trim_whitespace(std::string_view text);

// `text` as a decimal whole number from `min_value` to `max_value`, or nullopt. The one grammar
// every reader uses: ASCII digits, a leading '-' only when the range holds negative numbers (so
// never "-0" for a count), nothing else (no '+',
// no spaces, no hexadecimal, no thousands separators); leading zeros are allowed. Numbers too
// large for the type are nullopt, never wrapped or clamped.
template <typename Integer>
std::optional<Integer> parse_integer(std::string_view text,
                                     Integer min_value = std::numeric_limits<Integer>::min(),
                                     Integer max_value = std::numeric_limits<Integer>::max()) {
  static_assert(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>);
  if (text.empty() || (text[0] == '-' && min_value >= 0)) return std::nullopt;
  Integer value{};
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value, 10);
  if (error != std::errc() || stop != end) return std::nullopt;
  if (value < min_value || value > max_value) return std::nullopt;
  return value;
}

// The one way a message names the numbers a field accepts: "a whole number from 1 to 65535".
std::string whole_number_range(long long min_value, long long max_value);

}  // namespace kmsprep
