#include "core/unified_diff.hpp"

#include <algorithm>
#include <vector>

#include "core/product_key.hpp"

namespace kmsprep {
namespace {

// Lines without their LF or CRLF, so a CRLF file and its edit compare line by line.
std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t newline = text.find('\n', begin);
    const size_t next = newline == std::string_view::npos ? text.size() : newline + 1;
    size_t end = newline == std::string_view::npos ? text.size() : newline;
    if (end > begin && text[end - 1] == '\r') --end;
    lines.emplace_back(text.substr(begin, end - begin));
    begin = next;
  }
  return lines;
}

// The edit script over the whole files, one of ' ' (kept), '-' (removed), '+' (added) per
// line: the common prefix and suffix kept, a line-level LCS on the differing middle (small in
// practice), one replacement when that middle is huge.
std::vector<char> edit_script(const std::vector<std::string>& a,
                              const std::vector<std::string>& b) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  const size_t n = a.size() - prefix - suffix;
  const size_t m = b.size() - prefix - suffix;
  std::vector<char> ops;
  for (size_t i = 0; i < prefix; ++i) ops.push_back(' ');
  if (n * m <= 4000000) {
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1
                                                   : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    size_t i = 0;
    size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        ops.push_back(' '), ++i, ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        ops.push_back('-'), ++i;  // removals first, as diff(1) prints them
      } else {
        ops.push_back('+'), ++j;
      }
    }
  } else {
    ops.insert(ops.end(), n, '-');
    ops.insert(ops.end(), m, '+');
  }
  for (size_t i = 0; i < suffix; ++i) ops.push_back(' ');
  return ops;
}

constexpr size_t kContext = 3;

// The end of the hunk whose first change is ops[k]: kContext lines after the last change that is
// within 2*kContext unchanged lines of the previous one.
size_t hunk_end(const std::vector<char>& ops, size_t k) {
  size_t end = k;
  size_t unchanged = 0;
  for (size_t x = k; x < ops.size(); ++x) {
    if (ops[x] == ' ') {
      if (++unchanged > 2 * kContext) break;
    } else {
      unchanged = 0;
      end = x + 1;
    }
  }
  return std::min(ops.size(), end + kContext);
}

// The hunk of ops[start, end): its "@@ -a,n +b,m @@" header and its lines.
std::string hunk(const std::vector<char>& ops, size_t start, size_t end,
                 const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t a_line = 0;
  size_t b_line = 0;
  for (size_t x = 0; x < start; ++x) {
    if (ops[x] != '+') ++a_line;
    if (ops[x] != '-') ++b_line;
  }
  size_t a_count = 0;
  size_t b_count = 0;
  std::string body;
  for (size_t x = start; x < end; ++x) {
    const std::string& line = ops[x] == '+' ? b[b_line + b_count] : a[a_line + a_count];
    body += std::string(1, ops[x]) + line + "\n";
    if (ops[x] != '+') ++a_count;
    if (ops[x] != '-') ++b_count;
  }
  return "@@ -" + std::to_string(a_count ? a_line + 1 : a_line) + "," + std::to_string(a_count) +
         " +" + std::to_string(b_count ? b_line + 1 : b_line) + "," + std::to_string(b_count) +
         " @@\n" + body;
}

}  // namespace

std::string unified_diff(const std::string& path, std::string_view before, std::string_view after) {
  const std::vector<std::string> a = split_lines(before);
  const std::vector<std::string> b = split_lines(after);
  const std::vector<char> ops = edit_script(a, b);
  std::string out = "--- a/" + path + "\n+++ b/" + path + "\n";
  if (before.empty()) out = "--- /dev/null\n+++ b/" + path + "\n";
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k] == ' ') {
      ++k;
      continue;
    }
    const size_t start = k >= kContext ? k - kContext : 0;
    const size_t end = hunk_end(ops, k);
    out += hunk(ops, start, end, a, b);
    k = end;
  }
  return mask_product_keys(out);  // context lines may hold a ProductKey
}

}  // namespace kmsprep
