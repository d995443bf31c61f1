// Where a byte offset falls in a text file, as every message that names a place in a file says
// it ("unattend.xml:12:7"). One meaning everywhere (docs/error-codes.md, "Positions:"): line and
// column both count from 1; the column counts characters (UTF-8 code points), not bytes, so a
// non-ASCII name before the place does not push it right; a CR is not counted, so a CRLF file
// gives the same column as its LF copy; an offset past the end means the end. Callers: any
// module that reads a text format (answer files, licensing state, topologies, ts.xml).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kmsprep {

struct TextPosition {
  int line = 1;
  int column = 1;
};

// The position of byte `offset` in `text`: one scan from the start, for a single look-up.
TextPosition text_position(std::string_view text, size_t offset);

// "line:column", the form messages print after the file name.
std::string to_string(const TextPosition& position);

// The line starts of one text, indexed once, for readers that name many places in it: a
// look-up is a binary search plus a scan of one line. `text` must outlive the index.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  TextPosition at(size_t offset) const;
  int line_of(size_t offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> starts_;
};

}  // namespace kmsprep
