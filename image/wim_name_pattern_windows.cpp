// Windows side of image/wim_name_pattern.hpp: fnmatch's rules without flags but FNM_CASEFOLD,
// on bytes with ASCII case folding (names differing only in the case of other letters count as
// different, as fnmatch in the C locale has them). A malformed bracket (no closing `]`) matches a
// literal `[`, as in fnmatch.
#include <cctype>
#include <cstddef>

#include "image/wim_name_pattern.hpp"

namespace kmsprep {
namespace {

char folded(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// A bracket set starting at pattern[at] == '['. `end` becomes the index after its ']', or stays
// 0 when the set is not closed.
bool bracket_matches(const std::string& pattern, size_t at, char c, size_t& end) {
  size_t i = at + 1;
  const bool negated = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negated) ++i;
  bool matched = false;
  bool first = true;
  for (; i < pattern.size() && (first || pattern[i] != ']'); first = false) {
    char low = pattern[i] == '\\' && i + 1 < pattern.size() ? pattern[++i] : pattern[i];
    ++i;
    char high = low;
    if (i + 1 < pattern.size() && pattern[i] == '-' && pattern[i + 1] != ']') {
      high = pattern[i + 1] == '\\' && i + 2 < pattern.size() ? pattern[i + 2] : pattern[i + 1];
      i += pattern[i + 1] == '\\' ? 3 : 2;
    }
    const char x = folded(c);
    if ((folded(low) <= x && x <= folded(high)) || (low <= c && c <= high)) matched = true;
  }
  if (i >= pattern.size()) return false;  // not closed: the caller takes '[' literally
  end = i + 1;
  return matched != negated;
}

bool matches_from(const std::string& pattern, size_t p, const std::string& name, size_t n) {
  while (p < pattern.size()) {
    const char token = pattern[p];
    if (token == '*') {
      while (p < pattern.size() && pattern[p] == '*') ++p;
      if (p == pattern.size()) return true;
      for (size_t from = n; from <= name.size(); ++from) {
        if (matches_from(pattern, p, name, from)) return true;
      }
      return false;
    }
    if (n == name.size()) return false;
    if (token == '?') {
      ++p;
    } else if (token == '[') {
      size_t end = 0;
      const bool matched = bracket_matches(pattern, p, name[n], end);
      if (end == 0) {  // not a set: a literal '['
        if (name[n] != '[') return false;
        ++p;
      } else if (!matched) {
        return false;
      } else {
        p = end;
      }
    } else {
      const char literal = token == '\\' && p + 1 < pattern.size() ? pattern[++p] : token;
      if (folded(literal) != folded(name[n])) return false;
      ++p;
    }
    ++n;
  }
  return n == name.size();
}

}  // namespace

bool matches_name_pattern(const std::string& pattern, const std::string& name) {
  return matches_from(pattern, 0, name, 0);
}

}  // namespace kmsprep
