// Making text from images, task sequences and topologies safe to print (case folding, trimming
// and number parsing are in core/text.hpp).
#pragma once

#include <string>
#include <string_view>

namespace kmsprep {

// `text` safe to print on a terminal, in a log line or a text report: C0 and C1 control
// characters, DEL and bytes that are not valid UTF-8 become `\xNN` (one per byte), so a name
// from an image can neither drive the terminal (ESC sequences) nor forge a line (LF, CR).
// Printable text, including non-ASCII UTF-8 and backslashes, is kept as it is. Every name or
// value read from an image, a ts.xml or a topology goes through it before it is printed.
std::string escape_for_display(std::string_view text);

}  // namespace kmsprep
