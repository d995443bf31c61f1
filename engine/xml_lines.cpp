#include "engine/xml_lines.hpp"

#include "core/text_position.hpp"

namespace kmsprep {

std::string xml_position(std::string_view text, std::ptrdiff_t offset) {
  return to_string(text_position(text, offset < 0 ? 0 : static_cast<size_t>(offset)));
}

}  // namespace kmsprep
