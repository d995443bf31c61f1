// Linux side of image/wim_name_pattern.hpp.
#include <fnmatch.h>

#include "image/wim_name_pattern.hpp"

namespace kmsprep {

bool matches_name_pattern(const std::string& pattern, const std::string& name) {
  return ::fnmatch(pattern.c_str(), name.c_str(), FNM_CASEFOLD) == 0;
}

}  // namespace kmsprep
