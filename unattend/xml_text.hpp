// Byte-level helpers for splicing edits into XML text without re-serialising it: where an
// element starts and ends, how a line is indented, which line ending a file uses, escaping
// (positions: core/text_position.hpp). Internal to unattend/ (AnswerFile uses them); the text
// passed in must already have parsed as well-formed XML.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text_position.hpp"

namespace kmsprep {

struct ElementSpan {
  size_t start = 0;          // the '<' of the start tag
  size_t start_tag_end = 0;  // just after the start tag's '>'
  size_t content_end = 0;    // the '<' of the end tag (== start_tag_end when self-closing)
  size_t end = 0;            // just after the element's last '>'
  bool self_closing = false;
};

// Scans from the '<' at `start`, skipping quoted attribute values, comments, CDATA and
// processing instructions, to the matching end tag.
ElementSpan element_span(std::string_view text, size_t start);

// The whitespace between the start of the line holding `offset` and `offset`; nullopt when
// something other than spaces or tabs precedes `offset` on its line.
std::optional<std::string> line_indentation(std::string_view text, size_t offset);

// "\r\n" when the first line break of `text` is CRLF, "\n" when it is LF, `fallback` when the
// text has no line break.
std::string detect_line_ending(std::string_view text, const std::string& fallback);

// Escapes &, < and > (and " when `attribute`).
std::string escape_xml(std::string_view text, bool attribute);

}  // namespace kmsprep
