// Small string helpers every module needs, in one place so each module does not grow its own.
#pragma once

#include <string>
#include <string_view>

namespace kmsprep {

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string trim_whitespace(std::string_view text);

// `text` safe to print on a terminal, in a log line or a text report: C0 and C1 control
// characters, DEL and bytes that are not valid UTF-8 become `\xNN` (one per byte), so a name
// from an image can neither drive the terminal (ESC sequences) nor forge a line (LF, CR).
// Printable text, including non-ASCII UTF-8 and backslashes, is kept as it is. Every name or
// value read from an image, a ts.xml or a topology goes through it before it is printed.
std::string escape_for_display(std::string_view text);

}  // namespace kmsprep
