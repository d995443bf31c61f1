#include "core/text_position.hpp"

#include <algorithm>

namespace kmsprep {
namespace {

// Continuation bytes (10xxxxxx) belong to the character before them; CR belongs to the line
// break after it.
bool starts_a_column(unsigned char byte) { return (byte & 0xC0) != 0x80 && byte != '\r'; }

int columns_between(std::string_view text, size_t from, size_t to) {
  int column = 1;
  for (size_t i = from; i < to; ++i) {
    if (starts_a_column(static_cast<unsigned char>(text[i]))) ++column;
  }
  return column;
}

}  // namespace

TextPosition text_position(std::string_view text, size_t offset) {
  const size_t end = std::min(offset, text.size());
  TextPosition position;
  size_t line_start = 0;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  position.column = columns_between(text, line_start, end);
  return position;
}

std::string to_string(const TextPosition& position) {
  return std::to_string(position.line) + ":" + std::to_string(position.column);
}

LineIndex::LineIndex(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

int LineIndex::line_of(size_t offset) const {
  const size_t end = std::min(offset, text_.size());
  return static_cast<int>(std::upper_bound(starts_.begin(), starts_.end(), end) - starts_.begin());
}

TextPosition LineIndex::at(size_t offset) const {
  const size_t end = std::min(offset, text_.size());
  TextPosition position;
  position.line = line_of(end);
  position.column = columns_between(text_, starts_[static_cast<size_t>(position.line - 1)], end);
  return position;
}

}  // namespace kmsprep
