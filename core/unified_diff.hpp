// The unified diff (diff -u, 3 lines of context) kmsprep prints for --dry-run and --diff: what
// an edit of a text file changes, line by line (LF and CRLF ends compare equal). Every product
// key in it is masked to its last five characters, as everywhere kmsprep prints text.
// Callers: any module that shows an edit before committing it.
#pragma once

#include <string>
#include <string_view>

namespace kmsprep {

// `before` -> `after` labelled "--- a/PATH" / "+++ b/PATH" ("--- /dev/null" when `before` is
// empty, a new file); only those two lines when no line differs. Line-level LCS on the differing
// middle; a middle too large for it (over 4,000,000 line pairs) is shown as one removal and one
// addition.
std::string unified_diff(const std::string& path, std::string_view before, std::string_view after);

}  // namespace kmsprep
