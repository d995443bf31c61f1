// Small helpers the engine's two XML readers (licensing state, topology) share: turning a byte
// offset that pugixml reports into a 1-based line and column. Internal to engine/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kmsprep {

// "line:column" of `offset` in `text` (1-based; clamps to the end).
std::string xml_position(std::string_view text, std::ptrdiff_t offset);
int xml_line(std::string_view text, std::ptrdiff_t offset);

}  // namespace kmsprep
