#include "engine/xml_lines.hpp"

namespace kmsprep {

std::string xml_position(std::string_view text, std::ptrdiff_t offset) {
  if (offset < 0) offset = 0;
  const size_t end = std::min(static_cast<size_t>(offset), text.size());
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return std::to_string(line) + ":" + std::to_string(end - line_start + 1);
}

int xml_line(std::string_view text, std::ptrdiff_t offset) {
  const std::string position = xml_position(text, offset);
  return std::stoi(position.substr(0, position.find(':')));
}

}  // namespace kmsprep
