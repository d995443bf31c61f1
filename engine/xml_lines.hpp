// Small helpers the engine's two XML readers (licensing state, topology) share: turning a byte
// offset that pugixml reports into a 1-based line and column (a reader that needs many lines
// keeps a core/text_position.hpp LineIndex instead). Internal to engine/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kmsprep {

// "line:column" of `offset` in `text`, with core/text_position.hpp's meaning (column in
// characters); a negative offset (pugixml's "no position") is the start.
std::string xml_position(std::string_view text, std::ptrdiff_t offset);

}  // namespace kmsprep
