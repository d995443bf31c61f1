#include "core/strings.hpp"

namespace kmsprep {

std::string trim_whitespace(std::string_view text) {
  constexpr std::string_view kWhitespace = " \t\r\n";
  const size_t begin = text.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(kWhitespace);
  return std::string(text.substr(begin, end - begin + 1));
}

}  // namespace kmsprep
