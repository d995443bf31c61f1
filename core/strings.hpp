// Small string helpers every module needs, in one place so each module does not grow its own.
#pragma once

#include <string>
#include <string_view>

namespace kmsprep {

// `text` without leading and trailing spaces, tabs, CR and LF.
std::string trim_whitespace(std::string_view text);

}  // namespace kmsprep
